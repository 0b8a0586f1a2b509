//! A folder of documents, one Graph module each, merged into one document: every path and
//! every component once.
//!
//! - A component (schema, parameter, response, ...) defined by several documents is kept
//!   once; two definitions of one name that differ are an error naming both documents and
//!   the JSON pointer.
//! - A path in several documents is kept once and belongs to each of their modules
//!   ([`Merged::modules`]); two different definitions of one path are an error the same way.
//! - The documents must describe one service: the same first server URL and `info.version`.
//!
//! The merged document's title is the folder's name and its version the documents' own, so
//! it is named like a document of its own (`graph-beta/` gives the package `graph-beta`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI};

use super::Document;
use crate::diagnostics::{Error, Result, pointer};

/// The documents of a folder as one.
#[derive(Debug)]
pub struct Merged {
    /// The merged document; its `file` is the folder.
    pub doc: Document,
    /// Each path's modules: the file stems of the documents that have it, sorted.
    pub modules: BTreeMap<String, Vec<String>>,
    /// Each document's file and text, for the line and column of an error found later.
    pub sources: Vec<(PathBuf, String)>,
    /// Which source (index into `sources`) first defined each path and component, by the
    /// JSON pointer prefix (`/paths/~1users`, `/components/schemas/microsoft.graph.user`).
    owners: BTreeMap<String, usize>,
}

impl Merged {
    /// `error` (found in the merged document) named after the document that defines the
    /// part it points into, with its line and column there.
    pub fn locate(&self, error: Error) -> Error {
        let Error::Spec {
            file: _,
            location,
            message,
        } = &error
        else {
            return error;
        };
        // `/paths/{path}/...` or `/components/{kind}/{name}/...`.
        let segments = if location.pointer.starts_with("/paths/") {
            2
        } else {
            3
        };
        let prefix: String = location
            .pointer
            .split_inclusive('/')
            .take(segments + 1)
            .collect::<String>()
            .trim_end_matches('/')
            .to_owned();
        let owner = self.owners.get(&prefix).copied();
        match owner {
            Some(i) => {
                let (file, text) = &self.sources[i];
                super::locate::fill(
                    Error::Spec {
                        file: file.clone(),
                        location: location.clone(),
                        message: message.clone(),
                    },
                    text,
                )
            }
            None => error,
        }
    }
}

/// The documents in `dir` (every `.yml`, `.yaml` and `.json` file, by name), sorted by file
/// name.
pub fn documents(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .is_some_and(|x| x == "yml" || x == "yaml" || x == "json")
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::spec(
            dir,
            String::new(),
            "the folder holds no OpenAPI document (.yml, .yaml or .json)",
        ));
    }
    Ok(files)
}

/// Merges `parsed` (each document with its text, sorted by file name) into one document
/// named after `dir`.
pub fn merge(dir: &Path, parsed: Vec<(Document, String)>) -> Result<Merged> {
    let mut merged: Option<OpenAPI> = None;
    let mut modules: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut owners: BTreeMap<String, usize> = BTreeMap::new();
    let mut sources = Vec::with_capacity(parsed.len());
    for (index, (doc, text)) in parsed.into_iter().enumerate() {
        let file = doc.file.clone();
        let module = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        sources.push((file.clone(), text));
        let here = Here {
            file: &file,
            index,
            sources: &sources,
        };
        let api = doc.api;
        let Some(into) = merged.as_mut() else {
            for path in api.paths.paths.keys() {
                modules
                    .entry(path.clone())
                    .or_default()
                    .push(module.clone());
                owners.insert(pointer(["paths", path]), index);
            }
            if let Some(components) = &api.components {
                for (kind, keys) in component_keys(components) {
                    for key in keys {
                        owners.insert(pointer(["components", kind, key]), index);
                    }
                }
            }
            merged = Some(api);
            continue;
        };
        same_service(into, &api, &here)?;
        for (path, item) in api.paths.paths {
            let at = pointer(["paths", &path]);
            match into.paths.paths.get(&path) {
                Some(existing) if *existing != item => {
                    return Err(here.conflict(&at, &owners, "path"));
                }
                Some(_) => {}
                None => {
                    owners.insert(at, index);
                    into.paths.paths.insert(path.clone(), item);
                }
            }
            modules.entry(path).or_default().push(module.clone());
        }
        if let Some(components) = api.components {
            let target = into.components.get_or_insert_with(Components::default);
            merge_components(target, components, &here, &mut owners)?;
        }
    }
    let mut api = merged.expect("documents() returns at least one");
    api.info.title = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "documents".to_owned());
    for list in modules.values_mut() {
        list.sort();
        list.dedup();
    }
    Ok(Merged {
        doc: Document {
            file: dir.to_owned(),
            api,
        },
        modules,
        sources,
        owners,
    })
}

