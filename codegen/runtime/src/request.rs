//! Request builders: one generic builder, specialised per operation by a marker type.
//!
//! Call styles, payload states, the dry run and the `tracing` events are described on
//! [`Request`], which is where users read them (this module is private).

use std::cell::Cell;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::time::Duration;

use reqwest::Method;
use reqwest::header::{
    AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};
use serde::Serialize;

use super::codec::{Decode, Encode};
use super::path::{PathPart, PathValues};
use super::response::{RawResponse, Response};
use super::secret::{REDACTED, to_redacted_json};
use super::{Client, Error, Service};

/// The header Graph reads for advanced query consistency.
const CONSISTENCY_LEVEL: &str = "consistencylevel";
/// The header that correlates a call with the service's logs: a fresh UUID per call.
pub(crate) const CLIENT_REQUEST_ID: &str = "client-request-id";

/// The static facts of one operation, taken from the description.
#[derive(Debug)]
pub struct OperationInfo {
    /// The description's operationId.
    pub operation_id: &'static str,
    /// The Graph PowerShell cmdlet this operation matches.
    pub cmdlet: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, relative to the base URL.
    pub path: &'static [PathPart],
    /// Whether Graph wants `ConsistencyLevel: eventual` for this operation's advanced
    /// queries (`$count` paths, `$search`): sent unless the caller sets the header.
    pub eventual_consistency: bool,
    /// The media type of a binary request body ([`WriteBinary`](crate::codec::WriteBinary));
    /// `None` for a JSON body or none.
    pub binary_content_type: Option<&'static str>,
}

/// An operation of the API: the marker types in `operations` implement it.
pub trait Operation: 'static {
    /// The API the operation belongs to (its service root and error type).
    type Service: Service;
    /// The request body (or [`NoBody`]).
    type Body;
    /// What a successful call returns.
    type Output;
    /// How the body is written: a writer of [`crate::codec`].
    type Write: Encode<Self::Body>;
    /// How a 2XX answer is read: a reader of [`crate::codec`].
    type Read: Decode<Output = Self::Output>;
    /// The operation's static facts.
    const INFO: OperationInfo;
    /// Encodes the request body: the one given, or what the operation sends without one
    /// ([`Self::Write`]).
    fn encode(body: Option<&Self::Body>) -> Result<Option<EncodedBody>, Error> {
        Self::Write::encode(body, &Self::INFO)
    }
    /// Decodes a 2XX response from its status and body (its headers have moved to the
    /// [`Response`]) ([`Self::Read`]).
    fn decode(response: RawResponse) -> Result<Self::Output, Error> {
        Self::Read::decode(response)
    }
}

/// The body of an operation that takes none.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoBody;

/// Payload state: neither fields nor a whole body given yet.
#[derive(Debug)]
pub enum Empty {}
/// Payload state: fields given one by one (the `...Expanded` parameter sets of Graph PowerShell).
#[derive(Debug)]
pub enum Fields {}
/// Payload state: a whole body object given (the `-BodyParameter` parameter sets).
#[derive(Debug)]
pub enum Whole {}

/// The payload states in which single fields may still be set.
pub trait Expandable: sealed::Sealed {}
impl Expandable for Empty {}
impl Expandable for Fields {}
mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Empty {}
    impl Sealed for super::Fields {}
}

thread_local! {
    /// Whether [`EncodedBody`]'s constructors render the redacted text. The runtime turns
    /// it off around [`Operation::encode`] when it sends a request whose body nobody will
    /// see (no dry run, no `trace`-level logging): the second serialization is skipped.
    static RENDER_REDACTED: Cell<bool> = const { Cell::new(true) };
}

/// Runs `encode` with the redacted rendering on or off, restoring the setting after.
fn encoding<T>(render: bool, encode: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            RENDER_REDACTED.with(|r| r.set(self.0));
        }
    }
    let _restore = Restore(RENDER_REDACTED.with(|r| r.replace(render)));
    encode()
}

