//! The client: configuration, and sending a prepared request through the pipeline.
//!
//! Plain HTTP, redirects, headers and the proxy are described on
//! [`Client`], which is where users read them (this module is private).

use std::fmt;
use std::future::Future;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER};

use super::auth::{Auth, TokenProvider};
use super::pipeline::{HttpRequest, HttpResponse, PipelineStep, RedactedHeaders};
use super::request::{CLIENT_REQUEST_ID, HeaderSources, PreparedRequest};
use super::response::RawResponse;
use super::retry::{RetryPolicy, parse_retry_after};
use super::{Error, Secret, Service, ServiceError};

/// The value of the `User-Agent` header: this crate and its version.
pub const USER_AGENT_VALUE: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// The per-attempt timeout unless one is configured (that of .NET's `HttpClient`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

/// The most redirects one attempt follows; the 11th is refused.
const MAX_REDIRECTS: usize = 10;

/// A Microsoft Graph client. Cheap to clone: clones share one connection pool.
///
/// One client serves every generated crate of a program: their operations are methods of
/// the crates' operation traits, implemented for every `AsRef<Client>` type (bring them
/// into scope with the generated crate's `prelude`). Each request goes to its own API's
/// service root ([`Service::ROOT`]) unless [`ClientBuilder::base_url`] set one for all.
///
/// A call goes through the steps described in [`crate::pipeline`], is retried as
/// [`crate::retry`] says, and fails with one [`Error`].
///
/// # Plain HTTP and redirects
///
/// - The base URL set with [`ClientBuilder::base_url`] must be `https://`, or `http://`
///   to loopback (`localhost`, `127.0.0.0/8`, `::1`), unless
///   [`ClientBuilder::allow_insecure_http`] is `true`; anything else (another scheme, a
///   URL that does not parse) is an
///   [`Error::InvalidArgument`] from
///   [`ClientBuilder::build`].
/// - The `reqwest` client built here follows redirects with a policy of its own: at most
///   10 redirects per attempt (the 11th is refused), and a redirect to a URL that is not
///   `https://` is refused unless it is loopback or insecure HTTP is allowed. A refused
///   redirect is an [`Error::Transport`].
/// - On a redirect to another origin (scheme, host or port), reqwest itself removes
///   `Authorization`, `Cookie`, `Proxy-Authorization` and `WWW-Authenticate`; a redirect
///   within the origin keeps them. 307 and 308 redirects replay the body.
/// - Redirects happen inside the transport: pipeline steps, retries and the timeout see
///   the attempt as one request and its final answer.
/// - With a caller-supplied client ([`ClientBuilder::http_client`]) its own redirect
///   policy and proxy apply instead (reqwest's default policy follows up to 10 redirects
///   and also removes credentials on a redirect to another origin).
///
/// # Headers
///
/// - Every request carries `User-Agent: `[`USER_AGENT_VALUE`] and a `client-request-id`
///   (see [`Request`](crate::Request)).
/// - **Precedence.** For each header the runtime sets itself (`User-Agent`,
///   `client-request-id`, `ConsistencyLevel` where the operation wants it, `Content-Type`
///   of a body, `Accept` (reqwest's `*/*`) and `Authorization`), a value the caller sets
///   replaces the built-in one, and a request's own header
///   ([`Request::header`](crate::Request::header)) replaces a client-wide one
///   ([`ClientBuilder::default_header`]) of the same name (names compare without case).
///   The header that wins is sent once, on every attempt: two levels never give two
///   lines. (Values given twice at the same level, two `default_header` calls with one
///   name, are all sent.) `Authorization` is the one exception at the client level, below.
/// - [`ClientBuilder::default_header`] and [`Request::header`](crate::Request::header)
///   are validated by the rules of [`HeaderName`] and
///   [`HeaderValue`] (CR, LF and the other control characters but
///   tab are refused): an invalid one is an
///   [`Error::InvalidArgument`] from
///   [`ClientBuilder::build`] or from the request's `prepare`/`send`, before any I/O.
/// - A request's own header replaces a default header (or the `User-Agent`) of the same
///   name.
/// - `Authorization` is refused as a default header, and per request unless
///   [`Request::allow_authorization_header`](crate::Request::allow_authorization_header)
///   is called; then it replaces the client's authentication for that call. Otherwise
///   the client adds it per attempt from [`ClientBuilder::bearer_token`] or
///   [`ClientBuilder::token_provider`].
///
/// # Proxy
///
/// [`ClientBuilder::proxy`] sends every request through the given proxy (Graph
/// PowerShell's `-Proxy`), with basic credentials from
/// [`ClientBuilder::proxy_credentials`] (`-ProxyCredential`; credentials without a proxy
/// are an [`Error::InvalidArgument`]). Without it,
/// reqwest's default applies: the proxy environment variables (`HTTP_PROXY`,
/// `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`). `proxy` together with
/// [`ClientBuilder::http_client`] is an
/// [`Error::InvalidArgument`]: set the proxy on that
/// client.
///
/// # What is copied when
///
/// - The body is never copied: it is encoded once into a [`Bytes`] that every attempt
///   shares.
/// - `Retry-Attempt` and `Authorization` are added to each attempt's own headers, never
///   to the request kept for the next attempt.
/// - A call made with [`Request::send`](crate::Request::send) and no outer steps: the
///   first attempt takes the request's headers over (moved into the request reqwest
///   sends, not copied). Only when a retry is scheduled are the next attempt's headers
///   built again from where they came from: the request's own headers, the client's
///   default headers, the call's `client-request-id`, `ConsistencyLevel` and the body's
///   `Content-Type`, by the same code and so line for line the same (plus
///   `Retry-Attempt`). Without inner steps either, a call that is never retried copies
///   no header map.
/// - Inner steps ([`ClientBuilder::inner_step`]): as above for the request the steps are
///   given; after them, each attempt's headers are copied once into the request reqwest
///   sends, because the steps read the request as sent again in `on_response`.
/// - Outer steps ([`ClientBuilder::outer_step`]): the request as the outer steps left it
///   cannot be built again (they may have changed it) and they read it again in
///   `on_response`: its headers are copied for every attempt.
/// - [`Client::execute`] is given a [`PreparedRequest`], which carries its headers but
///   not where they came from: its headers are copied for every attempt that a retry
///   could follow (every attempt but the last the [`RetryPolicy`] allows; none with
///   retries off), and moved into the last. Each page of
///   [`Request::pages`](crate::Request::pages) is sent this way, and its request is
///   copied once more to make the next page's.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Option<String>,
    auth: Auth,
    default_headers: HeaderMap,
    retry: RetryPolicy,
    timeout: Duration,
    outer: Vec<Arc<dyn PipelineStep>>,
    inner: Vec<Arc<dyn PipelineStep>>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .field(
                "default_headers",
                &RedactedHeaders(&self.inner.default_headers),
            )
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("outer_steps", &self.inner.outer.len())
            .field("inner_steps", &self.inner.inner.len())
            .finish_non_exhaustive()
    }
}

