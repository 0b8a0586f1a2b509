//! Which string properties hold secrets, and so become `Secret` (wiped on drop, never printed).
//!
//! OpenAPI has no standard marker for a secret value, and Graph's description sets none,
//! so the rule is by name, applied to string-typed properties only:
//!
//! 1. a property whose own name says it holds a secret: it contains `password`, `secret`
//!    or `token` as a word (`secretText`, `clientSecret`, `accessToken`), or is `privateKey`
//!    or `pin`; but not counts, flags, ids, dates, URLs or hints (`passwordHint`,
//!    `tokenLifetime`, `hasSecret`, `secretId` are plain);
//! 2. the `value` of a key/value pair type whose name says it holds secrets or credentials
//!    (`synchronizationSecretKeyStringValuePair.value`).
//!
//! A `format: password` on the schema also makes it secret, whatever its name.

use heck::ToSnakeCase;

const SECRET_WORDS: &[&str] = &["password", "secret", "token", "passphrase"];
const SECRET_NAMES: &[&str] = &["private_key", "pin"];
const PLAIN_WORDS: &[&str] = &[
    "id",
    "ids",
    "type",
    "types",
    "hint",
    "hints",
    "lifetime",
    "count",
    "url",
    "uri",
    "date",
    "time",
    "date_time",
    "expiry",
    "expiration",
    "policy",
    "policies",
    "length",
    "name",
    "names",
    "issuer",
    "issuers",
    "endpoint",
    "required",
    "enabled",
    "kind",
    "version",
    "settings",
    "configuration",
    "method",
    "methods",
    "has",
    "is",
    "key_id",
    "display",
    "reset",
    "profile",
    "credentials",
    "audience",
    "audiences",
];

/// Whether the string property `property` of the schema named `schema` holds a secret.
pub fn is_secret(schema: &str, property: &str, format: Option<&str>) -> bool {
    if format == Some("password") {
        return true;
    }
    let words: Vec<String> = property
        .to_snake_case()
        .split('_')
        .map(str::to_owned)
        .collect();
    let snake = words.join("_");
    if SECRET_NAMES.contains(&snake.as_str()) {
        return true;
    }
    let says_secret = words.iter().any(|w| SECRET_WORDS.contains(&w.as_str()));
    let says_plain = words.iter().any(|w| PLAIN_WORDS.contains(&w.as_str()));
    if says_secret && !says_plain {
        return true;
    }
    let schema_words = schema.to_snake_case();
    property == "value"
        && schema_words.contains("key_")
        && schema_words.contains("value_pair")
        && ["secret", "password", "credential"]
            .iter()
            .any(|w| schema_words.contains(w))
}

#[cfg(test)]
mod tests {
    use super::is_secret;

    #[test]
    fn secret_properties() {
        assert!(is_secret(
            "synchronizationSecretKeyStringValuePair",
            "value",
            None
        ));
        assert!(is_secret("passwordCredential", "secretText", None));
        assert!(is_secret("x", "clientSecret", None));
        assert!(is_secret("x", "accessToken", None));
        assert!(is_secret("x", "anything", Some("password")));
    }

    #[test]
    fn plain_properties() {
        assert!(!is_secret(
            "synchronizationSecretKeyStringValuePair",
            "key",
            None
        ));
        assert!(!is_secret("keyValuePair", "value", None));
        assert!(!is_secret("x", "passwordHint", None));
        assert!(!is_secret("x", "tokenLifetime", None));
        assert!(!is_secret("x", "secretId", None));
        assert!(!is_secret("x", "tokenIssuancePolicies", None));
        assert!(!is_secret("x", "description", None));
    }
}
