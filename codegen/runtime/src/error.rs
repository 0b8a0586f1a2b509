//! The one error type of the client.
//!
//! The taxonomy is described on [`Error`], which is where users read it
//! (this module is private).

use std::any::Any;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Everything that can go wrong with a call, told apart by variant.
///
/// - [`InvalidArgument`](Error::InvalidArgument): an argument, header, path value or
///   setting was unusable; nothing was sent. Reported by
///   [`ClientBuilder::build`](crate::ClientBuilder::build) for the client's settings and
///   by [`Request::prepare`](crate::Request::prepare) / [`Request::send`](crate::Request::send)
///   for a request's (a token that is not a valid header value is reported the same way,
///   before the attempt it was meant for).
/// - [`Transport`](Error::Transport): the request could not be sent or its answer not
///   read: connection refused or dropped, TLS, proxy, a refused redirect.
/// - [`Timeout`](Error::Timeout): an attempt ran past its timeout.
/// - [`RetriesExhausted`](Error::RetriesExhausted) `{ attempts, last }`: the service kept
///   answering 429, 503 or 504 until the [`RetryPolicy`](crate::RetryPolicy) gave up.
/// - [`Service`](Error::Service): the service answered with a status outside 2XX. The
///   [`ServiceError`] has the status, headers and raw body, and the OData error fields
///   read from it ([`code`](ServiceError::code), [`message`](ServiceError::message),
///   [`target`](ServiceError::target), and from `innerError`
///   [`request_id`](ServiceError::request_id),
///   [`client_request_id`](ServiceError::client_request_id) and
///   [`date`](ServiceError::date)); [`body_as`](ServiceError::body_as) gives the whole
///   body as the service's typed error body ([`Service::ErrorBody`](crate::Service::ErrorBody)),
///   `details` included.
/// - [`Decode`](Error::Decode): the service answered 2XX, but the body was not what the
///   description promises (or a next link left the service, see
///   [`Request::pages`](crate::Request::pages)).
/// - [`Auth`](Error::Auth): the [`TokenProvider`](crate::TokenProvider) failed; its error
///   is the [`source`](std::error::Error::source) (a [`BoxError`]).
/// - [`Pipeline`](Error::Pipeline): a [`PipelineStep`](crate::PipelineStep) refused the
///   request (`on_request`) or failed on its answer (`on_response`); the step's error is
///   the [`source`](std::error::Error::source) (a [`BoxError`]).
///
/// [`service`](Error::service) and [`status`](Error::status) reach the service's answer
/// whichever variant holds it. The `Display` of a service error reads
/// `400 Bad Request: [Request_BadRequest] Invalid value (request-id …)`.
///
/// No variant's `Display` or `Debug` shows the request body, a secret value or the
/// `Authorization` header.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument was unusable; nothing was sent.
    #[error("invalid argument {name}: {message}")]
    InvalidArgument {
        /// The parameter, member or header at fault.
        name: String,
        /// What is wrong with it.
        message: String,
    },
    /// The request could not be sent or the response not read (connection refused or
    /// dropped, TLS, proxy, a refused redirect).
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// An attempt took longer than the configured timeout.
    #[error("timed out after {after:?}")]
    Timeout {
        /// The timeout that ran out.
        after: Duration,
    },
    /// The service kept answering with a retryable status (429, 503, 504) until the
    /// retry policy gave up; the last answer is kept.
    #[error("retries exhausted after {attempts} attempts: {last}")]
    RetriesExhausted {
        /// How many attempts were sent.
        attempts: u32,
        /// The last answer.
        last: Box<ServiceError>,
    },
    /// The service answered with a status outside 2XX.
    #[error("{0}")]
    Service(Box<ServiceError>),
    /// The service answered 2XX, but its body was not what the description promises.
    #[error("unexpected response body ({status}): {message}")]
    Decode {
        /// The response status.
        status: StatusCode,
        /// What could not be decoded.
        message: String,
    },
    /// The token provider failed to produce a token; the attempt it was asked for was not
    /// sent (earlier attempts of the call were, when it failed on a retry). The provider's
    /// own error is the [`source`](std::error::Error::source).
    #[error("authentication failed: {0}")]
    Auth(#[source] BoxError),
    /// A pipeline step refused the request (`on_request`) or failed on its answer
    /// (`on_response`); the step's error is the [`source`](std::error::Error::source).
    #[error("pipeline step refused the request: {0}")]
    Pipeline(#[source] BoxError),
}

/// Any error, as token providers and pipeline steps return them.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Error {
    /// An invalid-argument error.
    pub fn invalid_argument(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name: name.into(),
            message: message.into(),
        }
    }

    /// A pipeline-step error carrying `source` (for [`PipelineStep`](crate::PipelineStep)
    /// implementations).
    pub fn pipeline(source: impl Into<BoxError>) -> Self {
        Error::Pipeline(source.into())
    }

    /// The error for an operation sent without its required body.
    pub fn missing_body() -> Self {
        Error::invalid_argument(
            "body",
            "this operation requires a body; set its fields or give a whole body",
        )
    }

    /// The service error, when the service answered with a non-2XX status (also the last
    /// answer when retries were exhausted).
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            Error::RetriesExhausted { last, .. } => Some(last),
            _ => None,
        }
    }

    /// The service error, mutably: the request attaches its service's typed error body.
    pub(crate) fn service_mut(&mut self) -> Option<&mut ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            Error::RetriesExhausted { last, .. } => Some(last),
            _ => None,
        }
    }

    /// The HTTP status the service answered with, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::RetriesExhausted { last, .. } => Some(last.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the error is about an argument: nothing was sent.
    pub fn is_invalid_argument(&self) -> bool {
        matches!(self, Error::InvalidArgument { .. })
    }

    /// Whether an attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the request could not be sent or its answer not read.
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport(_))
    }
}

