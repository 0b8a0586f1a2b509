//! Sign-in with an `azure_core` [`TokenCredential`] (the `azure` feature): the credential
//! is asked for a token before every attempt; it caches and refreshes tokens itself.

use std::fmt;
use std::sync::Arc;

use azure_core::credentials::TokenCredential;

use super::super::{Error, Secret};

/// A credential and the scope to ask it for.
#[derive(Clone)]
pub(crate) struct Credential {
    credential: Arc<dyn TokenCredential>,
    /// The scope set with the credential; `None`: the `.default` scope of where each
    /// request goes ([`default_scope`]).
    scope: Option<String>,
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl Credential {
    pub(crate) fn new(credential: Arc<dyn TokenCredential>, scope: Option<String>) -> Self {
        Credential { credential, scope }
    }

    /// A token for a request to `url`, asked of the credential for this attempt.
    pub(crate) async fn token(&self, url: &str) -> Result<Secret, Error> {
        let derived;
        let scope = match &self.scope {
            Some(scope) => scope.as_str(),
            None => {
                derived = default_scope(url)?;
                derived.as_str()
            }
        };
        let token = self
            .credential
            .get_token(&[scope], None)
            .await
            .map_err(|e| Error::Auth(Box::new(e)))?;
        Ok(Secret::new(token.token.secret()))
    }
}

/// The `.default` scope of the service at `url`: its origin (scheme, host and port)
/// followed by `/.default`, so `https://graph.microsoft.com/.default` for
/// `https://graph.microsoft.com/beta/...` and `https://graph.microsoft.us/.default` for a
/// national cloud's base URL.
pub(crate) fn default_scope(url: &str) -> Result<String, Error> {
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| Error::invalid_argument("url", format!("no scope for {url}: {e}")))?;
    let origin = parsed.origin();
    if !origin.is_tuple() {
        return Err(Error::invalid_argument(
            "url",
            format!("no scope for {url}: it has no origin"),
        ));
    }
    Ok(format!("{}/.default", origin.ascii_serialization()))
}

#[cfg(test)]
mod tests {
    use super::default_scope;

    #[test]
    fn the_scope_is_the_origin_of_the_service_root() {
        assert_eq!(
            default_scope("https://graph.microsoft.com/beta").unwrap(),
            "https://graph.microsoft.com/.default"
        );
        assert_eq!(
            default_scope("https://graph.microsoft.com/v1.0/users?$top=1").unwrap(),
            "https://graph.microsoft.com/.default"
        );
        assert_eq!(
            default_scope("https://graph.microsoft.us:443/v1.0").unwrap(),
            "https://graph.microsoft.us/.default"
        );
        assert_eq!(
            default_scope("http://127.0.0.1:8080/beta").unwrap(),
            "http://127.0.0.1:8080/.default"
        );
        assert!(default_scope("not a url").is_err());
    }
}
