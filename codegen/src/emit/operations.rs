//! The `operations` modules: per operation a marker type, its request alias, the
//! client methods that start it, and its parameter and field setters.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::examples::{self, FieldSetters};
use super::{docs, types};
use heck::ToUpperCamelCase;

use crate::ir::{
    Api, Method, Model, ModelKind, Operation, PathPart, ResponseKind, TypeRef, ValueParam,
};
use crate::lower::BUILDER_METHODS;

/// The `operations/mod.rs` module listing one submodule per path group, and the
/// parameter setters several operations share ([`shared_params`]).
pub fn root_module(modules: &[String], params: &SharedParams<'_>) -> TokenStream {
    let mods = modules.iter().map(|m| {
        let ident = format_ident!("{}", m);
        let doc = format!(" Operations of the `{m}` group (Cargo feature `{m}`, on by default).");
        quote!(#[doc = #doc] #[cfg(feature = #m)] pub mod #ident;)
    });
    let shared = params
        .iter()
        .map(|(setter, (param, is_header))| shared_param(setter, param, *is_header));
    quote! {
        //! The API's operations, one module per first path segment. Each operation has a
        //! marker type implementing [`Operation`](crate::runtime::Operation), a request alias,
        //! and methods on [`Client`](crate::Client) that start it.
        //!
        //! Each module is behind a Cargo feature of the same name, all on by default: a crate
        //! that needs only some of them builds faster with `default-features = false`.

        #(#mods)*
        #(#shared)*
    }
}

/// Query and header parameters that several operations take in exactly the same form
/// (wire name, setter name, type, required, docs; [`ValueParam`] equal), by setter name,
/// with whether each is a header.
/// Their setter is written once, on every request whose operation implements the
/// parameter's marker trait, instead of once per operation (Graph repeats `$select`,
/// `$filter`, `$top`, `ConsistencyLevel`, ... on hundreds of operations). A setter name
/// taken by two different forms stays per operation for all of them. (A body-field setter
/// of the same name on an operation without the parameter does not clash: that operation
/// does not implement the marker trait, so the two impls are disjoint.)
pub type SharedParams<'a> = BTreeMap<&'a str, (&'a ValueParam, bool)>;

/// The parameters shared by at least two operations, as [`SharedParams`] describes.
pub fn shared_params(api: &Api) -> SharedParams<'_> {
    // By setter: the one form seen so far (`None` once two differ), and how many take it.
    type Seen<'a> = (Option<(&'a ValueParam, bool)>, usize);
    let mut seen: BTreeMap<&str, Seen<'_>> = BTreeMap::new();
    for op in &api.operations {
        for (param, is_header) in value_params(op) {
            let entry = seen
                .entry(param.setter.as_str())
                .or_insert((Some((param, is_header)), 0));
            if entry.0 != Some((param, is_header)) {
                entry.0 = None;
            }
            entry.1 += 1;
        }
    }
    seen.into_iter()
        .filter_map(|(setter, (form, uses))| form.filter(|_| uses >= 2).map(|f| (setter, f)))
        .collect()
}

/// An operation's query parameters, then its header parameters, with whether each is a
/// header.
fn value_params(op: &Operation) -> impl Iterator<Item = (&ValueParam, bool)> {
    op.query_params
        .iter()
        .map(|p| (p, false))
        .chain(op.header_params.iter().map(|p| (p, true)))
}

/// The marker trait of a shared parameter: `TopParameter` for the setter `top`.
fn param_trait(setter: &str) -> proc_macro2::Ident {
    format_ident!("{}Parameter", setter.to_upper_camel_case())
}

