//! No two Rust identifiers in one scope, for every Graph beta module in
//! `../shared/specs/graph-beta/`: each document is loaded and lowered (nothing is emitted
//! or compiled), and every scope of the intermediate model is walked and checked for
//! duplicates. This check reads the IR on its own terms; it does not ask the generator's
//! name registry (`codegen::naming::scope`) whether it did its job.

use std::path::Path;

use codegen::ir::{Api, ModelKind};
use codegen::naming::scope::duplicates;

/// Every scope of `api`, as (what it is, the names in it), reserved names included.
fn scopes(api: &Api) -> Vec<(String, Vec<&str>)> {
    let mut out = Vec::new();
    // The `models` module: every model, and the names it keeps for itself.
    out.push((
        "models".to_owned(),
        api.models
            .iter()
            .map(|m| m.name.as_str())
            .chain(codegen::naming::RESERVED_MODEL_NAMES.iter().copied())
            .collect(),
    ));
    // The `operations` items, across modules (their preludes are glob-imported together).
    let mut items: Vec<&str> = Vec::new();
    for op in &api.operations {
        items.push(&op.type_name);
        items.push(&op.request_alias);
        items.extend(op.params_trait.as_deref());
        items.extend(op.fields_trait.as_deref());
    }
    items.extend(api.groups.iter().map(|g| g.trait_name.as_str()));
    for shared in &api.shared_params {
        items.push(&shared.trait_name);
        items.push(&shared.setter_trait);
    }
    out.push(("operations items".to_owned(), items));
    // The client's methods: every operation trait's, and the `Client`'s own.
    out.push((
        "client methods".to_owned(),
        api.operations
            .iter()
            .flat_map(|op| {
                [
                    Some(op.method_name.as_str()),
                    op.via_identity_method.as_deref(),
                ]
            })
            .flatten()
            .chain(codegen::lower::CLIENT_METHODS.iter().copied())
            .collect(),
    ));
    for op in &api.operations {
        // One request's methods: the runtime's `Request`, the parameter and field setters.
        let mut methods: Vec<&str> = codegen::lower::REQUEST_METHODS.to_vec();
        methods.extend(
            op.query_params
                .iter()
                .chain(&op.header_params)
                .map(|p| p.setter.as_str()),
        );
        if let Some(body) = &op.body {
            methods.extend(body.setters.iter().map(|s| s.setter.as_str()));
        }
        out.push((format!("request methods of {}", op.label()), methods));
        // The method's parameter list.
        out.push((
            format!("arguments of {}", op.method_name),
            op.path_params.iter().map(|p| p.arg_name.as_str()).collect(),
        ));
    }
    // The identity type's fields and properties.
    let identity = &api.identity;
    out.push((
        format!("fields of {}", identity.name),
        identity.members.iter().map(|m| m.field.as_str()).collect(),
    ));
    out.push((
        format!("properties of {}", identity.name),
        identity
            .members
            .iter()
            .map(|m| m.property.as_str())
            .collect(),
    ));
    // Each struct's fields and each enum's variants.
    for model in &api.models {
        match &model.kind {
            ModelKind::Struct(s) => out.push((
                format!("fields of {}", model.name),
                s.fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .chain(s.additional_properties.then_some("additional_properties"))
                    .collect(),
            )),
            ModelKind::Enum(e) => out.push((
                format!("variants of {}", model.name),
                e.variants
                    .iter()
                    .map(|v| v.name.as_str())
                    .chain([e.other_variant.as_str()])
                    .collect(),
            )),
            ModelKind::Union(u) => out.push((
                format!("variants of {}", model.name),
                u.variants
                    .iter()
                    .map(|v| v.name.as_str())
                    .chain([u.other_variant.as_str()])
                    .collect(),
            )),
        }
    }
    out
}

fn lower(file: &Path) -> Api {
    let text = codegen::load::read(file).expect("reads");
    let doc = codegen::load::parse(file, &text).expect("parses");
    codegen::lower::lower(&doc, &codegen::LowerOptions::default()).expect("lowers")
}

#[test]
fn no_graph_beta_module_has_a_duplicate_identifier_in_any_scope() {
    let documents = graph_tests::shared_documents("graph-beta");
    assert_eq!(documents.len(), 42, "the 42 beta modules: {documents:?}");
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in &documents {
        let api = lower(file);
        for (scope, names) in scopes(&api) {
            checked += 1;
            let twice = duplicates(names);
            if !twice.is_empty() {
                failures.push(format!("{}: {scope}: {twice:?}", file.display()));
            }
        }
    }
    assert!(checked > 42 * 100, "only {checked} scopes walked");
    assert!(failures.is_empty(), "duplicates:\n{}", failures.join("\n"));
}

/// The walk finds a duplicate where there is one: the check cannot pass by seeing nothing.
#[test]
fn the_walk_sees_a_planted_duplicate() {
    let file = graph_tests::shared_spec("graph-beta/ChangeNotifications.yml");
    let mut api = lower(&file);
    let first = api.operations[0].method_name.clone();
    api.operations[1].via_identity_method = Some(first.clone());
    let found: Vec<(String, Vec<&str>)> = scopes(&api)
        .into_iter()
        .map(|(scope, names)| (scope, duplicates(names)))
        .filter(|(_, twice)| !twice.is_empty())
        .collect();
    assert_eq!(found, [("client methods".to_owned(), vec![first.as_str()])]);
}