/// A request body, encoded, with a rendering safe to show people.
#[derive(Clone)]
pub struct EncodedBody {
    /// The media type sent as `Content-Type`.
    pub content_type: &'static str,
    /// The bytes sent.
    pub bytes: Vec<u8>,
    /// The body as people may see it: secrets replaced by a placeholder. Always there in
    /// a dry run ([`Request::prepare`]); `None` when the runtime encoded the body only to
    /// send it.
    pub redacted: Option<String>,
}

impl EncodedBody {
    /// Encodes `value` as JSON (and, unless the runtime is only sending it, renders it
    /// again with every [`Secret`](crate::Secret) redacted).
    pub fn json<T: Serialize>(value: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(value)
            .map_err(|e| Error::invalid_argument("body", e.to_string()))?;
        let redacted = if RENDER_REDACTED.with(Cell::get) {
            Some(
                to_redacted_json(value)
                    .map_err(|e| Error::invalid_argument("body", e.to_string()))?,
            )
        } else {
            None
        };
        Ok(EncodedBody {
            content_type: "application/json",
            bytes,
            redacted,
        })
    }

    /// Takes `bytes` as they are, with the given media type.
    pub fn binary(content_type: &'static str, bytes: Vec<u8>) -> Self {
        let redacted = RENDER_REDACTED
            .with(Cell::get)
            .then(|| format!("<{} bytes of {content_type}>", bytes.len()));
        EncodedBody {
            content_type,
            bytes,
            redacted,
        }
    }
}

impl fmt::Debug for EncodedBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodedBody")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish_non_exhaustive()
    }
}

/// A fully resolved request, built without sending: the dry run.
///
/// Its `Display` reads like Graph PowerShell's `-WhatIf` line followed by the request, with
/// the `Authorization` header, cookies and secret values redacted; so does its `Debug`.
#[derive(Clone)]
pub struct PreparedRequest {
    /// The operationId.
    pub operation_id: &'static str,
    /// The Graph PowerShell cmdlet the operation matches (named in the "What if" line).
    pub cmdlet: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL, path values and query encoded.
    pub url: String,
    /// The request headers: `User-Agent`, `client-request-id`, the client's default
    /// headers, the request's own and `Content-Type`. `Authorization` is not among them
    /// (unless the request set it explicitly): it is added per attempt.
    pub headers: HeaderMap,
    /// The body, if any.
    pub body: Option<EncodedBody>,
    /// The per-request timeout, if one was set.
    pub timeout: Option<Duration>,
    /// Whether the client will add an `Authorization` header when sending.
    pub authenticated: bool,
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PreparedRequest")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &super::pipeline::RedactedHeaders(&self.headers))
            .field("body", &self.body.as_ref().map(|b| &b.redacted))
            .field("timeout", &self.timeout)
            .field("authenticated", &self.authenticated)
            .finish()
    }
}

impl PreparedRequest {
    /// The `client-request-id` this call is sent with.
    pub fn client_request_id(&self) -> Option<&str> {
        self.headers
            .get(CLIENT_REQUEST_ID)
            .and_then(|v| v.to_str().ok())
    }
}

impl fmt::Display for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "What if: Performing the operation \"{}\" on target \"{}\".",
            self.cmdlet, self.url
        )?;
        writeln!(f, "{} {}", self.method, self.url)?;
        if self.authenticated {
            writeln!(f, "authorization: Bearer {REDACTED}")?;
        }
        for (name, value) in &self.headers {
            let shown = if super::client::is_sensitive_header(name) {
                REDACTED
            } else {
                value.to_str().unwrap_or("<binary>")
            };
            writeln!(f, "{name}: {shown}")?;
        }
        if let Some(body) = &self.body {
            writeln!(f)?;
            match &body.redacted {
                Some(redacted) => writeln!(f, "{redacted}")?,
                None => writeln!(f, "<{} bytes, not rendered>", body.bytes.len())?,
            }
        }
        Ok(())
    }
}

