//! Generates the whole published Applications module (`shared/specs/graph-beta-applications.yml`)
//! in process and checks what came out. Fails where `shared/` is not laid out next to the
//! workspace ([`graph_tests::shared_spec`]). The generated crate itself is compiled by
//! `.ci/full-module.sh`.

use std::path::{Path, PathBuf};

fn module() -> PathBuf {
    graph_tests::shared_spec("graph-beta-applications.yml")
}

fn generate(path: &Path) -> codegen::Report {
    codegen::generate(path, &codegen::Options::default())
        .unwrap_or_else(|e| panic!("generating {}: {e}", path.display()))
}

#[test]
fn whole_module_generates_every_operation_with_nothing_unsupported() {
    let path = module();
    let report = generate(&path);
    // shared/specs/README.md: "320 paths, 475 operations".
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
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/models/mod.rs",
        "src/operations/service_principals.rs",
    ] {
        assert!(report.files.contains_key(file), "{file} is missing");
    }
    // The runtime is a crate of its own, not copied.
    assert!(!report.files.keys().any(|f| f.starts_with("src/runtime")));
}

#[test]
fn whole_module_generation_is_deterministic() {
    let path = module();
    assert!(generate(&path).files == generate(&path).files);
}

/// Graph PowerShell's `IApplicationsIdentity` has 34 members.
///
/// NOTE: depends on the cmdlet naming rules (`naming::cmdlet::identity_property`). It passes
/// with the temporary stub too; if merging the real rules (`naming/cmdlet/`) breaks it,
/// the naming work is what to look at, not this generator stage.
#[test]
fn whole_module_identity_has_the_34_members_of_graph_powershell() {
    let path = module();
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
    let path = module();
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

/// A slice keeps the closure of `$ref`s from the kept operations, and a derived type refers
/// to its base (`allOf: [$ref: base]`), never the other way round: slicing an operation
/// that returns the base `directoryObject` brings the base and its own base `entity`, and
/// none of the module's many types derived from it.
#[test]
fn slicing_a_base_type_does_not_bring_its_derived_types() {
    let path = module();
    let include = [codegen::slice::Pattern::parse("/applications/*/owners#GET").unwrap()];
    let yaml = codegen::slice::slice_file(&path, &include, &[]).expect("slices");
    let sliced: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
    let names = |doc: &serde_json::Value| -> Vec<String> {
        doc["components"]["schemas"]
            .as_object()
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default()
    };
    let mut kept = names(&sliced);
    kept.sort();
    // Read off the module by hand: the owners collection and `$count` answers, the base
    // chain, and the error schemas.
    assert_eq!(
        kept,
        [
            "ODataCountResponse",
            "microsoft.graph.ODataErrors.ErrorDetails",
            "microsoft.graph.ODataErrors.InnerError",
            "microsoft.graph.ODataErrors.MainError",
            "microsoft.graph.ODataErrors.ODataError",
            "microsoft.graph.directoryObject",
            "microsoft.graph.directoryObjectCollectionResponse",
            "microsoft.graph.entity",
        ]
    );
    let module: serde_json::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let base = "#/components/schemas/microsoft.graph.directoryObject";
    let mut derived: Vec<String> = names(&module)
        .into_iter()
        .filter(|name| module["components"]["schemas"][name]["allOf"][0]["$ref"] == base)
        .collect();
    derived.sort();
    // Read off the module with a separate script: the schemas whose `allOf` starts
    // with the base.
    assert_eq!(
        derived,
        [
            "microsoft.graph.administrativeUnit",
            "microsoft.graph.application",
            "microsoft.graph.device",
            "microsoft.graph.directoryRole",
            "microsoft.graph.endpoint",
            "microsoft.graph.extensionProperty",
            "microsoft.graph.group",
            "microsoft.graph.permissionGrantPreApprovalPolicy",
            "microsoft.graph.policyBase",
            "microsoft.graph.resourceSpecificPermissionGrant",
            "microsoft.graph.servicePrincipal",
            "microsoft.graph.user",
        ]
    );
    // The slice is a document the generator takes whole.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("owners.yaml");
    std::fs::write(&file, &yaml).unwrap();
    let report = generate(&file);
    assert_eq!(report.operations, 2);
    let models = &graph_tests::models_text(&report.files);
    assert!(models.contains("pub struct DirectoryObject {"), "{models}");
    assert!(!models.contains("pub struct ServicePrincipal {"));
}

/// Newer published documents (3.0.4) write integers as `type: number` with an integer
/// `format`, and a property that may be null as `anyOf: [$ref, {type: object, nullable:
/// true}]`. The module rewritten in that style (every integer with a format, every
/// optional property that is a lone `$ref`) generates the same crate.
#[test]
fn the_module_in_the_3_0_4_style_generates_the_same_crate() {
    use serde_yaml::Value;
    let path = module();
    let text = std::fs::read_to_string(&path).unwrap();
    let mut doc: Value = serde_yaml::from_str(&text).unwrap();
    doc["openapi"] = Value::from("3.0.4");
    let mut counts = (0, 0);
    restyle(&mut doc, &mut counts);
    // Counted in the module with a separate script (PyYAML, the same rules as `restyle`):
    // 190 integer schemas with an int16/int32/int64 format, 1,097 optional properties
    // that are a lone `$ref`.
    assert_eq!(counts, (190, 1097), "(integers, references) rewritten");
    let dir = tempfile::tempdir().unwrap();
    let restyled = dir.path().join(path.file_name().unwrap());
    std::fs::write(&restyled, serde_yaml::to_string(&doc).unwrap()).unwrap();
    let ours = generate(&path);
    let theirs = generate(&restyled);
    for (file, text) in &ours.files {
        assert!(
            theirs.files.get(file) == Some(text),
            "{file} differs when the module is written in the 3.0.4 style"
        );
    }
    assert_eq!(ours.files.len(), theirs.files.len());
    assert!(theirs.unsupported.is_empty());
}

/// Rewrites `value` in the 3.0.4 style (see above); counts integers and references.
fn restyle(value: &mut serde_yaml::Value, counts: &mut (usize, usize)) {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            let integer = map.get("type").and_then(Value::as_str) == Some("integer")
                && matches!(
                    map.get("format").and_then(Value::as_str),
                    Some("int16" | "int32" | "int64")
                );
            if integer {
                map.insert("type".into(), "number".into());
                counts.0 += 1;
            }
            let required: Vec<String> = map
                .get("required")
                .and_then(Value::as_sequence)
                .map(|r| {
                    r.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(Value::Mapping(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    let lone_ref = property
                        .as_mapping()
                        .is_some_and(|p| p.len() == 1 && p.contains_key("$ref"));
                    let optional = !name
                        .as_str()
                        .is_some_and(|n| required.iter().any(|r| r == n));
                    if lone_ref && optional {
                        let reference = property.clone();
                        let mut null = serde_yaml::Mapping::new();
                        null.insert("type".into(), "object".into());
                        null.insert("nullable".into(), true.into());
                        let mut any_of = serde_yaml::Mapping::new();
                        any_of.insert(
                            "anyOf".into(),
                            Value::Sequence(vec![reference, Value::Mapping(null)]),
                        );
                        *property = Value::Mapping(any_of);
                        counts.1 += 1;
                    }
                }
            }
            for (_, child) in map.iter_mut() {
                restyle(child, counts);
            }
        }
        Value::Sequence(items) => {
            for item in items {
                restyle(item, counts);
            }
        }
        _ => {}
    }
}

/// Generated code as a careful person writes it: no doc line starting with two spaces, no
/// suffixed `0usize` literals, `#[allow(deprecated)]` only in the examples of deprecated
/// operations (the module deprecates 12: `deprecated: true` in the document).
#[test]
fn whole_module_output_has_no_careless_text() {
    let report = generate(&module());
    let mut allowed = 0;
    for (path, text) in &report.files {
        for (i, line) in text.lines().enumerate() {
            let doc = line.trim_start();
            let double = doc
                .strip_prefix("///  ")
                .or_else(|| doc.strip_prefix("//!  "))
                .is_some_and(|rest| !rest.starts_with(' '));
            assert!(!double, "{path}:{}: {line}", i + 1);
            assert!(!line.contains("0usize"), "{path}:{}: {line}", i + 1);
        }
        // Each example allowing deprecation belongs to a method marked deprecated: the
        // attributes between the example and the method's `fn` line include it.
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !line.contains("allow(deprecated)") {
                continue;
            }
            allowed += 1;
            let rest = &lines[i..];
            let end = rest
                .iter()
                .position(|l| l.trim_start().starts_with("fn "))
                .unwrap_or_else(|| panic!("{path}:{}: no method after the example", i + 1));
            assert!(
                rest[..end]
                    .iter()
                    .any(|l| l.trim_start().starts_with("#[deprecated")),
                "{path}:{}: an example allows deprecation of a method that is not deprecated",
                i + 1
            );
        }
    }
    assert!(
        allowed > 0,
        "the deprecated operations' examples were checked"
    );
}
