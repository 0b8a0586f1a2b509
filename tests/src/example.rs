//! The Graph PowerShell example for `Set-MgBetaServicePrincipalSynchronizationSecret`,
//! shared by the tests that send it or serialize it.

use graph_beta_applications::models::{
    SynchronizationSecret as Key, SynchronizationSecretKeyStringValuePair as Pair,
};

/// The exact JSON body the example must serialize to.
pub const POWERSHELL_EXAMPLE_BODY: &str = r#"{"value":[{"key":"BaseAddress","value":"user@domain.com"},{"key":"SecretToken","value":"password-value"},{"key":"SyncNotificationSettings","value":"{\"Enabled\":false,\"DeleteThresholdEnabled\":false}"},{"key":"SyncAll","value":"false"}]}"#;

/// One key/value pair.
pub fn pair(key: Key, value: &str) -> Pair {
    Pair {
        key: Some(key),
        value: Some(value.into()),
        ..Default::default()
    }
}

/// The example's pairs: BaseAddress, SecretToken, SyncNotificationSettings (a JSON
/// object written as a string) and SyncAll.
pub fn powershell_example_pairs() -> Vec<Pair> {
    vec![
        pair(Key::BaseAddress, "user@domain.com"),
        pair(Key::SecretToken, "password-value"),
        pair(
            Key::SyncNotificationSettings,
            r#"{"Enabled":false,"DeleteThresholdEnabled":false}"#,
        ),
        pair(Key::SyncAll, "false"),
    ]
}
