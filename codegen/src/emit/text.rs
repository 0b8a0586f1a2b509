//! Code written straight as text, byte for byte what prettyplease prints for the same
//! tokens, for the shapes that make up most of a generated crate (models, body field
//! setters). Emitting tokens, parsing them back with syn and printing them with
//! prettyplease was most of the generator's time; for these shapes the layout is simple
//! enough to write directly. Whatever does not fit a shape goes through prettyplease as
//! before, and tests compare both ways on every item of the Applications module.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// The width prettyplease fills lines to (its `MARGIN`): a line it keeps whole is at most
/// this long.
pub const MARGIN: usize = 89;

/// The tokens of a type or a simple expression as prettyplease prints them: paths,
/// generic arguments, `impl Trait`, `Item = Type`, method calls and calls
/// (`Some(value.into_iter().collect())`). `None` for any other token.
pub fn tokens(tokens: TokenStream) -> Option<String> {
    let mut out = String::new();
    write_tokens(&mut out, tokens)?;
    Some(out)
}

fn write_tokens(out: &mut String, tokens: TokenStream) -> Option<()> {
    let mut after_word = false;
    let mut open_path = false;
    for token in tokens {
        if open_path && !matches!(&token, TokenTree::Punct(p) if p.as_char() == ':') {
            return None;
        }
        match token {
            TokenTree::Ident(ident) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&ident.to_string());
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                match (punct.as_char(), punct.spacing()) {
                    (':', Spacing::Joint) if !open_path => open_path = true,
                    (':', Spacing::Alone) if open_path => {
                        out.push_str("::");
                        open_path = false;
                    }
                    (c @ ('<' | '>' | '.'), _) => out.push(c),
                    (',', _) => out.push_str(", "),
                    ('=', Spacing::Alone) => out.push_str(" = "),
                    _ => return None,
                }
                after_word = false;
            }
            TokenTree::Group(group) if group.delimiter() == Delimiter::Parenthesis => {
                out.push('(');
                write_tokens(out, group.stream())?;
                out.push(')');
                after_word = false;
            }
            _ => return None,
        }
    }
    (!open_path).then_some(())
}

/// Appends a statement macro call `call` (`path!(`) whose tokens are `pieces` (the runs of
/// tokens between which prettyplease puts a breakable space), as prettyplease prints it:
/// on one line when the whole call fits in [`MARGIN`] columns; else the tokens indented
/// on lines of their own, filled (a line breaks before a piece only where the piece would
/// pass the margin), and `);` closing on a line of its own.
pub fn macro_call(out: &mut String, call: &str, pieces: &[String]) {
    let flat_len = call.len() + pieces.iter().map(|p| p.len() + 1).sum::<usize>() - 1 + 2;
    out.push_str(call);
    if flat_len <= MARGIN {
        out.push_str(&pieces.join(" "));
        out.push_str(");\n");
        return;
    }
    out.push('\n');
    let mut line = String::from("   ");
    for piece in pieces {
        if line.len() + 1 + piece.len() > MARGIN && line.len() > 4 {
            out.push_str(&line);
            out.push('\n');
            line = String::from("   ");
        }
        line.push(' ');
        line.push_str(piece);
    }
    out.push_str(&line);
    out.push_str("\n);\n");
}

/// The descriptions the text printers are checked on, lowered: our fragment, and the
/// Applications module where `../shared` is there (a SKIP line where it is not).
#[cfg(test)]
pub fn test_apis() -> &'static [(std::path::PathBuf, crate::ir::Api)] {
    use std::path::Path;
    use std::sync::OnceLock;
    static APIS: OnceLock<Vec<(std::path::PathBuf, crate::ir::Api)>> = OnceLock::new();
    APIS.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace");
        let mut specs = vec![root.join("specs/graph-beta-synchronization-secrets.yaml")];
        let module = root.join("../shared/specs/graph-beta-applications.yml");
        if module.is_file() {
            specs.push(module);
        } else {
            println!("SKIP the module: {} not found", module.display());
        }
        specs
            .into_iter()
            .map(|spec| {
                let doc = crate::load::load(&spec).expect("loads");
                let api = crate::lower::lower(&doc, &Default::default()).expect("lowers");
                (spec, api)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::tokens;

    #[test]
    fn types_and_simple_expressions_print_as_prettyplease_does() {
        let cases = [
            (
                quote!(Option<Vec<crate::models::X>>),
                "Option<Vec<crate::models::X>>",
            ),
            (
                quote!(impl IntoIterator<Item = X>),
                "impl IntoIterator<Item = X>",
            ),
            (
                quote!(serde_json::Map<String, serde_json::Value>),
                "serde_json::Map<String, serde_json::Value>",
            ),
            (
                quote!(Some(Box::new(value.into_iter().collect()))),
                "Some(Box::new(value.into_iter().collect()))",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(tokens(input).as_deref(), Some(expected));
        }
    }

    #[test]
    fn other_tokens_are_left_to_prettyplease() {
        for input in [
            quote!(&'a str),
            quote!([u8; 4]),
            quote!(a: b),
            quote!(a == b),
            quote!(x => y),
            quote!(f("text")),
            quote!(!x),
        ] {
            assert_eq!(tokens(input.clone()), None, "{input}");
        }
    }
}
