//! Finding the changes between two lowered descriptions and classifying each by what it
//! does to code that compiles against the older crate. The rules, one per kind of change:
//!
//! - an operation removed, or its method renamed, removes a method: breaking; added: additive;
//! - a path value added, removed or retyped changes the method's arguments: breaking;
//! - a query or header setter removed, renamed or retyped: breaking; added: additive;
//! - the body's or the answer's type changed: breaking (`.body(...)` and `send()`'s output
//!   are other types); a body now required: breaking (calls without one are refused);
//! - a deprecation added: documentation (`#[deprecated]` warns, it does not fail a build);
//! - a model removed: breaking; added: additive; a struct that became an enum or back: breaking;
//! - a property added: breaking, because model structs are built with struct literals and
//!   one without `..Default::default()` misses the new field; removed, renamed, retyped, or
//!   become required or optional (`T` against `Option<T>`): breaking;
//! - an enum member added: additive (the enums are `#[non_exhaustive]` and open: a `match`
//!   already has a `_` arm); removed: breaking (the variant is gone).

use std::collections::BTreeMap;

use super::{
    Change, ChangedOperation, Class, ModelChange, OperationChange, OperationRef, Report, Summary,
};
use crate::ir::{
    Api, Field, Identity, IdentityMember, IntWidth, Model, ModelKind, Operation, ResponseKind,
    TypeRef,
};

/// Compares `old` with `new`; `from` and `to` name them in the report.
pub fn compare(from: &str, old: &Api, to: &str, new: &Api) -> Report {
    let key = |op: &Operation| (op.method.as_str().to_uppercase(), op.path.clone());
    let old_ops: BTreeMap<_, &Operation> = old.operations.iter().map(|op| (key(op), op)).collect();
    let new_ops: BTreeMap<_, &Operation> = new.operations.iter().map(|op| (key(op), op)).collect();
    let mut report = Report {
        from: from.to_owned(),
        to: to.to_owned(),
        summary: Summary::default(),
        added_operations: Vec::new(),
        removed_operations: Vec::new(),
        changed_operations: Vec::new(),
        added_models: Vec::new(),
        removed_models: Vec::new(),
        changed_models: Vec::new(),
    };
    for (k, op) in &old_ops {
        if !new_ops.contains_key(k) {
            report.removed_operations.push(OperationChange {
                operation: reference(op),
                class: Class::Breaking,
                why: format!("the method `{}` is removed", op.method_name),
            });
        }
    }
    for (k, op) in &new_ops {
        match old_ops.get(k) {
            None => report.added_operations.push(OperationChange {
                operation: reference(op),
                class: Class::Additive,
                why: format!("a new method `{}`", op.method_name),
            }),
            Some(before) => {
                let changes = operation_changes(before, op);
                if !changes.is_empty() {
                    report.changed_operations.push(ChangedOperation {
                        operation: reference(op),
                        changes,
                    });
                }
            }
        }
    }

    let old_models: BTreeMap<&str, &Model> =
        old.models.iter().map(|m| (m.name.as_str(), m)).collect();
    let new_models: BTreeMap<&str, &Model> =
        new.models.iter().map(|m| (m.name.as_str(), m)).collect();
    for (name, model) in &old_models {
        if !new_models.contains_key(name) {
            report.removed_models.push(ModelChange {
                rust: format!("models::{name}"),
                schema: model.origin.clone(),
                changes: vec![change(
                    Class::Breaking,
                    "model removed".to_owned(),
                    format!("models::{name}"),
                    "the type is gone".to_owned(),
                )],
            });
        }
    }
    for (name, model) in &new_models {
        let rust = format!("models::{name}");
        match old_models.get(name) {
            None => report.added_models.push(ModelChange {
                rust: rust.clone(),
                schema: model.origin.clone(),
                changes: vec![change(
                    Class::Additive,
                    "model added".to_owned(),
                    rust,
                    "a new type".to_owned(),
                )],
            }),
            Some(before) => {
                let changes = model_changes(before, model, &rust);
                if !changes.is_empty() {
                    report.changed_models.push(ModelChange {
                        rust,
                        schema: model.origin.clone(),
                        changes,
                    });
                }
            }
        }
    }
    if let Some(identity) = identity_changes(&old.identity, &new.identity) {
        report.changed_models.push(identity);
    }
    report.count();
    report
}

