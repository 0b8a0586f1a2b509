//! The `models` module: one type per model.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, types};
use crate::ir::{Api, Enum, Field, Model, ModelKind, Struct, TypeRef};

/// The part of the `models` module holding `range` of the models: the first part opens
/// the module, the last closes it with the helper types. Formatted one by one and joined
/// in order ([`crate::format`]), the parts give the formatted module.
pub fn part(api: &Api, range: std::ops::Range<usize>) -> TokenStream {
    let first = range.start == 0;
    let last = range.end == api.models.len();
    let head = first.then(|| {
        quote! {
            //! The request and response types of the API, one per schema.
            #![allow(clippy::doc_markdown)]
        }
    });
    let models = api.models[range]
        .iter()
        .map(|m| super::gate::items(&super::gate::cfg(&m.features), model(m)));
    let tail = (last && types::api_uses(api, |t| *t == TypeRef::Duration)).then(iso_duration);
    // Collected, not interpolated: `quote!` would copy every token once more.
    head.into_iter().chain(models).chain(tail).collect()
}

/// `IsoDuration` (reserved in [`crate::naming::RESERVED_MODEL_NAMES`]): a `jiff::Span` that compares field by field (a `Span` alone has no
/// `PartialEq`, which the models derive with the `partial-eq` feature).
fn iso_duration() -> TokenStream {
    quote! {
        /// An ISO 8601 duration such as `PT1H30M` or `P90D` (`format: duration`).
        #[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct IsoDuration(pub jiff::Span);

        impl PartialEq for IsoDuration {
            fn eq(&self, other: &Self) -> bool {
                self.0.fieldwise() == other.0.fieldwise()
            }
        }

        impl From<jiff::Span> for IsoDuration {
            fn from(span: jiff::Span) -> Self {
                IsoDuration(span)
            }
        }

        impl std::fmt::Display for IsoDuration {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    }
}

fn model(model: &Model) -> TokenStream {
    let fallback = format!("The `{}` type of the description.", model.origin);
    let doc = docs::attrs(&model.docs, &fallback);
    match &model.kind {
        ModelKind::Struct(s) => struct_model(model, s, doc),
        ModelKind::Enum(e) => enum_model(model, e, doc),
    }
}

fn field_type(field: &Field) -> TokenStream {
    let mut ty = types::rust_type(&field.ty, true);
    if field.boxed {
        ty = quote!(Box<#ty>);
    }
    if field.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn struct_model(model: &Model, s: &Struct, doc: TokenStream) -> TokenStream {
    let name = format_ident!("{}", model.name);
    let fields = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let ty = field_type(f);
        let fallback = format!("The `{}` property.", f.wire_name);
        let doc = docs::attrs(&f.docs, &fallback);
        quote! {
            #doc
            pub #ident: #ty,
        }
    });
    let additional = s.additional_properties.then(|| {
        let doc = docs::lines(
            "Properties the description does not list, kept exactly as they came (`null` included).",
        );
        quote! {
            #doc
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }
    });
    let default = s.derives_default.then(|| quote!(Default,));
    // `Serialize` and `Deserialize` through `runtime::ObjectWriter` and `runtime::Object`,
    // one macro call per struct (see `runtime::object_serde!`).
    let members = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let wire = &f.wire_name;
        let kind = if f.required {
            format_ident!("required")
        } else {
            format_ident!("optional")
        };
        quote!(#ident #kind #wire)
    });
    let rest = s
        .additional_properties
        .then(|| quote!(, additional_properties));
    quote! {
        #doc
        #[derive(Clone, Debug, #default)]
        #[cfg_attr(feature = "partial-eq", derive(PartialEq))]
        pub struct #name {
            #(#fields)*
            #additional
        }

        crate::runtime::object_serde!(#name, [#(#members),*] #rest);
    }
}

fn enum_model(model: &Model, e: &Enum, doc: TokenStream) -> TokenStream {
    let name = format_ident!("{}", model.name);
    let other = format_ident!("{}", e.other_variant);
    let variants = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let doc = docs::lines(&variant_doc(v));
        quote!(#doc #ident,)
    });
    let pairs = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let wire = &v.wire;
        quote!(#ident => #wire,)
    });
    let open = docs::lines(&open_doc(e));
    let other_doc =
        docs::lines("A value this version of the crate does not know, kept exactly as sent.");
    quote! {
        #doc
        #open
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(String),
        }

        crate::runtime::open_enum!(#name, #other, { #(#pairs)* });
    }
}

/// The doc text of an enum member: its description, then its wire value.
fn variant_doc(v: &crate::ir::Variant) -> String {
    let wire_doc = format!("The value `{}`.", v.wire);
    match &v.docs {
        Some(d) => format!("{}\n\n{wire_doc}", docs::sentence(d)),
        None => wire_doc,
    }
}

/// The paragraph every enum's docs end with: what happens to values it does not list.
fn open_doc(e: &Enum) -> String {
    let other = &e.other_variant;
    format!(
        "\nOpen to values the service adds later: those arrive as [`{other}`](Self::{other}) and are sent back unchanged. `#[non_exhaustive]`: a later version of the crate may name them, so a `match` keeps a `_` arm."
    )
}