/// The document being merged, for its errors.
struct Here<'a> {
    file: &'a Path,
    index: usize,
    sources: &'a [(PathBuf, String)],
}

impl Here<'_> {
    /// The error for a `what` at `at` that this document defines otherwise than the one
    /// that defined it first.
    fn conflict(&self, at: &str, owners: &BTreeMap<String, usize>, what: &str) -> Error {
        let first = owners
            .get(at)
            .map(|&i| self.sources[i].0.display().to_string())
            .unwrap_or_else(|| "an earlier document".to_owned());
        super::locate::fill(
            Error::spec(
                self.file,
                at.to_owned(),
                format!(
                    "this {what} differs from its definition in {first}; a merged {what} must be defined the same everywhere"
                ),
            ),
            &self.sources[self.index].1,
        )
    }
}

/// Refuses to merge documents of different services or versions.
fn same_service(into: &OpenAPI, api: &OpenAPI, here: &Here<'_>) -> Result<()> {
    let server = |a: &OpenAPI| {
        a.servers
            .first()
            .map(|s| s.url.trim_end_matches('/').to_owned())
    };
    let (ours, theirs) = (server(into), server(api));
    if ours != theirs || into.info.version != api.info.version {
        return Err(super::locate::fill(
            Error::spec(
                here.file,
                "/servers".to_owned(),
                format!(
                    "this document is for {} ({}), {} is for {} ({}): documents of one folder must describe one service and version; generate the others apart",
                    theirs.as_deref().unwrap_or("no server"),
                    api.info.version,
                    here.sources[0].0.display(),
                    ours.as_deref().unwrap_or("no server"),
                    into.info.version
                ),
            ),
            &here.sources[here.index].1,
        ));
    }
    Ok(())
}

