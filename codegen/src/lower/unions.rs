//! Which rule tells the alternatives of a `oneOf`/`anyOf` apart, if any ([`plan`]):
//!
//! 1. **internally tagged**: a `discriminator` (its `mapping`, or else each `$ref`'s schema
//!    name, is the tag value), or a property every alternative has as a string enum of one
//!    value, all different (Dropshot's `{"type": "circle", ...}`);
//! 2. **externally tagged**: every alternative an object of exactly one required property,
//!    all different (serde's and Dropshot's `{"ok": {...}}`);
//! 3. **by JSON type**: at most one alternative per JSON type (string, number, boolean,
//!    array, object).
//!
//! `oneOf` of one-value string enums is not a union but an enum (`lower::schema`'s
//! `string_enum`). Where no rule applies the value stays `serde_json::Value`, reported.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::diagnostics::Result;
use crate::ir::JsonKind;
use crate::resolve::Resolver;

/// One alternative of a union, where its value's schema is.
#[derive(Clone, Copy)]
pub enum Part<'a> {
    /// The alternative itself.
    Whole(&'a ReferenceOr<Schema>),
    /// The one property of an externally tagged alternative.
    Property(&'a ReferenceOr<Box<Schema>>),
}

/// How to tell a union's alternatives apart, each with its key.
pub enum Plan<'a> {
    /// By the tag `property`; (tag value, alternative).
    Internal {
        property: String,
        parts: Vec<(String, Part<'a>)>,
    },
    /// By the one property's name; (name, its value's schema).
    External { parts: Vec<(String, Part<'a>)> },
    /// By JSON type.
    ByJsonKind { parts: Vec<(JsonKind, Part<'a>)> },
}

/// The alternatives of `schema` if it is a union of two or more (the 3.0.4 "or null"
/// placeholder left out).
pub fn parts(schema: &Schema) -> Option<Vec<&ReferenceOr<Schema>>> {
    let list = match &schema.schema_kind {
        SchemaKind::OneOf { one_of } => one_of,
        SchemaKind::AnyOf { any_of } => any_of,
        SchemaKind::Any(any) if any.properties.is_empty() && !any.one_of.is_empty() => &any.one_of,
        SchemaKind::Any(any) if any.properties.is_empty() && !any.any_of.is_empty() => &any.any_of,
        _ => return None,
    };
    let real: Vec<_> = list
        .iter()
        .filter(|p| !super::schema::is_null_placeholder(p))
        .collect();
    (real.len() >= 2).then_some(real)
}

/// The rule for `schema`'s alternatives, if one applies.
pub fn plan<'a>(resolver: &Resolver<'a>, schema: &'a Schema, at: &str) -> Result<Option<Plan<'a>>> {
    let Some(list) = parts(schema) else {
        return Ok(None);
    };
    let mut resolved = Vec::with_capacity(list.len());
    for part in &list {
        resolved.push(resolver.schema(part, at)?.0);
    }
    if let Some(plan) = internal(resolver, schema, &list, &resolved, at)? {
        return Ok(Some(plan));
    }
    if let Some(plan) = external(&resolved) {
        return Ok(Some(plan));
    }
    let mut kinds = Vec::with_capacity(list.len());
    for (part, schema) in list.iter().zip(&resolved) {
        let Some(kind) = json_kind(schema) else {
            return Ok(None);
        };
        if kinds.iter().any(|(k, _)| *k == kind) {
            return Ok(None);
        }
        kinds.push((kind, Part::Whole(part)));
    }
    Ok(Some(Plan::ByJsonKind { parts: kinds }))
}

/// Rule 1.
fn internal<'a>(
    resolver: &Resolver<'a>,
    union: &'a Schema,
    list: &[&'a ReferenceOr<Schema>],
    resolved: &[&'a Schema],
    at: &str,
) -> Result<Option<Plan<'a>>> {
    if let Some(d) = &union.schema_data.discriminator {
        let mut parts = Vec::with_capacity(list.len());
        for (part, schema) in list.iter().zip(resolved) {
            let value = match part {
                ReferenceOr::Reference { reference } => d
                    .mapping
                    .iter()
                    .find(|(_, target)| *target == reference)
                    .map(|(value, _)| value.clone())
                    .unwrap_or_else(|| {
                        reference.rsplit('/').next().unwrap_or(reference).to_owned()
                    }),
                ReferenceOr::Item(_) => {
                    match fixed_value(resolver, schema, &d.property_name, at)? {
                        Some(value) => value,
                        None => return Ok(None),
                    }
                }
            };
            parts.push((value, Part::Whole(part)));
        }
        return Ok(distinct(&parts).then_some(Plan::Internal {
            property: d.property_name.clone(),
            parts,
        }));
    }
    // No discriminator: a property every alternative fixes to one value.
    let Some(first) = resolved.first() else {
        return Ok(None);
    };
    for name in property_names(first) {
        let mut parts = Vec::with_capacity(list.len());
        for (part, schema) in list.iter().zip(resolved) {
            match fixed_value(resolver, schema, name, at)? {
                Some(value) => parts.push((value, Part::Whole(part))),
                None => break,
            }
        }
        if parts.len() == list.len() && distinct(&parts) {
            return Ok(Some(Plan::Internal {
                property: name.to_owned(),
                parts,
            }));
        }
    }
    Ok(None)
}

/// Rule 2.
fn external<'a>(resolved: &[&'a Schema]) -> Option<Plan<'a>> {
    let mut parts = Vec::with_capacity(resolved.len());
    for schema in resolved {
        let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind else {
            return None;
        };
        if o.properties.len() != 1 {
            return None;
        }
        let (name, value) = o.properties.iter().next()?;
        if !o.required.iter().any(|r| r == name) {
            return None;
        }
        parts.push((name.clone(), Part::Property(value)));
    }
    distinct(&parts).then_some(Plan::External { parts })
}

fn distinct<T>(parts: &[(String, T)]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    parts.iter().all(|(key, _)| seen.insert(key.as_str()))
}

/// The properties an alternative declares, in order (its own and those of its `allOf`
/// members' inline objects).
fn property_names(schema: &Schema) -> Vec<&str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.keys().map(String::as_str).collect(),
        SchemaKind::Any(any) => any.properties.keys().map(String::as_str).collect(),
        SchemaKind::AllOf { all_of } => all_of
            .iter()
            .filter_map(|p| p.as_item())
            .flat_map(property_names)
            .collect(),
        _ => Vec::new(),
    }
}