/// A request to one operation, built step by step and sent with [`Request::send`].
///
/// `Op` is the operation's marker type; `P` tracks the payload (fields one by one, or a
/// whole body; mixing them does not compile).
///
/// # Call styles and payload states
///
/// A generated crate starts one request builder per operation, on any
/// `AsRef<`[`Client`]`>`: with the path values (`client.op(id, …)`) or with the identity
/// object, Graph PowerShell's `-InputObject` (`client.op_via_identity(&identity)`). A
/// missing or empty value is an [`Error::InvalidArgument`] naming it, before any I/O (see
/// [`PathValues`] for the rules and the messages).
///
/// The payload state `P` is [`Empty`] (nothing given yet), [`Fields`] (fields set one by
/// one with the generated setters, `.value(…)`, `.additional_property(name, json)`: the
/// cmdlet's `...Expanded` parameter sets) or [`Whole`] (a whole body object given with
/// [`body`](Request::body): `-BodyParameter`). Field setters exist only in `Empty` and
/// `Fields` ([`Expandable`]), `body` only in `Empty`, so mixing the two does not compile.
/// An operation that requires a body and is sent without one fails with
/// [`Error::missing_body`].
///
/// Query parameters have generated setters too; their names and values are
/// percent-encoded (unreserved characters and `$` stay). Headers:
/// [`header`](Request::header), with the rules described on [`Client`]. Every request
/// carries a `client-request-id`, a fresh UUID drawn when the request is started (unless
/// the request sets its own), kept by [`prepare`](Request::prepare), [`send`](Request::send)
/// and every retry; operations that Graph wants with `ConsistencyLevel: eventual`
/// (`$count` paths, `$search`) get it unless the request sets the header.
///
/// # Dry run and observability
///
/// [`prepare`](Request::prepare) returns the fully resolved [`PreparedRequest`] without
/// sending anything: what [`send`](Request::send) sends, with the same
/// `client-request-id`. Its `Display` is the cmdlet's "What if" line followed by the
/// request, with `Authorization`, cookies and every [`Secret`](crate::Secret) redacted:
///
/// ```text
/// What if: Performing the operation "Set-Thing" on target "https://…/things/1/secret".
/// PUT https://…/things/1/secret
/// authorization: Bearer <redacted>
/// user-agent: graph-runtime/…
/// client-request-id: …
/// content-type: application/json
///
/// {"key":"k","password":"<redacted>"}
/// ```
///
/// The bytes that are sent stay in [`EncodedBody::bytes`] of its `body`.
///
/// [`Client`] emits these `tracing` events, with headers redacted:
///
/// - `request sent` (debug): operation id, method, URL, attempt, `client-request-id`,
///   headers; once per attempt;
/// - `response received` (debug): operation id, status, attempt, elapsed milliseconds,
///   `client-request-id`, the service's `request-id`, headers;
/// - `retry scheduled` (info): operation id, status, retry number, delay, whether it
///   came from `Retry-After`, `client-request-id`; `retry not scheduled: the wait would
///   exceed the total delay cap` (info) when the cap ends the retries;
/// - `request failed` (debug): operation id, attempt, `client-request-id`, the transport
///   error or timeout;
/// - `request body (secrets redacted)` (trace): operation id and the redacted body.
#[must_use = "a request does nothing until `send` or `prepare` is called"]
pub struct Request<'a, Op: Operation, P = Empty> {
    client: &'a Client,
    path: PathValues,
    body: Option<Op::Body>,
    query: Vec<(&'static str, String)>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    allow_authorization: bool,
    client_request_id: uuid::Uuid,
    state: PhantomData<fn() -> P>,
}

impl<Op: Operation, P> fmt::Debug for Request<'_, Op, P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("operation_id", &Op::INFO.operation_id)
            .finish_non_exhaustive()
    }
}

