//! Rustdoc attributes from the description's prose.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc = r"..."]` attributes, one per line of `text` (nothing for an empty text), each
/// line with a leading space and no trailing ones: prettyplease prints them as `/// line`.
pub fn lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = line.trim_end();
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        let line = raw_string(&line);
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// `text` as a raw string literal (`r"..."`, `r#"..."#` if it holds a `"`, ...).
///
/// Doc lines are half of a generated crate's lines, and a cooked string literal costs
/// them dearly: `quote` escapes it, and syn unescapes it character by character each
/// time it is read (peeked and parsed as an attribute's value, read by prettyplease); a
/// raw one is copied as it is. Same docs, same output; generating the whole Applications
/// module took about a tenth less CPU.
fn raw_string(text: &str) -> proc_macro2::Literal {
    let mut hashes = String::new();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        // A raw string cannot hold a lone carriage return.
        .unwrap_or_else(|_| proc_macro2::Literal::string(text))
}

/// The prose of `docs` as markdown: summary, description, reference link.
pub fn markdown(docs: &Docs) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(summary) = docs.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        parts.push(sentence(summary));
    }
    if let Some(description) = docs.description.as_deref().filter(|s| !s.trim().is_empty()) {
        let description = sentence(description);
        if !parts.contains(&description) {
            parts.push(description);
        }
    }
    if let Some((label, url)) = &docs.external {
        let label = label.as_deref().unwrap_or("Reference documentation");
        parts.push(format!("[{}]({url})", label.trim().trim_end_matches('.')));
    }
    parts.join("\n\n")
}

/// `docs` as attributes, or `fallback` when the description says nothing.
pub fn attrs(docs: &Docs, fallback: &str) -> TokenStream {
    lines(&text(docs, fallback))
}

/// The doc text of `docs` ([`markdown`]), or `fallback` when the description says nothing.
pub fn text(docs: &Docs, fallback: &str) -> String {
    let text = markdown(docs);
    if text.is_empty() {
        fallback.to_owned()
    } else {
        text
    }
}

/// Trims `text` and makes sure it ends like a sentence.
pub fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?', ':', ')']) || text.ends_with("```") {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::lines;

    #[test]
    fn doc_lines_are_raw_strings_that_hold_any_text() {
        for (text, literal) in [
            ("plain", "r\" plain\""),
            ("a \"quote\"", "r#\" a \"quote\"\"#"),
            ("\"# and \"##", "r###\" \"# and \"##\"###"),
            ("a\rb", "\" a\\rb\""),
        ] {
            let tokens = lines(text).to_string();
            assert!(tokens.contains(literal), "{text:?}: {tokens}");
        }
    }

    #[test]
    fn doc_lines_print_as_doc_comments() {
        let top = lines("A struct.\n\nWith   \n   \nmany lines, `code` and \"quotes\".");
        let field = lines("A field.\n\n```\nlet x = 1;\n```");
        let none = lines("");
        let text = crate::format::items(
            "x.rs",
            quote! {
                #top
                pub struct Thing {
                    #field
                    pub a: u8,
                }
                #none
                impl Thing {}
            },
        )
        .unwrap();
        assert_eq!(
            text,
            "/// A struct.\n///\n/// With\n///\n/// many lines, `code` and \"quotes\".\n\
             pub struct Thing {\n    /// A field.\n    ///\n    /// ```\n    /// let x = 1;\n    /// ```\n    pub a: u8,\n}\n\nimpl Thing {}\n"
        );
    }
}
