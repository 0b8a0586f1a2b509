//! How an operation's body is written and its answer read, chosen by type: an
//! [`Operation`](crate::Operation) names a writer ([`Encode`]) and a reader ([`Decode`])
//! from this module instead of writing `encode` and `decode` itself.
//!
//! The code lives here, generic, once: a generated crate's thousands of operations carry
//! no function bodies of their own for it, so the compiler checks it once rather than once
//! per operation, and instantiates it only for the operations a program sends.

use std::marker::PhantomData;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::Error;
use super::request::{EncodedBody, NoBody, OperationInfo};
use super::response::RawResponse;

/// Writes a request body of type `B` (or what the operation sends without one).
pub trait Encode<B> {
    /// Encodes `body`, the one the caller gave, for the operation described by `info`.
    fn encode(body: Option<&B>, info: &OperationInfo) -> Result<Option<EncodedBody>, Error>;
}

/// Reads a 2XX answer.
pub trait Decode {
    /// What the call returns.
    type Output;
    /// Decodes the answer from its status and body.
    fn decode(response: RawResponse) -> Result<Self::Output, Error>;
}

/// No body: the operation takes none.
#[derive(Debug)]
pub enum WriteNothing {}

impl Encode<NoBody> for WriteNothing {
    fn encode(_: Option<&NoBody>, _: &OperationInfo) -> Result<Option<EncodedBody>, Error> {
        Ok(None)
    }
}

/// A JSON body the operation requires: sending without one is
/// [`Error::InvalidArgument`] (`body`), before any I/O.
#[derive(Debug)]
pub enum WriteJson {}

impl<B: Serialize> Encode<B> for WriteJson {
    fn encode(body: Option<&B>, _: &OperationInfo) -> Result<Option<EncodedBody>, Error> {
        match body {
            Some(body) => EncodedBody::json(body).map(Some),
            None => Err(Error::missing_body()),
        }
    }
}

/// A JSON body whose every member is optional: without one, the empty object (`{}`) is
/// sent, as Graph PowerShell does.
#[derive(Debug)]
pub enum WriteJsonOrDefault {}

impl<B: Serialize + Default> Encode<B> for WriteJsonOrDefault {
    fn encode(body: Option<&B>, _: &OperationInfo) -> Result<Option<EncodedBody>, Error> {
        match body {
            Some(body) => EncodedBody::json(body).map(Some),
            None => EncodedBody::json(&B::default()).map(Some),
        }
    }
}

/// An optional JSON body: without one, nothing is sent.
#[derive(Debug)]
pub enum WriteJsonIfGiven {}

impl<B: Serialize> Encode<B> for WriteJsonIfGiven {
    fn encode(body: Option<&B>, _: &OperationInfo) -> Result<Option<EncodedBody>, Error> {
        body.map(EncodedBody::json).transpose()
    }
}

/// Bytes sent as they are, with the operation's
/// [`binary_content_type`](OperationInfo::binary_content_type)
/// (`application/octet-stream` when it names none).
#[derive(Debug)]
pub enum WriteBinary {}

impl Encode<Vec<u8>> for WriteBinary {
    fn encode(body: Option<&Vec<u8>>, info: &OperationInfo) -> Result<Option<EncodedBody>, Error> {
        let content_type = info
            .binary_content_type
            .unwrap_or("application/octet-stream");
        Ok(body.map(|bytes| EncodedBody::binary(content_type, bytes.clone())))
    }
}

/// The answer's body is ignored; the call returns `()`.
#[derive(Debug)]
pub enum ReadNothing {}

impl Decode for ReadNothing {
    type Output = ();
    fn decode(response: RawResponse) -> Result<(), Error> {
        response.empty()
    }
}

/// The answer's body as bytes.
#[derive(Debug)]
pub enum ReadBytes {}

impl Decode for ReadBytes {
    type Output = Vec<u8>;
    fn decode(response: RawResponse) -> Result<Vec<u8>, Error> {
        response.bytes()
    }
}

/// A `text/plain` answer parsed as `T` (the number a `$count` returns).
#[derive(Debug)]
pub struct ReadText<T>(PhantomData<fn() -> T>);

impl<T: std::str::FromStr> Decode for ReadText<T>
where
    T::Err: std::fmt::Display,
{
    type Output = T;
    fn decode(response: RawResponse) -> Result<T, Error> {
        response.text()
    }
}

/// A JSON answer that must be present, as `T`.
#[derive(Debug)]
pub struct ReadJson<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned> Decode for ReadJson<T> {
    type Output = T;
    fn decode(response: RawResponse) -> Result<T, Error> {
        response.json()
    }
}

/// A JSON answer that may be empty (a `204 No Content`): `None` then.
#[derive(Debug)]
pub struct ReadOptionalJson<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned> Decode for ReadOptionalJson<T> {
    type Output = Option<T>;
    fn decode(response: RawResponse) -> Result<Option<T>, Error> {
        response.json_optional()
    }
}
