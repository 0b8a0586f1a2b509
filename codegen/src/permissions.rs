//! The permissions side file: which Microsoft Graph permissions each operation needs.
//!
//! OpenAPI descriptions of Graph carry no permissions, and our fragment must state the
//! same facts as the published one, so the permissions live beside it, in
//! `specs/permissions.yaml`, keyed by operationId, as the Graph PowerShell cmdlet
//! reference documents them:
//!
//! ```yaml
//! servicePrincipal.synchronization_SetSecret:
//!   delegated_work_or_school: [Synchronization.ReadWrite.All]
//!   delegated_personal: []          # empty: not supported
//!   application: [Application.ReadWrite.OwnedBy, Synchronization.ReadWrite.All]
//! ```
//!
//! Every key must be an operationId of the document; an operation without an entry gets
//! no permissions section in its docs. A malformed file is an error naming the file and
//! the JSON pointer of the bad value.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Deserialize;

use crate::diagnostics::{Error, Result, pointer};

/// The permissions of one operation, least privileged first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Permissions {
    /// Delegated permissions for work or school accounts.
    pub delegated_work_or_school: Vec<String>,
    /// Delegated permissions for personal Microsoft accounts; empty means not supported.
    pub delegated_personal: Vec<String>,
    /// Application permissions.
    pub application: Vec<String>,
}

impl Permissions {
    /// The permissions as a markdown section for rustdoc.
    pub fn markdown(&self) -> String {
        fn list(names: &[String]) -> String {
            if names.is_empty() {
                "not supported".to_owned()
            } else {
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }
        format!(
            "# Permissions\n\n\
             | Permission type | Permissions (least to most privileged) |\n\
             | --- | --- |\n\
             | Delegated (work or school account) | {} |\n\
             | Delegated (personal Microsoft account) | {} |\n\
             | Application | {} |",
            list(&self.delegated_work_or_school),
            list(&self.delegated_personal),
            list(&self.application),
        )
    }
}

/// Permissions by operationId.
pub type PermissionMap = BTreeMap<String, Permissions>;

/// Reads the side file at `path`.
pub fn load(path: &Path) -> Result<PermissionMap> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(path, &text)
}

/// Parses side-file text; `path` names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<PermissionMap> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    let map: Option<PermissionMap> =
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let tokens: Vec<String> = e
                .path()
                .iter()
                .map(|segment| match segment {
                    serde_path_to_error::Segment::Seq { index } => index.to_string(),
                    serde_path_to_error::Segment::Map { key } => key.clone(),
                    serde_path_to_error::Segment::Enum { variant } => variant.clone(),
                    serde_path_to_error::Segment::Unknown => "?".to_owned(),
                })
                .collect();
            Error::spec(path, pointer(tokens), e.inner())
        })?;
    let map = map.unwrap_or_default();
    for (op, permissions) in &map {
        for (field, names) in [
            (
                "delegated_work_or_school",
                &permissions.delegated_work_or_school,
            ),
            ("delegated_personal", &permissions.delegated_personal),
            ("application", &permissions.application),
        ] {
            for (i, name) in names.iter().enumerate() {
                if name.trim().is_empty() || name.contains(char::is_whitespace) {
                    return Err(Error::spec(
                        path,
                        pointer([op.as_str(), field, &i.to_string()]),
                        format!("{name:?} is not a permission name"),
                    ));
                }
            }
        }
    }
    Ok(map)
}

/// Checks that every key of `map` is one of `operation_ids`.
pub fn check_keys<'a>(
    path: &Path,
    map: &PermissionMap,
    operation_ids: impl IntoIterator<Item = &'a str>,
) -> Result<()> {
    let known: BTreeSet<&str> = operation_ids.into_iter().collect();
    for op in map.keys() {
        if !known.contains(op.as_str()) {
            return Err(Error::spec(
                path,
                pointer([op.as_str()]),
                "not an operationId of the document",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_renders() {
        let map = parse(
            Path::new("p.yaml"),
            "op.id:\n  delegated_work_or_school: [A.B]\n  delegated_personal: []\n  application: [C.D, E.F]\n",
        )
        .unwrap();
        let md = map["op.id"].markdown();
        assert!(md.contains("| Delegated (work or school account) | `A.B` |"));
        assert!(md.contains("| Delegated (personal Microsoft account) | not supported |"));
        assert!(md.contains("| Application | `C.D`, `E.F` |"));
    }

    #[test]
    fn malformed_names_file_and_pointer() {
        let error = parse(
            Path::new("specs/permissions.yaml"),
            "op.id:\n  delegated_work_or_school: [A.B]\n  delegated_personal: []\n  application: 7\n",
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("specs/permissions.yaml"), "{error}");
        assert!(error.contains("/op.id/application"), "{error}");
        let error = parse(
            Path::new("p.yaml"),
            "op.id:\n  delegated_work_or_school: [A.B]\n  delegated_personal: []\n  application: [\"has space\"]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("/op.id/application/0"), "{error}");
    }

    #[test]
    fn unknown_operation_is_an_error() {
        let map = parse(
            Path::new("p.yaml"),
            "nope:\n  delegated_work_or_school: []\n  delegated_personal: []\n  application: []\n",
        )
        .unwrap();
        let error = check_keys(Path::new("p.yaml"), &map, ["op.id"])
            .unwrap_err()
            .to_string();
        assert!(error.contains("/nope"), "{error}");
    }
}
