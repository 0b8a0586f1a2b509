//! The `operations` modules: per operation a marker type, its request alias, the
//! client methods that start it, and its parameter and field setters.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::examples::{self, FieldSetters};
use super::{docs, gate, types};

use crate::ir::{
    Api, Method, MissingBody, Model, ModelKind, Operation, PathPart, ResponseKind, SharedParam,
    TypeRef, ValueParam,
};

/// The `operations/mod.rs` module listing one submodule per path group, and the
/// parameter setters several operations share ([`Api::shared_params`]).
pub fn root_module(api: &Api) -> TokenStream {
    let mods = api.groups.iter().map(|g| {
        let ident = format_ident!("{}", g.module);
        let cfg = gate::cfg(&g.features);
        let doc = format!(
            " Operations whose path starts with `/{}` (Cargo feature{} {}).",
            g.module,
            if g.features.len() > 1 { "s" } else { "" },
            g.features
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        quote!(#[doc = #doc] #cfg pub mod #ident;)
    });
    let shared = api.shared_params.iter().map(shared_param);
    let group_preludes = api.groups.iter().map(|g| {
        let ident = format_ident!("{}", g.module);
        let cfg = gate::cfg(&g.features);
        quote!(#cfg pub use super::#ident::prelude::*;)
    });
    let shared_traits = api
        .shared_params
        .iter()
        .map(|p| (format_ident!("{}", p.setter_trait), gate::cfg(&p.features)))
        .map(|(name, cfg)| quote!(#cfg pub use super::#name as _;));
    quote! {
        //! The API's operations, one module per first path segment. Each operation has a
        //! marker type implementing [`Operation`](crate::runtime::Operation), a request alias,
        //! and a method of its module's operation trait that starts it on a
        //! [`Client`](crate::Client).
        //!
        //! Each operation, and each model it reaches, is behind the Cargo feature of its
        //! module (every feature is on by default): a crate that needs only some of them
        //! builds faster with `default-features = false` and those features.

        #(#mods)*

        /// Every operation and setter trait of the enabled modules, imported anonymously
        /// (re-exported by [`crate::prelude`]).
        pub mod prelude {
            #(#shared_traits)*
            #(#group_preludes)*
        }

        #(#shared)*
    }
}

/// A shared parameter's marker trait and its setter on the requests of every operation
/// implementing it.
fn shared_param(shared: &SharedParam) -> TokenStream {
    let SharedParam {
        setter,
        param,
        is_header,
        ..
    } = shared;
    let name = format_ident!("{}", shared.trait_name);
    let kind = if *is_header {
        "header"
    } else {
        "query parameter"
    };
    let trait_doc = docs::lines(&format!(
        "Operations that take the `{}` {kind}: their requests have the `{setter}` setter.",
        param.wire_name
    ));
    let setter_doc = docs::lines(&format!(
        "The `{setter}` setter of the requests whose operation implements [`{name}`]."
    ));
    let setter_name = format_ident!("{}", shared.setter_trait);
    let method = value_setter(param, *is_header);
    let (decl, def) = (method.decl(), method.def());
    let cfg = gate::cfg(&shared.features);
    gate::items(
        &cfg,
        quote! {
            #trait_doc
            pub trait #name: crate::runtime::Operation {}

            #setter_doc
            pub trait #setter_name: Sized + crate::sealed::Sealed {
                #decl
            }

            impl<O: #name, P> #setter_name for crate::runtime::Request<'_, O, P> {
                #def
            }
        },
    )
}

/// The operations of one group, grouped by module name.
pub fn groups(api: &Api) -> BTreeMap<&str, Vec<&Operation>> {
    let mut out: BTreeMap<&str, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        out.entry(op.module.as_str()).or_default().push(op);
    }
    out
}

/// The part of one `operations/<group>.rs` module holding `range` of the group's
/// operations `ops`: the part at 0 opens the module. Formatted one by one and joined
/// in order ([`crate::format`]), the parts give the formatted module.
pub fn group_part(
    api: &Api,
    group: &str,
    ops: &[&Operation],
    range: std::ops::Range<usize>,
    krate: &str,
    shared: &super::Shared<'_>,
) -> TokenStream {
    let identity = format_ident!("{}", api.identity.name);
    let cx = examples::Context {
        krate,
        identity: &api.identity.name,
        models: &shared.models,
    };
    let group = api
        .groups
        .iter()
        .find(|g| g.module == group)
        .expect("every module of the operations is a group");
    let group_trait = format_ident!("{}", group.trait_name);
    // An operation behind other features than its module's (a folder's module enables
    // only its own operations of a path group) has each of its items gated.
    let op_cfg = |op: &Operation| {
        if op.features == group.features {
            TokenStream::new()
        } else {
            gate::cfg(&op.features)
        }
    };
    let prelude = (range.start == 0).then(|| {
        let traits = ops.iter().flat_map(|op| {
            let cfg = op_cfg(op);
            [&op.params_trait, &op.fields_trait]
                .into_iter()
                .flatten()
                .map(move |name| {
                    let name = format_ident!("{}", name);
                    quote!(#cfg pub use super::#name as _;)
                })
        });
        quote! {
            /// The operation trait and the setter traits of this module, imported
            /// anonymously (re-exported by [`crate::prelude`]).
            pub mod prelude {
                pub use super::#group_trait as _;
                #(#traits)*
            }
        }
    });
    let operations_trait = (range.start == 0).then(|| {
        let methods = ops.iter().map(|op| {
            gate::items(
                &op_cfg(op),
                client_methods(op, &identity, &cx, &field_setters(op, &shared.models)),
            )
        });
        let doc = docs::lines(&format!(
            "The operations whose path starts with `/{segment}`, as methods of every \
             [`Client`] (and anything that is `AsRef<Client>`): each starts a request.",
            segment = group_segment(ops, &group.module)
        ));
        quote! {
            #doc
            pub trait #group_trait: AsRef<Client> {
                #(#methods)*
            }

            impl<C: AsRef<Client> + ?Sized> #group_trait for C {}
        }
    });
    let head = (range.start == 0).then(|| {
        let doc = format!(
            " Operations whose path starts with `/{}`.",
            group_segment(ops, &group.module)
        );
        // Setters are named after the description's properties (`isFallbackPublicClient`
        // -> `is_fallback_public_client`) and, as builder methods, take the request by value.
        // A method takes one argument per path value, and Graph's paths nest eight deep.
        quote! {
            #![doc = #doc]
            #![allow(
                clippy::doc_markdown,
                clippy::too_many_arguments,
                clippy::wrong_self_convention
            )]

            use crate::runtime::{
                Client, Empty, Operation, OperationInfo, PathPart, PathValues, Request,
            };

            #prelude
            #operations_trait
        }
    });
    let operations = ops[range].iter().map(|op| {
        gate::items(
            &op_cfg(op),
            operation(api, op, &shared.models, &group_trait),
        )
    });
    // Collected, not interpolated: `quote!` would copy every token once more.
    head.into_iter().chain(operations).collect()
}

