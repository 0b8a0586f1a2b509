//! The generated models serialize exactly as Graph expects.
#![allow(deprecated)]

use graph_beta_applications::Client;
use graph_beta_applications::models::{
    ODataError, SetServicePrincipalSynchronizationSecretBody, SynchronizationSecret,
    SynchronizationSecretKeyStringValuePair,
};

use graph_beta_applications::prelude::*;
use graph_tests::example::{
    POWERSHELL_EXAMPLE_BODY as POWERSHELL_EXAMPLE, pair, powershell_example_pairs as example_pairs,
};

#[test]
fn powershell_example_body_serializes_exactly() {
    let body = SetServicePrincipalSynchronizationSecretBody {
        value: Some(example_pairs()),
        ..Default::default()
    };
    assert_eq!(serde_json::to_string(&body).unwrap(), POWERSHELL_EXAMPLE);
}

#[test]
fn the_request_builder_sends_the_same_bytes() {
    let client = Client::builder().bearer_token("t").build().unwrap();
    let prepared = client
        .set_service_principal_synchronization_secret("sp-1")
        .value(example_pairs())
        .prepare()
        .unwrap();
    // The default service root is the description's first `servers` URL.
    assert_eq!(
        prepared.url.as_str(),
        "https://graph.microsoft.com/beta/servicePrincipals/sp-1/synchronization/secrets"
    );
    let body = prepared.body.expect("the PUT has a body");
    assert_eq!(String::from_utf8(body.bytes).unwrap(), POWERSHELL_EXAMPLE);
    assert_eq!(body.content_type, "application/json");
}

#[test]
fn secret_values_are_redacted_in_debug() {
    let pair = pair(SynchronizationSecret::SecretToken, "canary-5ecret");
    let debug = format!("{pair:?} {pair:#?}");
    assert!(!debug.contains("canary-5ecret"), "{debug}");
    assert!(
        debug.contains("SecretToken"),
        "the key stays visible: {debug}"
    );
}

