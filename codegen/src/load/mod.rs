//! Stage 1: read the document, parse the YAML (or JSON) and check it is OpenAPI 3.0.
//!
//! Its helpers: [`shape`] checks the known fields' types before deserializing, and
//! [`locate`] finds the line and column of an error's JSON pointer (for lowering's errors
//! too), on the error path only.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::diagnostics::{Error, Location, Result};

pub mod locate;
pub mod merge;
pub mod shape;

/// A parsed document and where it came from.
#[derive(Debug)]
pub struct Document {
    /// The file it was read from, as given.
    pub file: PathBuf,
    /// The parsed description.
    pub api: OpenAPI,
}

/// Reads and parses `file`.
pub fn load(file: &Path) -> Result<Document> {
    let text = read(file)?;
    parse(file, &text)
}

/// Reads `file` as text.
pub fn read(file: &Path) -> Result<String> {
    std::fs::read_to_string(file).map_err(|e| Error::io(file, e))
}

/// Parses `text` as YAML into a `serde_yaml::Value`, the plain way, and drops it: no
/// checks, no OpenAPI. `cargo xtask bench` times it as its reference for the machine's
/// speed (the scale issue's targets assume it takes about 0.15 s for the whole
/// Applications module), so that figures from machines of different speed can be read
/// side by side.
pub fn parse_plain_yaml(text: &str) -> std::result::Result<(), String> {
    serde_yaml::from_str::<serde_yaml::Value>(text)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Parses `text`, the contents of `file`. Every error names the file, the JSON pointer
/// of the offending node, and its line and column (found only on the error path, by
/// [`locate`]).
pub fn parse(file: &Path, text: &str) -> Result<Document> {
    // No fast path straight from text into `openapiv3`: it was a third faster on the
    // module, but the fuzz test found inputs on which openapiv3's `ReferenceOr` panics
    // when deserialized directly from YAML ("somehow this parsed successfully the second
    // time"). Through a `serde_yaml::Value` it reports an error instead.
    parse_unlocated(file, text).map_err(|e| locate::fill(e, text))
}

fn parse_unlocated(file: &Path, text: &str) -> Result<Document> {
    // Deserializing with the path tracked cost a tenth to a fifth of the load time on the module
    // (a key copied for every field), and the path is needed only for an error: a
    // document that fails untracked is loaded once more, tracked, for its pointer.
    let api = match check_and_deserialize(file, parse_value(file, text)?, Paths::Untracked) {
        Ok(api) => api,
        Err(Some(error)) => return Err(error),
        Err(None) => check_and_deserialize(file, parse_value(file, text)?, Paths::Tracked)
            .map_err(|e| {
                // Tracked, every error is named; should one not be, still no panic.
                e.unwrap_or_else(|| {
                    Error::spec(
                        file,
                        String::new(),
                        "does not match the OpenAPI 3.0 schema".to_owned(),
                    )
                })
            })?,
    };
    Ok(Document {
        file: file.to_owned(),
        api,
    })
}

/// The document as YAML data, once its version is known to be one we read.
fn parse_value(file: &Path, text: &str) -> Result<serde_yaml::Value> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let line_col = e.location().map(|l| (l.line(), l.column()));
        Error::Spec {
            file: file.to_owned(),
            location: Location {
                pointer: String::new(),
                line_col,
            },
            message: format!("not valid YAML: {e}"),
        }
    })?;
    check_version(file, &value)?;
    Ok(value)
}

/// Whether deserialization keeps track of where it is, to name the field of an error.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Paths {
    /// Fast; an error says only that the document does not deserialize.
    Untracked,
    /// An error names the field at fault.
    Tracked,
}

