//! The crate's frame: `Cargo.toml`, `lib.rs` and the identity type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use crate::ir::{Api, TypeRef};

/// Settings of the generated crate that do not come from the document.
#[derive(Debug, Clone)]
pub struct CrateOptions {
    /// The package version.
    pub version: String,
    /// Where the runtime crate is, as the generated `Cargo.toml` names it: relative to the
    /// generated crate's folder ([`runtime_path`]). The default suits `generated/` of this
    /// workspace.
    pub runtime_path: String,
}

impl Default for CrateOptions {
    fn default() -> Self {
        CrateOptions {
            version: "0.1.0".to_owned(),
            runtime_path: "../codegen/runtime".to_owned(),
        }
    }
}

/// The version of the runtime crate (`codegen/runtime`) that generated crates depend on;
/// a test keeps it equal to that crate's own.
pub const RUNTIME_VERSION: &str = "0.1.0";

/// The runtime crate's folder in this workspace.
pub fn runtime_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime")
}

/// The path from a crate generated into `out` to the runtime crate, as its `Cargo.toml`
/// writes it: relative where the two folders share more than the file system's root (so
/// a generated crate moves with the workspace), absolute otherwise; `/` as the separator.
pub fn runtime_path(out: &std::path::Path) -> String {
    use std::path::{Path, PathBuf};
    /// `path` with symbolic links and `..` resolved as far as it exists.
    fn resolved(path: &Path) -> PathBuf {
        if let Ok(path) = path.canonicalize() {
            return path;
        }
        match (path.parent(), path.file_name()) {
            (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
                resolved(parent).join(name)
            }
            _ => std::path::absolute(path).unwrap_or_else(|_| path.to_owned()),
        }
    }
    let slashed = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let runtime = resolved(&runtime_dir());
    let out = resolved(out);
    let from: Vec<_> = out.components().collect();
    let to: Vec<_> = runtime.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common <= 1 {
        return slashed(&runtime);
    }
    let up = std::iter::repeat_n("..".to_owned(), from.len() - common);
    let down = to[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    up.chain(down).collect::<Vec<_>>().join("/")
}

/// The generated `Cargo.toml`, after the header line.
pub fn cargo_toml(api: &Api, options: &CrateOptions) -> String {
    let description = format!(
        "Typed Rust client for {} ({}), generated from its OpenAPI description.",
        api.names.describe(&api.title).replace('"', "'"),
        api.version.replace('"', "'")
    );
    let groups: Vec<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.features.iter().map(String::as_str))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
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
    let uuid = if super::types::api_uses(api, |t| matches!(t, TypeRef::Uuid)) {
        "uuid = { version = \"1\", features = [\"serde\"] }\n"
    } else {
        ""
    };
    format!(
        r#"[package]
name = "{name}"
version = "{version}"
edition = "2024"
rust-version = "1.88"
description = "{description}"
license = "MIT OR Apache-2.0"
publish = false

# The client runtime, shared by every generated crate: by path while it is unpublished;
# the version is what a published crate would name.
[dependencies]
graph-runtime = {{ version = "{runtime_version}", path = "{runtime_path}" }}
{optional}serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
{uuid}
[dev-dependencies]
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

# One feature per module (a module of `operations` for one document, a Graph module for a
# folder), all on by default: each enables its operations and the models they reach.
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
        name = api.names.package,
        version = options.version,
        runtime_version = RUNTIME_VERSION,
        runtime_path = options.runtime_path,
    )
}

