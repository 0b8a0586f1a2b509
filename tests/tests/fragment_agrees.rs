//! Checks that our own OpenAPI fragment, `specs/graph-beta-synchronization-secrets.yaml`,
//! states the same API facts as the fragment Microsoft publishes
//! (`shared/specs/graph-beta-synchronization-secrets-2026.yml`).
//!
//! Prose (`description`, `summary`, `title`) is ours and may differ freely, so it is
//! stripped from both documents before they are compared. Everything else — paths,
//! operations, parameters, schemas, enum members, responses, deprecation data,
//! security — must be equal. On a mismatch the test lists every JSON pointer where the
//! two documents differ, with both values.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};

/// Our fragment, relative to this package's manifest directory.
const OURS: &str = "../specs/graph-beta-synchronization-secrets.yaml";
/// The published fragment, in the shared documents ([`graph_tests::shared_spec`]).
const PUBLISHED: &str = "graph-beta-synchronization-secrets-2026.yml";
/// Where the `synchronizationSecret` enum members live.
const ENUM_POINTER: &str = "/components/schemas/microsoft.graph.synchronizationSecret/enum";
/// The JSON pointer of the PUT operation (`/` in the path is escaped as `~1`).
const PUT_POINTER: &str =
    "/paths/~1servicePrincipals~1{servicePrincipal-id}~1synchronization~1secrets/put";

/// Keys that hold prose when they are fields of an OpenAPI object.
const PROSE_KEYS: [&str; 3] = ["description", "summary", "title"];

/// Prose that may be identical in both documents: the identity-doc formula used for
/// key parameters, and titles that are merely the schema's short name.
const SHARED_PROSE_ALLOWED: [&str; 3] = [
    "The unique identifier of servicePrincipal",
    "synchronizationSecretKeyStringValuePair",
    "synchronizationSecret",
];

// ---------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------

