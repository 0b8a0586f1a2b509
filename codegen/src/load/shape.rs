//! Checking the types of OpenAPI's known fields on the YAML tree, before deserializing.
//!
//! `openapiv3` deserializes `$ref`-or-object positions through an untagged enum, so a
//! wrong type deep inside a parameter or a schema comes back as "data did not match any
//! variant of untagged enum ReferenceOr" at the enclosing key, and backtracks through
//! every alternative at every level above a deep mistake (time exponential in depth).
//! Before deserializing, [`check`] walks the `serde_yaml::Value` tree once with a small
//! description of the OpenAPI 3.0 fields the generator knows, depth first, and returns
//! the first offending node with a plain message. Fields it does not know are not
//! checked (the deserializer's own message covers them).

// Every check has the one signature of `Check`, so leaf checks take `&mut Vec` too.
#![allow(clippy::ptr_arg)]

use serde_yaml::Value;

use crate::diagnostics::pointer;

/// A problem found: the JSON pointer of the offending node, and what is wrong.
pub type Finding = (String, String);

type Check = fn(&Value, &mut Vec<String>) -> Option<Finding>;

/// The first wrong-typed known field of an OpenAPI 3.0 document, if any.
pub fn check(doc: &Value) -> Option<Finding> {
    let mut at = Vec::new();
    root(doc, &mut at)
}

/// The first wrong-typed known field of a `components` object (pointers relative to it).
pub fn check_components(components: &Value) -> Option<Finding> {
    let mut at = Vec::new();
    self::components(components, &mut at)
}

/// The YAML kind of a value, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a sequence",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

fn here(at: &[String]) -> String {
    pointer(at)
}

fn wrong(at: &[String], what: &str, expected: &str, value: &Value) -> Option<Finding> {
    Some((
        here(at),
        format!("`{what}` must be {expected}, found {}", kind(value)),
    ))
}

/// Runs `f` on the child `key`, with the path extended.
fn child(
    at: &mut Vec<String>,
    key: &str,
    f: impl FnOnce(&mut Vec<String>) -> Option<Finding>,
) -> Option<Finding> {
    at.push(key.to_owned());
    let found = f(at);
    at.pop();
    found
}

fn key_str(key: &Value) -> String {
    match key {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        other => format!("<{}>", kind(other)),
    }
}

/// Checks the fields of a mapping: each `(name, check)` that is present.
fn fields(
    value: &Value,
    what: &str,
    at: &mut Vec<String>,
    known: &[(&str, Check)],
) -> Option<Finding> {
    let Some(map) = value.as_mapping() else {
        return Some((
            here(at),
            format!("{what} must be a mapping, found {}", kind(value)),
        ));
    };
    for (name, f) in known {
        if let Some(v) = map.get(*name)
            && let Some(found) = child(at, name, |at| f(v, at))
        {
            return Some(found);
        }
    }
    None
}

/// Checks that each of `names` is present in the mapping `value`.
fn required(value: &Value, what: &str, at: &[String], names: &[&str]) -> Option<Finding> {
    let map = value.as_mapping()?;
    names.iter().find(|n| !map.contains_key(**n)).map(|n| {
        (
            here(at),
            format!("{what} has no `{n}`, which OpenAPI requires"),
        )
    })
}

/// Checks every value of a mapping with `f` (keys starting `x-` are extensions, skipped).
fn each_value(value: &Value, what: &str, at: &mut Vec<String>, f: Check) -> Option<Finding> {
    let Some(map) = value.as_mapping() else {
        return Some((
            here(at),
            format!("`{what}` must be a mapping, found {}", kind(value)),
        ));
    };
    for (k, v) in map {
        let key = key_str(k);
        if key.starts_with("x-") {
            continue;
        }
        if let Some(found) = child(at, &key, |at| f(v, at)) {
            return Some(found);
        }
    }
    None
}

