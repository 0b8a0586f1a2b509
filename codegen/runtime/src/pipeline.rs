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
//!    attempt ended without one: a transport error or a timeout). Each is awaited
//!    before the next; an error from one ends the call with that error: the steps after
//!    it are not called and no retry follows, even for a retryable status.
//! 6. the retry decision (429, 503, 504; see [`crate::retry`]): back to 2 for the next
//!    attempt, with the same body bytes and `client-request-id`.
//! 7. outer steps' `on_response`, in reverse order, once, with the final answer: a
//!    success or a service error (also the last answer when retries ran out); not
//!    called when the call ended without an answer. Each is awaited before the next; an
//!    error from one ends the call with that error instead of the answer (a success
//!    included), and the steps after it are not called.
//!
//! A step's `on_request` or `on_response` may return an [`Error`], which ends the call
//! with that error, unchanged; wrap a step's own error with [`Error::pipeline`] (an
//! [`Error::Pipeline`] carrying it as its source). A step that sets `Authorization` itself replaces the
//! client's authentication: the built-in step only adds the header when it is absent.
//!
//! # Writing a step
//!
//! Both methods are asynchronous: each returns a [`StepFuture`], a boxed future that may
//! borrow the step and what it is given, so a step can await before the call goes on:
//! in `on_request`, sign the request, fetch a value from a vault, wait for a rate
//! limiter; in `on_response`, hand the answer to an audit log or a metrics task. Write
//! the body as an `async move` block inside `Box::pin`:
//!
//! ```
//! use graph_runtime::pipeline::{HttpRequest, HttpResponse, PipelineStep, StepFuture};
//! use graph_runtime::{Error, HeaderValue};
//!
//! /// Adds a header whose value has to be fetched first, and reports every status.
//! struct Tag;
//!
//! impl PipelineStep for Tag {
//!     fn on_request<'a>(&'a self, request: &'a mut HttpRequest) -> StepFuture<'a> {
//!         Box::pin(async move {
//!             let value = fetch_tag().await.map_err(Error::pipeline)?;
//!             request.headers.insert("x-tag", value);
//!             Ok(())
//!         })
//!     }
//!
//!     fn on_response<'a>(
//!         &'a self,
//!         request: &'a HttpRequest,
//!         response: &'a HttpResponse<'a>,
//!     ) -> StepFuture<'a> {
//!         Box::pin(async move {
//!             report(&request.url, response.status.as_u16())
//!                 .await
//!                 .map_err(Error::pipeline)
//!         })
//!     }
//! }
//!
//! async fn fetch_tag() -> Result<HeaderValue, std::io::Error> {
//!     Ok(HeaderValue::from_static("fetched"))
//! }
//!
//! async fn report(url: &str, status: u16) -> Result<(), std::io::Error> {
//!     let _ = (url, status);
//!     Ok(())
//! }
//! ```
//!
//! A step with nothing to await returns its result at once:
//! `Box::pin(std::future::ready(Ok(())))` after changing the request or reading the
//! answer. The box costs one small allocation per step and call of a method; a client
//! without steps pays nothing, and a method a step does not override returns a ready
//! `Ok(())`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;
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
    /// The body bytes, if any (already with its `Content-Type` among the headers). Shared,
    /// not copied, between the attempts of a call; a step replaces it with a new
    /// [`Bytes`] (`Vec<u8>` converts with `into()`).
    pub body: Option<Bytes>,
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
            .field("body_len", &self.body.as_ref().map(Bytes::len))
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

/// What [`PipelineStep::on_request`] and [`PipelineStep::on_response`] return: a boxed
/// future that may borrow the step and what it was given (see
/// [Writing a step](self#writing-a-step)).
pub type StepFuture<'a> = Pin<Box<dyn Future<Output = Result<(), Error>> + Send + 'a>>;

/// A caller-supplied pipeline step. Both methods do nothing unless overridden; see
/// [Writing a step](self#writing-a-step).
pub trait PipelineStep: Send + Sync + 'static {
    /// Reads and may change the request before it goes on; may await. An error ends the
    /// call with that error.
    fn on_request<'a>(&'a self, request: &'a mut HttpRequest) -> StepFuture<'a> {
        let _ = request;
        Box::pin(std::future::ready(Ok(())))
    }

    /// Reads the answer to `request`; may await. An error ends the call with that error
    /// instead of the answer, and no retry follows (see [Pipeline order](self#pipeline-order)).
    fn on_response<'a>(
        &'a self,
        request: &'a HttpRequest,
        response: &'a HttpResponse<'a>,
    ) -> StepFuture<'a> {
        let _ = (request, response);
        Box::pin(std::future::ready(Ok(())))
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