fn manifest_relative(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Parses a YAML file into a JSON value (YAML mappings keep their key order).
fn load_yaml(path: &Path) -> Value {
    let text = fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    serde_yaml::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not valid YAML: {error}", path.display()))
}

fn load_ours() -> Value {
    load_yaml(&manifest_relative(OURS))
}

/// The published fragment; fails where `shared/` is not laid out.
fn load_published() -> Value {
    load_yaml(&graph_tests::shared_spec(PUBLISHED))
}

// ---------------------------------------------------------------------------------------
// Stripping prose
// ---------------------------------------------------------------------------------------

/// What a JSON value is, as far as finding prose in it is concerned.
#[derive(Clone, Copy, Debug)]
enum Context {
    /// An OpenAPI object (operation, schema, parameter, ...): its `description`,
    /// `summary` and `title` fields are prose.
    Object,
    /// A map keyed by names the API chose (property names, paths, status codes,
    /// component names, media types): no key is prose, and each value is an object.
    NameMap,
    /// An OAuth `scopes` map: the keys are scope names, the values are prose.
    Scopes,
    /// Literal data (enum members, defaults, examples, security requirements): no prose.
    Literal,
}

/// The context of the value stored under `key` in an OpenAPI object.
fn field_context(key: &str) -> Context {
    match key {
        "properties" | "paths" | "schemas" | "responses" | "parameters" | "requestBodies"
        | "headers" | "securitySchemes" | "links" | "callbacks" | "content" | "encoding"
        | "variables" | "examples" | "mapping" => Context::NameMap,
        "scopes" => Context::Scopes,
        "enum" | "default" | "example" | "value" | "security" => Context::Literal,
        _ => Context::Object,
    }
}

/// Removes the prose from `value` in place, appending every removed string to `prose`.
///
/// A schema property that happens to be *named* `description` or `title` is kept,
/// because it sits in a name map (`properties`), not among an object's fields.
fn strip_prose(value: &mut Value, context: Context, prose: &mut Vec<String>) {
    match (value, context) {
        (_, Context::Literal) => {}
        (Value::Array(items), _) => {
            for item in items {
                strip_prose(item, Context::Object, prose);
            }
        }
        (Value::Object(map), Context::Object) => strip_object_fields(map, prose),
        (Value::Object(map), Context::NameMap) => {
            for child in map.values_mut() {
                strip_prose(child, Context::Object, prose);
            }
        }
        (Value::Object(map), Context::Scopes) => {
            for scope_description in map.values_mut() {
                collect_prose(scope_description.take(), prose);
            }
        }
        _ => {}
    }
}

/// Drops the prose fields of one OpenAPI object and recurses into the other fields.
fn strip_object_fields(map: &mut Map<String, Value>, prose: &mut Vec<String>) {
    for key in PROSE_KEYS {
        if let Some(removed) = map.remove(key) {
            collect_prose(removed, prose);
        }
    }
    for (key, child) in map.iter_mut() {
        strip_prose(child, field_context(key), prose);
    }
}

fn collect_prose(removed: Value, prose: &mut Vec<String>) {
    match removed {
        Value::String(text) => prose.push(text),
        Value::Null => {}
        other => prose.push(other.to_string()),
    }
}

/// The document with all prose removed, ready to be compared fact by fact.
fn without_prose(mut document: Value) -> Value {
    strip_prose(&mut document, Context::Object, &mut Vec::new());
    document
}

/// All prose strings of the document.
fn prose_of(mut document: Value) -> Vec<String> {
    let mut prose = Vec::new();
    strip_prose(&mut document, Context::Object, &mut prose);
    prose
}

// ---------------------------------------------------------------------------------------
// Diffing
// ---------------------------------------------------------------------------------------

/// One place where the documents disagree; `None` means "absent on that side".
#[derive(Debug, PartialEq)]
struct Difference {
    pointer: String,
    ours: Option<Value>,
    published: Option<Value>,
}

/// Every JSON pointer where `ours` and `published` differ. Object key order is ignored;
/// arrays are compared index by index.
fn diff(ours: &Value, published: &Value) -> Vec<Difference> {
    let mut differences = Vec::new();
    diff_values("", ours, published, &mut differences);
    differences
}

fn diff_values(pointer: &str, ours: &Value, published: &Value, out: &mut Vec<Difference>) {
    match (ours, published) {
        (Value::Object(left), Value::Object(right)) => {
            let right_only = right.keys().filter(|key| !left.contains_key(*key));
            for key in left.keys().chain(right_only) {
                let child = format!("{pointer}/{}", escape_pointer_token(key));
                diff_entries(&child, left.get(key), right.get(key), out);
            }
        }
        (Value::Array(left), Value::Array(right)) => {
            for index in 0..left.len().max(right.len()) {
                let child = format!("{pointer}/{index}");
                diff_entries(&child, left.get(index), right.get(index), out);
            }
        }
        _ if ours != published => out.push(Difference {
            pointer: pointer.to_owned(),
            ours: Some(ours.clone()),
            published: Some(published.clone()),
        }),
        _ => {}
    }
}

fn diff_entries(
    pointer: &str,
    ours: Option<&Value>,
    published: Option<&Value>,
    out: &mut Vec<Difference>,
) {
    match (ours, published) {
        (Some(left), Some(right)) => diff_values(pointer, left, right, out),
        _ => out.push(Difference {
            pointer: pointer.to_owned(),
            ours: ours.cloned(),
            published: published.cloned(),
        }),
    }
}

/// Escapes one reference token as RFC 6901 requires (`~` → `~0`, `/` → `~1`).
fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A readable list of the differences, one pointer per entry.
fn report(differences: &[Difference]) -> String {
    let mut text = String::new();
    for difference in differences {
        // Writing to a `String` cannot fail.
        let _ = write!(
            text,
            "  {}\n      ours:      {}\n      published: {}\n",
            display_pointer(&difference.pointer),
            describe(difference.ours.as_ref()),
            describe(difference.published.as_ref()),
        );
    }
    text
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(document root)"
    } else {
        pointer
    }
}

/// A compact rendering of one side, shortened so a whole missing subtree stays readable.
fn describe(value: Option<&Value>) -> String {
    const LIMIT: usize = 200;
    let Some(value) = value else {
        return "(absent)".to_owned();
    };
    let text = value.to_string();
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn assert_no_differences(ours: &Value, published: &Value) {
    let differences = diff(ours, published);
    assert!(
        differences.is_empty(),
        "our fragment ({OURS}) disagrees with the published one ({PUBLISHED}) \
         at {} place(s):\n{}",
        differences.len(),
        report(&differences),
    );
}

// ---------------------------------------------------------------------------------------
// Tests on the real documents
// ---------------------------------------------------------------------------------------

#[test]
fn our_fragment_states_the_published_facts() {
    let published = load_published();
    assert_no_differences(&without_prose(load_ours()), &without_prose(published));
}

#[test]
fn our_prose_is_our_own() {
    let published = load_published();
    let published_prose = prose_of(published);
    let copied: Vec<String> = prose_of(load_ours())
        .into_iter()
        .filter(|text| published_prose.contains(text))
        .filter(|text| !SHARED_PROSE_ALLOWED.contains(&text.as_str()))
        .collect();
    assert!(
        copied.is_empty(),
        "prose copied verbatim from {PUBLISHED}: {copied:#?}"
    );
}

#[test]
fn our_fragment_is_openapi_3_0_4_with_all_45_secret_keys() {
    let ours = load_ours();
    assert_eq!(ours["openapi"], json!("3.0.4"));

    let members = ours
        .pointer(ENUM_POINTER)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{ENUM_POINTER} is not an array"));
    assert_eq!(
        members.len(),
        45,
        "synchronizationSecret members: {members:?}"
    );
    assert_eq!(members.first(), Some(&json!("None")));
    assert_eq!(members.last(), Some(&json!("ConnectionString")));
}

// ---------------------------------------------------------------------------------------
// Tests of the comparator itself
// ---------------------------------------------------------------------------------------

/// Mutates a prose-free copy of our fragment and returns the differences this causes.
fn differences_after(mutate: impl FnOnce(&mut Value)) -> Vec<Difference> {
    let original = without_prose(load_ours());
    let mut changed = original.clone();
    mutate(&mut changed);
    diff(&changed, &original)
}

fn value_at<'a>(document: &'a mut Value, pointer: &str) -> &'a mut Value {
    document
        .pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no value at {pointer}"))
}