impl AsRef<Client> for Client {
    fn as_ref(&self) -> &Client {
        self
    }
}

impl Client {
    /// A client that authenticates with a static bearer token and sends each request to
    /// its own API's service root.
    pub fn new(token: impl Into<Secret>) -> Result<Self, Error> {
        Client::builder().bearer_token(token).build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL set with [`ClientBuilder::base_url`], without a trailing slash; `None`
    /// when each request goes to its own API's service root.
    pub fn base_url(&self) -> Option<&str> {
        self.inner.base_url.as_deref()
    }

    /// Where requests of the API `S` go: the configured base URL, or `S`'s service root.
    pub fn root<S: Service>(&self) -> &str {
        self.inner.base_url.as_deref().unwrap_or(S::ROOT)
    }

    pub(crate) fn default_headers(&self) -> &HeaderMap {
        &self.inner.default_headers
    }

    pub(crate) fn authenticates(&self) -> bool {
        self.inner.auth.is_some()
    }

    /// Sends a prepared request through the pipeline (see [`super::pipeline`]) and reads
    /// the whole answer. A non-2XX status is an error; 429, 503 and 504 are retried as
    /// the [`RetryPolicy`] says.
    ///
    /// A `PreparedRequest` carries its headers only, not where they came from: unlike
    /// [`Request::send`](crate::Request::send), `execute` copies its headers before each
    /// attempt that a retry could follow (see "What is copied when" on [`Client`]).
    pub fn execute(
        &self,
        request: PreparedRequest,
    ) -> impl Future<Output = Result<RawResponse, Error>> + Send + '_ {
        self.execute_built(request, None)
    }

