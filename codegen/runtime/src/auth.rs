//! Authentication: a static bearer token, or a token provider asked before every attempt.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use super::Secret;

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
}

impl Auth {
    pub(crate) fn is_some(&self) -> bool {
        !matches!(self, Auth::None)
    }

    /// The token for the next attempt, if the client authenticates.
    pub(crate) async fn token(&self) -> Result<Option<Secret>, super::Error> {
        match self {
            Auth::None => Ok(None),
            Auth::Static(token) => Ok(Some(token.clone())),
            Auth::Provider(provider) => {
                provider.token().await.map(Some).map_err(super::Error::Auth)
            }
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::None => f.write_str("None"),
            Auth::Static(_) => f.write_str("Static(<redacted>)"),
            Auth::Provider(_) => f.write_str("Provider(..)"),
        }
    }
}
