//! Lowering paths and operations.

use std::path::Path;

use openapiv3::{
    Operation as OaOperation, Parameter, ParameterData, ParameterSchemaOrContent, ReferenceOr,
    Responses, StatusCode,
};

use super::schema::Schemas;
use crate::diagnostics::{Error, Result, pointer};
use crate::ir::{
    Body, Docs, Method, MissingBody, ModelKind, Operation, Pageable, PathParam, PathPart,
    ResponseKind, TypeRef, ValueParam,
};
use crate::naming::scope::Scope;
use crate::naming::{self, cmdlet};
use crate::resolve::Resolver;

/// One operation of the document, before names are made unique across the API.
pub struct Lowered {
    /// The operation, with a provisional method name and type name, and its setters not
    /// decided yet ([`super::setters`]).
    pub operation: Operation,
    /// For the collection form (List) of a Get cmdlet
    /// ([`cmdlet::is_collection_list`]): the method name it takes when it shares its
    /// cmdlet's method name with another operation ([`cmdlet::CmdletName::list_method_name`]).
    pub list_method_name: Option<String>,
    /// The model its error responses parse into, if they name one.
    pub error_model: Option<String>,
}

/// Everything an operation's lowering needs from its surroundings.
pub struct Context<'a, 'b> {
    /// The document file, for errors.
    pub file: &'a Path,
    /// Reference lookups.
    pub resolver: &'a Resolver<'a>,
    /// Schema lowering.
    pub schemas: &'b mut Schemas<'a>,
    /// The cmdlet prefix (`MgBeta`) of a Graph document; `None` elsewhere.
    pub cmdlet_prefix: Option<&'a str>,
}