/// The identity type's members (one per path key): a member added is a new field of a
/// struct callers build with literals, as a model's property is.
fn identity_changes(old: &Identity, new: &Identity) -> Option<ModelChange> {
    let rust = format!("identity::{}", new.name);
    let mut changes = Vec::new();
    if old.name != new.name {
        changes.push(change(
            Class::Breaking,
            "identity type renamed".to_owned(),
            rust.clone(),
            format!("the type `{}` is gone", old.name),
        ));
    }
    let old_members: BTreeMap<&str, &IdentityMember> = old
        .members
        .iter()
        .map(|m| (m.property.as_str(), m))
        .collect();
    let new_members: BTreeMap<&str, &IdentityMember> = new
        .members
        .iter()
        .map(|m| (m.property.as_str(), m))
        .collect();
    for (property, member) in &old_members {
        match new_members.get(property) {
            None => changes.push(change(
                Class::Breaking,
                format!("path key {:?} removed", member.wire_name),
                format!("identity::{}::{}", old.name, member.field),
                format!("the field `{}` is gone", member.field),
            )),
            Some(now) if now.field != member.field => changes.push(change(
                Class::Breaking,
                format!("path key {:?} renamed in Rust", member.wire_name),
                format!("identity::{}::{}", old.name, member.field),
                format!("the field `{}` is now `{}`", member.field, now.field),
            )),
            Some(_) => {}
        }
    }
    for (property, member) in &new_members {
        if !old_members.contains_key(property) {
            changes.push(change(
                Class::Breaking,
                format!("path key {:?} added", member.wire_name),
                format!("{rust}::{}", member.field),
                "a new field (Option<String>): a struct literal without `..Default::default()` misses it"
                    .to_owned(),
            ));
        }
    }
    (!changes.is_empty()).then(|| ModelChange {
        rust,
        schema: "the identity (every path key of the description)".to_owned(),
        changes,
    })
}

fn reference(op: &Operation) -> OperationRef {
    OperationRef {
        method: op.method.as_str().to_uppercase(),
        path: op.path.clone(),
        operation_id: op.operation_id.clone(),
        cmdlet: op.cmdlet.clone(),
        rust_method: op.method_name.clone(),
    }
}

fn change(class: Class, what: String, rust: String, why: String) -> Change {
    Change {
        class,
        what,
        rust,
        why,
    }
}

