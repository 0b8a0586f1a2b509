//! The `models` module: one type per model.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, types};
use crate::ir::{
    Api, Enum, Field, JsonKind, Model, ModelKind, Struct, Tagging, TypeRef, Union, UnionKey,
    UnionVariant,
};

/// One file of the `models` module: the models enabled by exactly the same Cargo
/// features. The file is declared behind those features, so a build without them does not
/// even parse it (with one module of a 42-module crate on, the others' models are most of
/// the crate's text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelFile {
    /// The module (and file) name: `always` (no feature), `only_<feature>`, or
    /// `any_<count>_<hash>` for a set of features.
    pub name: String,
    /// The features that enable its models (any of them).
    pub features: Vec<String>,
    /// Its models, as indices into [`Api::models`], in the description's order.
    pub models: Vec<usize>,
}

/// The files of the `models` module, by name.
pub fn files(api: &Api) -> Vec<ModelFile> {
    let mut by_features: std::collections::BTreeMap<&[String], Vec<usize>> = Default::default();
    for (i, model) in api.models.iter().enumerate() {
        by_features.entry(&model.features).or_default().push(i);
    }
    let mut files: Vec<ModelFile> = by_features
        .into_iter()
        .map(|(features, models)| ModelFile {
            name: file_name(features),
            features: features.to_vec(),
            models,
        })
        .collect();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// A file's name from its features; a set of several is named by its size and a hash of
/// its members (FNV-1a), the same on every run and for every machine.
fn file_name(features: &[String]) -> String {
    match features {
        [] => "always".to_owned(),
        [one] => format!("only_{}", one.replace('-', "_")),
        many => {
            let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
            for byte in many.join(",").bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
            format!("any_{}_{:08x}", many.len(), hash >> 32)
        }
    }
}

/// `src/models/mod.rs`: each file declared and re-exported behind its features, and the
/// helper types.
pub fn root(api: &Api, files: &[(String, Vec<String>)]) -> TokenStream {
    let declarations = files.iter().map(|(name, features)| {
        let cfg = super::gate::cfg(features);
        let name = format_ident!("{}", name);
        quote! {
            #cfg
            mod #name;
            #cfg
            pub use #name::*;
        }
    });
    let tail = types::api_uses(api, |t| *t == TypeRef::Duration).then(iso_duration);
    quote! {
        //! The request and response types of the API, one per schema. They are defined in
        //! one file per set of Cargo features that enables them and re-exported here.
        #![allow(clippy::doc_markdown)]
        #(#declarations)*
        #tail
    }
}

/// The part of one models file holding the models `models` (indices into [`Api::models`]);
/// the first part (`head`: the file's features) opens the file. Formatted one by one and
/// joined in order ([`crate::format`]), the parts give the formatted file.
pub fn part(api: &Api, models: &[usize], head: Option<&[String]>) -> TokenStream {
    let head = head.map(|features| {
        let doc = if features.is_empty() {
            " The models every build has.".to_owned()
        } else {
            let list: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
            let noun = if list.len() == 1 {
                "feature"
            } else {
                "features"
            };
            format!(" The models of the {noun} {}.", list.join(", "))
        };
        quote! {
            #![doc = #doc]
            #[allow(unused_imports)]
            use super::*;
        }
    });
    let models = models.iter().map(|&i| model(&api.models[i]));
    // Collected, not interpolated: `quote!` would copy every token once more.
    head.into_iter().chain(models).collect()
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
        ModelKind::Union(u) => union_model(model, u, doc),
    }
}