fn each_item(value: &Value, what: &str, at: &mut Vec<String>, f: Check) -> Option<Finding> {
    let Some(seq) = value.as_sequence() else {
        return Some((
            here(at),
            format!("`{what}` must be a sequence, found {}", kind(value)),
        ));
    };
    for (i, v) in seq.iter().enumerate() {
        if let Some(found) = child(at, &i.to_string(), |at| f(v, at)) {
            return Some(found);
        }
    }
    None
}

fn last(at: &[String]) -> String {
    at.last().cloned().unwrap_or_default()
}

fn string(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    (!v.is_string())
        .then(|| wrong(at, &last(at), "a string", v))
        .flatten()
}

fn boolean(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    (!v.is_bool())
        .then(|| wrong(at, &last(at), "true or false", v))
        .flatten()
}

fn number(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    (!v.is_number())
        .then(|| wrong(at, &last(at), "a number", v))
        .flatten()
}

fn strings(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    let what = last(at);
    each_item(v, &what, at, string)
}

fn sequence(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    (!v.is_sequence())
        .then(|| wrong(at, &last(at), "a sequence", v))
        .flatten()
}

/// A `$ref` object, or `None` when `value` is not one.
fn reference(value: &Value, at: &mut Vec<String>) -> Option<Option<Finding>> {
    let r = value.as_mapping()?.get("$ref")?;
    Some(child(at, "$ref", |at| string(r, at)))
}

fn root(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    if let Some(found) = required(v, "the document", at, &["info", "paths"]) {
        return Some(found);
    }
    fields(
        v,
        "the document",
        at,
        &[
            ("info", info),
            ("servers", servers),
            ("paths", paths),
            ("components", components),
        ],
    )
}

fn info(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    let found = fields(
        v,
        "`info`",
        at,
        &[
            ("title", string),
            ("version", string),
            ("description", string),
        ],
    );
    found.or_else(|| required(v, "`info`", at, &["title", "version"]))
}

fn servers(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    each_item(v, "servers", at, |s, at| {
        fields(
            s,
            "a server",
            at,
            &[("url", string), ("description", string)],
        )
        .or_else(|| required(s, "a server", at, &["url"]))
    })
}