/// The one value `schema` fixes its property `name` to (a string enum of one value).
fn fixed_value(
    resolver: &Resolver<'_>,
    schema: &Schema,
    name: &str,
    at: &str,
) -> Result<Option<String>> {
    let property = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.get(name),
        SchemaKind::Any(any) => any.properties.get(name),
        SchemaKind::AllOf { all_of } => {
            for member in all_of {
                let member = resolver.schema(member, at)?.0;
                if let Some(value) = fixed_value(resolver, member, name, at)? {
                    return Ok(Some(value));
                }
            }
            return Ok(None);
        }
        _ => None,
    };
    let Some(property) = property else {
        return Ok(None);
    };
    let property = resolver.boxed_schema(property, at)?.0;
    Ok(match &property.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.len() == 1 => s.enumeration[0].clone(),
        _ => None,
    })
}

/// The JSON type of an alternative, if it has one.
fn json_kind(schema: &Schema) -> Option<JsonKind> {
    Some(match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => JsonKind::String,
        SchemaKind::Type(Type::Integer(_) | Type::Number(_)) => JsonKind::Number,
        SchemaKind::Type(Type::Boolean(_)) => JsonKind::Boolean,
        SchemaKind::Type(Type::Array(_)) => JsonKind::Array,
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => JsonKind::Object,
        SchemaKind::Any(any) if !any.properties.is_empty() => JsonKind::Object,
        SchemaKind::Any(any) => match any.typ.as_deref()? {
            "string" => JsonKind::String,
            "integer" | "number" => JsonKind::Number,
            "boolean" => JsonKind::Boolean,
            "array" => JsonKind::Array,
            "object" => JsonKind::Object,
            _ => return None,
        },
        _ => return None,
    })
}
