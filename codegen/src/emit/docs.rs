//! Rustdoc attributes from the description's prose.
//!
//! Doc text is most of the generated code's lines, and going through tokens costs it
//! dearly: each line becomes a `#[doc = "..."]` attribute that quote escapes, syn parses
//! back and unescapes, and prettyplease prints again as `/// ...`. Inside [`collect`],
//! [`lines`] sets the text aside in a [`DocTable`] and emits one marker attribute per
//! block instead; [`DocTable::expand`] replaces each marker line of the formatted file
//! with the block's `///` lines at the marker's indentation, exactly as prettyplease
//! would have printed them. (Generation of the whole module: about a third less CPU.)

use std::cell::RefCell;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// Marks a doc block set aside: `///` followed by this and the block's number.
const MARKER: char = '\u{1}';

thread_local! {
    static TABLE: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Doc blocks set aside while emitting one file, by number.
#[derive(Debug, Default)]
pub struct DocTable {
    blocks: Vec<String>,
}

/// Runs `emit` with doc blocks set aside (see the module docs); returns its result and
/// the blocks, for [`DocTable::expand`] on the formatted text.
pub fn collect<T>(emit: impl FnOnce() -> T) -> (T, DocTable) {
    let outer = TABLE.with(|t| t.borrow_mut().replace(Vec::new()));
    let result = emit();
    let blocks = TABLE.with(|t| std::mem::replace(&mut *t.borrow_mut(), outer));
    (
        result,
        DocTable {
            blocks: blocks.unwrap_or_default(),
        },
    )
}

/// The `///` line prettyplease prints for the doc line `line`.
fn doc_line(out: &mut String, indent: &str, line: &str) {
    out.push_str(indent);
    out.push_str("///");
    let line = line.trim_end();
    if !line.is_empty() {
        out.push(' ');
        out.push_str(line);
    }
    out.push('\n');
}

impl DocTable {
    /// If `line` is a marker line, its block as `///` lines at the marker's indentation,
    /// appended to `out`; `false` (and nothing appended) otherwise.
    pub fn expand(&self, line: &str, out: &mut String) -> bool {
        let trimmed = line.trim_start();
        let Some(number) = trimmed
            .strip_prefix("///")
            .and_then(|rest| rest.strip_prefix(MARKER))
        else {
            return false;
        };
        let Some(block) = number
            .parse::<usize>()
            .ok()
            .and_then(|n| self.blocks.get(n))
        else {
            return false;
        };
        let indent = &line[..line.len() - trimmed.len()];
        for text in block.lines() {
            doc_line(out, indent, text);
        }
        true
    }
}

/// `#[doc = "..."]` attributes, one per line of `text` (inside [`collect`]: one marker
/// attribute for the whole block).
pub fn lines(text: &str) -> TokenStream {
    if text.lines().next().is_none() {
        return TokenStream::new();
    }
    let marker = TABLE.with(|t| {
        t.borrow_mut().as_mut().map(|blocks| {
            blocks.push(text.to_owned());
            format!("{MARKER}{}", blocks.len() - 1)
        })
    });
    if let Some(marker) = marker {
        return quote!(#[doc = #marker]);
    }
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {}", line.trim_end())
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
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

/// Appends `text` as the `///` lines prettyplease prints for its doc attributes, each
/// line starting with `indent` (nothing for an empty text, as [`lines`] emits nothing).
pub fn push_lines(out: &mut String, indent: &str, text: &str) {
    for line in text.lines() {
        doc_line(out, indent, line);
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

    use super::{DocTable, collect, lines};

    fn item() -> proc_macro2::TokenStream {
        let top = lines("A struct.\n\nWith   \n   \nmany lines, `code` and \"quotes\".");
        let field = lines("A field.\n\n```\nlet x = 1;\n```");
        let variant = lines("\nOpens with an empty line.");
        let none = lines("");
        quote! {
            #top
            pub struct Thing {
                #field
                pub a: u8,
            }
            #none
            impl Thing {
                #variant
                pub fn f(&self) {}
            }
        }
    }

    #[test]
    fn set_aside_blocks_print_exactly_as_attributes_do() {
        let plain = super::super::format("x.rs", item(), &DocTable::default()).unwrap();
        let (tokens, table) = collect(item);
        assert_eq!(table.blocks.len(), 3, "one block per documented item");
        let expanded = super::super::format("x.rs", tokens, &table).unwrap();
        assert_eq!(expanded, plain);
        assert!(
            plain.contains("    /// ```\n    /// let x = 1;\n"),
            "{plain}"
        );
    }

    #[test]
    fn outside_collect_docs_are_attributes() {
        let tokens = lines("One.\nTwo.").to_string();
        assert_eq!(tokens.matches("doc").count(), 2, "{tokens}");
    }
}
