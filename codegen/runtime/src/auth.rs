//! Authentication: a static bearer token, or a token provider asked before every attempt.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::header::HeaderValue;
use zeroize::Zeroizing;

use super::{Error, Secret};

#[cfg(feature = "azure")]
pub(crate) mod azure;

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<
    Box<dyn Future<Output = Result<Secret, Box<dyn std::error::Error + Send + Sync>>> + Send + 'a>,
>;

/// Supplies bearer tokens. The client asks before every attempt (retries included), so a
/// provider that caches and refreshes keeps long jobs authenticated.
///
/// Any `Fn() -> impl Future<Output = Result<Secret, E>>` closure is a provider.
pub trait TokenProvider: Send + Sync + 'static {
    /// A token valid for the next request.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<Secret, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    fn token(&self) -> TokenFuture<'_> {
        let future = self();
        Box::pin(async move { future.await.map_err(Into::into) })
    }
}

/// How a client authenticates.
#[derive(Clone, Default)]
pub(crate) enum Auth {
    /// No `Authorization` header (for tests, or a proxy that adds it).
    #[default]
    None,
    /// The same token on every request.
    Static(Secret),
    /// A token asked for before every attempt.
    Provider(Arc<dyn TokenProvider>),
    /// An `azure_core` credential asked for a token before every attempt.
    #[cfg(feature = "azure")]
    Credential(azure::Credential),
}

impl Auth {
    pub(crate) fn is_some(&self) -> bool {
        !matches!(self, Auth::None)
    }

    /// The `Authorization` value for the next attempt of a request to `url`, if the
    /// client authenticates: `Bearer <token>`, marked sensitive.
    pub(crate) async fn header(&self, url: &str) -> Result<Option<HeaderValue>, Error> {
        let _ = url;
        let value = match self {
            Auth::None => return Ok(None),
            Auth::Static(token) => bearer(token)?,
            Auth::Provider(provider) => bearer(&provider.token().await.map_err(Error::Auth)?)?,
            #[cfg(feature = "azure")]
            Auth::Credential(credential) => bearer(&credential.token(url).await?)?,
        };
        Ok(Some(value))
    }
}

/// `Bearer <token>` as a sensitive header value, formatted in a zeroizing string.
fn bearer(token: &Secret) -> Result<HeaderValue, Error> {
    let text = Zeroizing::new(format!("Bearer {}", token.expose()));
    let mut value = HeaderValue::from_str(&text)
        .map_err(|_| Error::invalid_argument("token", "the token is not a valid header value"))?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Static(_) => f.write_str("Static(<redacted>)"),
            Auth::Provider(_) => f.write_str("Provider(..)"),
            #[cfg(feature = "azure")]
            Auth::Credential(_) => f.write_str("Credential(..)"),
        }
    }
}
