//! `codegen::diff` (`cargo xtask diff`): the operations added and removed between each two
//! consecutive weekly Applications documents in `../shared/specs/history/Applications/`,
//! checked against a count made here from the documents' YAML; and each classification
//! rule on two small documents.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::diff::{Class, Report, compare};

/// Every (METHOD, path) of a document, read from its YAML alone.
fn operations(file: &Path) -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(file).unwrap();
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for (method, _) in item.as_mapping().unwrap() {
            let method = method.as_str().unwrap();
            if [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ]
            .contains(&method)
            {
                out.insert((method.to_uppercase(), path.as_str().unwrap().to_owned()));
            }
        }
    }
    out
}

fn lower(file: &Path) -> codegen::ir::Api {
    codegen::lower_input(file, &codegen::LowerOptions::default()).expect("lowers")
}

#[test]
fn each_weekly_pair_names_exactly_the_operations_added_and_removed() {
    let files = graph_tests::shared_documents("history/Applications");
    assert_eq!(files.len(), 5, "{files:?}");
    let mut totals = Vec::new();
    for pair in files.windows(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let report = compare("old", &lower(old), "new", &lower(new));
        let (before, after) = (operations(old), operations(new));
        let added: BTreeSet<_> = after.difference(&before).cloned().collect();
        let removed: BTreeSet<_> = before.difference(&after).cloned().collect();
        let key = |o: &codegen::diff::OperationChange| {
            (o.operation.method.clone(), o.operation.path.clone())
        };
        let reported_added: BTreeSet<_> = report.added_operations.iter().map(key).collect();
        let reported_removed: BTreeSet<_> = report.removed_operations.iter().map(key).collect();
        assert_eq!(reported_added, added, "added, {old:?} -> {new:?}");
        assert_eq!(reported_removed, removed, "removed, {old:?} -> {new:?}");
        assert_eq!(report.added_operations.len(), added.len(), "no duplicates");
        // Removing an operation removes a method: breaking.
        assert!(
            report
                .removed_operations
                .iter()
                .all(|o| o.class == Class::Breaking)
        );
        totals.push((added.len(), removed.len()));
    }
    // The history has both kinds of week.
    assert!(totals.iter().any(|(a, _)| *a > 0), "{totals:?}");
}

const OLD: &str = r"
openapi: 3.0.4
info: {title: Rules, version: '1'}
servers: [{url: 'https://rules.example.com'}]
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - {name: top, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
  /gone:
    delete:
      operationId: removeGone
      responses: {'204': {description: ok}}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
        size: {type: integer, format: int32}
        color: {$ref: '#/components/schemas/Color'}
    Color:
      type: string
      enum: [red, green]
";

const NEW: &str = r"
openapi: 3.0.4
info: {title: Rules, version: '2'}
servers: [{url: 'https://rules.example.com'}]
paths:
  /things:
    get:
      operationId: listThings
      deprecated: true
      parameters:
        - {name: top, in: query, schema: {type: integer}}
        - {name: filter, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
  /new:
    post:
      operationId: addNew
      responses: {'204': {description: ok}}
components:
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
        size: {type: string}
        color: {$ref: '#/components/schemas/Color'}
        note: {type: string}
    Color:
      type: string
      enum: [red, blue]
";

fn report() -> Report {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    std::fs::write(&old, OLD).unwrap();
    std::fs::write(&new, NEW).unwrap();
    compare("old", &lower(&old), "new", &lower(&new))
}

/// The class of the one change whose description starts with `what`.
fn class_of(report: &Report, what: &str) -> Class {
    let changes: Vec<_> = report
        .changed_operations
        .iter()
        .flat_map(|o| &o.changes)
        .chain(report.changed_models.iter().flat_map(|m| &m.changes))
        .filter(|c| c.what.starts_with(what))
        .collect();
    assert_eq!(changes.len(), 1, "{what}: {changes:?}");
    changes[0].class
}

#[test]
fn each_rule_classifies_its_change() {
    let report = report();
    assert_eq!(report.removed_operations.len(), 1);
    assert_eq!(report.removed_operations[0].operation.path, "/gone");
    assert_eq!(
        report.removed_operations[0].operation.rust_method,
        "remove_gone"
    );
    assert_eq!(report.removed_operations[0].class, Class::Breaking);
    assert_eq!(report.added_operations.len(), 1);
    assert_eq!(report.added_operations[0].operation.rust_method, "add_new");
    assert_eq!(report.added_operations[0].class, Class::Additive);
    assert_eq!(
        class_of(&report, "query parameter \"filter\" added"),
        Class::Additive
    );
    assert_eq!(class_of(&report, "deprecated"), Class::Documentation);
    assert_eq!(
        class_of(&report, "property \"size\" changed type"),
        Class::Breaking
    );
    // A new field breaks struct literals.
    assert_eq!(
        class_of(&report, "property \"note\" added"),
        Class::Breaking
    );
    // The enum is open and non-exhaustive: a new member breaks nothing, a lost one does.
    assert_eq!(
        class_of(&report, "enum member \"blue\" added"),
        Class::Additive
    );
    assert_eq!(
        class_of(&report, "enum member \"green\" removed"),
        Class::Breaking
    );
    let s = report.summary;
    assert_eq!((s.breaking, s.additive, s.documentation), (4, 3, 1));
    // The JSON has the fields tools read.
    let json: serde_json::Value = serde_json::from_str(&codegen::diff::json(&report)).unwrap();
    assert_eq!(json["removed_operations"][0]["method"], "DELETE");
    assert_eq!(json["removed_operations"][0]["path"], "/gone");
    assert_eq!(json["added_operations"][0]["method"], "POST");
    assert_eq!(json["summary"]["breaking"], 4);
    // The markdown leads with the counts.
    let text = codegen::diff::markdown(&report);
    assert!(
        text.contains("**4 breaking, 3 additive, 1 documentation-only.**"),
        "{text}"
    );
}
