//! The `models` module: one type per model.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Piece, docs, text, types};
use crate::ir::{Api, Enum, Field, Model, ModelKind, Struct, TypeRef};

/// The part of the `models` module holding `range` of the models: the first part opens
/// the module, the last closes it with the helper types. Formatted
/// ([`super::format_pieces`]) and joined in order ([`super::join_part`]), the parts give
/// the formatted module. Models that [`struct_text`] or [`enum_text`] can write are
/// text, byte for byte what prettyplease would print; the rest are tokens.
pub fn part(
    api: &Api,
    range: std::ops::Range<usize>,
    defaultable: &BTreeMap<&str, bool>,
) -> Vec<Piece> {
    let first = range.start == 0;
    let last = range.end == api.models.len();
    let mut pieces = Vec::with_capacity(range.len() + 2);
    if first {
        pieces.push(Piece::Tokens(quote! {
            //! The request and response types of the API, one per schema.
            #![allow(clippy::doc_markdown)]
        }));
    }
    for m in &api.models[range] {
        let text = match &m.kind {
            ModelKind::Struct(s) => struct_text(m, s, defaultable[m.name.as_str()]),
            ModelKind::Enum(e) => enum_text(m, e),
        };
        pieces.push(Piece::text_or(text, || model(m, defaultable)));
    }
    if last && types::api_uses(api, |t| *t == TypeRef::Duration) {
        pieces.push(Piece::Tokens(iso_duration()));
    }
    pieces
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

/// The doc line of a struct's map of unlisted properties.
const ADDITIONAL_PROPERTIES_DOC: &str =
    "Properties the description does not list, kept exactly as they came (`null` included).";

/// The doc line of an enum's variant for values it does not list.
const UNKNOWN_VALUE_DOC: &str =
    "A value this version of the crate does not know, kept exactly as sent.";

/// The doc text of a model: its description, or a line naming its schema.
fn model_doc(model: &Model) -> String {
    let fallback = format!("The `{}` type of the description.", model.origin);
    docs::text(&model.docs, &fallback)
}

/// The doc text of a struct field: its description, or a line naming its property.
fn field_doc(field: &Field) -> String {
    let fallback = format!("The `{}` property.", field.wire_name);
    docs::text(&field.docs, &fallback)
}

fn model(model: &Model, defaultable: &BTreeMap<&str, bool>) -> TokenStream {
    let doc = docs::lines(&model_doc(model));
    match &model.kind {
        ModelKind::Struct(s) => struct_model(model, s, doc, defaultable[model.name.as_str()]),
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

fn struct_model(model: &Model, s: &Struct, doc: TokenStream, default: bool) -> TokenStream {
    let name = format_ident!("{}", model.name);
    let fields = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let ty = field_type(f);
        let doc = docs::lines(&field_doc(f));
        quote! {
            #doc
            pub #ident: #ty,
        }
    });
    let additional = s.additional_properties.then(|| {
        let doc = docs::lines(ADDITIONAL_PROPERTIES_DOC);
        quote! {
            #doc
            pub additional_properties: serde_json::Map<String, serde_json::Value>,
        }
    });
    let default = default.then(|| quote!(Default,));
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
    let other_doc = docs::lines(UNKNOWN_VALUE_DOC);
    quote! {
        #doc
        #open
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #(#variants)*
            #other_doc
            #other(String),
        }

        crate::runtime::open_enum!(#name, #other, { #(#pairs)* });
    }
}

/// A struct model written straight as the text prettyplease and [`super::format`] make
/// of its tokens ([`struct_model`]), byte for byte. Parsing the tokens with syn and
/// printing them were about two thirds of a model's generation time. `None` where the
/// text would need prettyplease's line breaking inside a field's type (a field line
/// longer than [`text::MARGIN`]) or is a form this printer does not write (no `Default`, a
/// type token it does not know); that model goes through prettyplease. The test
/// `model_text_is_what_prettyplease_prints` checks every model of the fragment and of
/// the Applications module both ways.
fn struct_text(model: &Model, s: &Struct, default: bool) -> Option<String> {
    if !default {
        return None;
    }
    let mut out = String::with_capacity(256 + s.fields.len() * 200);
    docs::push_lines(&mut out, "", &model_doc(model));
    out.push_str("#[derive(Clone, Debug, Default)]\n");
    out.push_str("#[cfg_attr(feature = \"partial-eq\", derive(PartialEq))]\n");
    out.push_str("pub struct ");
    out.push_str(&model.name);
    if s.fields.is_empty() && !s.additional_properties {
        out.push_str(" {}\n");
    } else {
        out.push_str(" {\n");
        for f in &s.fields {
            docs::push_lines(&mut out, "    ", &field_doc(f));
            let line = format!("    pub {}: {},", f.name, text::tokens(field_type(f))?);
            if line.len() > text::MARGIN || f.name.starts_with("r#") {
                return None;
            }
            out.push_str(&line);
            out.push('\n');
        }
        if s.additional_properties {
            docs::push_lines(&mut out, "    ", ADDITIONAL_PROPERTIES_DOC);
            out.push_str(
                "    pub additional_properties: serde_json::Map<String, serde_json::Value>,\n",
            );
        }
        out.push_str("}\n");
    }
    object_serde_text(&mut out, &model.name, s);
    Some(out)
}

/// Appends the `object_serde!` call of [`struct_model`], as [`text::macro_call`] prints it.
fn object_serde_text(out: &mut String, name: &str, s: &Struct) {
    // The pieces between the places prettyplease may break a line: `Name,`, `[field`,
    // `optional`, `"wire",` ... `"wire"],`, `additional_properties`.
    let mut pieces: Vec<String> = vec![format!("{name},")];
    let close = if s.additional_properties { "]," } else { "]" };
    if s.fields.is_empty() {
        pieces.push(format!("[{close}"));
    }
    for (i, f) in s.fields.iter().enumerate() {
        let open = if i == 0 { "[" } else { "" };
        pieces.push(format!("{open}{}", f.name));
        pieces.push(if f.required { "required" } else { "optional" }.to_owned());
        let end = if i + 1 == s.fields.len() { close } else { "," };
        let wire = proc_macro2::Literal::string(&f.wire_name);
        pieces.push(format!("{wire}{end}"));
    }
    if s.additional_properties {
        pieces.push("additional_properties".to_owned());
    }
    text::macro_call(out, "crate::runtime::object_serde!(", &pieces);
}

/// Appends the `open_enum!` call of [`enum_model`], as [`text::macro_call`] prints it.
fn open_enum_text(out: &mut String, name: &str, e: &Enum) {
    // `Name,` `Other,` `{` `Variant` `=>` `"wire",` ... `}`: prettyplease may break
    // inside the braces' spaces too.
    let mut pieces: Vec<String> = vec![format!("{name},"), format!("{},", e.other_variant)];
    pieces.push("{".to_owned());
    for v in &e.variants {
        pieces.push(v.name.clone());
        pieces.push("=>".to_owned());
        pieces.push(format!("{},", proc_macro2::Literal::string(&v.wire)));
    }
    pieces.push("}".to_owned());
    text::macro_call(out, "crate::runtime::open_enum!(", &pieces);
}

/// An enum model written straight as the text prettyplease and [`super::format`] make of
/// its tokens ([`enum_model`]), byte for byte (see [`struct_text`]); `None` for an enum
/// without members, which goes through prettyplease.
fn enum_text(model: &Model, e: &Enum) -> Option<String> {
    if e.variants.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(512 + e.variants.len() * 80);
    docs::push_lines(&mut out, "", &model_doc(model));
    docs::push_lines(&mut out, "", &open_doc(e));
    out.push_str("#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    out.push_str("pub enum ");
    out.push_str(&model.name);
    out.push_str(" {\n");
    for v in &e.variants {
        docs::push_lines(&mut out, "    ", &variant_doc(v));
        let line = format!("    {},", v.name);
        if line.len() > text::MARGIN {
            return None;
        }
        out.push_str(&line);
        out.push('\n');
    }
    docs::push_lines(&mut out, "    ", UNKNOWN_VALUE_DOC);
    out.push_str(&format!("    {}(String),\n", e.other_variant));
    out.push_str("}\n");
    open_enum_text(&mut out, &model.name, e);
    Some(out)
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
        "\nOpen to values the service adds later: those arrive as [`{other}`](Self::{other}) and are sent back unchanged."
    )
}

/// Which structs can derive `Default`: those whose required fields all have defaults.
/// Enums have none (no member is a natural default).
pub fn defaultable_models(models: &[Model]) -> BTreeMap<&str, bool> {
    let mut result: BTreeMap<&str, bool> = models
        .iter()
        .map(|m| (m.name.as_str(), matches!(m.kind, ModelKind::Struct(_))))
        .collect();
    loop {
        let mut changed = false;
        for m in models {
            let ModelKind::Struct(s) = &m.kind else {
                continue;
            };
            if !result[m.name.as_str()] {
                continue;
            }
            let ok = s
                .fields
                .iter()
                .filter(|f| f.required)
                .all(|f| type_has_default(&f.ty, &result));
            if !ok {
                result.insert(m.name.as_str(), false);
                changed = true;
            }
        }
        if !changed {
            return result;
        }
    }
}

fn type_has_default(ty: &TypeRef, defaultable: &BTreeMap<&str, bool>) -> bool {
    match ty {
        TypeRef::Named(name) => defaultable.get(name.as_str()).copied().unwrap_or(false),
        TypeRef::Flags(_) => true,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Docs;

    /// `model` through tokens and prettyplease, as one part of `src/models.rs`.
    fn through_prettyplease(m: &Model, defaultable: &BTreeMap<&str, bool>) -> String {
        let (tokens, table) = docs::collect(|| model(m, defaultable));
        super::super::format("src/models.rs", tokens, &table).expect("formats")
    }

    /// Checks every model of `models` that [`struct_text`] or [`enum_text`] writes against
    /// prettyplease; returns how many they wrote and how many they left to prettyplease.
    fn check(models: &[Model]) -> (usize, usize) {
        let defaultable = defaultable_models(models);
        let (mut written, mut left) = (0, 0);
        for m in models {
            let text = match &m.kind {
                ModelKind::Struct(s) => struct_text(m, s, defaultable[m.name.as_str()]),
                ModelKind::Enum(e) => enum_text(m, e),
            };
            match text {
                Some(text) => {
                    assert_eq!(text, through_prettyplease(m, &defaultable), "{}", m.name);
                    written += 1;
                }
                None => left += 1,
            }
        }
        (written, left)
    }

    fn field(name: &str, wire: &str, ty: TypeRef, required: bool) -> Field {
        Field {
            name: name.to_owned(),
            wire_name: wire.to_owned(),
            ty,
            required,
            boxed: false,
            docs: Docs::default(),
        }
    }

    fn strukt(name: &str, fields: Vec<Field>, additional_properties: bool) -> Model {
        Model {
            name: name.to_owned(),
            origin: name.to_owned(),
            docs: Docs::default(),
            kind: ModelKind::Struct(Struct {
                fields,
                additional_properties,
            }),
        }
    }

    #[test]
    fn model_text_is_what_prettyplease_prints() {
        for (spec, api) in super::super::text::test_apis() {
            let (written, left) = check(&api.models);
            println!(
                "{}: {written} models written as text, {left} left to prettyplease",
                spec.display()
            );
            // The long field lines are few: most models take the fast path.
            assert!(written > 4 * left, "{written} written, {left} left");
        }
    }

    #[test]
    fn struct_text_edge_cases_print_as_prettyplease_does() {
        let long = "a_property_name_long_enough_to_make_the_call_wrap";
        let mut models = vec![
            strukt("Empty", vec![], false),
            strukt("OnlyRest", vec![], true),
            strukt(
                "NoRest",
                vec![field("id", "id", TypeRef::String, false)],
                false,
            ),
            strukt(
                "Quoted",
                vec![field(
                    "odata_type",
                    "@odata.\"type\"\\x",
                    TypeRef::String,
                    true,
                )],
                true,
            ),
            strukt(
                "Recursive",
                vec![Field {
                    boxed: true,
                    ..field("next", "next", TypeRef::Named("Recursive".into()), false)
                }],
                true,
            ),
        ];
        // Calls of every length around the margin, with and without the map.
        for n in 0..24 {
            let name = format!("Wrap{}", "X".repeat(n));
            let wire = "w".repeat(n);
            let fields = vec![
                field(long, &wire, TypeRef::Bool, false),
                field("b", "b", TypeRef::Json, n % 2 == 0),
            ];
            models.push(strukt(&name, fields.clone(), true));
            models.push(strukt(&format!("{name}Closed"), fields, false));
        }
        // Field lines of every length around the margin.
        for n in 60..75 {
            let name = "f".repeat(n);
            let ty = TypeRef::Named("Recursive".into());
            models.push(strukt(
                &format!("Field{n}"),
                vec![field(&name, "f", ty, false)],
                true,
            ));
        }
        let (written, left) = check(&models);
        assert!(written > 50, "{written} written, {left} left");
        assert!(left > 0, "the longest field lines go through prettyplease");
    }

    fn enumeration(name: &str, wires: &[String]) -> Model {
        Model {
            name: name.to_owned(),
            origin: name.to_owned(),
            docs: Docs {
                summary: Some("An enumeration".to_owned()),
                ..Docs::default()
            },
            kind: ModelKind::Enum(Enum {
                variants: wires
                    .iter()
                    .enumerate()
                    .map(|(i, w)| crate::ir::Variant {
                        name: format!("V{i}"),
                        wire: w.clone(),
                        docs: (i % 2 == 0).then(|| "A member".to_owned()),
                    })
                    .collect(),
                other_variant: "UnknownValue".to_owned(),
                flags: false,
            }),
        }
    }

    #[test]
    fn enum_text_edge_cases_print_as_prettyplease_does() {
        let mut models = vec![enumeration(
            "Quoted",
            &["a\"b\\c".to_owned(), "é".to_owned()],
        )];
        // Calls of every length around the margin, and longer ones that fill lines.
        for n in 0..30 {
            let wires: Vec<String> = (0..1 + n / 6).map(|i| "w".repeat(n + i)).collect();
            models.push(enumeration(&format!("E{}", "X".repeat(n)), &wires));
        }
        let (written, left) = check(&models);
        assert_eq!((written, left), (models.len(), 0));
        let empty = enumeration("Empty", &[]);
        let ModelKind::Enum(e) = &empty.kind else {
            unreachable!()
        };
        assert_eq!(enum_text(&empty, e), None);
    }

    #[test]
    fn a_struct_without_default_goes_through_prettyplease() {
        let m = strukt(
            "Plain",
            vec![field("id", "id", TypeRef::String, true)],
            true,
        );
        let ModelKind::Struct(s) = &m.kind else {
            unreachable!()
        };
        assert_eq!(struct_text(&m, s, false), None);
        assert!(struct_text(&m, s, true).is_some());
    }
}
