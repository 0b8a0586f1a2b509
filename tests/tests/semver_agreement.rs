//! `cargo xtask diff`'s classes held against the Rust side: for each two consecutive
//! published Applications documents (`../shared/specs/history/Applications/`), both crates
//! are generated and documented as rustdoc JSON, their public APIs compared
//! ([`graph_tests::public_api`]: what rustdoc says the compiled crates expose, nothing of
//! the generator's model), and every change that the comparison calls breaking must be
//! classified breaking by the diff report, on the operation or model that owns the item.
//!
//! An item is owned, through the older and newer intermediate models, by the operation
//! whose method, marker type, request alias or setter trait it is, or by the model whose
//! type it is (a field or variant change must then be on that very field or variant). The
//! table of pairs, classes and Rust-side verdicts is printed (`--nocapture`).
//!
//! rustdoc JSON is unstable: it is built on the stable toolchain with `RUSTC_BOOTSTRAP=1`,
//! as `cargo-semver-checks` does, in `target/semver-agreement` (kept between runs, so the
//! dependencies are documented once).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::{Class, Report};
use codegen::ir::Api;
use graph_tests::public_api::{self, Break, PublicApi};

fn lower(file: &Path) -> Api {
    codegen::lower_input(file, &codegen::LowerOptions::default()).expect("lowers")
}

/// Generates the crate of `spec` into `dir` and returns its public API from rustdoc JSON.
fn public_api_of(spec: &Path, dir: &Path, target: &Path) -> PublicApi {
    let mut options = codegen::Options::default();
    options.krate.runtime_path = codegen::runtime_path(dir);
    let report = codegen::generate(spec, &options).expect("generate");
    codegen::write::write(dir, &report.files).expect("write the crate");
    let root = graph_tests::program::workspace_root();
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["rustdoc", "--quiet", "--lib", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-Z", "unstable-options", "--output-format", "json"])
        .args(["-A", "warnings"])
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "rustdoc JSON of {}:\n{}",
        spec.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let package = report.files["Cargo.toml"]
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("the package name")
        .replace('-', "_");
    let json = std::fs::read_to_string(target.join("doc").join(format!("{package}.json")))
        .expect("rustdoc wrote its JSON");
    public_api::read(&json).expect("reads")
}

/// What owns a public item: an operation (method and path) or a type callers build with
/// literals, a model or the identity (its Rust path, `models::User`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Owner {
    Operation(String, String),
    Type(String),
}

/// Item name (type, alias, trait, method) to its owner, from one side's model.
fn owners(api: &Api, into: &mut BTreeMap<String, Owner>) {
    for op in &api.operations {
        let owner = Owner::Operation(op.method.as_str().to_uppercase(), op.path.clone());
        let names = [
            Some(&op.type_name),
            Some(&op.request_alias),
            Some(&op.method_name),
            op.via_identity_method.as_ref(),
            op.params_trait.as_ref(),
            op.fields_trait.as_ref(),
        ];
        for name in names.into_iter().flatten() {
            into.insert(name.clone(), owner.clone());
        }
    }
    for model in &api.models {
        into.insert(
            model.name.clone(),
            Owner::Type(format!("models::{}", model.name)),
        );
    }
    into.insert(
        api.identity.name.clone(),
        Owner::Type(format!("identity::{}", api.identity.name)),
    );
}

/// The owner of a break, and the member it must be on (a type's field or variant).
fn owner_of(b: &Break, names: &BTreeMap<String, Owner>) -> Option<(Owner, Option<String>)> {
    let last = b.path.rsplit("::").next()?;
    // A prelude's anonymous re-export names its source: `_ (super::FooParams)`.
    let name = last
        .strip_prefix("_ (super::")
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(last);
    match (
        names.get(name),
        b.member.as_deref().and_then(|m| names.get(m)),
    ) {
        (Some(Owner::Type(rust)), _) => {
            let member = b
                .member
                .clone()
                .filter(|_| b.what.starts_with("field") || b.what.starts_with("variant"));
            Some((Owner::Type(rust.clone()), member))
        }
        (Some(owner), _) => Some((owner.clone(), None)),
        // A method of a module's operation trait (`ApplicationsOperations`): the
        // operation it starts.
        (None, Some(owner @ Owner::Operation(..))) => Some((owner.clone(), None)),
        _ => None,
    }
}

