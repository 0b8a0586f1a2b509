//! Slicing a description, as Kiota users know it: keep the operations that match include
//! patterns (minus exclude patterns) and the closure of the components they reference.
//!
//! Patterns are `PATH[#METHODS]`:
//!
//! - `PATH` is matched segment by segment against the document's path templates: `*`
//!   matches exactly one segment (a `{parameter}` or a literal), `**` any number of
//!   segments (none included), anything else must equal the segment. A path that matches
//!   also brings its OData `$count` child (`PATH/$count`), as Kiota does.
//! - `METHODS`, when given, is a comma-separated list of HTTP methods (`GET,PUT`, any case);
//!   without it every method matches.
//!
//! An operation is kept when an include pattern matches it and no exclude pattern does;
//! with no include pattern, every operation is included. The slice keeps `openapi`,
//! `info`, `servers`, `security`, `tags` used by kept operations, every path item
//! with at least one kept operation (its shared fields too), and from `components` exactly
//! what `$ref`s reach from there, transitively, plus every `securitySchemes` entry
//! (security requirements name schemes without `$ref`). Only `$ref`s are followed:
//! `discriminator.mapping` lists derived types by name and is not, so slicing a base type
//! does not drag in every type derived from it. The output keeps the document's order,
//! so the same input and patterns always give the same bytes.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostics::{Error, Result};

/// The HTTP methods a path item can hold, as OpenAPI spells them.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One include or exclude pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    segments: Vec<String>,
    methods: Option<BTreeSet<String>>,
}

impl Pattern {
    /// Parses `PATH[#METHODS]`.
    pub fn parse(text: &str) -> std::result::Result<Self, String> {
        let (path, methods) = match text.split_once('#') {
            Some((p, m)) => (p, Some(m)),
            None => (text, None),
        };
        if !path.starts_with('/') {
            return Err(format!("pattern {text:?}: the path must start with `/`"));
        }
        let methods = match methods {
            None => None,
            Some(list) => {
                let mut set = BTreeSet::new();
                for m in list.split(',').map(|m| m.trim().to_ascii_lowercase()) {
                    if !METHODS.contains(&m.as_str()) {
                        return Err(format!("pattern {text:?}: {m:?} is not an HTTP method"));
                    }
                    set.insert(m);
                }
                Some(set)
            }
        };
        Ok(Pattern {
            segments: split(path).map(str::to_owned).collect(),
            methods,
        })
    }

    /// Whether the pattern matches `method` on `path` (or on the collection whose `$count`
    /// `path` is).
    pub fn matches(&self, path: &str, method: &str) -> bool {
        if let Some(methods) = &self.methods
            && !methods.contains(method)
        {
            return false;
        }
        let segments: Vec<&str> = split(path).collect();
        glob(&self.segments, &segments)
            || (segments.last() == Some(&"$count")
                && glob(&self.segments, &segments[..segments.len() - 1]))
    }
}

fn split(path: &str) -> impl Iterator<Item = &str> {
    path.split('/').filter(|s| !s.is_empty())
}

fn glob(pattern: &[String], segments: &[&str]) -> bool {
    match pattern.split_first() {
        None => segments.is_empty(),
        Some((first, rest)) if first == "**" => {
            (0..=segments.len()).any(|skip| glob(rest, &segments[skip..]))
        }
        Some((first, rest)) => match segments.split_first() {
            Some((segment, more)) => (first == "*" || first == segment) && glob(rest, more),
            None => false,
        },
    }
}

