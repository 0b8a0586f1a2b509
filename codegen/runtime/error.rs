//! The one error type of the client.

use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Everything that can go wrong with a call, told apart by variant.
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
    /// The token provider failed to produce a token; nothing was sent.
    #[error("authentication failed: {0}")]
    Auth(String),
    /// A pipeline step refused the request.
    #[error("pipeline step refused the request: {0}")]
    Pipeline(String),
}

impl Error {
    /// An invalid-argument error.
    pub fn invalid_argument(name: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            name: name.into(),
            message: message.into(),
        }
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
#[derive(Clone)]
pub struct ServiceError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The error body parsed as the description's error type (an OData error), when it
    /// parsed.
    pub error: Option<crate::ServiceErrorBody>,
    /// The raw response body, for bodies that are not the documented JSON.
    pub body: Vec<u8>,
}

impl ServiceError {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Self {
        let error = serde_json::from_slice(&body).ok();
        ServiceError {
            status,
            headers,
            error,
            body,
        }
    }

    /// The Graph error code (`error.code`), when the body carried one.
    pub fn code(&self) -> Option<String> {
        self.error_field(&["error", "code"])
    }

    /// The Graph error message (`error.message`), when the body carried one.
    pub fn message(&self) -> Option<String> {
        self.error_field(&["error", "message"])
    }

    /// The target of the error (`error.target`), when the body carried one.
    pub fn target(&self) -> Option<String> {
        self.error_field(&["error", "target"])
    }

    /// The service's request id (`error.innerError.request-id`, or the `request-id` header).
    pub fn request_id(&self) -> Option<String> {
        self.error_field(&["error", "innerError", "request-id"])
            .or_else(|| self.header("request-id"))
    }

    /// The client request id the service saw (`error.innerError.client-request-id`, or the
    /// `client-request-id` header).
    pub fn client_request_id(&self) -> Option<String> {
        self.error_field(&["error", "innerError", "client-request-id"])
            .or_else(|| self.header("client-request-id"))
    }

    /// When the service says the error happened (`error.innerError.date`).
    pub fn date(&self) -> Option<String> {
        self.error_field(&["error", "innerError", "date"])
    }

    /// The raw body as text, when it is UTF-8 (for error bodies that are not JSON).
    pub fn body_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.body).ok()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    fn error_field(&self, path: &[&str]) -> Option<String> {
        let value: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        let mut at = &value;
        for key in path {
            at = at.get(key)?;
        }
        at.as_str().map(str::to_owned)
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
