//! `cargo xtask diff` as a command: the exit status under `--deny-breaking`, the JSON on
//! standard output, a `git:REV:PATH` side, and a bad document's diagnostic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ lives in the workspace")
        .to_owned()
}

fn diff(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("diff")
        .args(args)
        .current_dir(root())
        .output()
        .expect("xtask runs")
}

const OLD: &str = "openapi: 3.0.4
info: {title: T, version: '1'}
servers: [{url: 'https://t.example.com'}]
paths:
  /a: {get: {operationId: getA, responses: {'204': {description: ok}}}}
  /b: {get: {operationId: getB, responses: {'204': {description: ok}}}}
";

/// `OLD` without `/b` and with `/c`.
const NEW: &str = "openapi: 3.0.4
info: {title: T, version: '2'}
servers: [{url: 'https://t.example.com'}]
paths:
  /a: {get: {operationId: getA, responses: {'204': {description: ok}}}}
  /c: {get: {operationId: getC, responses: {'204': {description: ok}}}}
";

#[test]
fn deny_breaking_sets_the_exit_status() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    std::fs::write(&old, OLD).unwrap();
    std::fs::write(&new, NEW).unwrap();
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());

    let out = diff(&["--from", old, "--to", new, "--format", "json"]);
    assert!(out.status.success(), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["removed_operations"][0]["path"], "/b");
    assert_eq!(json["removed_operations"][0]["method"], "GET");
    assert_eq!(json["added_operations"][0]["path"], "/c");

    let out = diff(&["--from", old, "--to", new, "--deny-breaking"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("**1 breaking, 1 additive"), "{stdout}");

    // Only additions: nothing to deny.
    let out = diff(&["--from", old, "--to", old, "--deny-breaking"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("No change"));
}

#[test]
fn a_side_at_a_git_revision() {
    let spec = "specs/graph-beta-synchronization-secrets.yaml";
    let out = diff(&[
        "--from",
        &format!("git:HEAD:{spec}"),
        "--to",
        spec,
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = diff(&["--from", "git:no-such-revision:specs/x.yaml", "--to", spec]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("git:no-such-revision:specs/x.yaml"),
        "{stderr}"
    );
}

#[test]
fn a_bad_document_is_named_with_its_pointer() {
    let dir = tempfile::tempdir().unwrap();
    let (good, bad) = (dir.path().join("good.yaml"), dir.path().join("bad.yaml"));
    std::fs::write(&good, OLD).unwrap();
    std::fs::write(&bad, OLD.replace(
            "/a: {get: {operationId: getA, responses: {'204': {description: ok}}}}",
            "/a: {get: {operationId: getA, responses: {'204': {$ref: '#/components/responses/gone'}}}}",
        )).unwrap();
    let out = diff(&[
        "--from",
        good.to_str().unwrap(),
        "--to",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.yaml"), "{stderr}");
    assert!(stderr.contains("/paths/~1a/get/responses"), "{stderr}");
    assert!(out.stdout.is_empty());
}
