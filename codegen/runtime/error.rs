//! The one error type of the client.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Everything that can go wrong with a call, told apart by variant.
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
    /// The request could not be sent or the response not read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
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

    /// The service error, when the service answered with a non-2XX status.
    pub fn service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status the service answered with, when it answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Service(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

/// A non-2XX answer from the service, with everything it sent.
#[derive(Clone)]
pub struct ServiceError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The error body parsed as the description's error type, when it parsed.
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

    /// The service's request id (`error.innerError.request-id`, or the `request-id` header).
    pub fn request_id(&self) -> Option<String> {
        self.error_field(&["error", "innerError", "request-id"])
            .or_else(|| {
                self.headers
                    .get("request-id")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            })
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
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}