/// The names of each kind of component.
fn component_keys(c: &Components) -> [(&'static str, Vec<&String>); 9] {
    [
        ("schemas", c.schemas.keys().collect()),
        ("responses", c.responses.keys().collect()),
        ("parameters", c.parameters.keys().collect()),
        ("examples", c.examples.keys().collect()),
        ("requestBodies", c.request_bodies.keys().collect()),
        ("headers", c.headers.keys().collect()),
        ("securitySchemes", c.security_schemes.keys().collect()),
        ("links", c.links.keys().collect()),
        ("callbacks", c.callbacks.keys().collect()),
    ]
}

fn merge_components(
    into: &mut Components,
    from: Components,
    here: &Here<'_>,
    owners: &mut BTreeMap<String, usize>,
) -> Result<()> {
    merge_map(&mut into.schemas, from.schemas, "schemas", here, owners)?;
    merge_map(
        &mut into.responses,
        from.responses,
        "responses",
        here,
        owners,
    )?;
    merge_map(
        &mut into.parameters,
        from.parameters,
        "parameters",
        here,
        owners,
    )?;
    merge_map(&mut into.examples, from.examples, "examples", here, owners)?;
    merge_map(
        &mut into.request_bodies,
        from.request_bodies,
        "requestBodies",
        here,
        owners,
    )?;
    merge_map(&mut into.headers, from.headers, "headers", here, owners)?;
    merge_map(
        &mut into.security_schemes,
        from.security_schemes,
        "securitySchemes",
        here,
        owners,
    )?;
    merge_map(&mut into.links, from.links, "links", here, owners)?;
    merge_map(
        &mut into.callbacks,
        from.callbacks,
        "callbacks",
        here,
        owners,
    )?;
    Ok(())
}

/// Adds the components of one kind, refusing a name defined otherwise before.
fn merge_map<T: PartialEq>(
    into: &mut IndexMap<String, T>,
    from: IndexMap<String, T>,
    kind: &str,
    here: &Here<'_>,
    owners: &mut BTreeMap<String, usize>,
) -> Result<()> {
    for (key, value) in from {
        let at = pointer(["components", kind, &key]);
        match into.get(&key) {
            Some(existing) if *existing != value => {
                let what = format!("component ({kind})");
                return Err(here.conflict(&at, owners, &what));
            }
            Some(_) => {}
            None => {
                owners.insert(at, here.index);
                into.insert(key, value);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str, text: &str) -> (Document, String) {
        let doc = super::super::parse(Path::new(name), text).expect("parses");
        (doc, text.to_owned())
    }

    const USERS: &str = r#"openapi: 3.0.1
info: {title: Users, version: v1.0-beta}
servers: [{url: 'https://graph.microsoft.com/beta/'}]
paths:
  /users:
    get:
      operationId: user_ListUser
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/microsoft.graph.user'}}}}}
  /shared:
    get:
      operationId: shared_GetShared
      responses: {'204': {description: ok}}
components:
  schemas:
    microsoft.graph.user:
      type: object
      properties:
        id: {type: string}
"#;

    const GROUPS: &str = r#"openapi: 3.0.1
info: {title: Groups, version: v1.0-beta}
servers: [{url: 'https://graph.microsoft.com/beta/'}]
paths:
  /groups:
    get:
      operationId: group_ListGroup
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/microsoft.graph.user'}}}}}
  /shared:
    get:
      operationId: shared_GetShared
      responses: {'204': {description: ok}}
components:
  schemas:
    microsoft.graph.user:
      type: object
      properties:
        id: {type: string}
"#;

    #[test]
    fn shared_components_and_paths_are_kept_once_and_belong_to_each_module() {
        let merged = merge(
            Path::new("/specs/graph-beta"),
            vec![doc("Groups.yml", GROUPS), doc("Users.yml", USERS)],
        )
        .expect("merges");
        let api = &merged.doc.api;
        assert_eq!(api.info.title, "graph-beta");
        let paths: Vec<&str> = api.paths.paths.keys().map(String::as_str).collect();
        assert_eq!(paths, ["/groups", "/shared", "/users"]);
        let schemas: Vec<&str> = api
            .components
            .as_ref()
            .unwrap()
            .schemas
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(schemas, ["microsoft.graph.user"]);
        assert_eq!(merged.modules["/shared"], ["Groups", "Users"]);
        assert_eq!(merged.modules["/users"], ["Users"]);
        assert_eq!(merged.modules["/groups"], ["Groups"]);
    }

    #[test]
    fn a_component_defined_two_ways_is_an_error_naming_both_documents() {
        let other = GROUPS.replace(
            "        id: {type: string}\n",
            "        id: {type: integer}\n",
        );
        let error = merge(
            Path::new("specs"),
            vec![doc("Users.yml", USERS), doc("Groups.yml", &other)],
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("Groups.yml:"), "{error}");
        assert!(
            error.contains("/components/schemas/microsoft.graph.user"),
            "{error}"
        );
        assert!(
            error.contains("differs from its definition in Users.yml"),
            "{error}"
        );
        // The schema's definition in Groups.yml starts on line 16.
        assert!(error.starts_with("Groups.yml:16:"), "{error}");
    }

    #[test]
    fn a_path_defined_two_ways_is_an_error_naming_both_documents() {
        let other = GROUPS.replace("shared_GetShared", "shared_GetOther");
        let error = merge(
            Path::new("specs"),
            vec![doc("Users.yml", USERS), doc("Groups.yml", &other)],
        )
        .unwrap_err()
        .to_string();
        assert!(error.starts_with("Groups.yml:"), "{error}");
        assert!(error.contains("/paths/~1shared"), "{error}");
        assert!(
            error.contains("differs from its definition in Users.yml"),
            "{error}"
        );
    }

    #[test]
    fn documents_of_two_versions_do_not_merge() {
        let v1 = GROUPS
            .replace("v1.0-beta", "v1.0")
            .replace("/beta/", "/v1.0/");
        let error = merge(
            Path::new("specs"),
            vec![doc("Users.yml", USERS), doc("Groups.yml", &v1)],
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("must describe one service and version"),
            "{error}"
        );
    }

    #[test]
    fn an_error_found_later_is_named_after_the_document_that_has_the_part() {
        let merged = merge(
            Path::new("specs"),
            vec![doc("Groups.yml", GROUPS), doc("Users.yml", USERS)],
        )
        .expect("merges");
        let error = merged.locate(Error::spec(
            Path::new("specs"),
            "/paths/~1users/get/operationId",
            "bad",
        ));
        let text = error.to_string();
        assert!(text.starts_with("Users.yml:7:"), "{text}");
    }
}
