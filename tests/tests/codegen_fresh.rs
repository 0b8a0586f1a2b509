//! The committed `generated/` crate is exactly what the generator writes, and the
//! generator writes the same bytes every time.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace")
        .to_owned()
}

fn spec() -> PathBuf {
    root().join("specs/graph-beta-synchronization-secrets.yaml")
}

/// The options `cargo xtask codegen` uses by default.
fn options() -> codegen::Options {
    let mut options = codegen::Options {
        permissions: Some(root().join("specs/permissions.yaml")),
        ..codegen::Options::default()
    };
    options.lower.package = Some("graph-beta-applications".into());
    options.lower.module = Some("Applications".into());
    options
}

#[test]
fn generated_crate_is_fresh() {
    let files = codegen::generate(&spec(), &options())
        .expect("generation succeeds")
        .files;
    let report = codegen::write::check(&root().join("generated"), &files).expect("check runs");
    if let Some(report) = report {
        panic!("generated/ is stale; run `cargo xtask codegen`:\n{report}");
    }
}

#[test]
fn every_generated_file_carries_the_generated_header() {
    let files = codegen::generate(&spec(), &options()).unwrap().files;
    // A real crate: its manifest, root, models, and the operations of the fragment's one
    // path segment (`/servicePrincipals/...`).
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/models/mod.rs",
        "src/operations/service_principals.rs",
    ] {
        assert!(
            files.contains_key(file),
            "{file} is missing: {:?}",
            files.keys()
        );
    }
    for (path, contents) in &files {
        let first = contents.lines().next().unwrap_or_default();
        assert!(
            first.contains("@generated")
                && first.contains("graph-beta-synchronization-secrets.yaml"),
            "{path} starts with {first:?}"
        );
    }
}

#[test]
fn generation_is_deterministic() {
    let options = options();
    let first = codegen::generate(&spec(), &options).unwrap().files;
    let second = codegen::generate(&spec(), &options).unwrap().files;
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, text) in &first {
        assert!(text == &second[path], "{path} differs between two runs");
    }

    // And on disk: two writes into different folders hold byte-identical files.
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    codegen::write::write(&a.path().join("out"), &first).unwrap();
    codegen::write::write(&b.path().join("out"), &second).unwrap();
    for path in first.keys() {
        let left = std::fs::read(a.path().join("out").join(path)).unwrap();
        let right = std::fs::read(b.path().join("out").join(path)).unwrap();
        assert_eq!(left, right, "{path} differs on disk");
    }
}

#[test]
fn check_reports_a_readable_diff_for_a_changed_file_and_extra_files() {
    let files = codegen::generate(&spec(), &options()).unwrap().files;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    codegen::write::write(&out, &files).unwrap();
    assert!(codegen::write::check(&out, &files).unwrap().is_none());

    let models = out.join("src/models/always.rs");
    let text = std::fs::read_to_string(&models).unwrap();
    std::fs::write(
        &models,
        text.replacen("pub struct ODataError", "pub struct ODataErr", 1),
    )
    .unwrap();
    std::fs::write(out.join("src/stray.rs"), "// not generated\n").unwrap();
    let report = codegen::write::check(&out, &files)
        .unwrap()
        .expect("differences are found");
    assert!(report.contains("--- a/src/models/always.rs"), "{report}");
    assert!(report.contains("-pub struct ODataErr {"), "{report}");
    assert!(report.contains("+pub struct ODataError {"), "{report}");
    assert!(report.contains("extra: src/stray.rs"), "{report}");
}

#[test]
fn a_failed_run_leaves_the_output_untouched() {
    let files = codegen::generate(&spec(), &options()).unwrap().files;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("generated");
    codegen::write::write(&out, &files).unwrap();
    let before = snapshot(&out);

    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "openapi: 3.0.4\ninfo: {title: t, version: v}\npaths: {}\n",
    )
    .unwrap();
    let err = codegen::generate(&bad, &codegen::Options::default()).unwrap_err();
    assert!(err.to_string().contains("bad.yaml"), "{err}");
    assert_eq!(snapshot(&out), before);

    // A folder the generator did not write is never replaced.
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let err = codegen::write::write(&foreign, &files).unwrap_err();
    assert!(err.to_string().contains("refusing"), "{err}");
    assert_eq!(
        std::fs::read_to_string(foreign.join("notes.txt")).unwrap(),
        "mine"
    );
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.clone(), std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}