    /// [`execute`](Self::execute), with where the request's headers came from when it
    /// was built by [`Request::send`](crate::Request::send): then a retry builds them
    /// again from `sources`, and no attempt copies them.
    pub(crate) fn execute_built(
        &self,
        request: PreparedRequest,
        sources: Option<HeaderSources>,
    ) -> impl Future<Output = Result<RawResponse, Error>> + Send + '_ {
        let timeout = request.timeout.unwrap_or(self.inner.timeout);
        let base = HttpRequest {
            operation_id: request.operation_id,
            method: request.method,
            url: request.url,
            headers: request.headers,
            // `Vec<u8>` into `Bytes` takes the allocation over: no copy, and every attempt
            // shares it.
            body: request.body.map(|b| Bytes::from(b.bytes)),
            attempt: 0,
        };
        // Converted before the future starts: the future holds the request once.
        self.run(base, sources, timeout)
    }

    async fn run(
        &self,
        mut base: HttpRequest,
        sources: Option<HeaderSources>,
        timeout: Duration,
    ) -> Result<RawResponse, Error> {
        if self.inner.outer.is_empty() {
            return self.attempts(&mut base, sources.as_ref(), timeout).await;
        }
        for step in &self.inner.outer {
            step.on_request(&mut base).await?;
        }
        // The outer steps may have changed the request: it is not built again from its
        // sources, and the steps read it again with the answer.
        let result = self.attempts(&mut base, None, timeout).await;
        let answer = match &result {
            Ok(raw) => Some((raw.status, &raw.headers, raw.body.as_slice())),
            Err(e) => e.service().map(|s| (s.status(), s.headers(), s.body())),
        };
        if let Some((status, headers, body)) = answer {
            let response = HttpResponse {
                status,
                headers,
                body,
            };
            for step in self.inner.outer.iter().rev() {
                step.on_response(&base, &response).await?;
            }
        }
        result
    }

    /// The attempts of one call. `base` is the request after the outer steps; each attempt
    /// sends it with its own `Retry-Attempt` and `Authorization`. Its headers are moved,
    /// not copied, into an attempt unless they are needed again and cannot be built again:
    /// with outer steps (which read `base` with the answer), or before an attempt a retry
    /// could follow when there are no `sources`. Otherwise a scheduled retry builds them
    /// again from `sources`.
    async fn attempts(
        &self,
        base: &mut HttpRequest,
        sources: Option<&HeaderSources>,
        timeout: Duration,
    ) -> Result<RawResponse, Error> {
        let policy = self.inner.retry;
        let mut attempt: u32 = 0;
        let mut waited = Duration::ZERO;
        loop {
            let base_needed_again =
                !self.inner.outer.is_empty() || (sources.is_none() && attempt < policy.retries());
            let mut headers = if base_needed_again {
                copied(&base.headers)
            } else {
                std::mem::take(&mut base.headers)
            };
            if attempt > 0 {
                headers.insert("retry-attempt", HeaderValue::from(attempt));
            }
            if !headers.contains_key(AUTHORIZATION)
                && let Some(value) = self.inner.auth.header(&base.url).await?
            {
                headers.insert(AUTHORIZATION, value);
            }
            // The id the events name; looked up only when they are recorded.
            let client_request_id = if tracing::enabled!(tracing::Level::INFO) {
                headers
                    .get(CLIENT_REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            } else {
                String::new()
            };
            let started = Instant::now();
            let (answer, request) = if self.inner.inner.is_empty() {
                log_sent(base, &headers, attempt, &client_request_id);
                let wire = wire_request(&base.method, &base.url, headers, base.body.clone())?;
                (Box::pin(self.send_once(wire, timeout)).await, None)
            } else {
                let mut request = HttpRequest {
                    operation_id: base.operation_id,
                    method: base.method.clone(),
                    url: base.url.clone(),
                    headers,
                    body: base.body.clone(),
                    attempt,
                };
                for step in &self.inner.inner {
                    step.on_request(&mut request).await?;
                }
                log_sent(&request, &request.headers, attempt, &client_request_id);
                // The inner steps read the request again with the answer: the headers are
                // copied into the wire request here.
                let wire = wire_request(
                    &request.method,
                    &request.url,
                    copied(&request.headers),
                    request.body.clone(),
                )?;
                (Box::pin(self.send_once(wire, timeout)).await, Some(request))
            };
            let (status, headers, body) = match answer {
                Ok(answer) => answer,
                Err(error) => {
                    tracing::debug!(
                        operation_id = base.operation_id,
                        attempt,
                        client_request_id = %client_request_id,
                        error = %error,
                        "request failed"
                    );
                    return Err(error);
                }
            };
            tracing::debug!(
                operation_id = base.operation_id,
                status = status.as_u16(),
                attempt,
                elapsed_ms = started.elapsed().as_millis() as u64,
                client_request_id = %client_request_id,
                request_id = headers.get("request-id").and_then(|v| v.to_str().ok()).unwrap_or_default(),
                headers = ?RedactedHeaders(&headers),
                "response received"
            );
            if let Some(request) = &request {
                let response = HttpResponse {
                    status,
                    headers: &headers,
                    body: &body,
                };
                for step in self.inner.inner.iter().rev() {
                    step.on_response(request, &response).await?;
                }
            }
            if status.is_success() {
                return Ok(RawResponse {
                    status,
                    headers,
                    body,
                });
            }
            let retryable = RetryPolicy::is_retryable(status);
            if retryable && attempt < policy.retries() {
                let retry_after = headers
                    .get(RETRY_AFTER)
                    .and_then(|v| parse_retry_after(v, SystemTime::now()));
                let delay = policy.delay(attempt + 1, retry_after);
                if waited + delay <= policy.max_total() {
                    tracing::info!(
                        operation_id = base.operation_id,
                        status = status.as_u16(),
                        retry = attempt + 1,
                        delay_ms = delay.as_millis() as u64,
                        retry_after = retry_after.is_some(),
                        client_request_id = %client_request_id,
                        "retry scheduled"
                    );
                    tokio::time::sleep(delay).await;
                    waited += delay;
                    attempt += 1;
                    if !base_needed_again && let Some(sources) = sources {
                        // Taken by the attempt that just ended: built again, not kept.
                        base.headers = sources.headers(&self.inner.default_headers)?;
                    }
                    continue;
                }
                tracing::info!(
                    operation_id = base.operation_id,
                    delay_ms = delay.as_millis() as u64,
                    waited_ms = waited.as_millis() as u64,
                    "retry not scheduled: the wait would exceed the total delay cap"
                );
            }
            let error = Box::new(ServiceError::new(status, headers, body));
            return Err(if retryable && policy.retries() > 0 {
                Error::RetriesExhausted {
                    attempts: attempt + 1,
                    last: error,
                }
            } else {
                Error::Service(error)
            });
        }
    }

    /// One exchange: sends `request` and reads the whole answer within `timeout`. The
    /// answer's headers and body are taken over, not copied. Its future (reqwest's
    /// response and body reading, the timer: about 1.5 KB) is boxed by the caller, once per
    /// attempt, so a call's own future stays small.
    async fn send_once(
        &self,
        request: reqwest::Request,
        timeout: Duration,
    ) -> Result<(reqwest::StatusCode, HeaderMap, Vec<u8>), Error> {
        let exchange = async {
            let mut response = self
                .inner
                .http
                .execute(request)
                .await
                .map_err(Error::Transport)?;
            let status = response.status();
            let headers = std::mem::take(response.headers_mut());
            let body = Vec::from(response.bytes().await.map_err(Error::Transport)?);
            Ok((status, headers, body))
        };
        match tokio::time::timeout(timeout, exchange).await {
            Ok(result) => result,
            Err(_) => Err(Error::Timeout { after: timeout }),
        }
    }
}