/// The changes of one operation found on both sides (same method and path).
fn operation_changes(old: &Operation, new: &Operation) -> Vec<Change> {
    let mut out = Vec::new();
    let method = &new.method_name;
    if old.method_name != new.method_name {
        out.push(change(
            Class::Breaking,
            format!("Rust method renamed from `{}`", old.method_name),
            method.clone(),
            format!("the method `{}` is gone", old.method_name),
        ));
    }
    let args = |op: &Operation| -> Vec<(String, String)> {
        op.path_params
            .iter()
            .map(|p| (p.arg_name.clone(), type_name(&p.ty)))
            .collect()
    };
    if args(old) != args(new) {
        out.push(change(
            Class::Breaking,
            "path values changed".to_owned(),
            method.clone(),
            format!(
                "the method's arguments are ({}), were ({})",
                list(&args(new)),
                list(&args(old))
            ),
        ));
    }
    let params = |op: &Operation| -> BTreeMap<String, (String, String, bool)> {
        op.value_params()
            .map(|(p, header)| {
                let kind = if header { "header" } else { "query" };
                (
                    format!("{kind} parameter {:?}", p.wire_name),
                    (p.setter.clone(), type_name(&p.ty), p.required),
                )
            })
            .collect()
    };
    let (before, after) = (params(old), params(new));
    for (what, (setter, ty, _)) in &before {
        match after.get(what) {
            None => out.push(change(
                Class::Breaking,
                format!("{what} removed"),
                format!("{method}().{setter}()"),
                "the setter is gone".to_owned(),
            )),
            Some((new_setter, new_ty, _)) if new_setter != setter || new_ty != ty => {
                out.push(change(
                    Class::Breaking,
                    format!("{what} changed"),
                    format!("{method}().{new_setter}()"),
                    format!("the setter `{setter}({ty})` is now `{new_setter}({new_ty})`"),
                ))
            }
            Some(_) => {}
        }
    }
    for (what, (setter, ty, required)) in &after {
        if !before.contains_key(what) {
            let why = if *required {
                "a new setter (the description requires it, the crate does not enforce it)"
            } else {
                "a new setter"
            };
            out.push(change(
                Class::Additive,
                format!("{what} added"),
                format!("{method}().{setter}({ty})"),
                why.to_owned(),
            ));
        }
    }
    let body = |op: &Operation| op.body.as_ref().map(|b| (type_name(&b.ty), b.required));
    match (body(old), body(new)) {
        (Some((a, _)), Some((b, _))) if a != b => out.push(change(
            Class::Breaking,
            "request body type changed".to_owned(),
            format!("{method}().body()"),
            format!("`.body(...)` takes {b}, took {a}"),
        )),
        (Some((_, false)), Some((_, true))) | (None, Some((_, true))) => out.push(change(
            Class::Breaking,
            "request body now required".to_owned(),
            format!("{method}().body()"),
            "a call without a body is refused before sending".to_owned(),
        )),
        (None, Some((b, false))) => out.push(change(
            Class::Additive,
            "optional request body added".to_owned(),
            format!("{method}().body()"),
            format!("`.body(...)` takes {b}"),
        )),
        (Some((a, _)), None) => out.push(change(
            Class::Breaking,
            "request body removed".to_owned(),
            format!("{method}().body()"),
            format!("`.body({a})` is gone"),
        )),
        _ => {}
    }
    let (a, b) = (response(&old.response), response(&new.response));
    if a != b {
        out.push(change(
            Class::Breaking,
            "response type changed".to_owned(),
            format!("{method}().send()"),
            format!("the answer is {b}, was {a}"),
        ));
    }
    if old.deprecation.is_none()
        && let Some(note) = &new.deprecation
    {
        out.push(change(
            Class::Documentation,
            "deprecated".to_owned(),
            method.clone(),
            format!("`#[deprecated]` warns, it does not fail a build: {note}"),
        ));
    }
    out
}

/// The changes of one model found on both sides (same Rust name).
fn model_changes(old: &Model, new: &Model, rust: &str) -> Vec<Change> {
    let mut out = Vec::new();
    match (&old.kind, &new.kind) {
        (ModelKind::Struct(a), ModelKind::Struct(b)) => {
            let before: BTreeMap<&str, &Field> =
                a.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
            let after: BTreeMap<&str, &Field> =
                b.fields.iter().map(|f| (f.wire_name.as_str(), f)).collect();
            for (wire, field) in &before {
                let place = format!("{rust}::{}", field.name);
                match after.get(wire) {
                    None => out.push(change(
                        Class::Breaking,
                        format!("property {wire:?} removed"),
                        place,
                        "the field is gone".to_owned(),
                    )),
                    Some(now) => out.extend(field_changes(wire, field, now, rust)),
                }
            }
            for (wire, field) in &after {
                if !before.contains_key(wire) {
                    out.push(change(
                        Class::Breaking,
                        format!("property {wire:?} added"),
                        format!("{rust}::{}", field.name),
                        format!(
                            "a new field ({}): a struct literal without `..Default::default()` misses it",
                            field_type(field)
                        ),
                    ));
                }
            }
        }
        (ModelKind::Enum(a), ModelKind::Enum(b)) => {
            let before: BTreeMap<&str, &str> = a
                .variants
                .iter()
                .map(|v| (v.wire.as_str(), v.name.as_str()))
                .collect();
            let after: BTreeMap<&str, &str> = b
                .variants
                .iter()
                .map(|v| (v.wire.as_str(), v.name.as_str()))
                .collect();
            for (wire, variant) in &before {
                if !after.contains_key(wire) {
                    out.push(change(
                        Class::Breaking,
                        format!("enum member {wire:?} removed"),
                        format!("{rust}::{variant}"),
                        "the variant is gone (the value now arrives as the open variant)"
                            .to_owned(),
                    ));
                }
            }
            for (wire, variant) in &after {
                if !before.contains_key(wire) {
                    out.push(change(
                        Class::Additive,
                        format!("enum member {wire:?} added"),
                        format!("{rust}::{variant}"),
                        "the enum is open and `#[non_exhaustive]`: every `match` has a `_` arm"
                            .to_owned(),
                    ));
                }
            }
        }
        (ModelKind::Union(a), ModelKind::Union(b)) => {
            let shape = |u: &crate::ir::Union| -> BTreeMap<String, String> {
                u.variants
                    .iter()
                    .map(|v| (v.name.clone(), type_name(&v.ty)))
                    .collect()
            };
            let (before, after) = (shape(a), shape(b));
            if a.tagging != b.tagging {
                out.push(change(
                    Class::Breaking,
                    "union changed how its shapes are told apart".to_owned(),
                    rust.to_owned(),
                    "values read differently".to_owned(),
                ));
            }
            for (variant, ty) in &before {
                match after.get(variant) {
                    None => out.push(change(
                        Class::Breaking,
                        format!("union shape {variant} removed"),
                        format!("{rust}::{variant}"),
                        "the variant is gone".to_owned(),
                    )),
                    Some(now) if now != ty => out.push(change(
                        Class::Breaking,
                        format!("union shape {variant} changed type"),
                        format!("{rust}::{variant}"),
                        format!("it holds {now}, held {ty}"),
                    )),
                    Some(_) => {}
                }
            }
            for variant in after.keys() {
                if !before.contains_key(variant) {
                    out.push(change(
                        Class::Additive,
                        format!("union shape {variant} added"),
                        format!("{rust}::{variant}"),
                        "the union is `#[non_exhaustive]`: every `match` has a `_` arm".to_owned(),
                    ));
                }
            }
        }
        _ => out.push(change(
            Class::Breaking,
            "model changed kind (object, enum or union)".to_owned(),
            rust.to_owned(),
            "a struct became an enum, or an enum a struct".to_owned(),
        )),
    }
    out
}

