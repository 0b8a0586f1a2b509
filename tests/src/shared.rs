//! Where the real Microsoft Graph documents are: `shared/specs/`, beside the workspace
//! root (`../shared/specs` seen from it), or `$GRAPH_SHARED_DIR/specs` when that variable
//! is set. They are read in place, never copied into the repository. Whatever needs them
//! finds them here, and a missing folder or file is a failure naming the path expected,
//! never a skip.
//!
//! The shared folder also holds reference files beside `specs/` (`reference/…`):
//! [`shared_file`] finds those the same way.
//!
//! `graph-tests` exports these functions; `cargo xtask bench` and the `codegen` crate's
//! naming tests include this same file (`#[path]`), so it must use nothing but `std`. All
//! three packages sit one folder below the workspace root, which is how the root is found
//! from `CARGO_MANIFEST_DIR`.

use std::path::{Path, PathBuf};

/// The folder the real documents are expected in: `$GRAPH_SHARED_DIR/specs` when that
/// variable is set, else `<workspace root>/../shared/specs`.
pub fn shared_specs_path() -> PathBuf {
    if let Some(dir) = std::env::var_os("GRAPH_SHARED_DIR") {
        return PathBuf::from(dir).join("specs");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the package lives in the workspace");
    match root.parent() {
        Some(beside) => beside.join("shared").join("specs"),
        None => root.join("../shared/specs"),
    }
}

/// The document `name` of the shared folder, or why it cannot be read there.
pub fn try_shared_spec(name: &str) -> Result<PathBuf, String> {
    try_shared_specs()?;
    try_shared_file(&format!("specs/{name}"))
}

/// The file `relative` (such as `reference/cmdlet-names-sample.txt`) of the shared folder:
/// the folder holding [`shared_specs_path`]. Why it cannot be read there when it is not.
pub fn try_shared_file(relative: &str) -> Result<PathBuf, String> {
    let specs = try_shared_specs()?;
    let dir = specs.parent().unwrap_or(&specs);
    let file = dir.join(relative);
    if !file.is_file() {
        return Err(format!(
            "{} is missing from {} (the shared folder of the real Graph documents)",
            relative,
            dir.display()
        ));
    }
    Ok(file)
}

/// The folder of the real documents, or why it cannot be used.
pub fn try_shared_specs() -> Result<PathBuf, String> {
    let dir = shared_specs_path();
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!(
            "the real Graph documents are expected in {} (`../shared/specs` beside the \
             workspace root, or `$GRAPH_SHARED_DIR/specs`), and that folder is missing",
            dir.display()
        ))
    }
}

/// The folder of the real documents; panics naming the path expected when it is missing.
pub fn shared_specs() -> PathBuf {
    try_shared_specs().unwrap_or_else(|message| panic!("{message}"))
}

/// The document `name` of [`shared_specs`]; panics naming the path expected when it is
/// missing.
pub fn shared_spec(name: &str) -> PathBuf {
    try_shared_spec(name).unwrap_or_else(|message| panic!("{message}"))
}

/// The file `relative` of the shared folder (see [`try_shared_file`]); panics naming the
/// path expected when it is missing.
pub fn shared_file(relative: &str) -> PathBuf {
    try_shared_file(relative).unwrap_or_else(|message| panic!("{message}"))
}

/// The documents of the shared folder `specs/{folder}` (`graph-beta`), sorted by file
/// name: every `.yml`, `.yaml` and `.json` file. Panics, naming the folder, where it is
/// missing or empty.
pub fn shared_documents(folder: &str) -> Vec<PathBuf> {
    let dir = shared_specs().join(folder);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: the shared documents are expected there",
            dir.display()
        )
    });
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "yml" || x == "yaml" || x == "json")
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: no documents", dir.display());
    files
}
