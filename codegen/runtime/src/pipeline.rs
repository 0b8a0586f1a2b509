//! Pipeline steps: caller code that reads and changes each request and reads each
//! response (Graph PowerShell's `-HttpPipelinePrepend` and `-HttpPipelineAppend`).
//!
//! # Pipeline order
//!
//! A call ([`Request::send`](crate::Request::send), or each page of
//! [`Request::pages`](crate::Request::pages)) runs through the pipeline in this fixed
//! order:
//!
//! 1. **outer steps** ([`ClientBuilder::outer_step`](crate::ClientBuilder::outer_step),
//!    `-HttpPipelinePrepend`), in the order they were added: `on_request` once per
//!    logical call, with the resolved request: `User-Agent`, `client-request-id`, the
//!    client's default headers and the request's own, `ConsistencyLevel` where the
//!    operation wants it, and `Content-Type` when there is a body; no `Authorization`
//!    (unless the request was allowed to carry its own, see
//!    [`Request::allow_authorization_header`](crate::Request::allow_authorization_header)).
//!    [`HttpRequest::attempt`] is 0 here.
//! 2. the built-in steps, per attempt: `Retry-Attempt: n` on the `n`th retry, then
//!    `Authorization: Bearer …` when the request has no `Authorization` yet (the static
//!    token, or the [`TokenProvider`](crate::TokenProvider) asked again for this
//!    attempt; its failure is [`Error::Auth`]).
//! 3. **inner steps** ([`ClientBuilder::inner_step`](crate::ClientBuilder::inner_step),
//!    `-HttpPipelineAppend`), in the order they were added: `on_request` on every
//!    attempt, after authentication, right before the request goes on the wire.
//! 4. the transport: proxy, redirect policy, and the per-attempt timeout (see
//!    [`Client`](crate::Client)).
//! 5. inner steps' `on_response`, in reverse order, for every answer (not when the
//!    attempt ended without one: a transport error or a timeout).
//! 6. the retry decision (429, 503, 504; see [`crate::retry`]): back to 2 for the next
//!    attempt, with the same body bytes and `client-request-id`.
//! 7. outer steps' `on_response`, in reverse order, once, with the final answer: a
//!    success or a service error (also the last answer when retries ran out); not
//!    called when the call ended without an answer.
//!
//! A step's `on_request` may return an [`Error`], which ends the call with that error,
//! unchanged; wrap a step's own error with [`Error::pipeline`] (an [`Error::Pipeline`]
//! carrying it as its source). A step that sets `Authorization` itself replaces the
//! client's authentication: the built-in step only adds the header when it is absent.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::Error;
use super::client::is_sensitive_header;
use super::secret::REDACTED;

/// A request as it passes through the pipeline. Steps may change every part of it.
#[derive(Clone)]
pub struct HttpRequest {
    /// The operationId of the call.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The absolute URL.
    pub url: String,
    /// The headers to send.
    pub headers: HeaderMap,
    /// The body bytes, if any (already with its `Content-Type` among the headers).
    pub body: Option<Vec<u8>>,
    /// The attempt number: 0 for the first, 1 for the first retry, and so on (outer
    /// steps always see 0).
    pub attempt: u32,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("operation_id", &self.operation_id)
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body_len", &self.body.as_ref().map(Vec::len))
            .field("attempt", &self.attempt)
            .finish()
    }
}

/// An answer as pipeline steps see it.
pub struct HttpResponse<'a> {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: &'a HeaderMap,
    /// The whole response body.
    pub body: &'a [u8],
}

impl fmt::Debug for HttpResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// A caller-supplied pipeline step. Both methods do nothing unless overridden.
pub trait PipelineStep: Send + Sync + 'static {
    /// Reads and may change the request before it goes on.
    fn on_request(&self, request: &mut HttpRequest) -> Result<(), Error> {
        let _ = request;
        Ok(())
    }

    /// Reads the answer to `request`.
    fn on_response(&self, request: &HttpRequest, response: &HttpResponse<'_>) {
        let _ = (request, response);
    }
}

/// Headers shown with credentials and cookies replaced by a placeholder.
pub(crate) struct RedactedHeaders<'a>(pub(crate) &'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_sensitive_header(name) {
                map.entry(&name.as_str(), &REDACTED);
            } else {
                map.entry(&name.as_str(), &value.to_str().unwrap_or("<binary>"));
            }
        }
        map.finish()
    }
}
