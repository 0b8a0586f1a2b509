//! [`Secret`]: a string that is wiped from memory on drop and never printed.
//!
//! What is redacted where is described on [`Secret`], which is where users
//! read it (this module is private).

use std::cell::Cell;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroizing;

/// What [`Secret`] prints and, in redacting serialization, serializes instead of its value.
pub const REDACTED: &str = "<redacted>";

/// A secret string value: a password, a token, a credential.
///
/// Its memory is zeroed when it is dropped, its `Debug` shows only [`REDACTED`]
/// (`<redacted>`), and it has no `Display`; [`expose`](Self::expose) is the one way to
/// the value. It serializes as the plain string when a request is sent, and as
/// `<redacted>` when the runtime renders a request for people (the dry run's
/// [`PreparedRequest`](crate::PreparedRequest), the request body logged at `trace`
/// level). Bearer tokens ([`Client::new`](crate::Client::new),
/// [`TokenProvider`](crate::TokenProvider)), proxy passwords
/// ([`ClientBuilder::proxy_credentials`](crate::ClientBuilder::proxy_credentials)) and the
/// models' secret-valued fields are `Secret`s.
///
/// # Redaction
///
/// Beyond `Secret` itself, nothing the runtime prints shows a credential:
///
/// - the values of `Authorization`, `Proxy-Authorization`, `Cookie` and `Set-Cookie` are
///   shown as `<redacted>` wherever headers are shown: the `Debug` of
///   [`Client`](crate::Client) (its default headers),
///   [`PreparedRequest`](crate::PreparedRequest), [`Response`](crate::Response),
///   [`RawResponse`](crate::RawResponse), [`HttpRequest`](crate::HttpRequest) and
///   [`HttpResponse`](crate::HttpResponse), the dry run's `Display`, and the `tracing`
///   events;
/// - the `Debug` of [`ClientBuilder`](crate::ClientBuilder), [`Request`](crate::Request)
///   and [`ServiceError`](crate::ServiceError) shows no header values at all, and the
///   client's token only as `Static(<redacted>)`;
/// - [`RawResponse`](crate::RawResponse), [`HttpRequest`](crate::HttpRequest),
///   [`HttpResponse`](crate::HttpResponse) and [`ServiceError`](crate::ServiceError) show
///   a body's length, not its bytes (the service may echo secrets);
/// - header values of those four names that the runtime parses or adds (default headers,
///   a request's own headers, the built-in `Authorization`) are also marked sensitive,
///   so a [`HeaderMap`](crate::HeaderMap)'s own `Debug` hides them.
///
/// The `Authorization` value is formatted in a zeroizing string, but the
/// [`HeaderValue`](crate::HeaderValue) that reqwest sends is an ordinary allocation, as is
/// the proxy's basic-auth header reqwest builds.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a value as a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(Zeroizing::new(value.into()))
    }

    /// The secret value itself. Take care where it goes.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret::new(value)
    }
}

thread_local! {
    static REDACTING: Cell<bool> = const { Cell::new(false) };
}

/// Serializes `value` to JSON with every [`Secret`] replaced by [`REDACTED`].
pub(crate) fn to_redacted_json<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            REDACTING.with(|r| r.set(self.0));
        }
    }
    let _reset = Reset(REDACTING.with(|r| r.replace(true)));
    serde_json::to_string(value)
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if REDACTING.with(Cell::get) {
            serializer.serialize_str(REDACTED)
        } else {
            serializer.serialize_str(&self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Secret::new)
    }
}
