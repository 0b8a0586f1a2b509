//! The client: configuration, and sending a prepared request.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, USER_AGENT};

use super::request::PreparedRequest;
use super::response::RawResponse;
use super::{Error, Secret, ServiceError};

/// The service root every path is relative to, unless [`ClientBuilder::base_url`] says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://graph.microsoft.com/beta";

/// The value of the `User-Agent` header: this crate and its version.
const USER_AGENT_VALUE: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A Microsoft Graph client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: Option<Secret>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &self.inner.token)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the default service root that authenticates with a static bearer token.
    pub fn new(token: impl Into<Secret>) -> Result<Self, Error> {
        Client::builder().bearer_token(token).build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The service root, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a prepared request and reads the whole answer; a non-2XX status is an error.
    pub async fn execute(&self, request: PreparedRequest) -> Result<RawResponse, Error> {
        let mut builder = self
            .inner
            .http
            .request(request.method, &request.url)
            .headers(request.headers)
            .header(USER_AGENT, USER_AGENT_VALUE);
        if let Some(token) = &self.inner.token {
            builder = builder.bearer_auth(token.expose());
        }
        if let Some(body) = request.body {
            builder = builder
                .header(CONTENT_TYPE, body.content_type)
                .body(body.bytes);
        }
        if let Some(timeout) = request.timeout {
            builder = builder.timeout(timeout);
        }
        let response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::Transport)?.to_vec();
        if status.is_success() {
            Ok(RawResponse {
                status,
                headers,
                body,
            })
        } else {
            Err(Error::Service(Box::new(ServiceError::new(
                status, headers, body,
            ))))
        }
    }
}

/// Headers whose values are never shown: credentials and cookies.
pub(crate) fn is_sensitive_header(name: &HeaderName) -> bool {
    name == AUTHORIZATION
        || name == reqwest::header::PROXY_AUTHORIZATION
        || name == reqwest::header::COOKIE
        || name == reqwest::header::SET_COOKIE
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    token: Option<Secret>,
    http: Option<reqwest::Client>,
    default_headers: HeaderMap,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The service root (default [`DEFAULT_BASE_URL`]); a trailing slash is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticates every request with this bearer token.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Sends through this `reqwest::Client` instead of one built here.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .default_headers(self.default_headers)
                .build()
                .map_err(Error::Transport)?,
        };
        let base_url = self
            .base_url
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_owned())
            .trim_end_matches('/')
            .to_owned();
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token: self.token,
            }),
        })
    }
}
