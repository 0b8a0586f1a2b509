//! Which Cargo features enable each item, so that a build compiles only the operations of
//! the enabled modules and the models they reach.
//!
//! - An operation: its `operations` module's feature for one document (the first path
//!   segment, as before); for a folder of documents, the feature of every Graph module
//!   whose document has its path (`users-actions`; a path shared by two modules is enabled
//!   by either).
//! - A model: the features of the operations that reach it, through their bodies,
//!   answers and parameters and then through fields; none (always there) for the error
//!   model and what it reaches, which the crate root names.
//! - A module of `operations` and a shared parameter: those of their operations.
//! - A member of the identity type: those of the operations whose paths have it, or none
//!   when that is every feature (the 964 members of all of Graph are a `Deserialize` impl
//!   that cost a third of one module's check).

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;

use crate::ir::{Api, ModelKind, ResponseKind, TypeRef};

/// Decides the features of every item of `api`. `modules` maps each path to the file stems
/// of the documents that have it (a folder); `None` for one document.
pub fn decide(api: &mut Api, modules: Option<&BTreeMap<String, Vec<String>>>) {
    for op in &mut api.operations {
        op.features = match modules.and_then(|m| m.get(&op.path)) {
            Some(stems) => {
                let set: BTreeSet<String> = stems.iter().map(|s| feature_name(s)).collect();
                set.into_iter().collect()
            }
            None => vec![op.module.clone()],
        };
    }
    let index: BTreeMap<String, usize> = api
        .models
        .iter()
        .enumerate()
        .map(|(i, m)| (m.name.clone(), i))
        .collect();
    // Per model, the features of the operations that reach it.
    let mut reached: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); api.models.len()];
    let mut by_feature: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for op in &api.operations {
        let mut roots = Vec::new();
        if let Some(body) = &op.body {
            roots.push(&body.ty);
        }
        match &op.response {
            ResponseKind::Json { ty, .. } | ResponseKind::Text(ty) => roots.push(ty),
            ResponseKind::Empty | ResponseKind::Bytes => {}
        }
        roots.extend(op.value_params().map(|(p, _)| &p.ty));
        let mut names = Vec::new();
        for ty in roots {
            named(ty, &mut names);
        }
        for feature in &op.features {
            let list = by_feature.entry(feature.as_str()).or_default();
            list.extend(names.iter().filter_map(|n| index.get(*n).copied()));
        }
    }
    for (feature, roots) in by_feature {
        for model in closure(api, &index, roots) {
            reached[model].insert(feature);
        }
    }
    let always: BTreeSet<usize> = api
        .error_model
        .iter()
        .filter_map(|name| index.get(name).copied())
        .flat_map(|root| closure(api, &index, vec![root]))
        .collect();
    let decided: Vec<Vec<String>> = reached
        .into_iter()
        .enumerate()
        .map(|(i, set)| {
            if always.contains(&i) {
                Vec::new()
            } else {
                set.into_iter().map(str::to_owned).collect()
            }
        })
        .collect();
    for (model, features) in api.models.iter_mut().zip(decided) {
        model.features = features;
    }
    for group in &mut api.groups {
        group.features = union(
            api.operations
                .iter()
                .filter(|op| op.module == group.module)
                .map(|op| &op.features),
        );
    }
    let shared_features: Vec<Vec<String>> = (0..api.shared_params.len())
        .map(|i| {
            union(
                api.operations
                    .iter()
                    .filter(|op| op.value_params().any(|(p, _)| p.shared == Some(i)))
                    .map(|op| &op.features),
            )
        })
        .collect();
    for (shared, features) in api.shared_params.iter_mut().zip(shared_features) {
        shared.features = features;
    }
    let every = union(api.operations.iter().map(|op| &op.features));
    let mut by_member: BTreeMap<&str, Vec<&Vec<String>>> = BTreeMap::new();
    for op in &api.operations {
        for param in &op.path_params {
            by_member
                .entry(param.identity_field.as_str())
                .or_default()
                .push(&op.features);
        }
    }
    let member_features: Vec<Vec<String>> = api
        .identity
        .members
        .iter()
        .map(|m| {
            let features = union(
                by_member
                    .get(m.field.as_str())
                    .into_iter()
                    .flatten()
                    .copied(),
            );
            if features == every {
                Vec::new()
            } else {
                features
            }
        })
        .collect();
    for (member, features) in api.identity.members.iter_mut().zip(member_features) {
        member.features = features;
    }
}

/// The Cargo feature of a Graph module's document (`Users.Actions` -> `users-actions`).
pub fn feature_name(module: &str) -> String {
    module.to_kebab_case()
}

fn union<'a>(lists: impl Iterator<Item = &'a Vec<String>>) -> Vec<String> {
    let set: BTreeSet<&String> = lists.flatten().collect();
    set.into_iter().cloned().collect()
}

/// The model names `ty` mentions.
fn named<'a>(ty: &'a TypeRef, out: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(name) | TypeRef::Flags(name) => out.push(name),
        TypeRef::Vec(item) | TypeRef::Map(item) => named(item, out),
        _ => {}
    }
}

/// The models reachable from `roots` (indexes into `api.models`) through fields, roots
/// included.
fn closure(api: &Api, index: &BTreeMap<String, usize>, roots: Vec<usize>) -> BTreeSet<usize> {
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut queue = roots;
    while let Some(i) = queue.pop() {
        if !seen.insert(i) {
            continue;
        }
        let mut names = Vec::new();
        match &api.models[i].kind {
            ModelKind::Struct(s) => {
                for field in &s.fields {
                    named(&field.ty, &mut names);
                }
            }
            ModelKind::Union(u) => {
                for variant in &u.variants {
                    named(&variant.ty, &mut names);
                }
            }
            ModelKind::Enum(_) => {}
        }
        queue.extend(names.into_iter().filter_map(|n| index.get(n).copied()));
    }
    seen
}