/// Lowers one operation found at `path` and `method`.
pub fn lower<'a>(
    cx: &mut Context<'a, '_>,
    path: &str,
    method: Method,
    path_params: &'a [ReferenceOr<Parameter>],
    op: &'a OaOperation,
) -> Result<Lowered> {
    let file = cx.file;
    let op_at = pointer(["paths", path, method.as_str()]);
    let operation_id = op.operation_id.clone();
    // A Graph document's operations are named after their Graph PowerShell cmdlets; any
    // other document's after their operationIds, or method and path.
    let (cmdlet, method_name, list_method_name) = match cx.cmdlet_prefix {
        Some(prefix) => {
            let operation_id = operation_id.as_deref().ok_or_else(|| {
                Error::spec(
                    file,
                    &op_at,
                    "operation has no operationId; every operation of a Graph document needs one to be named after its cmdlet",
                )
            })?;
            let name = cmdlet::cmdlet_name(operation_id, method.as_str(), path);
            let list = (cmdlet::is_collection_list(operation_id) && name.verb == "Get")
                .then(|| name.list_method_name());
            (Some(name.full(prefix)), name.method_name(), list)
        }
        None => (
            None,
            naming::operation_method_name(operation_id.as_deref(), method.as_str(), path),
            None,
        ),
    };
    let type_name = naming::operation_type_name(&method_name);

    let params = merged_parameters(cx, path, &op_at, path_params, &op.parameters)?;
    let (path_parts, template_params) = parse_template(file, path)?;
    let mut path_out = Vec::new();
    // The method's parameter list: `{place-id}` and `{placeId}` in one path are
    // `place_id` and `place_id_2`.
    let mut args = Scope::snake();
    for wire in &template_params {
        let Some((param, _)) = params
            .iter()
            .find(|(p, _)| p.name == *wire && p.kind == Loc::Path)
        else {
            return Err(Error::spec(
                file,
                &op_at,
                format!("path parameter {{{wire}}} is used in the path template but not declared"),
            ));
        };
        let property = cmdlet::identity_property(param.name);
        let hint = format!("{type_name}{}", naming::pascal_keep_case(param.name));
        let at = params
            .iter()
            .find(|(p, _)| p.name == *wire && p.kind == Loc::Path)
            .map_or(op_at.as_str(), |(_, at)| at.as_str());
        let ty = path_value_type(cx, param.data, &hint, at)?;
        path_out.push(PathParam {
            ty,
            wire_name: param.name.to_owned(),
            arg_name: args.claim(naming::snake_ident(param.name)),
            identity_field: naming::snake_ident(&property),
            identity_property: property,
        });
    }
    let mut query_params = Vec::new();
    let mut header_params = Vec::new();
    for (param, at) in &params {
        let hint = format!("{type_name}{}", naming::pascal_keep_case(param.name));
        match param.kind {
            Loc::Path => {
                if !template_params.iter().any(|t| t == param.name) {
                    return Err(Error::spec(
                        file,
                        at,
                        format!(
                            "path parameter {:?} is declared but not used in the path template",
                            param.name
                        ),
                    ));
                }
            }
            Loc::Query => query_params.push(value_param(cx, param.data, &hint, at)?),
            Loc::Header => header_params.push(value_param(cx, param.data, &hint, at)?),
            Loc::Cookie => cx.schemas.unsupported(
                at,
                "cookie parameters are not sent; set the Cookie header with `.header(...)`",
            ),
        }
    }

    let body = match &op.request_body {
        Some(body) => {
            let at = format!("{op_at}/requestBody");
            let body = cx.resolver.request_body(body, &at)?;
            let (content_type, media) = preferred_media(&body.content)
                .ok_or_else(|| Error::spec(file, &at, "request body declares no content"))?;
            let ty = match &media.schema {
                _ if is_binary_media(content_type) => TypeRef::Bytes,
                Some(schema) => {
                    let schema_at = format!("{at}/content/{}/schema", escape(content_type));
                    cx.schemas
                        .type_of(schema, &format!("{type_name}Body"), &schema_at)?
                }
                None => TypeRef::Bytes,
            };
            Some(Body {
                content_type: content_type.to_owned(),
                ty,
                required: body.required,
                docs: Docs {
                    description: body.description.clone(),
                    ..Docs::default()
                },
                // Decided with the other setters, once the models are complete.
                setters: Vec::new(),
                additional_property: false,
                missing: MissingBody::Nothing,
            })
        }
        None => None,
    };

    let (response, error_model) = lower_responses(cx, &op.responses, &op_at, &type_name, method)?;

    let pageable = pageable(cx, op, &response, &op_at);
    let module = match (cx.cmdlet_prefix, op.tags.first()) {
        // Outside Graph, an operation's first tag is its module where it has one.
        (None, Some(tag)) if tag.chars().any(|c| c.is_ascii_alphanumeric()) => {
            naming::snake_ident(tag)
        }
        _ => first_segment(path),
    };
    let eventual_consistency =
        path.ends_with("/$count") || query_params.iter().any(|q| q.wire_name == "$search");
    Ok(Lowered {
        list_method_name,
        error_model,
        operation: Operation {
            cmdlet,
            operation_id,
            method_name,
            type_name,
            // Decided across the API by `super::disambiguate` and `super::item_names`.
            request_alias: String::new(),
            via_identity_method: None,
            params_trait: None,
            fields_trait: None,
            // Decided across the API (`super::features`).
            features: Vec::new(),
            module,
            method,
            path: path.to_owned(),
            path_parts,
            path_params: path_out,
            query_params,
            header_params,
            body,
            response,
            docs: Docs {
                summary: op.summary.clone(),
                description: op.description.clone(),
                external: op
                    .external_docs
                    .as_ref()
                    .map(|d| (d.description.clone(), d.url.clone())),
            },
            deprecation: deprecation(op),
            eventual_consistency,
            permissions: None,
            pageable,
        },
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Loc {
    Path,
    Query,
    Header,
    Cookie,
}

struct Param<'a> {
    name: &'a str,
    kind: Loc,
    data: &'a ParameterData,
}

/// Path-item parameters overridden by operation parameters of the same name and location.
fn merged_parameters<'a>(
    cx: &Context<'a, '_>,
    path: &str,
    op_at: &str,
    shared: &'a [ReferenceOr<Parameter>],
    own: &'a [ReferenceOr<Parameter>],
) -> Result<Vec<(Param<'a>, String)>> {
    let mut out: Vec<(Param<'a>, String)> = Vec::new();
    let shared_at = pointer(["paths", path, "parameters"]);
    let sources = [(shared, shared_at), (own, format!("{op_at}/parameters"))];
    for (list, list_at) in &sources {
        for (i, item) in list.iter().enumerate() {
            let at = format!("{list_at}/{i}");
            let param = cx.resolver.parameter(item, &at)?;
            let (kind, data) = match param {
                Parameter::Path { parameter_data, .. } => (Loc::Path, parameter_data),
                Parameter::Query { parameter_data, .. } => (Loc::Query, parameter_data),
                Parameter::Header { parameter_data, .. } => (Loc::Header, parameter_data),
                Parameter::Cookie { parameter_data, .. } => (Loc::Cookie, parameter_data),
            };
            let name = data.name.as_str();
            out.retain(|(p, _)| !(p.name == name && p.kind == kind));
            out.push((Param { name, kind, data }, at));
        }
    }
    Ok(out)
}

fn value_param<'a>(
    cx: &mut Context<'a, '_>,
    data: &'a ParameterData,
    hint: &str,
    at: &str,
) -> Result<ValueParam> {
    let ty = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            cx.schemas.type_of(schema, hint, &format!("{at}/schema"))?
        }
        ParameterSchemaOrContent::Content(_) => {
            cx.schemas.unsupported(
                at,
                "a parameter described by `content` is passed as a string, unencoded",
            );
            TypeRef::String
        }
    };
    Ok(ValueParam {
        wire_name: data.name.clone(),
        // Made clear of the request's methods and the other setters by `super::setters`.
        setter: naming::param_setter(&data.name),
        ty,
        required: data.required,
        docs: Docs {
            description: data.description.clone(),
            ..Docs::default()
        },
        shared: None,
    })
}