#[test]
fn comparator_finds_a_dropped_enum_member() {
    let differences = differences_after(|document| {
        let members = value_at(document, ENUM_POINTER).as_array_mut().unwrap();
        assert_eq!(members.remove(19), json!("SyncAll"));
    });

    // Index 19 onwards shifts left by one; the last index is missing on our side.
    assert_eq!(differences.len(), 45 - 19, "{}", report(&differences));
    assert_eq!(
        differences.first(),
        Some(&Difference {
            pointer: format!("{ENUM_POINTER}/19"),
            ours: Some(json!("InstanceName")),
            published: Some(json!("SyncAll")),
        })
    );
    assert_eq!(
        differences.last(),
        Some(&Difference {
            pointer: format!("{ENUM_POINTER}/44"),
            ours: None,
            published: Some(json!("ConnectionString")),
        })
    );
}

#[test]
fn comparator_finds_a_changed_type() {
    let pointer = "/components/schemas/ODataCountResponse/type";
    let differences = differences_after(|document| {
        *value_at(document, pointer) = json!("string");
    });
    assert_eq!(
        differences,
        [Difference {
            pointer: pointer.to_owned(),
            ours: Some(json!("string")),
            published: Some(json!("integer")),
        }]
    );
}

#[test]
fn comparator_finds_a_missing_key_under_an_escaped_path() {
    let differences = differences_after(|document| {
        let put = value_at(document, PUT_POINTER).as_object_mut().unwrap();
        put.remove("deprecated");
    });
    assert_eq!(
        differences,
        [Difference {
            pointer: format!("{PUT_POINTER}/deprecated"),
            ours: None,
            published: Some(json!(true)),
        }]
    );
}

/// A tiny document whose prose is `prose` and one of whose properties is *named*
/// `description` with type `description_type`.
fn document_with_prose(prose: &str, description_type: &str) -> Value {
    json!({
        "openapi": "3.0.4",
        "info": { "title": prose, "version": "1" },
        "paths": {},
        "components": { "schemas": { "note": {
            "title": prose,
            "description": prose,
            "type": "object",
            "properties": {
                "description": { "type": description_type, "description": prose },
                "title": { "type": "string", "title": prose },
                "properties": {
                    "type": "object",
                    "summary": prose,
                    "properties": { "summary": { "type": "string" } }
                }
            }
        } } }
    })
}

#[test]
fn comparator_ignores_prose_but_not_properties_named_like_prose() {
    let strip = |prose: &str, description_type: &str| {
        without_prose(document_with_prose(prose, description_type))
    };

    // Different prose, same facts: no difference.
    let differences = diff(&strip("one wording", "string"), &strip("another", "string"));
    assert!(differences.is_empty(), "{}", report(&differences));

    // The property named `description` is a fact: a change to it is found.
    let properties = "/components/schemas/note/properties";
    assert_eq!(
        diff(
            &strip("one wording", "integer"),
            &strip("another", "string")
        ),
        [Difference {
            pointer: format!("{properties}/description/type"),
            ours: Some(json!("integer")),
            published: Some(json!("string")),
        }]
    );

    // So are the properties named `title` and `summary` (the latter inside a property
    // that is itself named `properties`).
    let mut without_named = strip("one wording", "string");
    for pointer in [
        properties.to_owned(),
        format!("{properties}/properties/properties"),
    ] {
        let map = value_at(&mut without_named, &pointer)
            .as_object_mut()
            .unwrap();
        map.remove("title");
        map.remove("summary");
    }
    let mut pointers: Vec<String> = diff(&without_named, &strip("another", "string"))
        .into_iter()
        .map(|difference| difference.pointer)
        .collect();
    pointers.sort();
    assert_eq!(
        pointers,
        [
            format!("{properties}/properties/properties/summary"),
            format!("{properties}/title"),
        ]
    );
}