/// Slices the document read from `file` (its parsed contents are `doc`).
pub fn slice(file: &Path, doc: &Value, include: &[Pattern], exclude: &[Pattern]) -> Result<Value> {
    let root = doc
        .as_object()
        .ok_or_else(|| Error::spec(file, "", "expected a mapping at the top level"))?;
    let paths = root
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::spec(file, "/paths", "the document has no paths"))?;
    let mut kept_paths = Map::new();
    let mut tags = BTreeSet::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let mut kept = Map::new();
        let mut any = false;
        for (key, value) in item {
            if METHODS.contains(&key.as_str()) {
                let included = include.is_empty() || include.iter().any(|p| p.matches(path, key));
                if included && !exclude.iter().any(|p| p.matches(path, key)) {
                    for tag in value
                        .get("tags")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                    {
                        if let Some(tag) = tag.as_str() {
                            tags.insert(tag.to_owned());
                        }
                    }
                    kept.insert(key.clone(), value.clone());
                    any = true;
                }
            } else {
                kept.insert(key.clone(), value.clone());
            }
        }
        if any {
            kept_paths.insert(path.clone(), Value::Object(kept));
        }
    }
    if kept_paths.is_empty() {
        return Err(Error::spec(
            file,
            "/paths",
            "no operation matches the include patterns",
        ));
    }

    // The closure of the components referenced from the kept paths.
    let components = root.get("components").and_then(Value::as_object);
    let mut reached: BTreeSet<(String, String)> = BTreeSet::new();
    let mut stack = Vec::new();
    let kept_paths = Value::Object(kept_paths);
    refs(&kept_paths, &mut stack);
    while let Some(reference) = stack.pop() {
        let Some(rest) = reference.strip_prefix("#/components/") else {
            return Err(Error::spec(
                file,
                "",
                format!("$ref {reference:?}: only references into #/components are supported"),
            ));
        };
        let Some((kind, name)) = rest.split_once('/') else {
            continue;
        };
        let name = name.replace("~1", "/").replace("~0", "~");
        if !reached.insert((kind.to_owned(), name.clone())) {
            continue;
        }
        let target = components
            .and_then(|c| c.get(kind))
            .and_then(|t| t.get(&name))
            .ok_or_else(|| Error::spec(file, "", format!("$ref {reference:?} does not resolve")))?;
        refs(target, &mut stack);
    }

    let mut out = Map::new();
    for (key, value) in root {
        match key.as_str() {
            "paths" => {
                out.insert(key.clone(), kept_paths.clone());
            }
            "components" => {
                let mut kept = Map::new();
                for (kind, table) in components.into_iter().flatten() {
                    let Some(table) = table.as_object() else {
                        continue;
                    };
                    let entries: Map<String, Value> = table
                        .iter()
                        .filter(|(name, _)| {
                            kind == "securitySchemes"
                                || reached.contains(&(kind.clone(), (*name).clone()))
                        })
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    if !entries.is_empty() {
                        kept.insert(kind.clone(), Value::Object(entries));
                    }
                }
                if !kept.is_empty() {
                    out.insert(key.clone(), Value::Object(kept));
                }
            }
            "tags" => {
                let used: Vec<Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|t| {
                        t.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| tags.contains(n))
                    })
                    .cloned()
                    .collect();
                if !used.is_empty() {
                    out.insert(key.clone(), Value::Array(used));
                }
            }
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(Value::Object(out))
}

/// Pushes every `$ref` string inside `value`.
fn refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                match (key.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// Reads `file` and slices it; returns the slice as YAML.
pub fn slice_file(file: &Path, include: &[Pattern], exclude: &[Pattern]) -> Result<String> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    let doc: Value = serde_yaml::from_str(&text)
        .map_err(|e| Error::spec(file, "", format!("not valid YAML: {e}")))?;
    let sliced = slice(file, &doc, include, exclude)?;
    serde_yaml::to_string(&sliced).map_err(|e| Error::Internal {
        file: file.display().to_string(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_segments_methods_and_count() {
        let p = Pattern::parse("/servicePrincipals/*/synchronization/secrets#PUT").unwrap();
        let path = "/servicePrincipals/{servicePrincipal-id}/synchronization/secrets";
        assert!(p.matches(path, "put"));
        assert!(!p.matches(path, "get"));
        let any = Pattern::parse("/servicePrincipals/*/synchronization/secrets").unwrap();
        assert!(any.matches(&format!("{path}/$count"), "get"));
        assert!(!any.matches("/servicePrincipals/{id}/synchronization", "get"));
        let deep = Pattern::parse("/applications/**").unwrap();
        assert!(deep.matches("/applications", "get"));
        assert!(deep.matches("/applications/{id}/owners/$ref", "post"));
        assert!(Pattern::parse("applications").is_err());
        assert!(Pattern::parse("/a#FETCH").is_err());
    }

    #[test]
    fn closure_follows_refs_not_discriminator_mappings() {
        let doc: Value = serde_json::json!({
            "openapi": "3.0.4",
            "paths": {
                "/a": {"get": {"responses": {"200": {"$ref": "#/components/responses/r"}}}},
                "/b": {"get": {"responses": {}}}
            },
            "components": {
                "responses": {"r": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/base"}}}}},
                "schemas": {
                    "base": {"type": "object", "discriminator": {"propertyName": "@odata.type",
                        "mapping": {"#d": "#/components/schemas/derived"}}},
                    "derived": {"allOf": [{"$ref": "#/components/schemas/base"}]},
                    "unused": {"type": "string"}
                },
                "securitySchemes": {"s": {"type": "oauth2"}}
            }
        });
        let include = [Pattern::parse("/a").unwrap()];
        let out = slice(Path::new("t"), &doc, &include, &[]).unwrap();
        let schemas = out["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["base"]);
        assert!(out["paths"].get("/b").is_none());
        assert!(out["components"]["securitySchemes"].get("s").is_some());
    }
}