/// A non-2XX answer from the service, with everything it sent.
///
/// The body is parsed once, when the answer arrives: the common fields of an OData error
/// (`{"error": {"code", "message", "target", "innerError": {...}}}`) are read by
/// [`code`](Self::code), [`message`](Self::message) and the other accessors, and the whole
/// body as the description's error type by [`body_as`](Self::body_as).
///
/// Its `Display` reads `400 Bad Request: [Request_BadRequest] Invalid value (request-id …)`;
/// its `Debug` shows the status, code, message, request ids and the body's length, never
/// the headers or the body itself.
#[derive(Clone)]
pub struct ServiceError {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    details: Details,
    typed: Option<Arc<dyn Any + Send + Sync>>,
}

/// The OData error fields every Graph error body carries.
#[derive(Clone, Debug, Default, Deserialize)]
struct Details {
    code: Option<String>,
    message: Option<String>,
    target: Option<String>,
    #[serde(rename = "innerError")]
    inner: Option<Inner>,
}

#[derive(Clone, Debug, Default, Deserialize)]
struct Inner {
    #[serde(rename = "request-id")]
    request_id: Option<String>,
    #[serde(rename = "client-request-id")]
    client_request_id: Option<String>,
    date: Option<String>,
}

impl ServiceError {
    /// An answer with `status`, `headers` and `body`; the body's OData fields are parsed
    /// here, once.
    pub fn new(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            error: Option<Details>,
        }
        let details = serde_json::from_slice::<Envelope>(&body)
            .ok()
            .and_then(|e| e.error)
            .unwrap_or_default();
        ServiceError {
            status,
            headers,
            body,
            details,
            typed: None,
        }
    }

    /// Parses the body as the service's error type `T` (the operation's
    /// [`Service::ErrorBody`](crate::Service::ErrorBody)), kept for [`body_as`](Self::body_as).
    pub(crate) fn parse_typed<T: serde::de::DeserializeOwned + Send + Sync + 'static>(&mut self) {
        if self.typed.is_none() {
            self.typed = serde_json::from_slice::<T>(&self.body)
                .ok()
                .map(|body| Arc::new(body) as Arc<dyn Any + Send + Sync>);
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The raw body as text, when it is UTF-8 (for error bodies that are not JSON).
    pub fn body_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    /// The body as the error type of the operation's description (its
    /// [`Service::ErrorBody`](crate::Service::ErrorBody); for Graph, `models::ODataError`),
    /// when it parsed as one. `None` for any other `T`, and for an error that did not come
    /// through [`Request::send`](crate::Request::send) or
    /// [`Request::pages`](crate::Request::pages) (which know the operation's service).
    pub fn body_as<T: 'static>(&self) -> Option<&T> {
        self.typed.as_deref()?.downcast_ref()
    }

    /// The Graph error code (`error.code`), when the body carried one.
    pub fn code(&self) -> Option<&str> {
        self.details.code.as_deref()
    }

    /// The Graph error message (`error.message`), when the body carried one.
    pub fn message(&self) -> Option<&str> {
        self.details.message.as_deref()
    }

    /// The target of the error (`error.target`), when the body carried one.
    pub fn target(&self) -> Option<&str> {
        self.details.target.as_deref()
    }

    /// The service's request id (`error.innerError.request-id`, or the `request-id` header).
    pub fn request_id(&self) -> Option<&str> {
        self.inner(|i| i.request_id.as_deref())
            .or_else(|| self.header("request-id"))
    }

    /// The client request id the service saw (`error.innerError.client-request-id`, or the
    /// `client-request-id` header).
    pub fn client_request_id(&self) -> Option<&str> {
        self.inner(|i| i.client_request_id.as_deref())
            .or_else(|| self.header("client-request-id"))
    }

    /// When the service says the error happened (`error.innerError.date`).
    pub fn date(&self) -> Option<&str> {
        self.inner(|i| i.date.as_deref())
    }

    fn inner<'a>(&'a self, field: impl Fn(&'a Inner) -> Option<&'a str>) -> Option<&'a str> {
        self.details.inner.as_ref().and_then(field)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.status)?;
        match (self.code(), self.message()) {
            (Some(code), Some(message)) => write!(f, ": [{code}] {message}")?,
            (Some(code), None) => write!(f, ": [{code}]")?,
            (None, Some(message)) => write!(f, ": {message}")?,
            (None, None) => {}
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request-id {id})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("status", &self.status)
            .field("code", &self.code())
            .field("message", &self.message())
            .field("request_id", &self.request_id())
            .field("client_request_id", &self.client_request_id())
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odata_fields_are_read_once_and_borrowed() {
        let body = br#"{"error":{"code":"Request_BadRequest","message":"Invalid value","target":"key","innerError":{"request-id":"r-1","client-request-id":"c-1","date":"2026-12-02T10:00:00"}}}"#;
        let e = ServiceError::new(StatusCode::BAD_REQUEST, HeaderMap::new(), body.to_vec());
        assert_eq!(e.code(), Some("Request_BadRequest"));
        assert_eq!(e.message(), Some("Invalid value"));
        assert_eq!(e.target(), Some("key"));
        assert_eq!(e.request_id(), Some("r-1"));
        assert_eq!(e.client_request_id(), Some("c-1"));
        assert_eq!(e.date(), Some("2026-12-02T10:00:00"));
        assert_eq!(
            e.to_string(),
            "400 Bad Request: [Request_BadRequest] Invalid value (request-id r-1)"
        );
    }

    #[test]
    fn a_body_that_is_not_odata_falls_back_to_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("request-id", "from-header".parse().unwrap());
        let e = ServiceError::new(StatusCode::BAD_GATEWAY, headers, b"<html>".to_vec());
        assert_eq!(e.code(), None);
        assert_eq!(e.request_id(), Some("from-header"));
        assert_eq!(e.body_text(), Some("<html>"));
        assert_eq!(e.to_string(), "502 Bad Gateway (request-id from-header)");
    }

    #[test]
    fn the_typed_body_is_the_services_error_type_only() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct ODataError {
            error: serde_json::Value,
        }
        let mut e = ServiceError::new(
            StatusCode::NOT_FOUND,
            HeaderMap::new(),
            br#"{"error":{"code":"x"}}"#.to_vec(),
        );
        assert!(
            e.body_as::<ODataError>().is_none(),
            "not parsed until the service says what"
        );
        e.parse_typed::<ODataError>();
        assert_eq!(e.body_as::<ODataError>().unwrap().error["code"], "x");
        assert!(e.body_as::<String>().is_none());
    }

    #[test]
    fn auth_and_pipeline_errors_keep_their_source() {
        use std::error::Error as _;
        let io = std::io::Error::other("vault unreachable");
        let e = Error::Auth(Box::new(io));
        assert_eq!(e.source().unwrap().to_string(), "vault unreachable");
        let e = Error::pipeline("refused by policy");
        assert_eq!(e.source().unwrap().to_string(), "refused by policy");
    }
}
