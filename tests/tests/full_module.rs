//! Generates the whole published Applications module (`shared/specs/graph-beta-applications.yml`)
//! in process and checks what came out. Skipped, with a line saying so, where `shared/` is
//! not laid out next to the workspace. The generated crate itself is compiled by
//! `.ci/full-module.sh`.

use std::path::{Path, PathBuf};

const MODULE: &str = "../../shared/specs/graph-beta-applications.yml";

fn module() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(MODULE);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} not found (../shared is absent)",
            path.display()
        );
        None
    }
}

fn generate(path: &Path) -> codegen::Report {
    codegen::generate_report(path, &codegen::Options::default())
        .unwrap_or_else(|e| panic!("generating {}: {e}", path.display()))
}

#[test]
fn whole_module_generates_every_operation_with_nothing_unsupported() {
    let Some(path) = module() else { return };
    let report = generate(&path);
    assert_eq!(report.operations, 475);
    assert!(
        report.unsupported.is_empty(),
        "constructs generated with a fallback:\n{}",
        report
            .unsupported
            .iter()
            .map(|u| format!("  {u}\n"))
            .collect::<String>()
    );
    assert!(report.models > 1_000, "{} models", report.models);
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/models.rs",
        "src/operations/service_principals.rs",
        "src/runtime/paging.rs",
    ] {
        assert!(report.files.contains_key(file), "{file} is missing");
    }
}

#[test]
fn whole_module_generation_is_deterministic() {
    let Some(path) = module() else { return };
    assert!(generate(&path).files == generate(&path).files);
}

/// Graph PowerShell's `IApplicationsIdentity` has 34 members.
///
/// NOTE: depends on the cmdlet naming rules (`naming::cmdlet::identity_property`). It passes
/// with the temporary stub too; if merging the real rules (`naming/cmdlet.rs`) breaks it,
/// the naming work is what to look at, not this generator stage.
#[test]
fn whole_module_identity_has_the_34_members_of_graph_powershell() {
    let Some(path) = module() else { return };
    let report = generate(&path);
    let identity = &report.files["src/identity.rs"];
    let members = identity
        .lines()
        .filter(|l| l.starts_with("    pub "))
        .count();
    assert_eq!(members, 34, "{identity}");
}

/// The slice of the module for the secrets path (all methods, `$count` included) is the
/// published fragment, as parsed data.
#[test]
fn slicing_the_module_gives_the_published_fragment() {
    let Some(path) = module() else { return };
    let include =
        [codegen::slice::Pattern::parse("/servicePrincipals/*/synchronization/secrets").unwrap()];
    let yaml = codegen::slice::slice_file(&path, &include, &[]).expect("slices");
    let sliced: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
    let fragment = path.with_file_name("graph-beta-synchronization-secrets.yml");
    let published: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&fragment).unwrap()).unwrap();
    assert!(
        sliced == published,
        "the slice differs from {}",
        fragment.display()
    );
    // And slicing is deterministic, to the byte.
    assert_eq!(
        yaml,
        codegen::slice::slice_file(&path, &include, &[]).unwrap()
    );
}
