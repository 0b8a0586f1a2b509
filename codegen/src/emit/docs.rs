//! Rustdoc attributes from the description's prose.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc = "..."]` attributes, one per line of `text`.
pub fn lines(text: &str) -> TokenStream {
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
    let text = markdown(docs);
    if text.is_empty() {
        lines(fallback)
    } else {
        lines(&text)
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
