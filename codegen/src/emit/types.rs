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
        TypeRef::Vec(item) => {
            let item = rust_type(item, false);
            (
                quote!(impl IntoIterator<Item = #item>),
                quote!(#arg.into_iter().collect()),
            )
        }
        other => (rust_type(other, false), quote!(#arg)),
    }
}
