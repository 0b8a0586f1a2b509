//! Stage 1: read the document, parse the YAML (or JSON) and check it is OpenAPI 3.0.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;

use crate::diagnostics::{Error, Location, Result};

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
    let text = std::fs::read_to_string(file).map_err(|e| Error::io(file, e))?;
    parse(file, &text)
}

/// Parses `text`, the contents of `file`.
pub fn parse(file: &Path, text: &str) -> Result<Document> {
    // Fast path: straight into the typed model, a third faster than through a YAML value
    // on the whole module. Anything unusual (not 3.0.x, not parsing) takes the checked path
    // below, which finds and explains the problem.
    if let Ok(api) = serde_yaml::from_str::<OpenAPI>(text)
        && api.openapi.starts_with("3.0.")
    {
        return Ok(Document {
            file: file.to_owned(),
            api,
        });
    }
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
    let api: OpenAPI = serde_path_to_error::deserialize(value).map_err(|e| {
        let pointer = crate::diagnostics::pointer(path_tokens(e.path()));
        Error::spec(file, pointer, e.inner())
    })?;
    Ok(Document {
        file: file.to_owned(),
        api,
    })
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