/// `src/lib.rs`.
/// `examples` end the crate docs (that a whole body and single fields do not mix; sending
/// `null`).
pub fn lib_rs(api: &Api, options: &CrateOptions, examples: &[String]) -> TokenStream {
    let title = format!(
        "Typed client for {} ({}).",
        api.names.describe(&api.title),
        api.version
    );
    let mut text = title;
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(&docs::sentence(description));
    }
    text.push_str(&format!(
        "\n\nGenerated from the service's OpenAPI description by this workspace's `codegen`; \
         do not edit, regenerate with `cargo xtask codegen`.\n\n\
         Start with a [`Client`] and `use {lib}::prelude::*;`: every operation is a \
         method on the client, from the operation trait of its module, {named}. Path values can \
         come from a [`{identity}`] as well. A method returns a request builder; `send` it, \
         or `prepare` it to see the resolved request without sending anything.\n\n\
         The client, its errors, token providers and pipeline steps are the runtime crate's \
         ([`runtime`]), shared by every crate generated the same way: one `Client` serves \
         them all.\n\n\
         Cargo features: one per module, all on by default, each enabling its operations \
         and the models they reach (`default-features = false` and the features you use \
         build only those); `partial-eq` \
         (off by default) derives `PartialEq` for the model structs, which otherwise \
         compare through `serde_json::to_value`. The enums always have it.\n\n\
         Crate `{crate_name}` version {version}.",
        identity = api.identity.name,
        named = if api.names.cmdlet_prefix.is_some() {
            "named after its Graph PowerShell cmdlet (search the docs by cmdlet name or operationId)"
        } else {
            "named after its operationId in snake case (search the docs by operationId)"
        },
        lib = api.names.package.replace('-', "_"),
        crate_name = api.names.package,
        version = options.version,
    ));
    for example in examples {
        text.push_str("\n\n");
        text.push_str(example);
    }
    let doc = inner_doc_lines(&text);
    let identity = format_ident!("{}", api.identity.name);
    let service_root = &api.base_url;
    let root_doc = docs::lines(if service_root.is_empty() {
        "The service root: none, the description names no server. Give one with \
         [`ClientBuilder::base_url`]; a request without it fails before anything is sent."
    } else {
        "The service root of the description (its first `servers` URL)."
    });
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

        /// The client runtime this crate is built on, shared by every generated crate.
        pub use graph_runtime as runtime;

        pub use identity::#identity;
        // Short lists in sorted order: rustfmt (`cargo fmt`) and prettyplease lay them out alike.
        pub use runtime::{BoxError, TokenFuture, TokenProvider};
        pub use runtime::{Client, ClientBuilder, Error, Response, Secret, ServiceError};
        pub use runtime::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
        pub use runtime::{HttpRequest, HttpResponse, PipelineStep, RetryPolicy, StepFuture};

        #root_doc
        pub const SERVICE_ROOT: &str = #service_root;

        /// What the service's error bodies parse into: the description's error schema.
        pub type ServiceErrorBody = #error_body;

        /// This API as the runtime knows it: its service root and error body type. Every
        /// operation of the crate names it.
        #[derive(Debug)]
        pub enum Api {}

        impl runtime::Service for Api {
            const ROOT: &'static str = SERVICE_ROOT;
            type ErrorBody = ServiceErrorBody;
        }

        /// The supertrait of every setter trait: implemented by the runtime's `Request`
        /// alone and named nowhere outside the crate, so no other type implements a setter
        /// trait, and a setter added to one breaks no code.
        // Unused where no operation has setters, or no module's feature is on.
        #[allow(dead_code)]
        mod sealed {
            use crate::runtime::{Operation, Request};

            pub trait Sealed {}

            impl<Op: Operation, P> Sealed for Request<'_, Op, P> {}
        }

        /// The operation traits, whose methods start requests on a [`Client`], the
        /// setter traits of the requests, and [`runtime::ExplicitNull`] (a model's
        /// `set_null` and `is_null`): `use` it whole.
        pub mod prelude {
            // Empty when no module's feature is on.
            #[allow(unused_imports)]
            pub use crate::operations::prelude::*;
            pub use crate::runtime::ExplicitNull as _;
        }
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
        let cfg = super::gate::cfg(&m.features);
        quote! {
            #doc
            #cfg
            #[serde(rename = #property, default, skip_serializing_if = "Option::is_none")]
            pub #field: Option<String>,
        }
    });
    let arms = api.identity.members.iter().map(|m| {
        let field = format_ident!("{}", m.field);
        let property = &m.property;
        let cfg = super::gate::cfg(&m.features);
        quote!(#cfg #property => self.#field.as_deref(),)
    });
    let member_fn = if api.identity.members.is_empty() {
        quote!(
            fn member(&self, _member: &str) -> Option<&str> {
                None
            }
        )
    } else {
        quote! {
            fn member(&self, member: &str) -> Option<&str> {
                match member {
                    #(#arms)*
                    _ => None,
                }
            }
        }
    };
    let what = if api.names.cmdlet_prefix.is_some() {
        format!(": Graph PowerShell's `{}` input object", api.identity.name)
    } else {
        String::new()
    };
    let doc = format!(
        "The path values of every operation in one object{what}.\n\n\
         Pass it to a client method's `_via_identity` form. Each member is optional; an operation \
         reports the members it needs but finds missing before sending anything."
    );
    let doc = docs::lines(&doc);
    quote! {
        //! The identity type: every path parameter of the API as one optional member.

        #doc
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

        impl crate::runtime::IdentityMembers for #name {
            #member_fn
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_version_is_the_runtime_crates() {
        let manifest = std::fs::read_to_string(runtime_dir().join("Cargo.toml")).unwrap();
        let line = format!("version = \"{RUNTIME_VERSION}\"");
        assert!(
            manifest.lines().any(|l| l == line),
            "{line} not in the runtime's Cargo.toml"
        );
    }

    #[test]
    fn runtime_path_is_relative_within_the_workspace() {
        let workspace = runtime_dir().join("../..");
        assert_eq!(
            runtime_path(&workspace.join("generated")),
            "../codegen/runtime"
        );
        assert_eq!(
            runtime_path(&workspace.join("target/x/not-yet-there")),
            "../../../codegen/runtime"
        );
    }
}