#[cfg(test)]
thread_local! {
    /// How many header maps [`copied`] copied on this thread (tests count copies with it).
    static HEADER_COPIES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A copy of `headers`, for an attempt when the original is needed again.
fn copied(headers: &HeaderMap) -> HeaderMap {
    #[cfg(test)]
    HEADER_COPIES.with(|n| n.set(n.get() + 1));
    headers.clone()
}

/// The `request sent` event (debug) of one attempt.
fn log_sent(request: &HttpRequest, headers: &HeaderMap, attempt: u32, client_request_id: &str) {
    tracing::debug!(
        operation_id = request.operation_id,
        method = %request.method,
        url = %request.url,
        attempt,
        client_request_id = %client_request_id,
        headers = ?RedactedHeaders(headers),
        "request sent"
    );
}

/// The request reqwest sends: the headers and body are moved in, the URL parsed.
fn wire_request(
    method: &Method,
    url: &str,
    headers: HeaderMap,
    body: Option<Bytes>,
) -> Result<reqwest::Request, Error> {
    let url =
        reqwest::Url::parse(url).map_err(|e| Error::invalid_argument("url", e.to_string()))?;
    let mut request = reqwest::Request::new(method.clone(), url);
    *request.headers_mut() = headers;
    if let Some(body) = body {
        *request.body_mut() = Some(body.into());
    }
    Ok(request)
}

/// Headers whose values are never shown: credentials and cookies.
pub(crate) fn is_sensitive_header(name: &HeaderName) -> bool {
    name == AUTHORIZATION
        || name == reqwest::header::PROXY_AUTHORIZATION
        || name == reqwest::header::COOKIE
        || name == reqwest::header::SET_COOKIE
}

/// Refuses a base URL that does not parse, or is plain `http://` to a host that is not
/// loopback unless `allow_insecure` is set.
fn check_base_url(base_url: &str, allow_insecure: bool) -> Result<(), Error> {
    let parsed = reqwest::Url::parse(base_url)
        .map_err(|e| Error::invalid_argument("base_url", e.to_string()))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if allow_insecure || is_loopback(&parsed) => Ok(()),
        "http" => Err(Error::invalid_argument(
            "base_url",
            "plain http:// is refused for hosts that are not loopback; use https:// or allow_insecure_http(true)",
        )),
        other => Err(Error::invalid_argument(
            "base_url",
            format!("unsupported scheme {other:?}"),
        )),
    }
}