/// Checks the nesting limits and the known fields' types, then deserializes into
/// `openapiv3`. `components` (the larger half of a Graph document) is checked, then
/// deserialized, on a second thread while the rest is on this one. Problems are reported in
/// a fixed order, whatever finishes first: nesting before field types, and within each,
/// the rest of the document before `components`. `Err(None)`: the document did not
/// deserialize, `Paths::Untracked` (never returned when tracked).
fn check_and_deserialize(
    file: &Path,
    value: serde_yaml::Value,
    paths: Paths,
) -> std::result::Result<OpenAPI, Option<Error>> {
    let serde_yaml::Value::Mapping(mut map) = value else {
        unreachable!("check_version accepts only a mapping");
    };
    let components = map.remove("components");
    let rest = serde_yaml::Value::Mapping(map);
    let (rest_problems, components_problems) = both(
        || problems(&rest, None, shape::check),
        || {
            components.as_ref().map_or([None, None], |c| {
                problems(c, Some("components"), shape::check_components)
            })
        },
    );
    let [rest_nesting, rest_fields] = rest_problems;
    let [components_nesting, components_fields] = components_problems;
    let first = [
        rest_nesting,
        components_nesting,
        rest_fields,
        components_fields,
    ]
    .into_iter()
    .flatten()
    .next();
    if let Some((pointer, message)) = first {
        return Err(Some(Error::spec(file, pointer, message)));
    }
    let (api, components) = both(
        || deserialize::<OpenAPI>(rest, None, paths),
        || components.map(|c| deserialize::<openapiv3::Components>(c, Some("components"), paths)),
    );
    let located =
        |found: Option<Found>| found.map(|(pointer, message)| Error::spec(file, pointer, message));
    let mut api = api.map_err(located)?;
    if let Some(components) = components {
        api.components = Some(components.map_err(located)?);
    }
    Ok(api)
}

/// A problem found: JSON pointer and message.
type Found = (String, String);

/// Runs `a` on this thread and `b` on another, and returns both results.
fn both<A, B: Send>(a: impl FnOnce() -> A, b: impl FnOnce() -> B + Send) -> (A, B) {
    std::thread::scope(|scope| {
        let b = scope.spawn(b);
        let a = a();
        (a, b.join().expect("a loading thread panicked"))
    })
}

/// The first node of `value` (found at `prefix`) nested too deep, and, within the
/// limits, its first wrong-typed field (`shape`).
fn problems(
    value: &serde_yaml::Value,
    prefix: Option<&str>,
    shape: fn(&serde_yaml::Value) -> Option<shape::Finding>,
) -> [Option<Found>; 2] {
    let mut at: Vec<String> = prefix.into_iter().map(str::to_owned).collect();
    let nesting = too_deep_in(value, &mut at, 0, false)
        .map(|(path, message)| (crate::diagnostics::pointer(path), message));
    // The field check is linear, but only worth running within the limits.
    let fields = nesting
        .is_none()
        .then(|| shape(value))
        .flatten()
        .map(|(pointer, message)| {
            let prefix = crate::diagnostics::pointer(prefix);
            (format!("{prefix}{pointer}"), message)
        });
    [nesting, fields]
}

/// Deserializes `value`, found at `prefix`. Tracked, an error carries the pointer of the
/// field; untracked, it is `None`.
fn deserialize<T: serde::de::DeserializeOwned>(
    value: serde_yaml::Value,
    prefix: Option<&str>,
    paths: Paths,
) -> std::result::Result<T, Option<Found>> {
    if paths == Paths::Untracked {
        return T::deserialize(value).map_err(|_| None);
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let tokens = prefix
            .map(str::to_owned)
            .into_iter()
            .chain(path_tokens(e.path()));
        Some((crate::diagnostics::pointer(tokens), e.inner().to_string()))
    })
}

/// The deepest nesting of mappings and sequences accepted. `openapiv3` deserializes
/// nested schemas through untagged enums and flattened fields, which re-reads each
/// subtree at every level: time grows exponentially with depth, and a fuzzed document
/// nested some 90 levels deep ran for minutes. Graph's documents nest 12 levels.
pub const MAX_NESTING: usize = 40;

