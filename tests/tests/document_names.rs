//! A document names its own crate: package, module, identity type and cmdlet prefix come
//! from its title and version, and a v1.0 document gets v1.0 names. No v1.0 document is in
//! `../shared`, so the test rewrites a beta one's `info.version` and `servers` the way
//! Microsoft publishes v1.0 (`v1.0`, `https://graph.microsoft.com/v1.0/`).

use std::path::Path;

fn generate(name: &str, text: &str) -> codegen::Files {
    let input = codegen::Input::Text {
        name: Path::new(name),
        text,
    };
    codegen::generate(input, &codegen::Options::default())
        .expect("generates")
        .files
}

fn package_line<'a>(files: &'a codegen::Files, key: &str) -> &'a str {
    files["Cargo.toml"]
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .unwrap_or_else(|| panic!("no {key} in Cargo.toml"))
}

#[test]
fn beta_and_v1_documents_get_their_own_names() {
    let beta_text = std::fs::read_to_string(graph_tests::shared_spec(
        "graph-beta/ChangeNotifications.yml",
    ))
    .unwrap();
    assert!(beta_text.contains("  version: v1.0-beta\n"));
    assert!(beta_text.contains("  - url: https://graph.microsoft.com/beta/\n"));
    let v1_text = beta_text
        .replacen("  version: v1.0-beta\n", "  version: v1.0\n", 1)
        .replacen(
            "  - url: https://graph.microsoft.com/beta/\n",
            "  - url: https://graph.microsoft.com/v1.0/\n",
            1,
        );

    let beta = generate("ChangeNotifications.yml", &beta_text);
    assert_eq!(
        package_line(&beta, "name"),
        r#"name = "graph-beta-change-notifications""#
    );
    assert!(
        package_line(&beta, "description").contains("Microsoft Graph beta: ChangeNotifications")
    );
    let ops = &beta["src/operations/subscriptions.rs"];
    assert!(ops.contains(r#"#[doc(alias = "Get-MgBetaSubscription")]"#));
    assert!(ops.contains("Graph PowerShell: `Remove-MgBetaSubscription`."));
    assert!(
        beta["src/lib.rs"].contains(r#"SERVICE_ROOT: &str = "https://graph.microsoft.com/beta";"#)
    );
    assert!(beta["src/identity.rs"].contains("pub struct ChangeNotificationsIdentity"));

    let v1 = generate("ChangeNotifications.yml", &v1_text);
    assert_eq!(
        package_line(&v1, "name"),
        r#"name = "graph-change-notifications""#
    );
    assert!(package_line(&v1, "description").contains("Microsoft Graph v1.0: ChangeNotifications"));
    let lib = &v1["src/lib.rs"];
    assert!(lib.contains("Typed client for Microsoft Graph v1.0: ChangeNotifications (v1.0)."));
    assert!(lib.contains(r#"SERVICE_ROOT: &str = "https://graph.microsoft.com/v1.0";"#));
    assert!(lib.contains("use graph_change_notifications::prelude::*;"));
    let ops = &v1["src/operations/subscriptions.rs"];
    assert!(ops.contains(r#"#[doc(alias = "Get-MgSubscription")]"#));
    assert!(ops.contains(r#"#[doc(alias = "New-MgSubscription")]"#));
    assert!(ops.contains("Graph PowerShell: `Remove-MgSubscription`."));
    assert!(v1["src/identity.rs"].contains("pub struct ChangeNotificationsIdentity"));
    // Nothing of the beta names is left, and the method names are the same in both.
    for (path, text) in &v1 {
        assert!(!text.contains("MgBeta"), "{path} still says MgBeta");
        assert!(!text.contains("graph_beta"), "{path} still says graph_beta");
    }
    let methods = |files: &codegen::Files| -> Vec<String> {
        files["src/operations/subscriptions.rs"]
            .lines()
            .filter_map(|l| l.trim().strip_prefix("fn "))
            .map(|l| l.split('(').next().unwrap().to_owned())
            .collect()
    };
    assert!(!methods(&v1).is_empty());
    assert_eq!(methods(&v1), methods(&beta));
}

#[test]
fn a_fragment_titled_with_a_sentence_is_named_after_its_file() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../specs/graph-beta-synchronization-secrets.yaml"),
    )
    .unwrap();
    let files = generate("graph-beta-synchronization-secrets.yaml", &text);
    assert_eq!(
        package_line(&files, "name"),
        r#"name = "graph-beta-synchronization-secrets""#
    );
    assert!(
        files["src/identity.rs"].contains("pub struct GraphBetaSynchronizationSecretsIdentity")
    );
}
