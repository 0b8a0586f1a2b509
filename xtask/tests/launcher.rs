//! `cargo xtask` builds this crate's sources from `xtask/launcher`, a workspace of its own
//! (see its manifest). These tests keep that build the same as the xtask's: the same
//! dependencies, at the same locked versions as the main workspace, so the generator that
//! `cargo xtask codegen` runs is the one the main workspace tests.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `(name, version)` of every registry package in a `Cargo.lock`.
fn locked_registry_packages(lock: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|line| {
                line.strip_prefix(key)
                    .and_then(|rest| rest.trim().strip_prefix('='))
                    .map(|value| value.trim().trim_matches('"').to_owned())
            })
        };
        if let (Some(name), Some(version), Some(_)) =
            (field("name"), field("version"), field("source"))
        {
            out.insert((name, version));
        }
    }
    out
}

/// The names in a manifest's `[dependencies]` table.
fn dependency_names(manifest: &str) -> BTreeSet<String> {
    manifest
        .lines()
        .skip_while(|line| line.trim() != "[dependencies]")
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('['))
        .filter(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
        .filter_map(|line| line.split(['=', '.']).next())
        .map(|name| name.trim().to_owned())
        .collect()
}

#[test]
fn the_launcher_locks_the_versions_the_workspace_locks() {
    let workspace = locked_registry_packages(&read("../Cargo.lock"));
    let launcher = locked_registry_packages(&read("launcher/Cargo.lock"));
    assert!(
        launcher.len() > 20,
        "the launcher's lock lists {} registry packages; is it read right?",
        launcher.len()
    );
    let differing: Vec<_> = launcher.difference(&workspace).collect();
    assert!(
        differing.is_empty(),
        "xtask/launcher/Cargo.lock pins versions the main Cargo.lock does not: {differing:?}; \
         copy Cargo.lock to xtask/launcher/Cargo.lock and run `cargo xtask --help` to trim it"
    );
}

#[test]
fn the_launcher_has_the_xtasks_dependencies() {
    let xtask = dependency_names(&read("Cargo.toml"));
    let launcher = dependency_names(&read("launcher/Cargo.toml"));
    assert!(
        xtask.contains("codegen") && xtask.contains("clap"),
        "{xtask:?}"
    );
    assert_eq!(launcher, xtask);
}