/// Whether `url` points at this machine (`localhost`, `127.0.0.0/8`, `::1`).
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Configures a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    auth: Auth,
    http: Option<reqwest::Client>,
    default_headers: Vec<(String, String)>,
    proxy: Option<String>,
    proxy_credentials: Option<(String, Secret)>,
    retry: RetryPolicy,
    max_retries: Option<u32>,
    timeout: Option<Duration>,
    allow_insecure_http: bool,
    outer: Vec<Arc<dyn PipelineStep>>,
    inner: Vec<Arc<dyn PipelineStep>>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &self.auth)
            .field("proxy", &self.proxy.is_some())
            .field("proxy_credentials", &self.proxy_credentials.is_some())
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Sends every request here instead of its API's service root ([`Service::ROOT`]), for
    /// a national cloud, a proxy or a test server; a trailing slash is ignored.
    ///
    /// Plain `http://` is refused unless the host is loopback or
    /// [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Authenticates every request with this bearer token.
    pub fn bearer_token(mut self, token: impl Into<Secret>) -> Self {
        self.auth = Auth::Static(token.into());
        self
    }

    /// Asks `provider` for a bearer token before every attempt (retries included).
    ///
    /// ```
    /// # use graph_runtime::{Client, Secret};
    /// let client = Client::builder()
    ///     .token_provider(|| async { Ok::<_, std::io::Error>(Secret::new("fresh-token")) })
    ///     .build()?;
    /// # Ok::<(), graph_runtime::Error>(())
    /// ```
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.auth = Auth::Provider(Arc::new(provider));
        self
    }

    /// Signs in with an `azure_core` [`TokenCredential`](azure_core::credentials::TokenCredential)
    /// (the `azure` feature): any credential of `azure_identity`
    /// (`ClientSecretCredential` for a daemon, `ManagedIdentityCredential`,
    /// `DeveloperToolsCredential`, ...) or one of your own.
    ///
    /// The credential is asked for a token before every attempt (retries included), for
    /// the `.default` scope of the service the request goes to: the origin of its service
    /// root or of the [`base_url`](Self::base_url) followed by `/.default`
    /// (`https://graph.microsoft.com/.default` for `https://graph.microsoft.com/beta`);
    /// [`token_credential_with_scope`](Self::token_credential_with_scope) names another.
    /// The credential caches tokens and refreshes them before they expire, so a long job
    /// stays signed in. Its failure is an [`Error::Auth`] (the credential's error is the
    /// source), and the attempt it was asked for is not sent. The token is a
    /// [`Secret`]: it appears in no `Debug`, log or error.
    #[cfg(feature = "azure")]
    pub fn token_credential(
        mut self,
        credential: Arc<dyn azure_core::credentials::TokenCredential>,
    ) -> Self {
        self.auth = Auth::Credential(super::auth::azure::Credential::new(credential, None));
        self
    }

    /// Like [`token_credential`](Self::token_credential), asking for `scope` instead of
    /// the `.default` scope of where the request goes.
    #[cfg(feature = "azure")]
    pub fn token_credential_with_scope(
        mut self,
        credential: Arc<dyn azure_core::credentials::TokenCredential>,
        scope: impl Into<String>,
    ) -> Self {
        self.auth = Auth::Credential(super::auth::azure::Credential::new(
            credential,
            Some(scope.into()),
        ));
        self
    }

    /// Sends through this `reqwest::Client` instead of one built here. Its own settings
    /// then apply (proxy, TLS, redirects; reqwest's default redirect policy also drops
    /// `Authorization` and cookies on a redirect to another origin).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends this header with every request (a request's own header of the same name
    /// replaces it). Checked by [`build`](Self::build); `Authorization` is refused here:
    /// use [`bearer_token`](Self::bearer_token) or [`token_provider`](Self::token_provider).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Sends every request through this proxy (`http://host:port`), Graph PowerShell's
    /// `-Proxy`.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Basic credentials for the proxy, Graph PowerShell's `-ProxyCredential`.
    pub fn proxy_credentials(
        mut self,
        username: impl Into<String>,
        password: impl Into<Secret>,
    ) -> Self {
        self.proxy_credentials = Some((username.into(), password.into()));
        self
    }

    /// The retry policy (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How many times a throttled or transiently failed call is retried, 0 (off) to 10.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The timeout of each attempt unless a request sets its own (default
    /// [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Allows plain `http://` to hosts that are not loopback, as base URL and as redirect
    /// target. Off by default: tokens and secrets would cross the network in clear text.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Adds a step outside the built-in ones: it sees each logical call once, before
    /// retries and authentication, and its final answer (`-HttpPipelinePrepend`). See
    /// [`super::pipeline`] for the order.
    pub fn outer_step(mut self, step: impl PipelineStep) -> Self {
        self.outer.push(Arc::new(step));
        self
    }

    /// Adds a step inside the built-in ones: it sees every attempt, after
    /// authentication, and every answer (`-HttpPipelineAppend`). See [`super::pipeline`]
    /// for the order.
    pub fn inner_step(mut self, step: impl PipelineStep) -> Self {
        self.inner.push(Arc::new(step));
        self
    }

    /// Builds the client, checking every setting.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self
            .base_url
            .map(|url| url.trim_end_matches('/').to_owned());
        if let Some(base_url) = &base_url {
            check_base_url(base_url, self.allow_insecure_http)?;
        }
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let (name, value) = super::request::parse_header(name, value)?;
            if name == AUTHORIZATION {
                return Err(Error::invalid_argument(
                    "Authorization",
                    "not allowed as a default header; use bearer_token or token_provider",
                ));
            }
            default_headers.append(name, value);
        }
        let mut retry = self.retry;
        if let Some(retries) = self.max_retries {
            retry = retry.max_retries(retries);
        }
        retry.check()?;
        let http = match self.http {
            Some(http) => {
                if self.proxy.is_some() || self.proxy_credentials.is_some() {
                    return Err(Error::invalid_argument(
                        "proxy",
                        "set the proxy and its credentials on your own reqwest::Client when you pass one",
                    ));
                }
                http
            }
            None => {
                let allow_insecure = self.allow_insecure_http;
                let redirects = reqwest::redirect::Policy::custom(move |attempt| {
                    if attempt.previous().len() > MAX_REDIRECTS {
                        attempt.error("too many redirects")
                    } else if attempt.url().scheme() != "https"
                        && !allow_insecure
                        && !is_loopback(attempt.url())
                    {
                        attempt.error("redirect to plain http:// refused")
                    } else {
                        attempt.follow()
                    }
                });
                let mut builder = reqwest::Client::builder().redirect(redirects);
                if let Some(url) = &self.proxy {
                    let mut proxy = reqwest::Proxy::all(url.as_str())
                        .map_err(|e| Error::invalid_argument("proxy", e.to_string()))?;
                    if let Some((user, password)) = &self.proxy_credentials {
                        proxy = proxy.basic_auth(user, password.expose());
                    }
                    builder = builder.proxy(proxy);
                } else if self.proxy_credentials.is_some() {
                    return Err(Error::invalid_argument(
                        "proxy_credentials",
                        "proxy credentials need a proxy",
                    ));
                }
                builder.build().map_err(Error::Transport)?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth: self.auth,
                default_headers,
                retry,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                outer: self.outer,
                inner: self.inner,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use axum::http::StatusCode as AxumStatus;

    use super::HEADER_COPIES;
    use crate::request::HEADER_BUILDS;
    use crate::{
        Client, Method, Operation, OperationInfo, PathPart, PathValues, Request, RetryPolicy,
        Service,
    };

    enum TestApi {}

    impl Service for TestApi {
        const ROOT: &'static str = "https://graph.example/beta";
        type ErrorBody = serde_json::Value;
    }

    /// `PUT /things/{thing-id}`, with a JSON body.
    enum PutThing {}

    impl Operation for PutThing {
        type Service = TestApi;
        type Body = serde_json::Value;
        type Output = ();
        type Write = crate::codec::WriteJsonIfGiven;
        type Read = crate::codec::ReadNothing;
        const INFO: OperationInfo = OperationInfo {
            operation_id: "things_PutThing",
            cmdlet: "Set-Thing",
            method: Method::PUT,
            path: &[PathPart::Literal("/things/"), PathPart::Param(0)],
            eventual_consistency: true,
            binary_content_type: None,
        };
    }

    /// A server on 127.0.0.1 answering with `statuses` in order, then `204`; it counts
    /// the requests.
    async fn server(statuses: &[u16]) -> (String, Arc<Mutex<usize>>) {
        let script = Arc::new(Mutex::new(
            statuses.iter().copied().collect::<VecDeque<_>>(),
        ));
        let count = Arc::new(Mutex::new(0));
        let seen = count.clone();
        let app = axum::Router::new().fallback(move || {
            let script = script.clone();
            let seen = seen.clone();
            async move {
                *seen.lock().unwrap() += 1;
                let status = script.lock().unwrap().pop_front().unwrap_or(204);
                AxumStatus::from_u16(status).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (url, count)
    }

    fn client(url: &str, retries: u32) -> Client {
        Client::builder()
            .base_url(url)
            .bearer_token("t0ken")
            .default_header("x-default", "d")
            .retry_policy(
                RetryPolicy::default()
                    .max_retries(retries)
                    .base_delay(Duration::from_millis(1)),
            )
            .build()
            .unwrap()
    }

    fn put(client: &Client) -> Request<'_, PutThing, crate::Whole> {
        Request::<PutThing>::new(client, PathValues::given(&["thing-id"], vec!["1".into()]))
            .header("x-own", "o")
            .body(serde_json::json!({"key": "value"}))
    }

    /// How many header maps were built and copied on this thread while `call` was made
    /// and ran (a `#[tokio::test]` runs the call on the test's thread).
    async fn counted<F: Future>(call: impl FnOnce() -> F) -> (F::Output, usize, usize) {
        let builds = HEADER_BUILDS.with(|n| n.get());
        let copies = HEADER_COPIES.with(|n| n.get());
        let out = call().await;
        (
            out,
            HEADER_BUILDS.with(|n| n.get()) - builds,
            HEADER_COPIES.with(|n| n.get()) - copies,
        )
    }

    #[tokio::test]
    async fn a_call_that_is_never_retried_copies_no_header_map() {
        let (url, requests) = server(&[]).await;
        let client = client(&url, 3);
        let (result, builds, copies) = counted(|| put(&client).send()).await;
        result.unwrap();
        assert_eq!(*requests.lock().unwrap(), 1);
        assert_eq!(builds, 1, "built once, by `send`");
        assert_eq!(copies, 0, "moved into the attempt, not copied");
    }

    #[tokio::test]
    async fn a_retry_builds_the_headers_again_instead_of_copying_them() {
        let (url, requests) = server(&[503, 429]).await;
        let client = client(&url, 3);
        let (result, builds, copies) = counted(|| put(&client).send()).await;
        result.unwrap();
        assert_eq!(*requests.lock().unwrap(), 3);
        assert_eq!(builds, 3, "once by `send`, once per retry");
        assert_eq!(copies, 0);
    }

    #[tokio::test]
    async fn execute_copies_before_each_attempt_a_retry_could_follow() {
        let (url, requests) = server(&[503]).await;
        // Retries on: the first attempt could be followed by a retry, so could the
        // second (it succeeds: no third).
        let client = client(&url, 3);
        let prepared = put(&client).prepare().unwrap();
        let (result, builds, copies) = counted(|| client.execute(prepared)).await;
        result.unwrap();
        assert_eq!(*requests.lock().unwrap(), 2);
        assert_eq!((builds, copies), (0, 2));
        // One retry allowed: the attempt after it is the last, and takes the headers.
        let (url, _) = server(&[503]).await;
        let client = self::client(&url, 1);
        let prepared = put(&client).prepare().unwrap();
        let (result, builds, copies) = counted(|| client.execute(prepared)).await;
        result.unwrap();
        assert_eq!((builds, copies), (0, 1));
        // Retries off: nothing follows the only attempt.
        let prepared = put(&client).prepare().unwrap();
        let client = self::client(&url, 0);
        let (result, _, copies) = counted(|| client.execute(prepared)).await;
        result.unwrap();
        assert_eq!(copies, 0);
    }
}