/// The deepest nesting of schemas in schemas (`items`, `properties`, `allOf`, `anyOf`,
/// `oneOf`, `not`, `additionalProperties`) accepted. When something deep inside nested
/// schemas does not deserialize, `openapiv3` tries every alternative at every level
/// above it: the time doubles with each level (16 levels took 0.8 s, the fuzz test found
/// 28 that ran for minutes). Graph's documents nest schemas 4 levels deep.
pub const MAX_SCHEMA_NESTING: usize = 12;

/// Why a document is refused before deserializing, and where: the first node nested
/// deeper than [`MAX_NESTING`] or with schemas deeper than [`MAX_SCHEMA_NESTING`].
/// `schemas`: how many schemas enclose `value`; `container`: `value` is a `properties`
/// map or an `allOf`/`anyOf`/`oneOf` list, whose members are schemas.
fn too_deep_in(
    value: &serde_yaml::Value,
    at: &mut Vec<String>,
    schemas: usize,
    container: bool,
) -> Option<(Vec<String>, String)> {
    use serde_yaml::Value;
    if at.len() > MAX_NESTING {
        return Some((
            at.clone(),
            format!(
                "nested deeper than {MAX_NESTING} levels; the generator accepts at most {MAX_NESTING} (Graph's own documents use 12)"
            ),
        ));
    }
    if schemas > MAX_SCHEMA_NESTING {
        return Some((
            at.clone(),
            format!(
                "schemas nested in schemas deeper than {MAX_SCHEMA_NESTING} levels; the generator accepts at most {MAX_SCHEMA_NESTING} (Graph's own documents use 4); name the inner schemas under components and refer to them"
            ),
        ));
    }
    let child_schemas = |key: &str| {
        if container || matches!(key, "items" | "not" | "additionalProperties" | "schema") {
            schemas + 1
        } else {
            schemas
        }
    };
    let mut visit = |key: String, child: &Value| {
        let depth = child_schemas(&key);
        let holds_schemas =
            !container && matches!(key.as_str(), "properties" | "allOf" | "anyOf" | "oneOf");
        at.push(key);
        let found = too_deep_in(child, at, depth, holds_schemas);
        at.pop();
        found
    };
    match value {
        Value::Mapping(map) => map.iter().find_map(|(k, v)| {
            let key = match k {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => "?".to_owned(),
            };
            visit(key, v)
        }),
        Value::Sequence(seq) => seq
            .iter()
            .enumerate()
            .find_map(|(i, v)| visit(i.to_string(), v)),
        Value::Tagged(tagged) => too_deep_in(&tagged.value, at, schemas, container),
        _ => None,
    }
}

fn path_tokens(path: &serde_path_to_error::Path) -> Vec<String> {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(index.to_string()),
            Segment::Map { key } => Some(key.clone()),
            Segment::Enum { variant } => Some(variant.clone()),
            Segment::Unknown => None,
        })
        .collect()
}

fn check_version(file: &Path, value: &serde_yaml::Value) -> Result<()> {
    let Some(map) = value.as_mapping() else {
        return Err(Error::spec(
            file,
            "",
            "not an OpenAPI document: expected a mapping at the top level",
        ));
    };
    if map.contains_key("swagger") {
        return Err(Error::spec(
            file,
            "/swagger",
            "OpenAPI 2.0 (Swagger) is not supported; convert it to OpenAPI 3.0",
        ));
    }
    let version = match map.get("openapi") {
        None => {
            return Err(Error::spec(
                file,
                "",
                "not an OpenAPI document: no `openapi` version field",
            ));
        }
        Some(serde_yaml::Value::String(v)) => v.as_str(),
        Some(_) => {
            return Err(Error::spec(
                file,
                "/openapi",
                "the `openapi` field must be a version string such as \"3.0.4\"",
            ));
        }
    };
    if version.starts_with("3.0.") {
        Ok(())
    } else if version.starts_with("3.1") {
        Err(Error::spec(
            file,
            "/openapi",
            format!("OpenAPI {version} is not supported; only 3.0.x is"),
        ))
    } else {
        Err(Error::spec(
            file,
            "/openapi",
            format!("unsupported OpenAPI version {version:?}; only 3.0.x is supported"),
        ))
    }
}
