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

/// Trims `text` (the description's prose, made safe by [`prose`]) and makes sure it ends
/// like a sentence.
pub fn sentence(text: &str) -> String {
    let text = prose(text);
    let text = text.trim();
    if text.ends_with(['.', '!', '?', ':', ')']) || text.ends_with("```") {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// A description's text made safe as rustdoc, where it would otherwise be compiled or
/// linted as something it is not: tabs become four spaces; an indented block (which
/// rustdoc compiles as a Rust doctest: Kubernetes' descriptions hold Go code) and a fence
/// without a language are fenced as `text`; a line that lazily continues a list item is
/// indented under the item.
pub fn prose(text: &str) -> String {
    let text = text.replace('\t', "    ");
    let mut out: Vec<String> = Vec::new();
    let mut fence = false;
    let mut indented = false;
    // The column of the current list item's text, while in a list.
    let mut item: Option<usize> = None;
    let mut blank_before = true;
    let mut blanks = 0;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if fence {
            out.push(line.to_owned());
            fence = !trimmed.starts_with("```");
            continue;
        }
        if trimmed.is_empty() {
            blanks += 1;
            blank_before = true;
            continue;
        }
        if indented && indent < 4 {
            out.push("```".to_owned());
            indented = false;
        }
        out.extend(std::iter::repeat_n(String::new(), blanks));
        blanks = 0;
        if indented {
            out.push(line[4..].to_owned());
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("```") {
            out.push(if rest.trim().is_empty() {
                format!("{}```text", &line[..indent])
            } else {
                line.to_owned()
            });
            fence = true;
            blank_before = false;
            continue;
        }
        let marker = list_marker(trimmed);
        if let Some(width) = marker {
            item = Some(indent + width);
            out.push(line.to_owned());
        } else if indent >= 4 && blank_before && item.is_none() {
            out.push("```text".to_owned());
            out.push(line[4..].to_owned());
            indented = true;
        } else if let Some(column) = item.filter(|_| indent == 0) {
            if blank_before {
                // A paragraph after the list ends it.
                item = None;
                out.push(line.to_owned());
            } else {
                out.push(format!("{}{line}", " ".repeat(column)));
            }
        } else {
            out.push(line.to_owned());
        }
        blank_before = false;
    }
    if indented {
        out.push("```".to_owned());
    }
    if fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// The width of a list item's marker with its space (`- `, `* `, `12. `), if `line` is one.
fn list_marker(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::{lines, prose};

    #[test]
    fn prose_is_made_safe_for_rustdoc() {
        // Tabs, an indented block of Go, a lazy continuation, a bare fence.
        let text = "Example:\n\n\tfunc f() {\n\t\treturn\n\n\t}\nAfter.\n- an item\ncontinued\n\nParagraph.\n```\nx\n```";
        assert_eq!(
            prose(text),
            "Example:\n\n```text\nfunc f() {\n    return\n\n}\n```\nAfter.\n- an item\n  continued\n\nParagraph.\n```text\nx\n```"
        );
        // Plain prose and indented list continuations are left as they are.
        let plain = "One.\n\n1. first\n   more\n2. second\n\n    still the list";
        assert_eq!(prose(plain), plain);
    }

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
