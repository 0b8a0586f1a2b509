//! Responses: the typed value with its status and headers, and the raw answer it is decoded from.
//!
//! How bodies are decoded is described on [`Response`], which is where
//! users read it (this module is private).

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use super::Error;
use super::pipeline::RedactedHeaders;

/// A successful answer: the decoded body with the status and headers it came with
/// (Graph PowerShell's `-ResponseHeadersVariable`). Its `Debug` hides cookies and
/// credentials.
///
/// Any 2XX status is a success; the body is decoded by the operation's
/// [`Operation::decode`](crate::Operation::decode) from the [`RawResponse`], with one of
/// its decoders, chosen by the generator from the description:
///
/// - JSON: [`RawResponse::json_optional`] for every method but GET, so the body is an
///   `Option<T>` (Graph answers writes with `204 No Content` even where the description
///   promises a body; an empty or all-whitespace body is `None`), and
///   [`RawResponse::json`] for GET;
/// - a `text/*` body is parsed with [`RawResponse::text`] (the number a `$count` returns);
/// - other media types are bytes ([`RawResponse::bytes`]); no body is
///   [`RawResponse::empty`].
///
/// A body that does not decode is an [`Error::Decode`] with the status and what went
/// wrong. A model's decoding error names the member (`appRoles: invalid type ...`), and
/// it is always the first unreadable member in the description's order.
#[derive(Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        Response {
            status,
            headers,
            body,
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

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, taken out.
    pub fn into_body(self) -> T {
        self.body
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

/// A 2XX answer before decoding. Its `Debug` shows the body's length, not its bytes
/// (which may hold secrets the service echoes).
pub struct RawResponse {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Vec<u8>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl RawResponse {
    fn decode_error(&self, message: impl Into<String>) -> Error {
        Error::Decode {
            status: self.status,
            message: message.into(),
        }
    }

    /// Decodes a JSON body; an empty body (such as a `204 No Content`) is `None`.
    pub fn json_optional<T: DeserializeOwned>(self) -> Result<Option<T>, Error> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        serde_json::from_slice(&self.body)
            .map(Some)
            .map_err(|e| self.decode_error(e.to_string()))
    }

    /// Decodes a JSON body that must be present.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| self.decode_error(e.to_string()))
    }

    /// Parses a `text/plain` body, such as the number a `$count` returns.
    pub fn text<T: std::str::FromStr>(self) -> Result<T, Error>
    where
        T::Err: std::fmt::Display,
    {
        let text = std::str::from_utf8(&self.body).map_err(|e| self.decode_error(e.to_string()))?;
        text.trim()
            .parse()
            .map_err(|e: T::Err| self.decode_error(format!("{e}: {text:?}")))
    }

    /// The body as bytes, for binary streams.
    pub fn bytes(self) -> Result<Vec<u8>, Error> {
        Ok(self.body)
    }

    /// Ignores the body.
    pub fn empty(self) -> Result<(), Error> {
        Ok(())
    }
}
