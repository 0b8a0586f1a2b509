//! The `operations` modules: per operation a marker type, its request alias, the
//! client methods that start it, and its parameter and field setters.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::examples::{self, FieldSetters};
use super::{Piece, docs, types};
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
) -> Vec<Piece> {
    let identity = format_ident!("{}", api.identity.name);
    let cx = examples::Context {
        krate,
        identity: &api.identity.name,
        models: &shared.models,
        defaultable: &shared.defaultable,
    };
    let first = range.start == 0;
    let mut pieces = Vec::with_capacity(2 * range.len() + 1);
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
    if let Some(head) = head {
        pieces.push(Piece::Tokens(head));
    }
    for op in &ops[range] {
        operation(
            &mut pieces,
            op,
            &shared.models,
            &shared.defaultable,
            &identity,
            &cx,
            &shared.params,
        );
    }
    pieces
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

/// Appends the items of one operation to `pieces`: the marker type with its `Operation`
/// impl, the request alias and the body field setters as text where their printers can
/// write them ([`OperationHead::text`], [`request_alias_text`], [`field_setters_text`]),
/// the rest as tokens.
fn operation(
    pieces: &mut Vec<Piece>,
    op: &Operation,
    models: &BTreeMap<&str, &Model>,
    defaultable: &BTreeMap<&str, bool>,
    identity: &proc_macro2::Ident,
    cx: &examples::Context<'_>,
    params: &SharedParams<'_>,
) {
    let marker = format_ident!("{}", op.type_name);
    let request = format_ident!("{}Request", op.type_name);
    let field_setters = field_setters(op, models);
    let request_doc = request_doc(op, cx, &field_setters);

    let head = OperationHead::new(op, defaultable);
    pieces.push(Piece::text_or(head.text(), || head.tokens()));
    if let Some(paging) = paging(op, &marker) {
        pieces.push(Piece::Tokens(paging));
    }
    pieces.push(Piece::text_or(
        request_alias_text(&op.type_name, &request_doc),
        || request_alias_tokens(&op.type_name, &request_doc),
    ));
    let methods = client_methods(op, &request, identity, cx, &field_setters);
    let setters = value_setters(op, &marker, &request, params);
    pieces.push(Piece::Tokens(quote! {
        #methods
        #setters
    }));
    let items = field_setter_items(&field_setters);
    let (_, additional) = field_setters;
    if !items.is_empty() || additional {
        let request = request.to_string();
        pieces.push(Piece::text_or(
            field_setters_text(&request, &items, additional),
            || field_setters_tokens(&request, &items, additional),
        ));
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

/// The marker type of an operation and its `Operation` impl (its static facts, how it
/// encodes its body and decodes its answer), decided once and written as tokens or text.
struct OperationHead<'a> {
    op: &'a Operation,
    body_type: TokenStream,
    encode: Encode<'a>,
    output_type: TokenStream,
    /// The `RawResponse` method that decodes the answer (`json`, `empty`, ...).
    decode: &'static str,
}

/// How an operation encodes its body.
enum Encode<'a> {
    /// It takes none.
    Nothing,
    /// Bytes sent as they are, with this content type.
    Binary(&'a str),
    /// JSON; without a body given, what [`Missing`] says.
    Json(Missing),
}

/// What a JSON-body operation sends when no body was given.
enum Missing {
    /// The body type's default (an empty object).
    Default,
    /// Nothing: an error, the body is required and has no default.
    Error,
    /// No body.
    None,
}

impl<'a> OperationHead<'a> {
    fn new(op: &'a Operation, defaultable: &BTreeMap<&str, bool>) -> Self {
        let (body_type, encode) = match &op.body {
            None => (quote!(crate::runtime::NoBody), Encode::Nothing),
            Some(body) => {
                let ty = types::rust_type(&body.ty, false);
                if body.ty == TypeRef::Bytes {
                    (ty, Encode::Binary(&body.content_type))
                } else {
                    let has_default = match &body.ty {
                        TypeRef::Named(name) => {
                            defaultable.get(name.as_str()).copied().unwrap_or(false)
                        }
                        _ => true,
                    };
                    let missing = match (body.required, has_default) {
                        (true, true) => Missing::Default,
                        (true, false) => Missing::Error,
                        (false, _) => Missing::None,
                    };
                    (ty, Encode::Json(missing))
                }
            }
        };
        let (output_type, decode) = match &op.response {
            ResponseKind::Empty => (quote!(()), "empty"),
            ResponseKind::Bytes => (quote!(Vec<u8>), "bytes"),
            ResponseKind::Text(ty) => (types::rust_type(ty, false), "text"),
            ResponseKind::Json { ty, optional } => {
                let ty = types::rust_type(ty, false);
                if *optional {
                    (quote!(Option<#ty>), "json_optional")
                } else {
                    (ty, "json")
                }
            }
        };
        OperationHead {
            op,
            body_type,
            encode,
            output_type,
            decode,
        }
    }

    /// The doc line of the marker type.
    fn marker_doc(&self) -> String {
        let op = self.op;
        let method = op.method.as_str().to_uppercase();
        format!(
            " The operation `{}`: `{method} {}`.",
            op.operation_id, op.path
        )
    }

    fn tokens(&self) -> TokenStream {
        let op = self.op;
        let marker = format_ident!("{}", op.type_name);
        let marker_doc = self.marker_doc();
        let (op_id, cmdlet) = (&op.operation_id, &op.cmdlet);
        let http = method_tokens(op.method);
        let parts = op.path_parts.iter().map(|p| match p {
            PathPart::Literal(text) => quote!(PathPart::Literal(#text)),
            PathPart::Param(i) => quote!(PathPart::Param(#i)),
            PathPart::QuotedParam(i) => quote!(PathPart::QuotedParam(#i)),
        });
        let eventual = op.eventual_consistency;
        let (body_ty, output_ty) = (&self.body_type, &self.output_type);
        let encode = match &self.encode {
            Encode::Nothing => quote! { let _ = body; Ok(None) },
            Encode::Binary(content_type) => quote! {
                Ok(body.map(|bytes| crate::runtime::EncodedBody::binary(#content_type, bytes.clone())))
            },
            Encode::Json(missing) => {
                let missing = match missing {
                    Missing::Default => {
                        quote!(crate::runtime::EncodedBody::json(&Self::Body::default()).map(Some))
                    }
                    Missing::Error => quote!(Err(Error::missing_body())),
                    Missing::None => quote!(Ok(None)),
                };
                quote! {
                    match body {
                        Some(body) => crate::runtime::EncodedBody::json(body).map(Some),
                        None => #missing,
                    }
                }
            }
        };
        let decode = format_ident!("{}", self.decode);
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
                    response.#decode()
                }
            }
        }
    }

    /// [`Self::tokens`] written straight as the text prettyplease makes of them (see
    /// [`super::text`]); `None` for a layout this does not write (a binary body, a line
    /// past the margin where prettyplease would break it).
    fn text(&self) -> Option<String> {
        use super::text::MARGIN;
        let op = self.op;
        let fits = |line: &str| line.len() <= MARGIN;
        let marker = &op.type_name;
        let mut out = String::with_capacity(1024);
        out.push_str(&format!(
            "///{}\n#[derive(Debug)]\npub enum {marker} {{}}\n\n",
            self.marker_doc()
        ));
        if !fits(&format!("impl Operation for {marker} {{")) {
            // prettyplease breaks before `for`: left to it.
            return None;
        }
        // A string literal or a path without generics stays whole on a line of any
        // length: prettyplease has nowhere to break it.
        let lines = [
            format!("impl Operation for {marker} {{"),
            assoc_type("Body", &super::text::tokens(self.body_type.clone())?)?,
            assoc_type("Output", &super::text::tokens(self.output_type.clone())?)?,
            "    const INFO: OperationInfo = OperationInfo {".to_owned(),
            format!(
                "        operation_id: {},",
                proc_macro2::Literal::string(&op.operation_id)
            ),
            format!(
                "        cmdlet: {},",
                proc_macro2::Literal::string(&op.cmdlet)
            ),
            format!(
                "        method: reqwest::Method::{},",
                op.method.as_str().to_uppercase()
            ),
        ];
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
        let parts: Vec<String> = op
            .path_parts
            .iter()
            .map(|p| match p {
                PathPart::Literal(text) => {
                    format!("PathPart::Literal({})", proc_macro2::Literal::string(text))
                }
                PathPart::Param(i) => format!("PathPart::Param({i}usize)"),
                PathPart::QuotedParam(i) => format!("PathPart::QuotedParam({i}usize)"),
            })
            .collect();
        let path = format!("        path: &[{}],", parts.join(", "));
        if fits(&path) {
            out.push_str(&path);
            out.push('\n');
        } else {
            out.push_str("        path: &[\n");
            for part in &parts {
                let line = format!("            {part},");
                if !fits(&line) {
                    return None;
                }
                out.push_str(&line);
                out.push('\n');
            }
            out.push_str("        ],\n");
        }
        out.push_str(&format!(
            "        eventual_consistency: {},\n    }};\n\n",
            op.eventual_consistency
        ));
        out.push_str("    #[inline]\n    fn encode(\n        body: Option<&Self::Body>,\n    ) -> Result<Option<crate::runtime::EncodedBody>, Error> {\n");
        match &self.encode {
            Encode::Nothing => out.push_str("        let _ = body;\n        Ok(None)\n"),
            Encode::Binary(_) => return None,
            Encode::Json(missing) => {
                let missing = match missing {
                    Missing::Default => {
                        "crate::runtime::EncodedBody::json(&Self::Body::default()).map(Some)"
                    }
                    Missing::Error => "Err(Error::missing_body())",
                    Missing::None => "Ok(None)",
                };
                out.push_str("        match body {\n            Some(body) => crate::runtime::EncodedBody::json(body).map(Some),\n");
                out.push_str(&format!("            None => {missing},\n        }}\n"));
            }
        }
        out.push_str("    }\n\n    #[inline]\n    fn decode(response: RawResponse) -> Result<Self::Output, Error> {\n");
        out.push_str(&format!("        response.{}()\n    }}\n}}\n", self.decode));
        Some(out)
    }
}

/// `    type {name} = {ty};` as prettyplease prints it in an impl: whole when it fits or
/// when the type has no generics to break; `Option<T>` broken around its argument;
/// `None` for any other type too long for the line.
fn assoc_type(name: &str, ty: &str) -> Option<String> {
    let line = format!("    type {name} = {ty};");
    if line.len() <= super::text::MARGIN || !ty.contains('<') {
        return Some(line);
    }
    let inner = ty.strip_prefix("Option<")?.strip_suffix('>')?;
    let inner_line = format!("        {inner},");
    (!inner.contains('<') && inner_line.len() <= super::text::MARGIN)
        .then(|| format!("    type {name} = Option<\n{inner_line}\n    >;"))
}

/// The docs of an operation's request alias (with the example that mixing a whole body
/// and single fields does not compile, where the operation has both).
fn request_doc(
    op: &Operation,
    cx: &examples::Context<'_>,
    field_setters: &FieldSetters<'_>,
) -> String {
    let mut doc = format!(
        "A request to `{}`, started by [`Client::{}`].",
        op.operation_id, op.method_name
    );
    if let Some(fails) = cx.mixing_fails(op, field_setters) {
        doc.push_str("\n\n");
        doc.push_str(&fails);
    }
    doc
}

/// The request alias of an operation with its docs, as tokens.
fn request_alias_tokens(marker: &str, doc: &str) -> TokenStream {
    let request_doc = docs::lines(doc);
    let request = format_ident!("{marker}Request");
    let marker = format_ident!("{marker}");
    quote! {
        #request_doc
        pub type #request<'a, P = Empty> = Request<'a, #marker, P>;
    }
}

/// [`request_alias_tokens`] written straight as the text
/// prettyplease makes of it (see [`super::text`]); `None` where its generics would be too
/// long even broken.
fn request_alias_text(marker: &str, doc: &str) -> Option<String> {
    use super::text::MARGIN;
    let mut out = String::with_capacity(doc.len() + 200);
    docs::push_lines(&mut out, "", doc);
    let line = format!("pub type {marker}Request<'a, P = Empty> = Request<'a, {marker}, P>;");
    let open = format!("pub type {marker}Request<'a, P = Empty> = Request<");
    let marker_line = format!("    {marker},");
    // The right side's generics one per line, as prettyplease breaks them.
    let right_broken = format!("\n    'a,\n{marker_line}\n    P,\n>;");
    if marker_line.len() > MARGIN {
        return None;
    }
    if line.len() <= MARGIN {
        out.push_str(&line);
    } else if format!("pub type {marker}Request<'a, P = Empty> = ").len() <= MARGIN {
        // The right side's generics break, even where the line they open on is long.
        out.push_str(&open);
        out.push_str(&right_broken);
    } else {
        // The left side alone is too long: its generics break first.
        let left = format!("pub type {marker}Request<");
        if left.len() > MARGIN {
            return None;
        }
        out.push_str(&left);
        out.push_str("\n    'a,\n    P = Empty,\n");
        let rest = format!("> = Request<'a, {marker}, P>;");
        if rest.len() <= MARGIN {
            out.push_str(&rest);
        } else {
            out.push_str("> = Request<");
            out.push_str(&right_broken);
        }
    }
    out.push('\n');
    Some(out)
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
/// see [`shared_params`]).
fn value_setters(
    op: &Operation,
    marker: &proc_macro2::Ident,
    request: &proc_macro2::Ident,
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
    quote!(#value_impl #(#markers)*)
}

/// One body field setter, before it is written as tokens or as text.
struct FieldSetterItem {
    doc: String,
    setter: String,
    field: String,
    /// The argument type (`impl Into<String>`).
    arg: TokenStream,
    /// The value stored from the argument (`Some(value.into())`).
    convert: TokenStream,
}

fn field_setter_items(field_setters: &FieldSetters<'_>) -> Vec<FieldSetterItem> {
    let value = format_ident!("value");
    field_setters
        .0
        .iter()
        .map(|(field, setter)| {
            let (arg, mut convert) = types::setter_arg(&field.ty, &value);
            if field.boxed {
                convert = quote!(Box::new(#convert));
            }
            if !field.required {
                convert = quote!(Some(#convert));
            }
            let fallback = format!("Sets the `{}` property of the body.", field.wire_name);
            FieldSetterItem {
                doc: docs::text(&field.docs, &fallback),
                setter: setter.clone(),
                field: field.name.clone(),
                arg,
                convert,
            }
        })
        .collect()
}

/// The doc line of the setter for properties the body's schema does not list.
const ADDITIONAL_PROPERTY_DOC: &str =
    "Sets a property the description does not list (any JSON value, `null` included).";

/// Body field setters (which move the payload to `Fields` and are absent once a whole
/// body is given), as tokens.
fn field_setters_tokens(request: &str, items: &[FieldSetterItem], additional: bool) -> TokenStream {
    let request = format_ident!("{}", request);
    let mut fns: Vec<TokenStream> = items
        .iter()
        .map(|item| {
            let doc = docs::lines(&item.doc);
            let setter = format_ident!("{}", item.setter);
            let field = format_ident!("{}", item.field);
            let (arg, convert) = (&item.arg, &item.convert);
            quote! {
                #doc
                pub fn #setter(self, value: #arg) -> #request<'a, crate::runtime::Fields> {
                    self.expand(|body| body.#field = #convert)
                }
            }
        })
        .collect();
    if additional {
        let doc = docs::lines(ADDITIONAL_PROPERTY_DOC);
        fns.push(quote! {
            #doc
            pub fn additional_property(self, name: impl Into<String>, value: serde_json::Value) -> #request<'a, crate::runtime::Fields> {
                self.expand(|body| {
                    body.additional_properties.insert(name.into(), value);
                })
            }
        });
    }
    quote! {
        impl<'a, P: crate::runtime::Expandable> #request<'a, P> {
            #(#fns)*
        }
    }
}

/// [`field_setters_tokens`] written straight as the text prettyplease makes of them (see
/// [`super::text`]); `None` where a line would need a layout this does not write (the
/// test `field_setters_text_is_what_prettyplease_prints` compares both ways).
fn field_setters_text(
    request: &str,
    items: &[FieldSetterItem],
    additional: bool,
) -> Option<String> {
    use super::text::MARGIN;
    let mut out = String::with_capacity(200 + items.len() * 400);
    let head = format!("impl<'a, P: crate::runtime::Expandable> {request}<'a, P> {{");
    if head.len() <= MARGIN {
        out.push_str(&head);
    } else {
        let last = format!("> {request}<'a, P> {{");
        if last.len() > MARGIN {
            return None;
        }
        out.push_str("impl<\n    'a,\n    P: crate::runtime::Expandable,\n");
        out.push_str(&last);
    }
    out.push('\n');
    // `) -> Request<'a, Fields> {`, broken inside its generics where it would pass the
    // margin.
    let returns = |out: &mut String| -> Option<()> {
        let line = format!("    ) -> {request}<'a, crate::runtime::Fields> {{\n");
        if line.len() - 1 <= MARGIN {
            out.push_str(&line);
            return Some(());
        }
        let open = format!("    ) -> {request}<\n");
        if open.len() - 1 > MARGIN {
            return None;
        }
        out.push_str(&open);
        out.push_str("        'a,\n        crate::runtime::Fields,\n    > {\n");
        Some(())
    };
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        docs::push_lines(&mut out, "    ", &item.doc);
        let arg = super::text::tokens(item.arg.clone())?;
        let convert = super::text::tokens(item.convert.clone())?;
        let setter = &item.setter;
        let one_line = format!(
            "    pub fn {setter}(self, value: {arg}) -> {request}<'a, crate::runtime::Fields> {{"
        );
        if one_line.len() <= MARGIN {
            // Never seen in Graph's descriptions (the request names are long): left to
            // prettyplease rather than guessed.
            return None;
        }
        let mut value = format!("        value: {arg},");
        if value.len() > MARGIN {
            // A list's item type that does not fit: prettyplease breaks the generics.
            let item_type = arg
                .strip_prefix("impl IntoIterator<Item = ")
                .and_then(|rest| rest.strip_suffix('>'))?;
            let line = format!("            Item = {item_type},");
            if line.len() > MARGIN {
                return None;
            }
            value = format!("        value: impl IntoIterator<\n{line}\n        >,");
        }
        let mut body = format!(
            "        self.expand(|body| body.{} = {convert})",
            item.field
        );
        if body.len() > MARGIN {
            // Too long for one line: prettyplease makes the closure's body a block.
            let statement = format!("            body.{} = {convert};", item.field);
            if statement.len() > MARGIN {
                return None;
            }
            body = format!("        self.expand(|body| {{\n{statement}\n        }})");
        }
        out.push_str(&format!("    pub fn {setter}(\n        self,\n{value}\n"));
        returns(&mut out)?;
        out.push_str(&body);
        out.push_str("\n    }\n");
    }
    if additional {
        if !items.is_empty() {
            out.push('\n');
        }
        docs::push_lines(&mut out, "    ", ADDITIONAL_PROPERTY_DOC);
        out.push_str("    pub fn additional_property(\n        self,\n        name: impl Into<String>,\n        value: serde_json::Value,\n");
        returns(&mut out)?;
        out.push_str("        self.expand(|body| {\n            body.additional_properties.insert(name.into(), value);\n        })\n    }\n");
    }
    out.push_str("}\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Field};

    /// The body field setters of `request` through tokens and prettyplease.
    fn through_prettyplease(request: &str, items: &[FieldSetterItem], additional: bool) -> String {
        let (tokens, table) = docs::collect(|| field_setters_tokens(request, items, additional));
        super::super::format("src/operations/x.rs", tokens, &table).expect("formats")
    }

    /// Compares [`field_setters_text`] with prettyplease wherever it writes text; returns
    /// how many impls it wrote and how many it left to prettyplease.
    fn check(request: &str, items: &[FieldSetterItem], additional: bool) -> (usize, usize) {
        match field_setters_text(request, items, additional) {
            Some(text) => {
                assert_eq!(
                    text,
                    through_prettyplease(request, items, additional),
                    "{request}"
                );
                (1, 0)
            }
            None => (0, 1),
        }
    }

    #[test]
    fn field_setters_text_is_what_prettyplease_prints() {
        for (spec, api) in super::super::text::test_apis() {
            let shared = super::super::Shared::new(api);
            let (mut written, mut left) = (0, 0);
            for op in &api.operations {
                let setters = field_setters(op, &shared.models);
                let items = field_setter_items(&setters);
                if items.is_empty() && !setters.1 {
                    continue;
                }
                let (w, l) = check(&format!("{}Request", op.type_name), &items, setters.1);
                written += w;
                left += l;
            }
            println!(
                "{}: {written} field setter impls written as text, {left} left to prettyplease",
                spec.display()
            );
            // The fragment's one setter has a type too long for one line; in the module,
            // most impls take the fast path.
            if written + left > 20 {
                assert!(written > 4 * left, "{written} written, {left} left");
            }
        }
    }

    /// `tokens` through prettyplease, as a part of an operations file.
    fn formatted(tokens: impl FnOnce() -> TokenStream) -> String {
        let (tokens, table) = docs::collect(tokens);
        super::super::format("src/operations/x.rs", tokens, &table).expect("formats")
    }

    /// Compares the operation head and the request alias of `op` as text and through
    /// prettyplease; returns how many of the two were written as text.
    fn check_head(op: &Operation, defaultable: &BTreeMap<&str, bool>, doc: &str) -> usize {
        let head = OperationHead::new(op, defaultable);
        let mut written = 0;
        if let Some(text) = head.text() {
            assert_eq!(text, formatted(|| head.tokens()), "{}", op.type_name);
            written += 1;
        }
        if let Some(text) = request_alias_text(&op.type_name, doc) {
            let expected = formatted(|| request_alias_tokens(&op.type_name, doc));
            assert_eq!(text, expected, "{}", op.type_name);
            written += 1;
        }
        written
    }

    #[test]
    fn operation_heads_and_request_aliases_are_what_prettyplease_prints() {
        let mut fragment_op = None;
        for (spec, api) in super::super::text::test_apis() {
            let shared = super::super::Shared::new(api);
            let cx = examples::Context {
                krate: "graph_beta_applications",
                identity: &api.identity.name,
                models: &shared.models,
                defaultable: &shared.defaultable,
            };
            let mut written = 0;
            for op in &api.operations {
                let setters = field_setters(op, &shared.models);
                written += check_head(op, &shared.defaultable, &request_doc(op, &cx, &setters));
            }
            let all = 2 * api.operations.len();
            println!(
                "{}: {written} of {all} operation heads and request aliases written as text",
                spec.display()
            );
            // Most are written as text (in the fragment, one answer type is too long for
            // a line).
            if all > 20 {
                assert!(written * 10 > all * 9, "{written} of {all}");
            }
            fragment_op.get_or_insert_with(|| {
                (
                    api.operations[0].clone(),
                    shared
                        .defaultable
                        .iter()
                        .map(|(k, v)| ((*k).to_owned(), *v))
                        .collect::<BTreeMap<String, bool>>(),
                )
            });
        }
        // Names, paths and types of every length around the margin.
        let (op, defaultable) = fragment_op.expect("the fragment has operations");
        let defaultable: BTreeMap<&str, bool> =
            defaultable.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        let mut written = 0;
        for n in 0..100 {
            let mut long = op.clone();
            long.type_name = format!("Set{}", "X".repeat(n));
            long.operation_id = format!("op.{}", "y".repeat(n));
            long.path_parts = vec![
                PathPart::Literal(format!("/{}/", "p".repeat(n))),
                PathPart::Param(0),
                PathPart::Literal("/x".to_owned()),
            ];
            long.response = ResponseKind::Json {
                ty: TypeRef::Named(format!("M{}", "m".repeat(n))),
                optional: n % 2 == 0,
            };
            written += check_head(&long, &defaultable, "A request.");
        }
        assert!(written > 100, "{written} of 200 written");
    }

    fn item(setter: &str, ty: TypeRef, required: bool, boxed: bool) -> FieldSetterItem {
        let field = Field {
            name: setter.to_owned(),
            wire_name: setter.to_owned(),
            ty,
            required,
            boxed,
            docs: Docs::default(),
        };
        let setters = (vec![(&field, setter.to_owned())], false);
        field_setter_items(&setters).remove(0)
    }

    #[test]
    fn field_setters_text_edge_cases_print_as_prettyplease_does() {
        let named = || TypeRef::Named("SomeModel".to_owned());
        let (mut written, mut left) = (0, 0);
        // Request names of every length around the margin (the impl line, the return line).
        for n in 20..80 {
            let request = format!("New{}Request", "X".repeat(n));
            let items = [
                item("id", TypeRef::String, false, false),
                item("secret", TypeRef::Secret, true, false),
                item("members", TypeRef::Vec(Box::new(named())), false, false),
                item("parent", named(), false, true),
            ];
            for (items, additional) in [(&items[..], true), (&items[..1], false), (&[][..], true)] {
                let (w, l) = check(&request, items, additional);
                written += w;
                left += l;
            }
        }
        // Setter names and item types of every length around the margin (the value and
        // body lines).
        for n in 40..80 {
            let items = [item(&"f".repeat(n), named(), false, false)];
            let (w, l) = check("NewThingRequest", &items, false);
            written += w;
            left += l;
            let list = TypeRef::Vec(Box::new(TypeRef::Named("M".repeat(n))));
            let items = [item("members", list, false, false)];
            let (w, l) = check("NewThingRequest", &items, false);
            written += w;
            left += l;
        }
        assert!(written > 100 && left > 0, "{written} written, {left} left");
    }
}