/// The Rust type of a path value. Outside Graph, its schema's where that is an integer, a
/// number, a boolean or a string enum (written into the path as text); a string otherwise.
/// A Graph document's path values are all strings, as Graph PowerShell's are (and as the
/// identity object holds them).
fn path_value_type<'a>(
    cx: &mut Context<'a, '_>,
    data: &'a ParameterData,
    hint: &str,
    at: &str,
) -> Result<TypeRef> {
    use openapiv3::{SchemaKind, Type};
    let ParameterSchemaOrContent::Schema(schema) = &data.format else {
        return Ok(TypeRef::String);
    };
    if cx.cmdlet_prefix.is_some() {
        return Ok(TypeRef::String);
    }
    let at = format!("{at}/schema");
    let (resolved, _) = cx.resolver.schema(schema, &at)?;
    let scalar = match &resolved.schema_kind {
        SchemaKind::Type(Type::Integer(_) | Type::Number(_) | Type::Boolean(_)) => true,
        SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
        _ => false,
    };
    if !scalar {
        return Ok(TypeRef::String);
    }
    Ok(match cx.schemas.type_of(schema, hint, &at)? {
        ty @ (TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Bool | TypeRef::Named(_)) => ty,
        _ => TypeRef::String,
    })
}

/// Splits a path template into literal text and parameters, in template order. A
/// parameter wrapped in single quotes is an OData string literal (`appId='{appId}'`).
fn parse_template(file: &Path, path: &str) -> Result<(Vec<PathPart>, Vec<String>)> {
    let at = pointer(["paths", path]);
    let mut parts = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..]
            .find('}')
            .map(|c| open + c)
            .ok_or_else(|| Error::spec(file, &at, "unclosed `{` in path template"))?;
        let name = &rest[open + 1..close];
        if name.is_empty() || name.contains('{') {
            return Err(Error::spec(
                file,
                &at,
                "malformed parameter in path template",
            ));
        }
        if names.iter().any(|n| n == name) {
            return Err(Error::spec(
                file,
                &at,
                format!("path parameter {{{name}}} appears twice"),
            ));
        }
        let literal = &rest[..open];
        let quoted = literal.ends_with('\'') && rest[close + 1..].starts_with('\'');
        if !literal.is_empty() {
            parts.push(PathPart::Literal(literal.to_owned()));
        }
        let index = names.len();
        names.push(name.to_owned());
        parts.push(if quoted {
            PathPart::QuotedParam(index)
        } else {
            PathPart::Param(index)
        });
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err(Error::spec(file, &at, "unmatched `}` in path template"));
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    Ok((parts, names))
}

