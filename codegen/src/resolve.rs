//! `$ref` resolution within one document, with cycle detection for reference chains.

use std::path::Path;

use openapiv3::{OpenAPI, Parameter, ReferenceOr, RequestBody, Response, Schema};

use crate::diagnostics::{Error, Result};

/// How many references may be followed in a chain before it counts as a cycle.
const MAX_CHAIN: usize = 64;

/// Looks up `$ref`s in one document.
pub struct Resolver<'a> {
    file: &'a Path,
    api: &'a OpenAPI,
}

/// The component kinds a reference can point into.
trait Component: Sized + 'static {
    const KIND: &'static str;
    fn table(api: &OpenAPI) -> Option<&indexmap::IndexMap<String, ReferenceOr<Self>>>;
}

macro_rules! component {
    ($ty:ty, $kind:literal, $field:ident) => {
        impl Component for $ty {
            const KIND: &'static str = $kind;
            fn table(api: &OpenAPI) -> Option<&indexmap::IndexMap<String, ReferenceOr<Self>>> {
                api.components.as_ref().map(|c| &c.$field)
            }
        }
    };
}
component!(Schema, "schemas", schemas);
component!(Parameter, "parameters", parameters);
component!(RequestBody, "requestBodies", request_bodies);
component!(Response, "responses", responses);

impl<'a> Resolver<'a> {
    /// A resolver for `api`, read from `file`.
    pub fn new(file: &'a Path, api: &'a OpenAPI) -> Self {
        Resolver { file, api }
    }

    /// The error for a `$ref` at `at` that names no component.
    pub fn dangling(&self, reference: &str, at: &str) -> Error {
        Error::spec(
            self.file,
            at,
            format!("$ref {reference:?} does not resolve: no such component"),
        )
    }

    /// The component name a local reference points at: `#/components/schemas/X` -> `X`.
    /// `at` is the pointer of the `$ref`, for the error.
    pub fn ref_name<'r>(&self, reference: &'r str, kind: &str, at: &str) -> Result<&'r str> {
        if !reference.starts_with('#') {
            return Err(Error::spec(
                self.file,
                at,
                format!(
                    "$ref {reference:?} points outside this document; only local references (#/components/...) are supported"
                ),
            ));
        }
        let prefix = format!("#/components/{kind}/");
        reference.strip_prefix(&prefix).ok_or_else(|| {
            Error::spec(
                self.file,
                at,
                format!("$ref {reference:?} should point into #/components/{kind}/"),
            )
        })
    }

    fn lookup<T: Component>(
        &self,
        item: &'a ReferenceOr<T>,
        at: &str,
    ) -> Result<(&'a T, Option<&'a str>)> {
        let mut current = item;
        let mut name = None;
        for _ in 0..MAX_CHAIN {
            match current {
                ReferenceOr::Item(value) => return Ok((value, name)),
                ReferenceOr::Reference { reference } => {
                    let key = self.ref_name(reference, T::KIND, at)?;
                    current = T::table(self.api)
                        .and_then(|table| table.get(key))
                        .ok_or_else(|| self.dangling(reference, at))?;
                    name = Some(key);
                }
            }
        }
        Err(Error::spec(
            self.file,
            at,
            format!(
                "$ref chain through #/components/{}/ forms a cycle (or is longer than {MAX_CHAIN}): no component at its end",
                T::KIND
            ),
        ))
    }

    /// Resolves a schema reference; returns the schema and the component name it came from.
    pub fn schema(
        &self,
        item: &'a ReferenceOr<Schema>,
        at: &str,
    ) -> Result<(&'a Schema, Option<&'a str>)> {
        self.lookup(item, at)
    }

    /// Resolves a boxed schema reference.
    pub fn boxed_schema(
        &self,
        item: &'a ReferenceOr<Box<Schema>>,
        at: &str,
    ) -> Result<(&'a Schema, Option<&'a str>)> {
        match item {
            ReferenceOr::Item(schema) => Ok((schema, None)),
            ReferenceOr::Reference { reference } => {
                let key = self.ref_name(reference, "schemas", at)?;
                let target = self
                    .api
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(key))
                    .ok_or_else(|| self.dangling(reference, at))?;
                let (schema, name) = self.lookup(target, at)?;
                Ok((schema, name.or(Some(key))))
            }
        }
    }

    /// Resolves a parameter reference.
    pub fn parameter(&self, item: &'a ReferenceOr<Parameter>, at: &str) -> Result<&'a Parameter> {
        self.lookup(item, at).map(|(p, _)| p)
    }

    /// Resolves a request body reference.
    pub fn request_body(
        &self,
        item: &'a ReferenceOr<RequestBody>,
        at: &str,
    ) -> Result<&'a RequestBody> {
        self.lookup(item, at).map(|(b, _)| b)
    }

    /// Resolves a response reference.
    pub fn response(&self, item: &'a ReferenceOr<Response>, at: &str) -> Result<&'a Response> {
        self.lookup(item, at).map(|(r, _)| r)
    }
}