/// Whether the report calls the owner's change breaking (on `member` where given).
fn explained(report: &Report, owner: &Owner, member: Option<&str>) -> bool {
    match owner {
        Owner::Operation(method, path) => {
            let same = |m: &str, p: &str| m == method && p == path;
            report
                .removed_operations
                .iter()
                .any(|o| same(&o.operation.method, &o.operation.path) && o.class == Class::Breaking)
                || report.changed_operations.iter().any(|o| {
                    same(&o.operation.method, &o.operation.path)
                        && o.changes.iter().any(|c| c.class == Class::Breaking)
                })
        }
        Owner::Type(rust) => report
            .removed_models
            .iter()
            .chain(&report.changed_models)
            .filter(|m| &m.rust == rust)
            .flat_map(|m| &m.changes)
            .any(|c| {
                c.class == Class::Breaking
                    && match member {
                        Some(member) => c.rust == *rust || c.rust == format!("{rust}::{member}"),
                        None => true,
                    }
            }),
    }
}

#[test]
fn every_rust_side_break_is_breaking_in_the_diff_report() {
    let files = graph_tests::shared_documents("history/Applications");
    assert_eq!(files.len(), 5, "{files:?}");
    let target: PathBuf = graph_tests::program::workspace_root().join("target/semver-agreement");
    let work = tempfile::tempdir().unwrap();
    let apis: Vec<PublicApi> = files
        .iter()
        .enumerate()
        .map(|(i, spec)| public_api_of(spec, &work.path().join(format!("v{i}")), &target))
        .collect();
    let models: Vec<Api> = files.iter().map(|f| lower(f)).collect();

    let mut table = vec![
        "| pair | breaking / additive / doc-only (diff) | Rust-side breaks | explained |"
            .to_owned(),
        "| --- | --- | --- | --- |".to_owned(),
    ];
    let mut unexplained = Vec::new();
    let mut total_breaks = 0;
    for i in 1..files.len() {
        let name = |f: &PathBuf| f.file_stem().unwrap().to_string_lossy().into_owned();
        let pair = format!("{} -> {}", name(&files[i - 1]), name(&files[i]));
        let report = codegen::diff::compare("old", &models[i - 1], "new", &models[i]);
        let found = public_api::breaks(&apis[i - 1], &apis[i]);
        total_breaks += found.len();
        let mut names = BTreeMap::new();
        owners(&models[i], &mut names);
        owners(&models[i - 1], &mut names);
        let mut ok = 0;
        for b in &found {
            match owner_of(b, &names) {
                Some((owner, member)) if explained(&report, &owner, member.as_deref()) => ok += 1,
                owner => unexplained.push(format!("{pair}: {b} (owner {owner:?})")),
            }
        }
        let s = report.summary;
        table.push(format!(
            "| {pair} | {} / {} / {} | {} | {ok}/{} |",
            s.breaking,
            s.additive,
            s.documentation,
            if found.is_empty() {
                "none".to_owned()
            } else {
                format!("{} items", found.len())
            },
            found.len()
        ));
        // The check sees what the documents say: an operation removed from the YAML is a
        // removed method on the Rust side too.
        for removed in &report.removed_operations {
            assert!(
                found.iter().any(|b| b.member.as_deref()
                    == Some(removed.operation.rust_method.as_str())
                    && b.what.contains("removed")),
                "{pair}: the removed operation {} {} is no removed method on the Rust side",
                removed.operation.method,
                removed.operation.path
            );
        }
    }
    println!("{}", table.join("\n"));
    assert!(
        total_breaks > 0,
        "the history has breaking changes: none found"
    );
    assert!(
        unexplained.is_empty(),
        "Rust-side breaks the diff does not call breaking:\n{}",
        unexplained.join("\n")
    );
}