impl<'a, Op: Operation> Request<'a, Op, Empty> {
    /// Starts a request; used by the generated client methods.
    #[doc(hidden)]
    pub fn new(client: &'a Client, path: PathValues) -> Self {
        Request {
            client,
            path,
            body: None,
            query: Vec::new(),
            headers: Vec::new(),
            timeout: None,
            allow_authorization: false,
            client_request_id: fresh_request_id(),
            state: PhantomData,
        }
    }

    /// Sends `body` as the whole request body (instead of setting fields one by one).
    pub fn body(self, body: Op::Body) -> Request<'a, Op, Whole> {
        let mut next = self.into_state();
        next.body = Some(body);
        next
    }
}

impl<'a, Op: Operation, P: Expandable> Request<'a, Op, P>
where
    Op::Body: Default,
{
    /// Changes one field of the body; used by the generated field setters.
    #[doc(hidden)]
    pub fn edit_body(self, set: impl FnOnce(&mut Op::Body)) -> Request<'a, Op, Fields> {
        let mut next = self.into_fields();
        set(next.fields_mut());
        next
    }

    /// The request in the `Fields` state, where single fields are set; used by the
    /// generated field setters, with [`fields_mut`](Request::fields_mut) (no closure per
    /// setter: a module has tens of thousands of them).
    #[doc(hidden)]
    pub fn into_fields(self) -> Request<'a, Op, Fields> {
        self.into_state()
    }
}

impl<Op: Operation> Request<'_, Op, Fields>
where
    Op::Body: Default,
{
    /// The body whose fields are being set (a default one at first); used by the
    /// generated field setters.
    #[doc(hidden)]
    pub fn fields_mut(&mut self) -> &mut Op::Body {
        self.body.get_or_insert_with(Default::default)
    }
}

