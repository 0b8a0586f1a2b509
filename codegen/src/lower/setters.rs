//! The setters of every operation's requests: the names of its parameter and body-field
//! setters, whether it has `additional_property`, what is sent without a body, and which
//! parameter setters several operations share through one marker trait. Each name is
//! decided here once, against one list of the names a request already has
//! ([`REQUEST_METHODS`]).

use std::collections::BTreeMap;

use crate::ir::{
    Body, FieldSetter, MissingBody, Model, ModelKind, Operation, SharedParam, TypeRef, ValueParam,
};
use crate::naming::scope::Scope;

/// The names every request already has, which no parameter or field setter may take:
/// every method of the runtime's `Request` (`codegen/runtime/src/request.rs`, `pages` in
/// `paging.rs`, `set_null` in `null.rs`; public, hidden or crate-private alike), the body setter the generator adds
/// for unlisted properties (`additional_property`), and the methods of the prelude traits
/// every type implements (`into`, `try_into`), which a setter trait's method of the same
/// name would make ambiguous. A test checks the list against the runtime's sources.
pub const REQUEST_METHODS: &[&str] = &[
    // `Request` (runtime/src/request.rs).
    "new",
    "body",
    "edit_body",
    "into_fields",
    "fields_mut",
    "into_state",
    "client",
    "query_param",
    "header",
    "allow_authorization_header",
    "timeout",
    "prepare",
    "resolve",
    "send",
    "resolve_to_send",
    // `Request::pages` (runtime/src/paging.rs).
    "pages",
    // `Request::set_null` (runtime/src/null.rs).
    "set_null",
    // Added by the generator.
    "additional_property",
    // `Into` and `TryInto`, in the prelude, implemented by every type.
    "into",
    "try_into",
];

/// Decides every operation's setters ([`operation_setters`]), then the shared parameters
/// ([`shared_params`]), recorded on each parameter that uses one.
pub fn decide(operations: &mut [Operation], models: &[Model]) -> Vec<SharedParam> {
    let models: BTreeMap<&str, &Model> = models.iter().map(|m| (m.name.as_str(), m)).collect();
    for op in operations.iter_mut() {
        operation_setters(op, &models);
    }
    shared_params(operations)
}

/// Names the setters of one operation's requests, in one pass against one set of taken
/// names that starts as [`REQUEST_METHODS`]: query parameters, header parameters, then
/// the body's fields in field order. Each keeps its own name where free; else a parameter
/// adds `_param` and a field `_field`, numbered where that is taken too (`top_field_2`).
/// Also decides the body's `additional_property` setter and what is sent without a body.
fn operation_setters(op: &mut Operation, models: &BTreeMap<&str, &Model>) {
    let mut taken = Scope::snake().reserving(REQUEST_METHODS.iter().copied());
    for param in op
        .query_params
        .iter_mut()
        .chain(op.header_params.iter_mut())
    {
        param.setter = taken.claim_with_suffix(std::mem::take(&mut param.setter), "_param");
    }
    let Some(body) = &mut op.body else { return };
    if let Some(s) = default_struct(&body.ty, models) {
        body.setters = s
            .fields
            .iter()
            .map(|f| FieldSetter {
                field: f.name.clone(),
                setter: taken.claim_with_suffix(f.name.clone(), "_field"),
            })
            .collect();
        body.additional_property = s.additional_properties;
    }
    body.missing = missing_body(body, models);
}

/// The struct model of `ty`, if it is one that derives `Default`: only such a body can be
/// built field by field, starting from its default.
fn default_struct<'m>(
    ty: &TypeRef,
    models: &BTreeMap<&str, &'m Model>,
) -> Option<&'m crate::ir::Struct> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    match &models.get(name.as_str())?.kind {
        ModelKind::Struct(s) if s.derives_default => Some(s),
        _ => None,
    }
}

/// What is sent when no body was given: nothing for an optional or binary body; for a
/// required one its type's default (an empty object for a struct), or an error where the
/// type has none (an enum, a struct with required fields).
fn missing_body(body: &Body, models: &BTreeMap<&str, &Model>) -> MissingBody {
    if !body.required || body.ty == TypeRef::Bytes {
        return MissingBody::Nothing;
    }
    let has_default = match &body.ty {
        TypeRef::Named(_) => default_struct(&body.ty, models).is_some(),
        // Every other type the emitter spells (strings, numbers, lists, maps, JSON, the
        // typed formats, flag sets, secrets) implements `Default`.
        _ => true,
    };
    if has_default {
        MissingBody::Default
    } else {
        MissingBody::Error
    }
}

/// The query and header parameters that at least two operations take in exactly the
/// same form (wire name, setter, type, required, docs; query or header), sorted by
/// setter. Their setter is written once, on a marker trait every operation taking the
/// parameter implements, instead of once per operation (Graph repeats `$select`,
/// `$filter`, `$top`, `ConsistencyLevel`, ... on hundreds of operations). A setter name
/// that two different forms use stays per operation for all of them, so no request has a
/// setter twice. Each parameter using one records its index ([`ValueParam::shared`]).
///
/// A body-field setter of the same name on an operation without the parameter does not
/// clash: that operation does not implement the marker trait.
fn shared_params(operations: &mut [Operation]) -> Vec<SharedParam> {
    // By setter: the one form seen so far (`None` once two differ), and how many take it.
    type Seen<'a> = (Option<(&'a ValueParam, bool)>, usize);
    let mut seen: BTreeMap<&str, Seen<'_>> = BTreeMap::new();
    for op in operations.iter() {
        for (param, is_header) in op.value_params() {
            let entry = seen
                .entry(param.setter.as_str())
                .or_insert((Some((param, is_header)), 0));
            if entry
                .0
                .is_some_and(|(p, h)| h != is_header || !same_form(p, param))
            {
                entry.0 = None;
            }
            entry.1 += 1;
        }
    }
    let shared: Vec<SharedParam> = seen
        .into_iter()
        .filter_map(|(setter, (form, uses))| form.filter(|_| uses >= 2).map(|f| (setter, f)))
        .map(|(setter, (param, is_header))| SharedParam {
            setter: setter.to_owned(),
            // Named with the other items of `operations` (`super::item_names`).
            trait_name: String::new(),
            setter_trait: String::new(),
            param: param.clone(),
            is_header,
            features: Vec::new(),
        })
        .collect();
    let index: BTreeMap<String, usize> = shared
        .iter()
        .enumerate()
        .map(|(i, s)| (s.setter.clone(), i))
        .collect();
    for op in operations.iter_mut() {
        for param in op
            .query_params
            .iter_mut()
            .chain(op.header_params.iter_mut())
        {
            param.shared = index.get(&param.setter).copied();
        }
    }
    shared
}

/// Whether two parameters are the same in every respect but [`ValueParam::shared`] (the
/// outcome of this comparison).
fn same_form(a: &ValueParam, b: &ValueParam) -> bool {
    a.wire_name == b.wire_name
        && a.setter == b.setter
        && a.ty == b.ty
        && a.required == b.required
        && a.docs == b.docs
}
