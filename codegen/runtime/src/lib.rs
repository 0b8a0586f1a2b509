//! The client runtime shared by every crate that this workspace's `codegen` generates from
//! an OpenAPI description: the [`Client`], request building and sending ([`Request`],
//! [`PipelineStep`], authentication, retries), [`Response`]s, one [`Error`] type, and
//! [`Secret`] handling.
//!
//! A generated crate holds the API-specific part: its models, one marker type per
//! operation implementing [`Operation`], operation traits whose methods start a
//! [`Request`] on any `AsRef<Client>`, and a type implementing [`Service`] (its service
//! root and error body type). Several generated crates used in one program share this
//! crate's `Client`, `Error`, token provider and pipeline.
//!
//! # The API's facts: [`Service`]
//!
//! The runtime needs two things from the description: the service root (its first
//! `servers` URL) and the error schema. They are [`Service::ROOT`] and
//! [`Service::ErrorBody`], implemented once per generated crate on a type of its own
//! (`Api`) and named by every operation's [`Operation::Service`]. Each request goes to
//! its own API's `ROOT` unless [`ClientBuilder::base_url`] set one base URL for all, and
//! [`ServiceError::body_as`] gives a failed call's body as that API's `ErrorBody`.
//!
//! # Where each part is described
//!
//! - [`Client`] and [`ClientBuilder`]: configuration, authentication
//!   ([`TokenProvider`]), plain HTTP and redirects, headers, proxy.
//! - [`Request`]: call styles and payload states ([`Empty`], [`Fields`], [`Whole`]), the
//!   dry run ([`PreparedRequest`]) and the `tracing` events; [`PathValues`]: one
//!   percent-encoded segment per path value.
//! - [`pipeline`]: the order in which steps, authentication, transport and retries run;
//!   [`retry`]: which answers are retried, the waits, the timeouts.
//! - [`Response`] and [`RawResponse`]: success, and how bodies are decoded.
//! - [`Error`] and [`ServiceError`]: what can go wrong, told apart by variant.
//! - [`Secret`]: secret values, and what is redacted where.
//! - [`Pageable`] and [`Request::pages`]: paging through next links.
//! - [`Flags`]: flag enums; the models' enums are open (an `UnknownValue(String)`
//!   variant keeps values the service adds later).
//!
//! Per-operation code in a generated crate is thin: sending, headers, retries, timeouts
//! and errors live once here.
//!
//! The HTTP types of the public API are re-exported ([`Method`], [`StatusCode`],
//! [`HeaderMap`], [`HeaderName`], [`HeaderValue`], [`Url`], [`Bytes`]), so a user never needs a second
//! dependency to name them.

#![deny(missing_docs)]

mod auth;
mod client;
pub mod codec;
mod error;
mod flags;
mod null;
mod object;
mod open_enum;
mod paging;
mod path;
pub mod pipeline;
mod request;
mod response;
pub mod retry;
mod secret;
mod service;

pub use auth::{TokenFuture, TokenProvider};
pub use client::{Client, ClientBuilder, DEFAULT_TIMEOUT, USER_AGENT_VALUE};
pub use error::{BoxError, Error, ServiceError};
pub use flags::Flags;
#[doc(hidden)]
pub use null::ExplicitNull;
pub use object::{Object, ObjectWriter};
pub use paging::Pageable;
pub use path::{IdentityMembers, PathPart, PathValues};
pub use pipeline::{HttpRequest, HttpResponse, PipelineStep, StepFuture};
pub use request::{
    Empty, EncodedBody, Expandable, Fields, NoBody, Operation, OperationInfo, PreparedRequest,
    Request, Whole,
};
pub use response::{RawResponse, Response};
pub use retry::RetryPolicy;
pub use secret::{REDACTED, Secret};
pub use service::Service;

pub use bytes::Bytes;
pub use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
pub use reqwest::{Method, StatusCode, Url};

/// What the generated code and this crate's macros name; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
