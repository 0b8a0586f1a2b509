//! Builds the Graph PowerShell example request for
//! `Set-MgBetaServicePrincipalSynchronizationSecret` in dry-run mode (`-WhatIf`) and
//! prints it: no tenant, no token, no network needed.
//!
//! ```text
//! cargo run -p graph-tests --example dry_run
//! ```
#![allow(deprecated)]

use graph_beta_applications::models::{
    SynchronizationSecret as Key, SynchronizationSecretKeyStringValuePair as Pair,
};
use graph_beta_applications::prelude::*;
use graph_beta_applications::{Client, Error};

fn pair(key: Key, value: &str) -> Pair {
    Pair {
        key: Some(key),
        value: Some(value.into()),
        ..Default::default()
    }
}

fn main() -> Result<(), Error> {
    let client = Client::new("<access token>")?;
    let request = client
        .set_service_principal_synchronization_secret("00000000-0000-0000-0000-000000000000")
        .value([
            pair(Key::BaseAddress, "user@domain.com"),
            pair(Key::SecretToken, "password-value"),
            pair(
                Key::SyncNotificationSettings,
                r#"{"Enabled":false,"DeleteThresholdEnabled":false}"#,
            ),
            pair(Key::SyncAll, "false"),
        ])
        .prepare()?;
    // `Display` redacts the token and the secret values; the raw request stays in
    // `request.url`, `request.headers` and `request.body`.
    print!("{request}");
    Ok(())
}
