//! A program written by a test, built with cargo and run: how the tests use crates generated
//! outside the workspace (`two_crates.rs`, `module_patch.rs`).
//!
//! The program is a package of its own (`[workspace]` in its manifest) with the workspace's
//! lock file, built in the workspace's target folder, so the dependencies already built
//! there are reused (cargo holds its lock only while building, not while tests run).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests package lives in the workspace")
        .to_path_buf()
}

/// Writes the package `name` into `dir`: its `[dependencies]` lines, and `main` as
/// `src/main.rs`. `graph-runtime` (by path) and `tokio` are always dependencies.
pub fn write(dir: &Path, name: &str, dependencies: &[String], main: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let root = workspace_root();
    let runtime = root.join("codegen/runtime");
    let manifest = format!(
        "[package]\nname = {name:?}\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{}\ngraph-runtime = {{ path = {runtime:?} }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\n[workspace]\n",
        dependencies.join("\n")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/main.rs"), main).unwrap();
    // The workspace's lock, so that the dependencies resolve to the versions already built.
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// `cargo run` of the package in `dir` with `args`, in the workspace's target folder.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .arg("--")
        .args(args)
        .env(
            "CARGO_TARGET_DIR",
            std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| workspace_root().join("target")),
        )
        .output()
        .expect("cargo runs")
}

/// Runs the package in `dir` with the one argument `arg` (a server's URL) off the async
/// runtime (the test's server keeps answering meanwhile), and returns its standard output;
/// panics with both outputs when it fails to build or run.
pub async fn run_ok(dir: PathBuf, arg: String) -> String {
    let output = tokio::task::spawn_blocking(move || run(&dir, &[&arg]))
        .await
        .expect("the program's thread");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "the program failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}