impl<'a, Op: Operation, P> Request<'a, Op, P> {
    fn into_state<Q>(self) -> Request<'a, Op, Q> {
        Request {
            client: self.client,
            path: self.path,
            body: self.body,
            query: self.query,
            headers: self.headers,
            timeout: self.timeout,
            allow_authorization: self.allow_authorization,
            client_request_id: self.client_request_id,
            state: PhantomData,
        }
    }

    /// The client the request is sent with.
    pub(crate) fn client(&self) -> &'a Client {
        self.client
    }

    /// Sets a query parameter; used by the generated query setters.
    #[doc(hidden)]
    pub fn query_param(mut self, name: &'static str, value: String) -> Self {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value));
        self
    }

    /// Adds a request header (Graph PowerShell's `-Headers`); it replaces a client
    /// default header of the same name. An invalid name or value (CR or LF included) is
    /// an [`Error::InvalidArgument`] from `prepare` or `send`, before anything is sent. An
    /// `Authorization` header is refused unless
    /// [`allow_authorization_header`](Self::allow_authorization_header) is called.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Lets this request carry its own `Authorization` header (set with
    /// [`header`](Self::header)), which then replaces the client's authentication.
    pub fn allow_authorization_header(mut self) -> Self {
        self.allow_authorization = true;
        self
    }

    /// Sets the timeout of each attempt of this call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Prepares the fully resolved request without sending it: the dry run (Graph
    /// PowerShell's `-WhatIf`): method, URL with the encoded path values and query, every header but
    /// the token, and the body. Print it to see it with secrets redacted.
    pub fn prepare(&self) -> Result<PreparedRequest, Error> {
        self.resolve(true)
    }

    /// The resolved request: for a dry run (`dry_run`), with the body's redacted
    /// rendering; to send, rendered only when the `request body` event is recorded, which
    /// it then is.
    fn resolve(&self, dry_run: bool) -> Result<PreparedRequest, Error> {
        let root = self.client.root::<Op::Service>();
        if root.is_empty() {
            return Err(Error::invalid_argument(
                "base_url",
                "the description names no server: give the client one with ClientBuilder::base_url",
            ));
        }
        let mut url = String::with_capacity(128);
        url.push_str(root);
        self.path.render(Op::INFO.path, &mut url)?;
        append_query(&mut url, &self.query);
        let mut headers = call_headers(
            self.client.default_headers(),
            &self.headers,
            self.allow_authorization,
            Op::INFO.eventual_consistency,
            &self.client_request_id,
        )?;
        let log_body = !dry_run && tracing::enabled!(tracing::Level::TRACE);
        let mut body = encoding(dry_run || log_body, || Op::encode(self.body.as_ref()))?;
        if let Some(body) = &mut body {
            add_content_type(&mut headers, body.content_type);
            if let Some(redacted) = body.redacted.as_deref().filter(|_| log_body) {
                tracing::trace!(
                    operation_id = Op::INFO.operation_id,
                    body = %redacted,
                    "request body (secrets redacted)"
                );
            }
            if !dry_run {
                body.redacted = None;
            }
        }
        Ok(PreparedRequest {
            operation_id: Op::INFO.operation_id,
            cmdlet: Op::INFO.cmdlet,
            method: Op::INFO.method.clone(),
            url,
            authenticated: self.client.authenticates() && !headers.contains_key(AUTHORIZATION),
            headers,
            body,
            timeout: self.timeout,
        })
    }

    /// Sends the request and decodes the answer.
    ///
    /// The request is resolved when `send` is called; the future holds only the resolved
    /// request and where its headers came from (so that a retry builds them again instead
    /// of the first attempt copying them, see [`Client`]), not the builder.
    pub fn send(self) -> impl Future<Output = Result<Response<Op::Output>, Error>> + Send + 'a
    where
        Op::Output: Send,
    {
        use futures_util::future::{Either, FutureExt, ready};
        let client = self.client;
        // The call's future is made here and awaited in place (a combinator, not an
        // `async` block, which would hold it twice: as its capture and as the awaited
        // value it moves out), so the returned future holds the request once.
        let call = match self.resolve(false) {
            Ok(prepared) => {
                let sources = HeaderSources {
                    content_type: prepared.body.as_ref().map(|body| body.content_type),
                    own: self.headers,
                    client_request_id: self.client_request_id,
                    eventual_consistency: Op::INFO.eventual_consistency,
                    allow_authorization: self.allow_authorization,
                };
                Either::Left(client.execute_built(prepared, Some(sources)))
            }
            Err(error) => Either::Right(ready(Err(error))),
        };
        call.map(|answer| {
            let mut raw = answer.map_err(with_error_body::<Op::Service>)?;
            // The headers move to the `Response`; the operation decodes the status and body.
            let headers = std::mem::take(&mut raw.headers);
            Ok(Response::new(raw.status, headers, Op::decode(raw)?))
        })
    }

    /// The request as [`pages`](Request::pages) sends its first page.
    pub(crate) fn resolve_to_send(&self) -> Result<PreparedRequest, Error> {
        self.resolve(false)
    }
}

/// Where the headers of a call sent with [`Request::send`] come from: the request's own
/// headers, its `client-request-id` and the operation's facts (the client's default
/// headers are read from the client). A retry builds the call's headers again from them,
/// line for line what the first attempt sent, so that the first attempt can take the
/// headers over instead of copying them (see [`Client`]).
pub(crate) struct HeaderSources {
    own: Vec<(String, String)>,
    client_request_id: uuid::Uuid,
    content_type: Option<&'static str>,
    eventual_consistency: bool,
    allow_authorization: bool,
}

impl HeaderSources {
    /// The headers of the call, as [`Request::send`] first built them (`defaults`: the
    /// client's default headers).
    pub(crate) fn headers(&self, defaults: &HeaderMap) -> Result<HeaderMap, Error> {
        let mut headers = call_headers(
            defaults,
            &self.own,
            self.allow_authorization,
            self.eventual_consistency,
            &self.client_request_id,
        )?;
        if let Some(content_type) = self.content_type {
            add_content_type(&mut headers, content_type);
        }
        Ok(headers)
    }
}

#[cfg(test)]
thread_local! {
    /// How many times [`call_headers`] ran on this thread (tests count builds with it).
    pub(crate) static HEADER_BUILDS: Cell<usize> = const { Cell::new(0) };
}