/// The first path segment of a group's operations (the group's name as a fallback).
fn group_segment<'a>(ops: &[&'a Operation], group: &'a str) -> &'a str {
    ops.first()
        .and_then(|op| op.path.trim_start_matches('/').split(['/', '(']).next())
        .unwrap_or(group)
}

fn method_tokens(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(crate::runtime::Method::GET),
        Method::Put => quote!(crate::runtime::Method::PUT),
        Method::Post => quote!(crate::runtime::Method::POST),
        Method::Delete => quote!(crate::runtime::Method::DELETE),
        Method::Patch => quote!(crate::runtime::Method::PATCH),
        Method::Head => quote!(crate::runtime::Method::HEAD),
        Method::Options => quote!(crate::runtime::Method::OPTIONS),
        Method::Trace => quote!(crate::runtime::Method::TRACE),
    }
}

/// The items of one operation: the marker type with its `Operation` impl, paging, the
/// request alias, the client methods, the parameter and body field setters.
fn operation(
    api: &Api,
    op: &Operation,
    models: &BTreeMap<&str, &Model>,
    group_trait: &proc_macro2::Ident,
) -> TokenStream {
    let marker = format_ident!("{}", op.type_name);
    let request = format_ident!("{}", op.request_alias);
    let request_doc = docs::lines(&request_doc(op, group_trait));
    let head = head(op, &marker);
    let paging = paging(op, &marker);
    let value_setters = value_setters(api, op, &marker, &request);
    let field_setters = body_field_setters(op, &request, &field_setters(op, models));
    let alias = quote! {
        #request_doc
        pub type #request<'a, P = Empty> = Request<'a, #marker, P>;
    };
    [
        Some(head),
        paging,
        Some(alias),
        Some(value_setters),
        field_setters,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The `Pageable` impl of an `x-ms-pageable` operation: where its answer keeps the next link.
fn paging(op: &Operation, marker: &proc_macro2::Ident) -> Option<TokenStream> {
    let pageable = op.pageable.as_ref()?;
    let field = format_ident!("{}", pageable.next_link_field);
    let optional_output = matches!(op.response, ResponseKind::Json { optional: true, .. });
    let body = match (optional_output, pageable.required) {
        (false, false) => quote!(output.#field.as_deref()),
        (false, true) => quote!(Some(output.#field.as_str())),
        (true, false) => quote!(output.as_ref().and_then(|o| o.#field.as_deref())),
        (true, true) => quote!(output.as_ref().map(|o| o.#field.as_str())),
    };
    Some(quote! {
        impl crate::runtime::Pageable for #marker {
            fn next_link(output: &Self::Output) -> Option<&str> {
                #body
            }
        }
    })
}

/// The marker type of an operation and its `Operation` impl: its static facts, how it
/// encodes its body and decodes its answer.
fn head(op: &Operation, marker: &proc_macro2::Ident) -> TokenStream {
    let marker_doc = match &op.operation_id {
        Some(id) => format!(
            " The operation `{id}`: `{} {}`.",
            op.method.as_str().to_uppercase(),
            op.path
        ),
        None => format!(" The operation `{}`.", op.label()),
    };
    // The runtime names the operation in the dry run's "What if" line by its cmdlet, or
    // outside Graph by its operationId.
    let op_id = op.label();
    let cmdlet = op.cmdlet.clone().unwrap_or_else(|| op_id.clone());
    let http = method_tokens(op.method);
    let parts = op.path_parts.iter().map(|p| match p {
        PathPart::Literal(text) => quote!(PathPart::Literal(#text)),
        PathPart::Param(i) => {
            let i = proc_macro2::Literal::usize_unsuffixed(*i);
            quote!(PathPart::Param(#i))
        }
        PathPart::QuotedParam(i) => {
            let i = proc_macro2::Literal::usize_unsuffixed(*i);
            quote!(PathPart::QuotedParam(#i))
        }
    });
    let eventual = op.eventual_consistency;
    // The runtime's codecs write the body and read the answer: the operation names them
    // and has no code of its own (checked once in the runtime, not once per operation, and
    // instantiated only for the operations a program sends).
    let codec = |name: &str| {
        let name = format_ident!("{}", name);
        quote!(crate::runtime::codec::#name)
    };
    let (body_ty, write, binary_content_type) = match &op.body {
        None => (
            quote!(crate::runtime::NoBody),
            codec("WriteNothing"),
            quote!(None),
        ),
        Some(body) if body.ty == TypeRef::Bytes => {
            let content_type = &body.content_type;
            (
                types::rust_type(&body.ty, false),
                codec("WriteBinary"),
                quote!(Some(#content_type)),
            )
        }
        Some(body) => {
            let write = match body.missing {
                MissingBody::Default => "WriteJsonOrDefault",
                MissingBody::Error => "WriteJson",
                MissingBody::Nothing => "WriteJsonIfGiven",
            };
            (
                types::rust_type(&body.ty, false),
                codec(write),
                quote!(None),
            )
        }
    };
    let (output_ty, read) = match &op.response {
        ResponseKind::Empty => (quote!(()), codec("ReadNothing")),
        ResponseKind::Bytes => (quote!(Vec<u8>), codec("ReadBytes")),
        ResponseKind::Text(ty) => {
            let ty = types::rust_type(ty, false);
            let read = codec("ReadText");
            (ty.clone(), quote!(#read<#ty>))
        }
        ResponseKind::Json { ty, optional } => {
            let ty = types::rust_type(ty, false);
            if *optional {
                let read = codec("ReadOptionalJson");
                (quote!(Option<#ty>), quote!(#read<#ty>))
            } else {
                let read = codec("ReadJson");
                (ty.clone(), quote!(#read<#ty>))
            }
        }
    };
    quote! {
        // No `Debug`: the marker has no value to print, and the derive would be one impl
        // and one function per operation for the compiler to check (a fifth of a big
        // crate's impls).
        #[doc = #marker_doc]
        pub enum #marker {}

        impl Operation for #marker {
            type Service = crate::Api;
            type Body = #body_ty;
            type Output = #output_ty;
            type Write = #write;
            type Read = #read;
            const INFO: OperationInfo = OperationInfo {
                operation_id: #op_id,
                cmdlet: #cmdlet,
                method: #http,
                path: &[#(#parts),*],
                eventual_consistency: #eventual,
                binary_content_type: #binary_content_type,
            };
        }
    }
}

/// The docs of an operation's request alias.
fn request_doc(op: &Operation, group_trait: &proc_macro2::Ident) -> String {
    format!(
        "A request to `{}`, started by [`{group_trait}::{}`].",
        op.label(),
        op.method_name
    )
}

/// The method docs: summary and description, the HTTP call, the cmdlet, the reference and
/// the permissions. The identity form has the summary, the HTTP call and the cmdlet, and
/// points to the direct form for the rest instead of repeating it (about 16,000 copies in
/// all of Graph; docs/decisions/0049).
fn method_docs(op: &Operation, via_identity: bool, examples: &str) -> TokenStream {
    let mut text = docs::markdown(&crate::ir::Docs {
        external: None,
        description: if via_identity {
            None
        } else {
            op.docs.description.clone()
        },
        ..op.docs.clone()
    });
    if text.is_empty() {
        text = format!("Calls `{}`.", op.label());
    }
    text.push_str(&format!(
        "\n\n`{} {}`",
        op.method.as_str().to_uppercase(),
        op.path,
    ));
    if let Some(cmdlet) = &op.cmdlet {
        text.push_str(&format!("\n\nGraph PowerShell: `{cmdlet}`."));
    }
    if via_identity {
        let object = if op.cmdlet.is_some() {
            "an identity object (the cmdlet's `-InputObject`)"
        } else {
            "an identity object"
        };
        let direct = &op.method_name;
        text.push_str(&format!(
            "\n\nThe call of [`{direct}`](Self::{direct}), with the path values taken from \
             {object}: a missing member is reported before anything is sent. Its description, \
             reference and permissions are there."
        ));
    } else {
        if let Some((label, url)) = &op.docs.external {
            let label = label.as_deref().unwrap_or("Reference documentation");
            text.push_str(&format!(
                "\n\n[{}]({url})",
                label.trim().trim_end_matches('.')
            ));
        }
        if let Some(permissions) = &op.permissions {
            text.push_str("\n\n");
            text.push_str(&permissions.markdown());
        }
    }
    text.push_str("\n\n");
    text.push_str(examples);
    let lines = docs::lines(&text);
    // rustdoc refuses an alias equal to the item's name (`find_pets` for `find_pets`).
    let aliases = op
        .cmdlet
        .iter()
        .chain(op.operation_id.as_ref().filter(|id| **id != op.method_name))
        .map(|alias| quote!(#[doc(alias = #alias)]));
    let deprecated = op
        .deprecation
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #lines
        #(#aliases)*
        #deprecated
    }
}

/// The methods of the group's operation trait that start `op`: by path values, and from
/// the identity object where the path has values.
fn client_methods(
    op: &Operation,
    identity: &proc_macro2::Ident,
    cx: &examples::Context<'_>,
    field_setters: &FieldSetters<'_>,
) -> TokenStream {
    let request = format_ident!("{}", op.request_alias);
    let name = format_ident!("{}", op.method_name);
    let docs = method_docs(op, false, &cx.section(op, field_setters, false));
    let (params, values): (Vec<_>, Vec<_>) = op
        .path_params
        .iter()
        .map(|p| {
            let arg = format_ident!("{}", p.arg_name);
            match &p.ty {
                TypeRef::String => (quote!(#arg: impl Into<String>), quote!(#arg.into())),
                ty => {
                    let ty = types::rust_type(ty, false);
                    (quote!(#arg: #ty), quote!(#arg.to_string()))
                }
            }
        })
        .unzip();
    let wire_names = op.path_params.iter().map(|p| &p.wire_name);
    // An array, not `vec![...]`: no macro to expand in each of a module's methods.
    let values = if values.is_empty() {
        quote!(Vec::new())
    } else {
        quote!([#(#values),*])
    };
    let direct = quote! {
        #docs
        fn #name(&self, #(#params),*) -> #request<'_> {
            Request::new(self.as_ref(), PathValues::given(&[#(#wire_names),*], #values))
        }
    };
    let Some(via) = &op.via_identity_method else {
        return direct;
    };
    let via = format_ident!("{}", via);
    let via_docs = method_docs(op, true, &cx.section(op, field_setters, true));
    let members = op.path_params.iter().map(|p| &p.identity_property);
    quote! {
        #direct

        #via_docs
        fn #via(&self, identity: &crate::identity::#identity) -> #request<'_> {
            Request::new(self.as_ref(), PathValues::from_identity(identity, &[#(#members),*]))
        }
    }
}

/// The body fields with the setter names lowering gave them ([`crate::ir::Body::setters`],
/// in field order), and whether the body has `additional_property`.
pub(super) fn field_setters<'a>(
    op: &'a Operation,
    models: &BTreeMap<&str, &'a Model>,
) -> FieldSetters<'a> {
    let Some(body) = &op.body else {
        return (Vec::new(), false);
    };
    let fields = match (&body.ty, body.setters.is_empty()) {
        (_, true) => &[][..],
        (TypeRef::Named(name), false) => match models.get(name.as_str()).map(|m| &m.kind) {
            Some(ModelKind::Struct(s)) => &s.fields[..],
            _ => unreachable!("body setters belong to a struct model"),
        },
        _ => unreachable!("body setters belong to a named model"),
    };
    debug_assert!(fields.len() == body.setters.len() || body.setters.is_empty());
    let setters = fields
        .iter()
        .zip(&body.setters)
        .map(|(field, setter)| {
            debug_assert_eq!(field.name, setter.field);
            (field, setter.setter.as_str())
        })
        .collect();
    (setters, body.additional_property)
}

/// One setter method, printed as a trait's declaration (with the docs) and as the
/// method of the trait's impl.
struct Setter {
    doc: TokenStream,
    sig: TokenStream,
    body: TokenStream,
}

impl Setter {
    /// The declaration in the trait.
    fn decl(&self) -> TokenStream {
        let Setter { doc, sig, .. } = self;
        quote!(#doc #sig;)
    }

    /// The method in the trait's impl.
    fn def(&self) -> TokenStream {
        let Setter { sig, body, .. } = self;
        quote!(#sig { #body })
    }
}

/// The setter of one query or header parameter (any payload state).
fn value_setter(param: &ValueParam, is_header: bool) -> Setter {
    let name = format_ident!("{}", param.setter);
    let wire = &param.wire_name;
    let fallback = format!("Sets `{wire}`.");
    let doc = docs::attrs(&param.docs, &fallback);
    let value = format_ident!("value");
    let (arg_ty, convert) = match &param.ty {
        TypeRef::Vec(item) => {
            let item = types::rust_type(item, false);
            (
                quote!(impl IntoIterator<Item = impl Into<#item>>),
                quote!(
                    value
                        .into_iter()
                        .map(|v| Into::<#item>::into(v).to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            )
        }
        TypeRef::String => (quote!(impl Into<String>), quote!(value.into())),
        other => {
            let (ty, _) = types::setter_arg(other, &value);
            (ty, quote!(value.to_string()))
        }
    };
    let body = if is_header {
        quote!(self.header(#wire, #convert))
    } else {
        quote!(self.query_param(#wire, #convert))
    };
    Setter {
        doc,
        sig: quote!(fn #name(self, value: #arg_ty) -> Self),
        body,
    }
}

/// Query and header setters (any payload state): the shared ones by their marker trait
/// ([`Api::shared_params`]), the operation's own in its `{Marker}Params` trait.
fn value_setters(
    api: &Api,
    op: &Operation,
    marker: &proc_macro2::Ident,
    request: &proc_macro2::Ident,
) -> TokenStream {
    let markers = op.value_params().filter_map(|(param, _)| {
        let shared = &api.shared_params[param.shared?];
        let name = format_ident!("{}", shared.trait_name);
        Some(quote!(impl crate::operations::#name for #marker {}))
    });
    let own = op.params_trait.as_ref().map(|name| {
        let name = format_ident!("{}", name);
        let setters: Vec<Setter> = op
            .value_params()
            .filter(|(param, _)| param.shared.is_none())
            .map(|(param, is_header)| value_setter(param, is_header))
            .collect();
        let doc = docs::lines(&format!(
            "The query and header setters of [`{request}`] that are its own."
        ));
        let decls = setters.iter().map(Setter::decl);
        let defs = setters.iter().map(Setter::def);
        quote! {
            #doc
            pub trait #name: Sized + crate::sealed::Sealed {
                #(#decls)*
            }

            impl<P> #name for #request<'_, P> {
                #(#defs)*
            }
        }
    });
    quote!(#own #(#markers)*)
}

/// Body field setters, in the operation's `{Marker}Fields` trait (they move the payload to
/// `Fields` and are absent once a whole body is given); nothing when the body has no
/// fields to set one by one.
fn body_field_setters(
    op: &Operation,
    request: &proc_macro2::Ident,
    setters: &FieldSetters<'_>,
) -> Option<TokenStream> {
    let name = format_ident!("{}", op.fields_trait.as_ref()?);
    let (fields, additional) = setters;
    let value = format_ident!("value");
    let mut all: Vec<Setter> = fields
        .iter()
        .map(|(field, setter)| {
            let fallback = format!("Sets the `{}` property of the body.", field.wire_name);
            let doc = docs::attrs(&field.docs, &fallback);
            let setter = format_ident!("{}", setter);
            let name = format_ident!("{}", field.name);
            let (arg, mut convert) = types::setter_arg(&field.ty, &value);
            if field.boxed {
                convert = quote!(Box::new(#convert));
            }
            if !field.required {
                convert = quote!(Some(#convert));
            }
            Setter {
                doc,
                sig: quote!(fn #setter(self, value: #arg) -> #request<'a, crate::runtime::Fields>),
                body: quote! {
                    let mut request = self.into_fields();
                    request.fields_mut().#name = #convert;
                    request
                },
            }
        })
        .collect();
    if *additional {
        all.push(Setter {
            doc: docs::lines(
                "Sets a property the description does not list (any JSON value, `null` included).",
            ),
            sig: quote!(fn additional_property(self, name: impl Into<String>, value: serde_json::Value) -> #request<'a, crate::runtime::Fields>),
            body: quote! {
                let mut request = self.into_fields();
                request.fields_mut().additional_properties.insert(name.into(), value);
                request
            },
        });
    }
    let doc = docs::lines(&format!(
        "The body field setters of [`{request}`], while no whole body was given."
    ));
    let decls = all.iter().map(Setter::decl);
    let defs = all.iter().map(Setter::def);
    Some(quote! {
        #doc
        pub trait #name<'a>: Sized + crate::sealed::Sealed {
            #(#decls)*
        }

        impl<'a, P: crate::runtime::Expandable> #name<'a> for #request<'a, P> {
            #(#defs)*
        }
    })
}