fn paths(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    each_value(v, "paths", at, path_item)
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn path_item(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    if let Some(found) = reference(v, at) {
        return found;
    }
    let found = fields(
        v,
        "a path item",
        at,
        &[
            ("summary", string),
            ("description", string),
            ("parameters", parameters),
            ("servers", servers),
        ],
    );
    if found.is_some() {
        return found;
    }
    let map = v.as_mapping()?;
    for method in METHODS {
        if let Some(op) = map.get(method)
            && let Some(found) = child(at, method, |at| operation(op, at))
        {
            return Some(found);
        }
    }
    None
}

fn operation(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    let found = fields(
        v,
        "an operation",
        at,
        &[
            ("operationId", string),
            ("summary", string),
            ("description", string),
            ("tags", strings),
            ("deprecated", boolean),
            ("parameters", parameters),
            ("requestBody", request_body),
            ("responses", responses),
            ("security", sequence),
        ],
    );
    found.or_else(|| required(v, "an operation", at, &["responses"]))
}

fn parameters(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    each_item(v, "parameters", at, parameter)
}

/// The parameter locations OpenAPI 3.0 knows.
pub const LOCATIONS: [&str; 4] = ["path", "query", "header", "cookie"];

fn parameter(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    if let Some(found) = reference(v, at) {
        return found;
    }
    let found = fields(
        v,
        "a parameter",
        at,
        &[
            ("name", string),
            ("in", location),
            ("description", string),
            ("required", boolean),
            ("deprecated", boolean),
            ("allowEmptyValue", boolean),
            ("style", string),
            ("explode", boolean),
            ("schema", schema),
            ("content", content),
        ],
    );
    found.or_else(|| required(v, "a parameter", at, &["name", "in"]))
}

fn location(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    let Some(s) = v.as_str() else {
        return wrong(at, "in", "a string", v);
    };
    if LOCATIONS.contains(&s) {
        return None;
    }
    let hint = if s == "body" || s == "formData" {
        " (an OpenAPI 2.0 location; 3.0 describes bodies with `requestBody`)"
    } else {
        ""
    };
    Some((
        here(at),
        format!(
            "unknown parameter location {s:?}{hint}; expected one of path, query, header, cookie"
        ),
    ))
}

fn request_body(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    if let Some(found) = reference(v, at) {
        return found;
    }
    fields(
        v,
        "a request body",
        at,
        &[
            ("description", string),
            ("required", boolean),
            ("content", content),
        ],
    )
}

fn responses(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    each_value(v, "responses", at, response)
}

fn response(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    if let Some(found) = reference(v, at) {
        return found;
    }
    let found = fields(
        v,
        "a response",
        at,
        &[
            ("description", string),
            ("content", content),
            ("headers", |h, at| each_value(h, "headers", at, header)),
        ],
    );
    found.or_else(|| required(v, "a response", at, &["description"]))
}

fn header(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    if let Some(found) = reference(v, at) {
        return found;
    }
    fields(
        v,
        "a header",
        at,
        &[
            ("description", string),
            ("required", boolean),
            ("schema", schema),
        ],
    )
}

fn content(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    each_value(v, "content", at, |media, at| {
        fields(media, "a media type", at, &[("schema", schema)])
    })
}

fn components(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    fields(
        v,
        "`components`",
        at,
        &[
            ("schemas", |s, at| each_value(s, "schemas", at, schema)),
            ("parameters", |s, at| {
                each_value(s, "parameters", at, parameter)
            }),
            ("requestBodies", |s, at| {
                each_value(s, "requestBodies", at, request_body)
            }),
            ("responses", |s, at| {
                each_value(s, "responses", at, response)
            }),
            ("headers", |s, at| each_value(s, "headers", at, header)),
        ],
    )
}

fn schema(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    if let Some(found) = reference(v, at) {
        return found;
    }
    if v.is_bool() {
        return None; // `true`/`false` schemas: not 3.0, left to the deserializer
    }
    fields(
        v,
        "a schema",
        at,
        &[
            ("type", schema_type),
            ("format", string),
            ("title", string),
            ("description", string),
            ("pattern", string),
            ("nullable", boolean),
            ("readOnly", boolean),
            ("writeOnly", boolean),
            ("deprecated", boolean),
            ("uniqueItems", boolean),
            ("minimum", number),
            ("maximum", number),
            ("multipleOf", number),
            ("minLength", number),
            ("maxLength", number),
            ("minItems", number),
            ("maxItems", number),
            ("required", strings),
            ("enum", sequence),
            ("properties", |p, at| {
                each_value(p, "properties", at, schema)
            }),
            ("items", schema),
            ("not", schema),
            ("additionalProperties", |a, at| {
                if a.is_bool() { None } else { schema(a, at) }
            }),
            ("allOf", |s, at| each_item(s, "allOf", at, schema)),
            ("anyOf", |s, at| each_item(s, "anyOf", at, schema)),
            ("oneOf", |s, at| each_item(s, "oneOf", at, schema)),
        ],
    )
}

fn schema_type(v: &Value, at: &mut Vec<String>) -> Option<Finding> {
    if !v.is_string() {
        let hint = if v.is_sequence() {
            " (a list of types is OpenAPI 3.1; 3.0 writes one type and `nullable`)"
        } else {
            ""
        };
        return Some((
            here(at),
            format!("`type` must be a string, found {}{hint}", kind(v)),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::check;

    fn find(yaml: &str) -> Option<(String, String)> {
        check(&serde_yaml::from_str(yaml).unwrap())
    }

    #[test]
    fn finds_the_deepest_wrong_field() {
        let doc = "info: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: a, in: query, required: yes-please}\n      responses: {}\n";
        let (at, message) = find(doc).unwrap();
        assert_eq!(at, "/paths/~1a/get/parameters/0/required");
        assert!(message.contains("true or false"), "{message}");
    }

    #[test]
    fn accepts_a_good_document() {
        let doc = "info: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/x'}}}}\n";
        assert_eq!(find(doc), None);
    }
}