/// A union: an enum with a variant per alternative (a model boxed) and one keeping any
/// value no rule recognizes; serialized as the alternative's own JSON, read through a
/// `serde_json::Value` to pick the variant by its tag, its one property or its JSON type.
fn union_model(model: &Model, u: &Union, doc: TokenStream) -> TokenStream {
    let name = format_ident!("{}", model.name);
    let other = format_ident!("{}", u.other_variant);
    let payload = |v: &UnionVariant| {
        let ty = types::rust_type(&v.ty, true);
        if matches!(v.ty, TypeRef::Named(_)) {
            quote!(Box<#ty>)
        } else {
            ty
        }
    };
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let fallback = match &v.key {
            UnionKey::Tag(tag) => match &u.tagging {
                Tagging::Internal { property } => format!("`{property}` is `{tag}`."),
                _ => format!("The object `{{\"{tag}\": ...}}`."),
            },
            UnionKey::Kind(kind) => format!("A JSON {}.", format!("{kind:?}").to_lowercase()),
        };
        let doc = docs::lines(&docs::sentence(v.docs.as_deref().unwrap_or(&fallback)));
        let ty = payload(v);
        quote!(#doc #ident(#ty),)
    });
    let serialize_arms = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        match (&u.tagging, &v.key) {
            (Tagging::External, UnionKey::Tag(key)) => quote! {
                Self::#ident(value) => {
                    let mut map = serializer.serialize_map(Some(1))?;
                    serde::ser::SerializeMap::serialize_entry(&mut map, #key, value)?;
                    serde::ser::SerializeMap::end(map)
                }
            },
            _ => quote!(Self::#ident(value) => value.serialize(serializer),),
        }
    });
    let read = |v: &UnionVariant, value: TokenStream| {
        let ident = format_ident!("{}", v.name);
        let boxed = matches!(v.ty, TypeRef::Named(_));
        let wrap = if boxed {
            quote!(|v| Self::#ident(Box::new(v)))
        } else {
            quote!(Self::#ident)
        };
        quote!(serde_json::from_value(#value).map(#wrap).map_err(serde::de::Error::custom))
    };
    let pick = match &u.tagging {
        Tagging::Internal { property } => {
            let arms = u.variants.iter().filter_map(|v| {
                let UnionKey::Tag(tag) = &v.key else {
                    return None;
                };
                let read = read(v, quote!(value));
                Some(quote!(Some(#tag) => #read,))
            });
            quote! {
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
        Tagging::External => {
            let arms = u.variants.iter().filter_map(|v| {
                let UnionKey::Tag(key) = &v.key else {
                    return None;
                };
                let read = read(v, quote!(inner));
                Some(quote! {
                    if let Some(inner) = single(&value, #key) {
                        return #read;
                    }
                })
            });
            quote! {
                // The one property of an object, by name.
                fn single(value: &serde_json::Value, key: &str) -> Option<serde_json::Value> {
                    let map = value.as_object().filter(|m| m.len() == 1)?;
                    map.get(key).cloned()
                }
                #(#arms)*
                Ok(Self::#other(value))
            }
        }
        Tagging::ByJsonKind => {
            let arms = u.variants.iter().filter_map(|v| {
                let UnionKey::Kind(kind) = &v.key else {
                    return None;
                };
                let pattern = match kind {
                    JsonKind::String => quote!(serde_json::Value::String(_)),
                    JsonKind::Number => quote!(serde_json::Value::Number(_)),
                    JsonKind::Boolean => quote!(serde_json::Value::Bool(_)),
                    JsonKind::Array => quote!(serde_json::Value::Array(_)),
                    JsonKind::Object => quote!(serde_json::Value::Object(_)),
                };
                let read = read(v, quote!(value));
                Some(quote!(#pattern => #read,))
            });
            quote! {
                match value {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
    };
    let other_doc = docs::lines(
        "A value no rule of this version of the crate recognizes, kept exactly as sent.",
    );
    let how = docs::lines(&format!(
        "\n{} `#[non_exhaustive]`: a later version of the crate may recognize more.",
        match &u.tagging {
            Tagging::Internal { property } =>
                format!("One of several shapes, told apart by `{property}`."),
            Tagging::External =>
                "One of several shapes, each an object with one property naming it.".to_owned(),
            Tagging::ByJsonKind =>
                "One of several shapes, told apart by their JSON type.".to_owned(),
        }
    ));
    quote! {
        #doc
        #how
        #[derive(Clone, Debug)]
        #[cfg_attr(feature = "partial-eq", derive(PartialEq))]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::#other(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #pick
            }
        }
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