/// The headers of a call but `Content-Type` ([`add_content_type`], once the body is
/// encoded): `User-Agent`, the client's `defaults`, the request's `own` headers,
/// `ConsistencyLevel` when the operation wants it (`eventual_consistency`) and
/// `client-request-id`, each replacing the one before it of the same name (see
/// [`Client`]). An `Authorization` among `own` is refused unless `allow_authorization`.
fn call_headers(
    defaults: &HeaderMap,
    own: &[(String, String)],
    allow_authorization: bool,
    eventual_consistency: bool,
    client_request_id: &uuid::Uuid,
) -> Result<HeaderMap, Error> {
    #[cfg(test)]
    HEADER_BUILDS.with(|n| n.set(n.get() + 1));
    let mut headers = HeaderMap::with_capacity(8);
    headers.insert(
        USER_AGENT,
        HeaderValue::from_static(super::client::USER_AGENT_VALUE),
    );
    // A client-wide header replaces a built-in one of the same name (`User-Agent`).
    for name in defaults.keys() {
        headers.remove(name);
    }
    for (name, value) in defaults {
        headers.append(name.clone(), value.clone());
    }
    let mut parsed = Vec::with_capacity(own.len());
    for (name, value) in own {
        let (name, value) = parse_header(name, value)?;
        if name == AUTHORIZATION && !allow_authorization {
            return Err(Error::invalid_argument(
                "Authorization",
                "a per-request Authorization header is refused unless allow_authorization_header() is called",
            ));
        }
        headers.remove(&name);
        parsed.push((name, value));
    }
    for (name, value) in parsed {
        headers.append(name, value);
    }
    if eventual_consistency && !headers.contains_key(CONSISTENCY_LEVEL) {
        headers.insert(CONSISTENCY_LEVEL, HeaderValue::from_static("eventual"));
    }
    if !headers.contains_key(CLIENT_REQUEST_ID) {
        // Drawn when the request was started: a dry run shows the id `send` uses, and
        // every attempt sends it.
        let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let text = client_request_id.hyphenated().encode_lower(&mut text);
        headers.insert(
            CLIENT_REQUEST_ID,
            HeaderValue::from_str(text).expect("a UUID is a valid header value"),
        );
    }
    Ok(headers)
}

/// Adds the body's `Content-Type` unless the headers have one.
fn add_content_type(headers: &mut HeaderMap, content_type: &'static str) {
    if !headers.contains_key(CONTENT_TYPE) {
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
}

/// Parses a service error's body as the service's own error type, for
/// [`ServiceError::body_as`](super::ServiceError::body_as).
pub(crate) fn with_error_body<S: Service>(mut error: Error) -> Error {
    if let Some(service) = error.service_mut() {
        service.parse_typed::<S::ErrorBody>();
    }
    error
}

/// A fresh version 4 UUID for `client-request-id`, from the thread's fast generator
/// (`fastrand`, seeded once per thread: no system call per request). The id correlates a
/// call with the service's logs; it needs to be unique, not unpredictable.
fn fresh_request_id() -> uuid::Uuid {
    uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes()).into_uuid()
}

fn append_query(url: &mut String, query: &[(&'static str, String)]) {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const VALUE: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'$');
    for (i, (name, value)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.extend(utf8_percent_encode(name, VALUE));
        url.push('=');
        url.extend(utf8_percent_encode(value, VALUE));
    }
}

pub(crate) fn parse_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let parsed_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid_argument(name, "not a valid header name"))?;
    let mut parsed_value = HeaderValue::from_str(value)
        .map_err(|_| Error::invalid_argument(name, "not a valid header value"))?;
    // Credentials and cookies print as `Sensitive` in a `HeaderMap`'s `Debug`.
    parsed_value.set_sensitive(super::client::is_sensitive_header(&parsed_name));
    Ok((parsed_name, parsed_value))
}