/// A shared parameter's marker trait and its setter on the requests of every operation
/// implementing it.
fn shared_param(setter: &str, param: &ValueParam, is_header: bool) -> TokenStream {
    let name = param_trait(setter);
    let kind = if is_header {
        "header"
    } else {
        "query parameter"
    };
    let trait_doc = docs::lines(&format!(
        "Operations that take the `{}` {kind}: their requests have the `{setter}` setter.",
        param.wire_name
    ));
    let method = value_setter(param, is_header);
    quote! {
        #trait_doc
        pub trait #name: crate::runtime::Operation {}

        impl<O: #name, P> crate::runtime::Request<'_, O, P> {
            #method
        }
    }
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
/// ([`super::join_part`]), the parts give the formatted module.
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
        defaultable: &shared.defaultable,
    };
    let first = range.start == 0;
    let items = ops[range].iter().map(|op| {
        operation(
            op,
            &shared.models,
            &shared.defaultable,
            &identity,
            &cx,
            &shared.params,
        )
    });
    let head = first.then(|| {
        let segment = ops
            .first()
            .and_then(|op| op.path.trim_start_matches('/').split(['/', '(']).next())
            .unwrap_or(group);
        let doc = format!(" Operations whose path starts with `/{segment}`.");
        quote! {
            #![doc = #doc]
            #![allow(clippy::doc_markdown)]

            use crate::runtime::{
                Client, Empty, Error, Operation, OperationInfo, PathPart, PathValues, RawResponse,
                Request,
            };
        }
    });
    quote! {
        #head

        #(#items)*
    }
}

fn method_tokens(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(reqwest::Method::GET),
        Method::Put => quote!(reqwest::Method::PUT),
        Method::Post => quote!(reqwest::Method::POST),
        Method::Delete => quote!(reqwest::Method::DELETE),
        Method::Patch => quote!(reqwest::Method::PATCH),
        Method::Head => quote!(reqwest::Method::HEAD),
        Method::Options => quote!(reqwest::Method::OPTIONS),
        Method::Trace => quote!(reqwest::Method::TRACE),
    }
}