fn field_changes(wire: &str, old: &Field, new: &Field, rust: &str) -> Vec<Change> {
    let mut out = Vec::new();
    let place = format!("{rust}::{}", new.name);
    if old.name != new.name {
        out.push(change(
            Class::Breaking,
            format!("property {wire:?} renamed in Rust"),
            place.clone(),
            format!("the field `{}` is gone", old.name),
        ));
    }
    if type_name(&old.ty) != type_name(&new.ty) {
        out.push(change(
            Class::Breaking,
            format!("property {wire:?} changed type"),
            place.clone(),
            format!("the field is {}, was {}", field_type(new), field_type(old)),
        ));
    } else if old.required != new.required {
        let (what, why) = if new.required {
            ("became required", "`Option<T>` became `T`")
        } else {
            ("became optional", "`T` became `Option<T>`")
        };
        out.push(change(
            Class::Breaking,
            format!("property {wire:?} {what}"),
            place,
            why.to_owned(),
        ));
    }
    out
}

fn field_type(field: &Field) -> String {
    let ty = type_name(&field.ty);
    if field.required {
        ty
    } else {
        format!("Option<{ty}>")
    }
}

fn response(kind: &ResponseKind) -> String {
    match kind {
        ResponseKind::Empty => "nothing".to_owned(),
        ResponseKind::Json { ty, optional } => {
            if *optional {
                format!("Option<{}>", type_name(ty))
            } else {
                type_name(ty)
            }
        }
        ResponseKind::Text(ty) => format!("{} (text)", type_name(ty)),
        ResponseKind::Bytes => "bytes".to_owned(),
    }
}

fn list(args: &[(String, String)]) -> String {
    args.iter()
        .map(|(name, ty)| format!("{name}: {ty}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The Rust type of `ty` as the generated crate writes it.
fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Secret => "Secret".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Int(w) => match w {
            IntWidth::I8 => "i8",
            IntWidth::I16 => "i16",
            IntWidth::I32 => "i32",
            IntWidth::I64 => "i64",
        }
        .to_owned(),
        TypeRef::Float(w) => format!("{w:?}").to_lowercase(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        TypeRef::Uuid => "Uuid".to_owned(),
        TypeRef::DateTime => "Timestamp".to_owned(),
        TypeRef::Date => "Date".to_owned(),
        TypeRef::Time => "Time".to_owned(),
        TypeRef::Duration => "IsoDuration".to_owned(),
        TypeRef::Flags(name) => format!("Flags<{name}>"),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(item) => format!("Vec<{}>", type_name(item)),
        TypeRef::Map(item) => format!("Map<String, {}>", type_name(item)),
    }
}
