//! Items behind Cargo features: the `#[cfg]` that lowering decided for each operation,
//! model and shared parameter (`lower::features`), printed before each of its items.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]`; nothing for no
/// features (always there).
pub fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// `items` with `attr` before each item. Items are told apart at the top level of the
/// tokens the emitter writes: an item ends with a `;` or with a `{...}` that no `;`
/// follows (a struct, trait or impl), never inside a group.
pub fn items(attr: &TokenStream, items: TokenStream) -> TokenStream {
    if attr.is_empty() {
        return items;
    }
    let mut out = TokenStream::new();
    let mut at_start = true;
    let mut tokens = items.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if at_start {
            out.extend(attr.clone());
        }
        let ends = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) => {
                g.delimiter() == Delimiter::Brace
                    && !matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            _ => false,
        };
        out.extend([token]);
        at_start = ends;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_gets_the_attribute() {
        let attr = cfg(&["users".to_owned(), "groups".to_owned()]);
        let gated = items(
            &attr,
            quote! {
                /// A marker.
                pub struct A;
                impl X for A { fn f() {} }
                pub type R<'a> = Request<'a, A>;
                crate::runtime::object_serde!(A, [x optional "x"]);
                pub struct B { x: u8 }
            },
        );
        let text = gated.to_string();
        assert_eq!(
            text.matches("# [cfg (any (feature = \"users\" , feature = \"groups\"))]")
                .count(),
            5,
            "{text}"
        );
        assert!(text.starts_with("# [cfg"), "{text}");
        assert_eq!(cfg(&[]).to_string(), "");
        assert_eq!(
            cfg(&["users".to_owned()]).to_string(),
            "# [cfg (feature = \"users\")]"
        );
    }
}