fn operation(
    op: &Operation,
    models: &BTreeMap<&str, &Model>,
    defaultable: &BTreeMap<&str, bool>,
    identity: &proc_macro2::Ident,
    cx: &examples::Context<'_>,
    params: &SharedParams<'_>,
) -> TokenStream {
    let marker = format_ident!("{}", op.type_name);
    let request = format_ident!("{}Request", op.type_name);
    let op_id = &op.operation_id;
    let cmdlet = &op.cmdlet;
    let http = method_tokens(op.method);
    let upper_method = op.method.as_str().to_uppercase();
    let path = &op.path;
    let marker_doc = format!(" The operation `{op_id}`: `{upper_method} {path}`.");
    let field_setters = field_setters(op, models);
    let mut request_doc = format!(
        "A request to `{op_id}`, started by [`Client::{}`].",
        op.method_name
    );
    if let Some(fails) = cx.mixing_fails(op, &field_setters) {
        request_doc.push_str("\n\n");
        request_doc.push_str(&fails);
    }
    let request_doc = docs::lines(&request_doc);

    let parts = op.path_parts.iter().map(|p| match p {
        PathPart::Literal(text) => quote!(PathPart::Literal(#text)),
        PathPart::Param(i) => quote!(PathPart::Param(#i)),
        PathPart::QuotedParam(i) => quote!(PathPart::QuotedParam(#i)),
    });
    let eventual = op.eventual_consistency;

    let (body_ty, encode) = body_tokens(op, defaultable);
    let (output_ty, decode) = output_tokens(&op.response);

    let paging = paging(op, &marker);
    let methods = client_methods(op, &request, identity, cx, &field_setters);
    let setters = setters(op, &marker, &request, &field_setters, params);

    quote! {
        #[doc = #marker_doc]
        #[derive(Debug)]
        pub enum #marker {}

        impl Operation for #marker {
            type Body = #body_ty;
            type Output = #output_ty;
            const INFO: OperationInfo = OperationInfo {
                operation_id: #op_id,
                cmdlet: #cmdlet,
                method: #http,
                path: &[#(#parts),*],
                eventual_consistency: #eventual,
            };
            // `#[inline]`: compiled where a request is sent, not in this crate. Otherwise every
            // operation would instantiate serde for its body and answer types here, whether
            // used or not (about 30% of the whole module's cold build).
            #[inline]
            fn encode(body: Option<&Self::Body>) -> Result<Option<crate::runtime::EncodedBody>, Error> {
                #encode
            }
            #[inline]
            fn decode(response: RawResponse) -> Result<Self::Output, Error> {
                #decode
            }
        }

        #paging

        #request_doc
        pub type #request<'a, P = Empty> = Request<'a, #marker, P>;

        #methods
        #setters
    }
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

fn body_tokens(op: &Operation, defaultable: &BTreeMap<&str, bool>) -> (TokenStream, TokenStream) {
    let Some(body) = &op.body else {
        return (
            quote!(crate::runtime::NoBody),
            quote! { let _ = body; Ok(None) },
        );
    };
    let ty = types::rust_type(&body.ty, false);
    if body.ty == TypeRef::Bytes {
        let content_type = &body.content_type;
        return (
            ty,
            quote! {
                Ok(body.map(|bytes| crate::runtime::EncodedBody::binary(#content_type, bytes.clone())))
            },
        );
    }
    let has_default = match &body.ty {
        TypeRef::Named(name) => defaultable.get(name.as_str()).copied().unwrap_or(false),
        _ => true,
    };
    let missing = if body.required && has_default {
        quote!(crate::runtime::EncodedBody::json(&Self::Body::default()).map(Some))
    } else if body.required {
        quote!(Err(Error::missing_body()))
    } else {
        quote!(Ok(None))
    };
    (
        ty,
        quote! {
            match body {
                Some(body) => crate::runtime::EncodedBody::json(body).map(Some),
                None => #missing,
            }
        },
    )
}

fn output_tokens(response: &ResponseKind) -> (TokenStream, TokenStream) {
    match response {
        ResponseKind::Empty => (quote!(()), quote!(response.empty())),
        ResponseKind::Bytes => (quote!(Vec<u8>), quote!(response.bytes())),
        ResponseKind::Text(ty) => {
            let ty = types::rust_type(ty, false);
            (ty, quote!(response.text()))
        }
        ResponseKind::Json { ty, optional } => {
            let ty = types::rust_type(ty, false);
            if *optional {
                (quote!(Option<#ty>), quote!(response.json_optional()))
            } else {
                (ty, quote!(response.json()))
            }
        }
    }
}

/// The method docs: summary and description, the HTTP call, the cmdlet, the reference.
fn method_docs(op: &Operation, via_identity: bool, examples: &str) -> TokenStream {
    let mut text = docs::markdown(&crate::ir::Docs {
        external: None,
        ..op.docs.clone()
    });
    if text.is_empty() {
        text = format!("Calls `{}`.", op.operation_id);
    }
    text.push_str(&format!(
        "\n\n`{} {}`\n\nGraph PowerShell: `{}`.",
        op.method.as_str().to_uppercase(),
        op.path,
        op.cmdlet
    ));
    if via_identity {
        text.push_str(
            "\n\nThe path values come from an identity object (the cmdlet's `-InputObject`); a missing member is reported before anything is sent.",
        );
    }
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
    text.push_str("\n\n");
    text.push_str(examples);
    let lines = docs::lines(&text);
    let cmdlet = &op.cmdlet;
    let op_id = &op.operation_id;
    let deprecated = op
        .deprecation
        .as_ref()
        .map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #lines
        #[doc(alias = #cmdlet)]
        #[doc(alias = #op_id)]
        #deprecated
    }
}

fn client_methods(
    op: &Operation,
    request: &proc_macro2::Ident,
    identity: &proc_macro2::Ident,
    cx: &examples::Context<'_>,
    field_setters: &FieldSetters<'_>,
) -> TokenStream {
    let name = format_ident!("{}", op.method_name);
    let docs = method_docs(op, false, &cx.section(op, field_setters, false));
    let args: Vec<_> = op
        .path_params
        .iter()
        .map(|p| format_ident!("{}", p.arg_name))
        .collect();
    let wire_names = op.path_params.iter().map(|p| &p.wire_name);
    let direct = quote! {
        #docs
        pub fn #name(&self, #(#args: impl Into<String>),*) -> #request<'_> {
            Request::new(self, PathValues::given(&[#(#wire_names),*], vec![#(#args.into()),*]))
        }
    };
    if op.path_params.is_empty() {
        return quote!(impl Client { #direct });
    }
    let via = format_ident!("{}_via_identity", op.method_name);
    let via_docs = method_docs(op, true, &cx.section(op, field_setters, true));
    let members = op.path_params.iter().map(|p| {
        let property = &p.identity_property;
        let field = format_ident!("{}", p.identity_field);
        quote!((#property, identity.#field.as_deref()))
    });
    quote! {
        impl Client {
            #direct

            #via_docs
            pub fn #via(&self, identity: &crate::identity::#identity) -> #request<'_> {
                Request::new(self, PathValues::from_identity(&[#(#members),*]))
            }
        }
    }
}

/// The name of each body field's setter (clear of builder methods and parameter
/// setters), and whether the body keeps additional properties.
fn field_setters<'a>(op: &'a Operation, models: &BTreeMap<&str, &'a Model>) -> FieldSetters<'a> {
    let mut taken: BTreeSet<String> = BUILDER_METHODS.iter().map(|s| (*s).to_owned()).collect();
    for (param, _) in value_params(op) {
        taken.insert(param.setter.clone());
    }
    let mut out = Vec::new();
    if let Some(TypeRef::Named(name)) = op.body.as_ref().map(|b| &b.ty)
        && let Some(Model {
            kind: ModelKind::Struct(s),
            ..
        }) = models.get(name.as_str()).copied()
    {
        for field in &s.fields {
            let mut setter = field.name.clone();
            if taken.contains(&setter) {
                setter.push_str("_field");
            }
            taken.insert(setter.clone());
            out.push((field, setter));
        }
        return (out, s.additional_properties);
    }
    (out, false)
}

/// The setter of one query or header parameter (any payload state).
fn value_setter(param: &ValueParam, is_header: bool) -> TokenStream {
    let name = format_ident!("{}", param.setter);
    let wire = &param.wire_name;
    let fallback = format!("Sets `{wire}`.");
    let doc = docs::attrs(&param.docs, &fallback);
    let value = format_ident!("value");
    let (arg_ty, convert) = match &param.ty {
        TypeRef::Vec(item) => {
            let item = types::rust_type(item, false);
            (
                quote!(impl IntoIterator<Item = #item>),
                quote!(
                    value
                        .into_iter()
                        .map(|v| v.to_string())
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
    let call = if is_header {
        quote!(self.header(#wire, #convert))
    } else {
        quote!(self.query_param(#wire, #convert))
    };
    quote! {
        #doc
        pub fn #name(self, value: #arg_ty) -> Self {
            #call
        }
    }
}

/// Query and header setters (any payload state; shared ones by their marker trait,
/// see [`shared_params`]), and body field setters (which move the
/// payload to `Fields` and are absent once a whole body is given).
fn setters(
    op: &Operation,
    marker: &proc_macro2::Ident,
    request: &proc_macro2::Ident,
    field_setters: &FieldSetters<'_>,
    shared: &SharedParams<'_>,
) -> TokenStream {
    let mut value_setters = Vec::new();
    let mut markers = Vec::new();
    for (param, is_header) in value_params(op) {
        if shared.contains_key(param.setter.as_str()) {
            let name = param_trait(&param.setter);
            markers.push(quote!(impl crate::operations::#name for #marker {}));
        } else {
            value_setters.push(value_setter(param, is_header));
        }
    }
    let value_impl = (!value_setters.is_empty()).then(|| {
        quote! {
            impl<P> #request<'_, P> {
                #(#value_setters)*
            }
        }
    });

    let mut field_setter_items = Vec::new();
    let (fields, additional) = field_setters;
    for (field, setter) in fields {
        let setter = format_ident!("{}", setter);
        let ident = format_ident!("{}", field.name);
        let value = format_ident!("value");
        let (arg_ty, mut convert) = types::setter_arg(&field.ty, &value);
        if field.boxed {
            convert = quote!(Box::new(#convert));
        }
        if !field.required {
            convert = quote!(Some(#convert));
        }
        let fallback = format!("Sets the `{}` property of the body.", field.wire_name);
        let doc = docs::attrs(&field.docs, &fallback);
        field_setter_items.push(quote! {
            #doc
            pub fn #setter(self, value: #arg_ty) -> #request<'a, crate::runtime::Fields> {
                self.expand(|body| body.#ident = #convert)
            }
        });
    }
    if *additional {
        field_setter_items.push(quote! {
                /// Sets a property the description does not list (any JSON value, `null` included).
                pub fn additional_property(self, name: impl Into<String>, value: serde_json::Value) -> #request<'a, crate::runtime::Fields> {
                    self.expand(|body| {
                        body.additional_properties.insert(name.into(), value);
                    })
                }
            });
    }
    let field_impl = (!field_setter_items.is_empty()).then(|| {
        quote! {
            impl<'a, P: crate::runtime::Expandable> #request<'a, P> {
                #(#field_setter_items)*
            }
        }
    });
    quote!(#value_impl #(#markers)* #field_impl)
}
