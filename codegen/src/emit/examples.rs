//! Example code for the rustdoc of each client method: one doctest per call style
//! (path values or identity object, times body fields or a whole body), derived from
//! the operation's parameters and body schema, so every operation gets them.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Model, ModelKind, Operation, TypeRef};

/// What example code needs to know beyond the operation.
pub struct Context<'a> {
    /// The generated crate's library name (`graph_beta_applications`).
    pub krate: &'a str,
    /// The identity type's name.
    pub identity: &'a str,
    /// Every model, by name.
    pub models: &'a BTreeMap<&'a str, &'a Model>,
}

/// Each body field with its setter's name, in field order (empty when the body has no
/// fields to set one by one), and whether `additional_property` exists.
pub type FieldSetters<'a> = (Vec<(&'a crate::ir::Field, &'a str)>, bool);

impl Context<'_> {
    /// A path value in an example: the template's name for a string
    /// (`"servicePrincipal-id"`), else a value of its type.
    fn path_arg(&self, param: &crate::ir::PathParam) -> TokenStream {
        let wire = &param.wire_name;
        match &param.ty {
            TypeRef::String => quote!(#wire),
            ty => self.exact(ty, 0).unwrap_or_else(|| quote!(#wire)),
        }
    }

    /// An expression of exactly type `ty` (`None` when no simple one exists).
    fn exact(&self, ty: &TypeRef, depth: usize) -> Option<TokenStream> {
        Some(match ty {
            TypeRef::String => quote!("example".to_owned()),
            TypeRef::Secret => quote!(Secret::new("example")),
            TypeRef::Bool => quote!(false),
            TypeRef::Int(_) => quote!(1),
            TypeRef::Float(_) => quote!(1.0),
            TypeRef::Json => quote!(serde_json::json!({})),
            TypeRef::Bytes => quote!(b"example".to_vec()),
            TypeRef::Map(_) => quote!(Default::default()),
            // Typed formats and flag sets have no short literal: examples leave them out.
            TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Time
            | TypeRef::Duration
            | TypeRef::Flags(_) => return None,
            TypeRef::Vec(item) => {
                let item = self.exact(item, depth + 1)?;
                quote!(Vec::from([#item]))
            }
            TypeRef::Named(name) => {
                let model = self.models.get(name.as_str())?;
                let name = format_ident!("{}", name);
                match &model.kind {
                    ModelKind::Enum(e) => {
                        // A telling member: not a `None` placeholder when others exist.
                        let variant = e
                            .variants
                            .iter()
                            .find(|v| !v.wire.eq_ignore_ascii_case("none"))
                            .or(e.variants.first())?;
                        let variant = format_ident!("{}", variant.name);
                        quote!(models::#name::#variant)
                    }
                    // Which variant to show is a choice an example should not make.
                    ModelKind::Union(_) => return None,
                    ModelKind::Struct(s) => {
                        // Literals two levels deep (a body and the items of its lists).
                        if depth > 1 {
                            return s.derives_default.then(|| quote!(Default::default()));
                        }
                        let mut fields = Vec::new();
                        for field in &s.fields {
                            let nested_list =
                                depth > 0 && matches!(field.ty, TypeRef::Vec(_) | TypeRef::Map(_));
                            // A list counts one level itself (see `TypeRef::Vec` above).
                            let inner = if matches!(field.ty, TypeRef::Vec(_)) {
                                depth
                            } else {
                                depth + 1
                            };
                            let value = match (!nested_list)
                                .then(|| self.exact(&field.ty, inner))
                                .flatten()
                            {
                                Some(mut value) => {
                                    if field.boxed {
                                        value = quote!(Box::new(#value));
                                    }
                                    if !field.required {
                                        value = quote!(Some(#value));
                                    }
                                    value
                                }
                                // A struct without `Default` is written out in full.
                                None if field.required && nested_list => {
                                    quote!(Default::default())
                                }
                                None if field.required => return None,
                                None if !s.derives_default => quote!(None),
                                None => continue,
                            };
                            let field = format_ident!("{}", field.name);
                            fields.push(quote!(#field: #value));
                        }
                        if !s.derives_default {
                            let rest = s
                                .additional_properties
                                .then(|| quote!(additional_properties: Default::default(),));
                            quote!(models::#name { #(#fields,)* #rest })
                        } else if fields.is_empty() {
                            quote!(Default::default())
                        } else {
                            quote!(models::#name { #(#fields,)* ..Default::default() })
                        }
                    }
                }
            }
        })
    }

    /// An argument for a setter taking `ty` (see `types::setter_arg`).
    fn arg(&self, ty: &TypeRef) -> Option<TokenStream> {
        match ty {
            TypeRef::String | TypeRef::Secret => Some(quote!("example")),
            TypeRef::Vec(item) => {
                let item = self.exact(item, 1)?;
                Some(quote!([#item]))
            }
            other => self.exact(other, 0),
        }
    }

    /// The `# Examples` section of a client method.
    pub fn section(
        &self,
        op: &Operation,
        setters: &FieldSetters<'_>,
        via_identity: bool,
    ) -> String {
        let krate = format_ident!("{}", self.krate);
        let identity = format_ident!("{}", self.identity);
        let (method, identity_import, target, args) =
            if let Some(via) = op.via_identity_method.as_ref().filter(|_| via_identity) {
                let members = op.path_params.iter().map(|p| {
                    let field = format_ident!("{}", p.identity_field);
                    let wire = &p.wire_name;
                    quote!(#field: Some(#wire.to_owned()))
                });
                (
                    format_ident!("{}", via),
                    quote!(#identity),
                    quote! {
                        let identity = #identity { #(#members,)* ..Default::default() };
                    },
                    vec![quote!(&identity)],
                )
            } else {
                let args = op.path_params.iter().map(|p| self.path_arg(p));
                (
                    format_ident!("{}", op.method_name),
                    TokenStream::new(),
                    TokenStream::new(),
                    args.collect(),
                )
            };
        let mut styles: Vec<(&str, TokenStream)> = Vec::new();
        let (fields, additional) = setters;
        let mut expanded = TokenStream::new();
        if let Some((setter, arg)) = fields
            .iter()
            .find_map(|(f, s)| self.arg(&f.ty).map(|a| (s, a)))
        {
            let setter = format_ident!("{}", setter);
            expanded.extend(quote!(.#setter(#arg)));
        }
        if *additional {
            expanded.extend(quote!(.additional_property("extra", serde_json::json!({}))));
        }
        if !expanded.is_empty() {
            styles.push((
                if op.cmdlet.is_some() {
                    "Body fields one by one (the cmdlet's `Expanded` parameter sets):"
                } else {
                    "Body fields one by one:"
                },
                expanded,
            ));
        }
        // The whole-body example (often the longest part of an operation's docs) is shown
        // once, on the method by path values; the identity method, when it has an example
        // of its own with fields, points there.
        let whole_body_elsewhere = via_identity && !styles.is_empty();
        if let Some(body) = op.body.as_ref().filter(|_| !whole_body_elsewhere)
            && let Some(value) = self.exact(&body.ty, 0)
        {
            styles.push((
                if op.cmdlet.is_some() {
                    "A whole body object (the cmdlet's `-BodyParameter`):"
                } else {
                    "A whole body object:"
                },
                quote!(.body(#value)),
            ));
        }
        if styles.is_empty() {
            styles.push(("", TokenStream::new()));
        }
        let allow = allow_deprecated(op);
        let mut out = String::from("# Examples");
        for (intro, setters) in styles {
            out.push_str("\n\n");
            if !intro.is_empty() {
                out.push_str(intro);
                out.push_str("\n\n");
            }
            let call = quote! {
                #target
                let response = client.#method(#(#args),*) #setters .send().await?;
            };
            let imports = imports(&call, [identity_import.clone(), quote!(Client)]);
            let code = crate::format::statements(quote! {
                use #krate::prelude::*;
                use #krate::{#imports};
                let client = Client::new("<access token>")?;
                #call
                println!("{}", response.status());
            });
            out.push_str(&format!(
                "```no_run\n\
                 {allow}\
                 # async fn example() -> Result<(), {krate}::Error> {{\n\
                 {code}\
                 # Ok(())\n\
                 # }}\n\
                 ```"
            ));
        }
        if whole_body_elsewhere
            && op
                .body
                .as_ref()
                .is_some_and(|b| self.exact(&b.ty, 0).is_some())
        {
            let by_path = &op.method_name;
            let whole = if op.cmdlet.is_some() {
                "A whole body object (the cmdlet's `-BodyParameter`)"
            } else {
                "A whole body object"
            };
            out.push_str(&format!(
                "\n\n{whole} goes in `.body(...)` the same way: see the example of \
                 [`{by_path}`](Self::{by_path})."
            ));
        }
        out
    }

    /// A `compile_fail` example proving that a field cannot follow a whole body, for the
    /// crate's docs (`None` when the operation has no field setters).
    pub fn mixing_fails(&self, op: &Operation, setters: &FieldSetters<'_>) -> Option<String> {
        let body = self.exact(&op.body.as_ref()?.ty, 0)?;
        let (field, setter) = setters.0.iter().find(|(f, _)| self.arg(&f.ty).is_some())?;
        let arg = self.arg(&field.ty)?;
        let krate = format_ident!("{}", self.krate);
        let method = format_ident!("{}", op.method_name);
        let setter = format_ident!("{}", setter);
        let args = op.path_params.iter().map(|p| self.path_arg(p));
        let call = quote!(let _ = client.#method(#(#args),*).body(#body).#setter(#arg););
        let imports = imports(&call, []);
        let imports = (!imports.is_empty()).then(|| quote!(use #krate::{#imports};));
        let code = crate::format::statements(quote! {
            use #krate::prelude::*;
            #imports
            #call
        });
        let allow = allow_deprecated(op);
        Some(format!(
            "A whole body and single fields do not mix: this does not compile (the same \
             calls without `.body(...)` do).\n\n\
             ```compile_fail,E0599\n\
             {allow}\
             # fn example(client: &{krate}::Client) {{\n\
             {code}\
             # }}\n\
             ```"
        ))
    }
}

/// The hidden `#[allow(deprecated)]` line of an example calling `op`, where `op` is
/// deprecated.
fn allow_deprecated(op: &Operation) -> &'static str {
    if op.deprecation.is_some() {
        "# #[allow(deprecated)]\n"
    } else {
        ""
    }
}

/// What an example imports from the crate root: `always`, then `Secret` and `models`
/// where `code` names them.
fn imports<const N: usize>(code: &TokenStream, always: [TokenStream; N]) -> TokenStream {
    let mut names: Vec<TokenStream> = always.into_iter().filter(|t| !t.is_empty()).collect();
    for name in ["Secret", "models"] {
        if names_ident(code, name) {
            let name = format_ident!("{}", name);
            names.push(quote!(#name));
        }
    }
    quote!(#(#names),*)
}

/// Whether `tokens` contain the identifier `name`.
fn names_ident(tokens: &TokenStream, name: &str) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(ident) => ident == name,
        proc_macro2::TokenTree::Group(group) => names_ident(&group.stream(), name),
        _ => false,
    })
}

impl Context<'_> {
    /// The crate docs' example of sending `null`: on the first PATCH whose body keeps
    /// unlisted properties (so it has `set_null`) and has two optional fields that are not
    /// marked read-only, the first set through its setter, the second cleared.
    pub fn null_example<'a>(
        &self,
        ops: impl IntoIterator<Item = (&'a Operation, FieldSetters<'a>)>,
    ) -> Option<String> {
        ops.into_iter()
            .filter(|(op, (_, additional))| op.method == crate::ir::Method::Patch && *additional)
            .find_map(|(op, (setters, _))| {
                let writable = |f: &&crate::ir::Field| {
                    !f.required
                        && !f.wire_name.starts_with('@')
                        && !f
                            .docs
                            .description
                            .as_deref()
                            .is_some_and(|d| d.contains("Read-only"))
                };
                let (set, setter) = setters
                    .iter()
                    .find(|(f, _)| writable(f) && matches!(f.ty, TypeRef::String))?;
                let (cleared, _) = setters
                    .iter()
                    .find(|(f, _)| writable(f) && f.wire_name != set.wire_name)?;
                let arg = self.arg(&set.ty)?;
                let krate = format_ident!("{}", self.krate);
                let method = format_ident!("{}", op.method_name);
                let setter_ident = format_ident!("{}", setter);
                let args = op.path_params.iter().map(|p| self.path_arg(p));
                let wire = &cleared.wire_name;
                let call = quote!(client.#method(#(#args),*).#setter_ident(#arg).set_null(#wire).send().await?;);
                let code = crate::format::statements(quote! {
                    use #krate::prelude::*;
                    #call
                });
                let allow = allow_deprecated(op);
                Some(format!(
                    "Sending `null`: Graph clears a property sent as `null`, and a member left                      out stays as it is. A request's `set_null(\"member\")` (or a model's                      [`ExplicitNull::set_null`](runtime::ExplicitNull::set_null)) sends                      `null`; a model read back tells a `null` from an absent member with                      `is_null`. This sends `{{\"{}\":\"example\",\"{wire}\":null}}` and                      nothing else:\n\n\
                     ```no_run\n\
                     {allow}\
                     # async fn example(client: &{krate}::Client) -> Result<(), {krate}::Error> {{\n\
                     {code}\
                     # Ok(())\n\
                     # }}\n\
                     ```",
                    set.wire_name
                ))
            })
    }

    /// The crate docs' one example that a whole body and single fields do not mix: on the
    /// first operation that has both.
    pub fn typestate_example<'a>(
        &self,
        ops: impl IntoIterator<Item = (&'a Operation, FieldSetters<'a>)>,
    ) -> Option<String> {
        ops.into_iter()
            .find_map(|(op, setters)| self.mixing_fails(op, &setters))
    }
}