/// The snake-case module for a path: its first segment without key or call syntax.
fn first_segment(path: &str) -> String {
    let first = path
        .trim_start_matches('/')
        .split(['/', '(', '.'])
        .next()
        .unwrap_or_default();
    let module = naming::snake_ident(first.trim_start_matches('$'));
    if module.is_empty() {
        "root".to_owned()
    } else {
        module
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn preferred_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    content
        .get_key_value("application/json")
        .or_else(|| content.iter().find(|(k, _)| k.ends_with("+json")))
        .or_else(|| content.iter().next())
        .map(|(k, v)| (k.as_str(), v))
}

fn is_binary_media(content_type: &str) -> bool {
    content_type == "application/octet-stream"
        || content_type.starts_with("image/")
        || content_type.starts_with("audio/")
        || content_type.starts_with("video/")
}

/// The success response's shape, and the error model named by `default`/4XX/5XX.
///
/// A JSON success body is optional (an empty body such as `204 No Content` decodes as
/// `None`) for every method but GET, because Graph answers writes with 204 even where the
/// description promises a body.
fn lower_responses<'a>(
    cx: &mut Context<'a, '_>,
    responses: &'a Responses,
    op_at: &str,
    type_name: &str,
    method: Method,
) -> Result<(ResponseKind, Option<String>)> {
    let at = format!("{op_at}/responses");
    let mut success = None;
    for (code, response) in &responses.responses {
        let (key, is_success) = match code {
            StatusCode::Code(n) => (n.to_string(), (200..300).contains(n)),
            StatusCode::Range(n) => (format!("{n}XX"), *n == 2),
        };
        if is_success && success.is_none() {
            success = Some((key, response));
        }
    }
    let kind = match success {
        None => ResponseKind::Empty,
        Some((key, response)) => {
            let response_at = format!("{at}/{key}");
            let response = cx.resolver.response(response, &response_at)?;
            match preferred_media(&response.content) {
                None => ResponseKind::Empty,
                Some((content_type, media)) => {
                    let schema_at =
                        format!("{response_at}/content/{}/schema", escape(content_type));
                    let hint = format!("{type_name}Response");
                    if content_type.starts_with("text/") {
                        let ty = match &media.schema {
                            Some(s) => cx.schemas.type_of(s, &hint, &schema_at)?,
                            None => TypeRef::String,
                        };
                        ResponseKind::Text(ty)
                    } else if content_type.contains("json") {
                        let ty = match &media.schema {
                            Some(s) => cx.schemas.type_of(s, &hint, &schema_at)?,
                            None => TypeRef::Json,
                        };
                        ResponseKind::Json {
                            ty,
                            optional: method != Method::Get,
                        }
                    } else {
                        ResponseKind::Bytes
                    }
                }
            }
        }
    };
    let mut error_model = None;
    let error_responses = responses.default.iter().chain(
        responses
            .responses
            .iter()
            .filter(|(c, _)| matches!(c, StatusCode::Range(4 | 5)))
            .map(|(_, r)| r),
    );
    for response in error_responses {
        let response = cx.resolver.response(response, &format!("{at}/default"))?;
        if let Some((_, media)) = preferred_media(&response.content)
            && let Some(schema) = &media.schema
            && let TypeRef::Named(name) = cx.schemas.type_of(
                schema,
                &format!("{type_name}Error"),
                &format!("{at}/default"),
            )?
        {
            error_model = Some(name);
            break;
        }
    }
    Ok((kind, error_model))
}

/// The deprecation note from `deprecated: true` and Graph's `x-ms-deprecation`.
fn deprecation(op: &OaOperation) -> Option<String> {
    let ext = op.extensions.get("x-ms-deprecation");
    if !op.deprecated && ext.is_none() {
        return None;
    }
    let field = |k: &str| ext.and_then(|e| e.get(k)).and_then(|v| v.as_str());
    let mut note = String::from("Deprecated by Microsoft Graph");
    if let Some(date) = field("date") {
        note.push_str(&format!(" on {date}"));
    }
    if let Some(removal) = field("removalDate") {
        note.push_str(&format!("; to be removed on {removal}"));
    }
    if let Some(version) = field("version") {
        note.push_str(&format!(" ({version})"));
    }
    note.push('.');
    if let Some(description) = field("description") {
        note.push(' ');
        note.push_str(description.trim());
    }
    Some(note)
}

/// The next-page link of an `x-ms-pageable` operation: the response model's field named by
/// `nextLinkName` (`@odata.nextLink` when not given). A pageable operation whose answer has
/// no such field is recorded as unsupported and generated without paging.
fn pageable(
    cx: &mut Context<'_, '_>,
    op: &OaOperation,
    response: &ResponseKind,
    op_at: &str,
) -> Option<Pageable> {
    let ext = op.extensions.get("x-ms-pageable")?;
    let wire = match ext.get("nextLinkName") {
        Some(serde_json::Value::Null) => return None, // explicitly not paged
        Some(serde_json::Value::String(name)) => name.as_str(),
        _ => "@odata.nextLink",
    };
    let model = match response {
        ResponseKind::Json {
            ty: TypeRef::Named(name),
            ..
        } => cx.schemas.model_named(name),
        _ => None,
    };
    let field = model.and_then(|m| match &m.kind {
        ModelKind::Struct(s) => s.fields.iter().find(|f| f.wire_name == wire),
        ModelKind::Enum(_) | ModelKind::Union(_) => None,
    });
    match field {
        Some(f) if f.ty == TypeRef::String => Some(Pageable {
            next_link_field: f.name.clone(),
            required: f.required,
        }),
        _ => {
            cx.schemas.unsupported(
                &format!("{op_at}/x-ms-pageable"),
                format!("the answer has no string property {wire:?}; generated without paging"),
            );
            None
        }
    }
}
