//! The runtime shared by every generated operation: the client, request building and
//! sending (pipeline steps, authentication, retries), responses, errors and secret
//! handling.
//!
//! This code is written once, by hand, in the generator's `codegen/runtime/` folder and
//! copied verbatim into each generated crate, so the crate needs nothing but crates.io.

mod auth;
mod client;
mod error;
mod flags;
mod object;
mod open_enum;
mod paging;
mod path;
pub mod pipeline;
mod request;
mod response;
pub mod retry;
mod secret;

pub use auth::{TokenFuture, TokenProvider};
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_TIMEOUT, USER_AGENT_VALUE};
pub use error::{Error, ServiceError};
pub use flags::Flags;
#[doc(hidden)]
pub use object::{Object, ObjectWriter};
pub(crate) use object::object_serde;
pub(crate) use open_enum::open_enum;
pub use paging::Pageable;
pub use path::{PathPart, PathValues};
pub use pipeline::{HttpRequest, HttpResponse, PipelineStep};
pub use request::{
    Empty, EncodedBody, Expandable, Fields, NoBody, Operation, OperationInfo, PreparedRequest,
    Request, Whole,
};
pub use response::{RawResponse, Response};
pub use retry::RetryPolicy;
pub use secret::Secret;
