//! The crate's frame: `Cargo.toml`, `lib.rs` and the identity type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use crate::ir::{Api, TypeRef};

/// Settings of the generated crate that do not come from the document.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The package name.
    pub name: String,
    /// The package version.
    pub version: String,
}

impl Default for CrateOptions {
    fn default() -> Self {
        CrateOptions {
            name: "graph-beta-applications".to_owned(),
            version: "0.1.0".to_owned(),
        }
    }
}

/// The generated `Cargo.toml`, after the header line.
pub fn cargo_toml(api: &Api, options: &CrateOptions) -> String {
    let description = format!(
        "Typed Rust client for Microsoft Graph ({}, {}), generated from its OpenAPI description.",
        api.title.replace('"', "'"),
        api.version.replace('"', "'")
    );
    let groups: Vec<&str> = super::operations::groups(api).into_keys().collect();
    let mut optional = String::new();
    if super::types::api_uses(api, |t| {
        matches!(
            t,
            TypeRef::DateTime | TypeRef::Date | TypeRef::Time | TypeRef::Duration
        )
    }) {
        optional.push_str(
            "jiff = { version = \"1\", default-features = false, features = [\"std\", \"serde\"] }\n",
        );
    }
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "1.88"
description = "{description}"
license = "MIT OR Apache-2.0"
publish = false

[dependencies]
fastrand = "2"
futures-util = {{ version = "0.3", default-features = false }}
httpdate = "1"
{optional}percent-encoding = "2"
reqwest = {{ version = "0.13", default-features = false, features = ["rustls", "http2"] }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
thiserror = "2"
tokio = {{ version = "1", features = ["time"] }}
tracing = "0.1"
uuid = {{ version = "1", features = ["v4", "serde"] }}
zeroize = "1"

[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

# One feature per module of `operations` (first path segment), all on by default.
[features]
default = [{default}]
{features}
# `PartialEq` on the model structs, off by default: it is a sixth of the models' code
# after expansion, and of every build of this crate (ARCHITECTURE.md of the generator).
partial-eq = []
"#,
        default = groups
            .iter()
            .map(|g| format!("\"{g}\""))
            .collect::<Vec<_>>()
            .join(", "),
        features = groups
            .iter()
            .map(|g| format!("{g} = []\n"))
            .collect::<String>(),
        name = options.name,
        version = options.version,
    )
}

/// `src/lib.rs`.
pub fn lib_rs(api: &Api, options: &CrateOptions) -> TokenStream {
    let title = format!(
        "Typed client for Microsoft Graph: {} ({}).",
        api.title, api.version
    );
    let mut text = title;
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(&docs::sentence(description));
    }
    text.push_str(&format!(
        "\n\nGenerated from the service's OpenAPI description by this workspace's `codegen`; \
         do not edit, regenerate with `cargo xtask codegen`.\n\n\
         Start with [`Client`]: every operation is a method on it, named after its Graph \
         PowerShell cmdlet (search the docs by cmdlet name or operationId). Path values can \
         come from a [`{identity}`] as well. A method returns a request builder; `send` it, \
         or `build` it to see the resolved request without sending anything.\n\n\
         Cargo features: one per module of [`operations`], all on by default; `partial-eq` \
         (off by default) derives `PartialEq` for the model structs, which otherwise \
         compare through `serde_json::to_value`. The enums always have it.\n\n\
         Crate `{crate_name}` version {version}.",
        identity = api.identity.name,
        crate_name = options.name,
        version = options.version,
    ));
    let doc = inner_doc_lines(&text);
    let identity = format_ident!("{}", api.identity.name);
    let service_root = &api.base_url;
    let error_body = match &api.error_model {
        Some(name) => {
            let name = format_ident!("{}", name);
            quote!(models::#name)
        }
        None => quote!(serde_json::Value),
    };
    quote! {
        #doc
        #![deny(missing_docs)]

        // Generated modules are laid out by prettyplease, not rustfmt; `cargo fmt` leaves
        // them alone and `cargo xtask codegen --check` guards them instead.
        #[rustfmt::skip]
        pub mod identity;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod operations;
        #[rustfmt::skip]
        pub mod runtime;

        pub use identity::#identity;
        // Two short lists: rustfmt (`cargo fmt`) and prettyplease lay each out alike.
        pub use runtime::{Client, ClientBuilder, Error, Response, Secret, ServiceError};
        pub use runtime::{PipelineStep, RetryPolicy, TokenProvider};

        /// The service root of the description (its first `servers` URL).
        pub const SERVICE_ROOT: &str = #service_root;

        /// What the service's error bodies parse into: the description's error schema.
        pub type ServiceErrorBody = #error_body;
    }
}

fn inner_doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// `src/identity.rs`.
pub fn identity_rs(api: &Api) -> TokenStream {
    let name = format_ident!("{}", api.identity.name);
    let fields = api.identity.members.iter().map(|m| {
        let field = format_ident!("{}", m.field);
        let property = &m.property;
        let doc = docs::lines(&docs::sentence(&m.doc));
        quote! {
            #doc
            #[serde(rename = #property, default, skip_serializing_if = "Option::is_none")]
            pub #field: Option<String>,
        }
    });
    let doc = format!(
        " The path values of every operation in one object: Graph PowerShell's `{}` input object.\n\n\
         Pass it to a client method's `_via_identity` form. Each member is optional; an operation \
         reports the members it needs but finds missing before sending anything.",
        api.identity.name
    );
    let doc = docs::lines(&doc);
    quote! {
        //! The identity type: every path parameter of the API as one optional member.

        #doc
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}
