//! Rust type tokens for [`TypeRef`]s.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{FloatWidth, IntWidth, TypeRef};

/// The tokens for `ty`; model names are written relative to the `models` module when
/// `in_models`, and as `crate::models::Name` elsewhere.
pub fn rust_type(ty: &TypeRef, in_models: bool) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::Secret => quote!(crate::runtime::Secret),
        TypeRef::Bool => quote!(bool),
        TypeRef::Int(IntWidth::I8) => quote!(i8),
        TypeRef::Int(IntWidth::I16) => quote!(i16),
        TypeRef::Int(IntWidth::I32) => quote!(i32),
        TypeRef::Int(IntWidth::I64) => quote!(i64),
        TypeRef::Float(FloatWidth::F32) => quote!(f32),
        TypeRef::Float(FloatWidth::F64) => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::DateTime => quote!(jiff::Timestamp),
        TypeRef::Date => quote!(jiff::civil::Date),
        TypeRef::Time => quote!(jiff::civil::Time),
        TypeRef::Duration => {
            if in_models {
                quote!(IsoDuration)
            } else {
                quote!(crate::models::IsoDuration)
            }
        }
        TypeRef::Flags(name) => {
            let name = rust_type(&TypeRef::Named(name.clone()), in_models);
            quote!(crate::runtime::Flags<#name>)
        }
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            if in_models {
                quote!(#name)
            } else {
                quote!(crate::models::#name)
            }
        }
        TypeRef::Vec(item) => {
            let item = rust_type(item, in_models);
            quote!(Vec<#item>)
        }
        TypeRef::Map(value) if **value == TypeRef::Json => {
            quote!(serde_json::Map<String, serde_json::Value>)
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, in_models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
    }
}

/// How a setter takes a value of `ty`, and how it turns it into `ty`.
pub fn setter_arg(ty: &TypeRef, arg: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(#arg.into())),
        TypeRef::Secret => (
            quote!(impl Into<crate::runtime::Secret>),
            quote!(#arg.into()),
        ),
        // Items are anything that turns into one (`["id", "displayName"]` for strings and
        // open enums alike).
        TypeRef::Vec(item) => {
            let item = rust_type(item, false);
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(#arg.into_iter().map(Into::<#item>::into).collect()),
            )
        }
        other => (rust_type(other, false), quote!(#arg)),
    }
}

/// Whether `ty`, or a type inside it, satisfies `pred`.
pub fn mentions(ty: &TypeRef, pred: &impl Fn(&TypeRef) -> bool) -> bool {
    pred(ty)
        || match ty {
            TypeRef::Vec(inner) | TypeRef::Map(inner) => mentions(inner, pred),
            _ => false,
        }
}

/// Every type the API uses: model fields, parameters, bodies and answers.
pub fn all_types(api: &crate::ir::Api) -> impl Iterator<Item = &TypeRef> {
    use crate::ir::{ModelKind, ResponseKind};
    let fields = api.models.iter().flat_map(|m| match &m.kind {
        ModelKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect::<Vec<_>>(),
        ModelKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        ModelKind::Enum(_) => Vec::new(),
    });
    let ops = api.operations.iter().flat_map(|op| {
        let params = op
            .query_params
            .iter()
            .chain(&op.header_params)
            .map(|p| &p.ty);
        let body = op.body.as_ref().map(|b| &b.ty);
        let response = match &op.response {
            ResponseKind::Json { ty, .. } | ResponseKind::Text(ty) => Some(ty),
            ResponseKind::Empty | ResponseKind::Bytes => None,
        };
        params.chain(body).chain(response)
    });
    fields.chain(ops)
}

/// Whether the API uses a type satisfying `pred` anywhere.
pub fn api_uses(api: &crate::ir::Api, pred: impl Fn(&TypeRef) -> bool) -> bool {
    all_types(api).any(|ty| mentions(ty, &pred))
}