#[test]
fn unknown_enum_values_round_trip() {
    let parsed: SynchronizationSecret = serde_json::from_str(r#""BrandNewSecretKind""#).unwrap();
    assert_eq!(
        parsed,
        SynchronizationSecret::UnknownValue("BrandNewSecretKind".to_owned())
    );
    assert_eq!(
        serde_json::to_string(&parsed).unwrap(),
        r#""BrandNewSecretKind""#
    );
    let known: SynchronizationSecret = serde_json::from_str(r#""ConnectionString""#).unwrap();
    assert_eq!(known, SynchronizationSecret::ConnectionString);
}

#[test]
fn the_none_member_is_not_option_none() {
    assert_eq!(
        serde_json::to_string(&SynchronizationSecret::NoneValue).unwrap(),
        r#""None""#
    );
    let parsed: SynchronizationSecret = serde_json::from_str(r#""None""#).unwrap();
    assert_eq!(parsed, SynchronizationSecret::NoneValue);
    // A pair whose key is the member `None` is different from a pair without a key.
    let with_none = pair(SynchronizationSecret::NoneValue, "x");
    let without = SynchronizationSecretKeyStringValuePair {
        value: Some("x".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&with_none).unwrap(),
        r#"{"key":"None","value":"x"}"#
    );
    assert_eq!(serde_json::to_string(&without).unwrap(), r#"{"value":"x"}"#);
}

#[test]
fn all_45_members_serialize_as_their_exact_names() {
    let names = [
        "None",
        "UserName",
        "Password",
        "SecretToken",
        "AppKey",
        "BaseAddress",
        "ClientIdentifier",
        "ClientSecret",
        "SingleSignOnType",
        "Sandbox",
        "Url",
        "Domain",
        "ConsumerKey",
        "ConsumerSecret",
        "TokenKey",
        "TokenExpiration",
        "Oauth2AccessToken",
        "Oauth2AccessTokenCreationTime",
        "Oauth2RefreshToken",
        "SyncAll",
        "InstanceName",
        "Oauth2ClientId",
        "Oauth2ClientSecret",
        "CompanyId",
        "UpdateKeyOnSoftDelete",
        "SynchronizationSchedule",
        "SystemOfRecord",
        "SandboxName",
        "EnforceDomain",
        "SyncNotificationSettings",
        "SkipOutOfScopeDeletions",
        "Oauth2AuthorizationCode",
        "Oauth2RedirectUri",
        "ApplicationTemplateIdentifier",
        "Oauth2TokenExchangeUri",
        "Oauth2AuthorizationUri",
        "AuthenticationType",
        "Server",
        "PerformInboundEntitlementGrants",
        "HardDeletesEnabled",
        "SyncAgentCompatibilityKey",
        "SyncAgentADContainer",
        "ValidateDomain",
        "TestReferences",
        "ConnectionString",
    ];
    assert_eq!(names.len(), 45);
    for name in names {
        let member = SynchronizationSecret::from(name);
        assert!(
            !matches!(member, SynchronizationSecret::UnknownValue(_)),
            "{name} is a named member"
        );
        assert_eq!(
            serde_json::to_value(&member).unwrap(),
            serde_json::json!(name)
        );
    }
}

#[test]
fn additional_properties_are_kept_including_null() {
    let text = r#"{"value":[{"key":"SyncAll","value":"true","extra":1}],"@odata.context":"ctx","gone":null}"#;
    let body: SetServicePrincipalSynchronizationSecretBody = serde_json::from_str(text).unwrap();
    assert_eq!(body.additional_properties["@odata.context"], "ctx");
    assert!(body.additional_properties["gone"].is_null());
    let pairs = body.value.as_ref().unwrap();
    assert_eq!(pairs[0].additional_properties["extra"], 1);
    let back: serde_json::Value = serde_json::to_value(&body).unwrap();
    assert_eq!(
        back,
        serde_json::from_str::<serde_json::Value>(text).unwrap()
    );
}

#[test]
fn odata_errors_parse_with_unlisted_members() {
    let text = r#"{"error":{"code":"Request_BadRequest","message":"Invalid value","innerError":{"request-id":"1f2e","date":"2026-11-26T10:00:00"}}}"#;
    let error: ODataError = serde_json::from_str(text).unwrap();
    assert_eq!(error.error.code, "Request_BadRequest");
    assert_eq!(error.error.message, "Invalid value");
    let inner = error.error.inner_error.unwrap();
    assert_eq!(inner.additional_properties["request-id"], "1f2e");
}

#[test]
fn a_missing_required_member_or_a_wrong_type_is_an_error_naming_the_member() {
    // `code` and `message` are required members of `MainError`.
    let missing = serde_json::from_str::<ODataError>(r#"{"error":{"code":"X"}}"#)
        .unwrap_err()
        .to_string();
    assert!(missing.contains("missing field `message`"), "{missing}");
    let wrong = serde_json::from_str::<SynchronizationSecretKeyStringValuePair>(
        r#"{"key":"SyncAll","value":7}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        wrong.starts_with("value: invalid type: integer `7`"),
        "{wrong}"
    );
    assert!(serde_json::from_str::<ODataError>(r#""not an object""#).is_err());
}

/// Members are read in the description's order and the first one that cannot be read is
/// the error, whether later ones are readable or not (the rest are not looked at).
#[test]
fn the_first_unreadable_member_is_the_error() {
    let both_wrong =
        serde_json::from_str::<SynchronizationSecretKeyStringValuePair>(r#"{"value":7,"key":5}"#)
            .unwrap_err()
            .to_string();
    assert!(
        both_wrong.starts_with("key: invalid type: integer `5`"),
        "{both_wrong}"
    );
    // In a nested model: `target` and `details` are optional members after the required
    // `code` and `message`.
    let nested = serde_json::from_str::<ODataError>(
        r#"{"error":{"code":"X","message":"m","target":5,"details":7}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        nested.starts_with("error: target: invalid type: integer `5`"),
        "{nested}"
    );
    let required_wrong = serde_json::from_str::<ODataError>(r#"{"error":{"code":1,"target":5}}"#)
        .unwrap_err()
        .to_string();
    assert!(
        required_wrong.starts_with("error: code: invalid type: integer `1`"),
        "{required_wrong}"
    );
}

#[test]
fn absent_members_are_not_written_and_null_ones_are_written_back() {
    use graph_beta_applications::runtime::ExplicitNull;
    // Absent and null both read as None; is_null tells them apart, and a null read is
    // written back (explicit null: decisions/0043), an absent one is not.
    let pair: SynchronizationSecretKeyStringValuePair =
        serde_json::from_str(r#"{"key":null}"#).unwrap();
    assert_eq!(pair.key, None);
    assert!(pair.value.is_none());
    assert!(pair.is_null("key"));
    assert!(!pair.is_null("value"));
    assert_eq!(serde_json::to_string(&pair).unwrap(), r#"{"key":null}"#);
    let absent: SynchronizationSecretKeyStringValuePair = serde_json::from_str("{}").unwrap();
    assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
    // Listed members first, in the description's order, then the unlisted ones.
    let pair: SynchronizationSecretKeyStringValuePair =
        serde_json::from_str(r#"{"z":1,"value":"v","key":"SyncAll"}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&pair).unwrap(),
        r#"{"key":"SyncAll","value":"v","z":1}"#
    );
}

/// `PartialEq` on the model structs is the `partial-eq` feature's, off by default: every
/// struct of `src/models/` asks for it under that feature and no other way, and the
/// manifest declares the feature outside `default` (`.ci/full-module.sh` builds the whole
/// module with it on). Off, the structs still compare through their JSON.
#[test]
fn model_equality_is_the_partial_eq_features() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated");
    let mut models = String::new();
    for entry in std::fs::read_dir(root.join("src/models")).unwrap() {
        models.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let lines: Vec<&str> = models.lines().collect();
    let mut structs = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("pub struct ") {
            structs += 1;
            assert_eq!(
                lines[i - 1],
                "#[cfg_attr(feature = \"partial-eq\", derive(PartialEq))]",
                "{line}"
            );
            assert!(!lines[i - 2].contains("PartialEq"), "{line}");
        }
    }
    // One struct per object schema of the description (the open maps under
    // `additionalProperties` are not structs): counted in the document, not the code.
    let spec: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(graph_tests::SPEC).unwrap()).unwrap();
    assert_eq!(structs, object_schemas(&spec), "structs in models.rs");
    let metadata = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .output()
        .expect("cargo metadata runs");
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&metadata.stdout).unwrap();
    let package = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "graph-beta-applications")
        .expect("the generated package");
    let features = &package["features"];
    assert_eq!(features["partial-eq"], serde_json::json!([]));
    let default = features["default"].as_array().unwrap();
    assert!(!default.is_empty());
    assert!(!default.iter().any(|f| f == "partial-eq"), "{default:?}");

    let a: SynchronizationSecretKeyStringValuePair =
        serde_json::from_str(r#"{"key":"SyncAll","value":"true"}"#).unwrap();
    let b = a.clone();
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        serde_json::to_value(&b).unwrap()
    );
}

/// How many object schemas (`type: object`) `value` holds, leaving out the values of
/// `additionalProperties`.
fn object_schemas(value: &serde_yaml::Value) -> usize {
    use serde_yaml::Value;
    match value {
        Value::Mapping(map) => {
            let own = usize::from(map.get("type").and_then(Value::as_str) == Some("object"));
            own + map
                .iter()
                .filter(|(key, _)| key.as_str() != Some("additionalProperties"))
                .map(|(_, child)| object_schemas(child))
                .sum::<usize>()
        }
        Value::Sequence(items) => items.iter().map(object_schemas).sum(),
        _ => 0,
    }
}
