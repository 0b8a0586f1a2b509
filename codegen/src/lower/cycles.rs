//! Refusing schemas that contain themselves by value with no way out.
//!
//! The rule: a schema may hold itself, directly or through other schemas, only where the
//! chain has an *indirection point*: a property that is optional or nullable (it can be
//! absent or `null`), or an array or map (it can be empty). A chain of required,
//! non-nullable, single-valued properties that leads back to where it started describes
//! a value that is infinitely deep: no finite JSON document satisfies it, and the
//! generated struct could never be built. Such a cycle is an error naming the first
//! property on it. Cycles with an indirection point are fine: they are boxed by
//! [`super::boxing`] where needed.

use std::collections::{BTreeMap, VecDeque};
use std::path::Path;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::boxing::strongly_connected;
use crate::diagnostics::{Error, Result, pointer};
use crate::ir::{Model, ModelKind, TypeRef};

/// Fails on a cycle of required, non-nullable, by-value properties among `models`.
pub fn check(
    file: &Path,
    models: &[Model],
    components: &indexmap::IndexMap<String, ReferenceOr<Schema>>,
) -> Result<()> {
    let index: BTreeMap<&str, usize> = models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.as_str(), i))
        .collect();
    // Edge (target, field index) for each required, by-value field holding a model.
    let edges: Vec<Vec<(usize, usize)>> = models
        .iter()
        .map(|m| match &m.kind {
            ModelKind::Struct(s) => s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| f.required)
                .filter_map(|(fi, f)| match &f.ty {
                    TypeRef::Named(t) => index.get(t.as_str()).map(|&t| (t, fi)),
                    _ => None,
                })
                .collect(),
            // A union boxes every model it holds: an indirection point.
            ModelKind::Enum(_) | ModelKind::Union(_) => Vec::new(),
        })
        .collect();
    let plain: Vec<Vec<usize>> = edges
        .iter()
        .map(|e| e.iter().map(|(t, _)| *t).collect())
        .collect();
    let component = strongly_connected(&plain);
    let mut size: BTreeMap<usize, usize> = BTreeMap::new();
    for c in &component {
        *size.entry(*c).or_default() += 1;
    }
    // Models are sorted by name, so the first one found on a cycle is deterministic.
    for start in 0..models.len() {
        let c = component[start];
        let self_loop = edges[start].iter().any(|(t, _)| *t == start);
        if size[&c] < 2 && !self_loop {
            continue;
        }
        let cycle = cycle_from(start, &edges, &component);
        if cycle.is_empty() {
            continue;
        }
        let names: Vec<String> = cycle
            .iter()
            .map(|&(m, f)| format!("{}.{}", models[m].origin, wire(&models[m], f)))
            .chain([models[start].origin.clone()])
            .collect();
        let (m, f) = cycle[0];
        let origin = &models[m].origin;
        let field = wire(&models[m], f);
        let at = match components.get(origin.as_str()) {
            Some(ReferenceOr::Item(schema)) if has_property(schema, field) => {
                pointer(["components", "schemas", origin, "properties", field])
            }
            Some(_) => pointer(["components", "schemas", origin]),
            None => "/components/schemas".to_owned(),
        };
        return Err(Error::spec(
            file,
            at,
            format!(
                "schema {origin:?} contains itself through required, non-nullable properties ({}) with no indirection point: no finite value can satisfy it; make one of these properties optional, nullable or an array",
                names.join(" -> ")
            ),
        ));
    }
    Ok(())
}

fn wire(model: &Model, field: usize) -> &str {
    match &model.kind {
        ModelKind::Struct(s) => &s.fields[field].wire_name,
        ModelKind::Enum(_) | ModelKind::Union(_) => "",
    }
}

fn has_property(schema: &Schema, name: &str) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.contains_key(name),
        SchemaKind::Any(a) => a.properties.contains_key(name),
        _ => false,
    }
}

/// The edges of a shortest cycle through `start` inside its component: (model, field).
fn cycle_from(
    start: usize,
    edges: &[Vec<(usize, usize)>],
    component: &[usize],
) -> Vec<(usize, usize)> {
    let c = component[start];
    let mut came_from: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for &(target, field) in &edges[node] {
            if component[target] != c {
                continue;
            }
            if target == start {
                let mut path = vec![(node, field)];
                let mut at = node;
                while at != start {
                    let (prev, f) = came_from[&at];
                    path.push((prev, f));
                    at = prev;
                }
                path.reverse();
                return path;
            }
            if let std::collections::btree_map::Entry::Vacant(e) = came_from.entry(target) {
                e.insert((node, field));
                queue.push_back(target);
            }
        }
    }
    Vec::new()
}
