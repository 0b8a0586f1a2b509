//! [`Service`]: what a generated crate tells the runtime about the API it describes.

use std::fmt;

use serde::de::DeserializeOwned;

/// The facts of one API description that the runtime needs: where the service lives and
/// what its error bodies look like.
///
/// Each generated crate implements it once, on a type of its own (`Api`), and names that
/// type in every operation's [`Operation::Service`](crate::Operation::Service). Several
/// generated crates thus share one [`Client`](crate::Client): each request goes to its own
/// crate's service root unless the client was given a base URL.
pub trait Service: 'static {
    /// The service root every path is relative to, without a trailing slash: the first
    /// `servers` URL of the description (`https://graph.microsoft.com/beta`).
    const ROOT: &'static str;

    /// What the service's error bodies parse into: the description's error schema (Graph's
    /// `ODataError`). Read it with [`ServiceError::body_as`](crate::ServiceError::body_as).
    type ErrorBody: DeserializeOwned + fmt::Debug + Send + Sync + 'static;
}
