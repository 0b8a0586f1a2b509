//! Stage 2: lower the parsed document into the intermediate model ([`crate::ir`]).

mod boxing;
mod cycles;
mod features;
mod modules;
mod operation;
mod schema;
pub mod sensitivity;
mod setters;
mod unions;

pub use setters::REQUEST_METHODS;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::ReferenceOr;

use crate::diagnostics::{Error, Result, pointer};
use crate::ir::{Api, Group, Identity, IdentityMember, Method, Operation, SharedParam};
use crate::load::Document;
use crate::naming::scope::Scope;
use crate::naming::{self, cmdlet};
use crate::resolve::Resolver;

/// Names the caller chooses instead of those the document gives itself
/// ([`naming::document`]); `None` (the default) takes the document's.
#[derive(Debug, Clone, Default)]
pub struct LowerOptions {
    /// The Graph PowerShell module name (`Applications`): names the identity type.
    pub module: Option<String>,
    /// The cargo package name (`graph-beta-applications`).
    pub package: Option<String>,
    /// The cmdlet noun prefix (`MgBeta`).
    pub cmdlet_prefix: Option<String>,
    /// For a folder of documents merged into one: each path's modules (the file stems of
    /// the documents that have it), which give the operations' Cargo features.
    pub path_modules: Option<BTreeMap<String, Vec<String>>>,
}

/// Lowers `doc` into the intermediate model.
pub fn lower(doc: &Document, options: &LowerOptions) -> Result<Api> {
    let file = doc.file.as_path();
    let api = &doc.api;
    if api.paths.paths.is_empty() {
        return Err(Error::spec(
            file,
            "/paths",
            "the document has no paths: nothing to generate",
        ));
    }
    let resolver = Resolver::new(file, api);
    let empty = indexmap::IndexMap::new();
    let components = api.components.as_ref().map_or(&empty, |c| &c.schemas);
    let file_stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let names = naming::document::DocumentFacts {
        title: &api.info.title,
        version: &api.info.version,
        server: api.servers.first().map(|s| s.url.as_str()),
        graph_schemas: components.keys().any(|k| k.starts_with("microsoft.graph.")),
        file_stem: &file_stem,
    }
    .names(
        options.module.as_deref(),
        options.package.as_deref(),
        options.cmdlet_prefix.as_deref(),
    );
    let mut schemas =
        schema::Schemas::new(file, &resolver, components, naming::RESERVED_MODEL_NAMES)?;

    let mut lowered = Vec::new();
    for (path, item) in &api.paths.paths {
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { reference } => {
                return Err(Error::spec(
                    file,
                    pointer(["paths", path]),
                    format!(
                        "path item $ref {reference:?} is not supported; write the path item inline"
                    ),
                ));
            }
        };
        let methods = [
            (Method::Get, &item.get),
            (Method::Put, &item.put),
            (Method::Post, &item.post),
            (Method::Delete, &item.delete),
            (Method::Options, &item.options),
            (Method::Head, &item.head),
            (Method::Patch, &item.patch),
            (Method::Trace, &item.trace),
        ];
        for (method, op) in methods {
            let Some(op) = op else { continue };
            let mut cx = operation::Context {
                file,
                resolver: &resolver,
                schemas: &mut schemas,
                cmdlet_prefix: names.cmdlet_prefix.as_deref(),
            };
            lowered.push(operation::lower(
                &mut cx,
                path,
                method,
                &item.parameters,
                op,
            )?);
        }
    }
    let error_model = lowered.iter().find_map(|l| l.error_model.clone());
    let mut operations = disambiguate(file, lowered)?;
    modules::split(&mut operations);
    let identity = identity(&names.module, &mut operations, api, &resolver)?;
    let (mut models, unsupported) = schemas.into_parts();
    cycles::check(file, &models, components)?;
    boxing::box_recursive_fields(&mut models);
    let mut shared_params = setters::decide(&mut operations, &models);
    let groups = item_names(&mut operations, &mut shared_params);

    let base_url = match (api.servers.first(), names.service) {
        (Some(server), _) => server_url(server),
        (None, naming::document::Service::Graph(naming::document::GraphVersion::V1)) => {
            "https://graph.microsoft.com/v1.0".to_owned()
        }
        (None, naming::document::Service::Graph(naming::document::GraphVersion::Beta)) => {
            "https://graph.microsoft.com/beta".to_owned()
        }
        // No server named: the caller gives one (`ClientBuilder::base_url`), and a request
        // without it is refused before anything is sent.
        (None, naming::document::Service::Other) => String::new(),
    };
    let mut lowered = Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        names,
        base_url,
        models,
        operations,
        shared_params,
        groups,
        identity,
        error_model,
        unsupported,
    };
    features::decide(&mut lowered, options.path_modules.as_ref());
    Ok(lowered)
}

/// A server's URL with each `{variable}` replaced by its default, without a trailing slash
/// (`{scheme}://developer.uspto.gov/ds-api` -> `https://developer.uspto.gov/ds-api`).
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url.trim_end_matches('/').to_owned()
}

/// The methods a `Client` already has, which no operation method may take: the
/// runtime's inherent methods (`codegen/runtime/src/client.rs`; a test checks the list
/// against it), which method-call syntax would pick over a trait's, and those of the
/// traits in the prelude it implements (`Clone`, `AsRef`, `Into`, `ToOwned`).
pub const CLIENT_METHODS: &[&str] = &[
    // `Client` (runtime/src/client.rs).
    "new",
    "builder",
    "base_url",
    "root",
    "execute",
    // Prelude traits `Client` implements.
    "clone",
    "clone_from",
    "as_ref",
    "into",
    "try_into",
    "to_owned",
    "clone_into",
];

/// Makes the Rust names of operations unique across the API, by a fixed rule:
///
/// 1. where Graph PowerShell folds a List and a Get into one cmdlet
///    (`Get-MgBetaApplication`), the List form is named `list_...` instead of `get_...`;
/// 2. every method is claimed in the client's method scope ([`CLIENT_METHODS`] reserved),
///    numbered `_2`, `_3`, ... in document order where taken;
/// 3. the marker type is the method name in PascalCase, numbered in the type scope where
///    another operation's is the same (`get_x_2` and `get_x2` are `GetX2` and `GetX22`);
/// 4. once every method name is known, the identity method (`{method}_via_identity`) is
///    claimed in the same scope (`get_foo_via_identity_2` where an operation's method is
///    `get_foo_via_identity`).
///
/// The names of the other items of an operation are decided once its setters are
/// ([`item_names`]).
fn disambiguate(
    file: &std::path::Path,
    lowered: Vec<operation::Lowered>,
) -> Result<Vec<Operation>> {
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for l in &lowered {
        *count.entry(l.operation.method_name.clone()).or_default() += 1;
    }
    let mut methods = Scope::snake().reserving(CLIENT_METHODS.iter().copied());
    let mut type_names = Scope::pascal();
    let mut out = Vec::with_capacity(lowered.len());
    for l in lowered {
        let mut op = l.operation;
        if count[&op.method_name] > 1
            && let Some(list) = l.list_method_name
        {
            op.method_name = list;
        }
        op.method_name = methods.claim(op.method_name.clone());
        op.type_name = naming::operation_type_name(&op.method_name);
        if op.type_name.is_empty() {
            return Err(Error::spec(
                file,
                pointer(["paths", &op.path]),
                "operation name is empty",
            ));
        }
        // Numbering keeps method names apart, but `get_x_2` and a `get_x2` of its own
        // both make the type `GetX2`: the second is numbered in the type scope (`GetX22`).
        op.type_name = type_names.claim(op.type_name.clone());
        out.push(op);
    }
    for op in &mut out {
        op.via_identity_method = (!op.path_params.is_empty())
            .then(|| methods.claim(naming::via_identity_method(&op.method_name)));
    }
    Ok(out)
}

/// Names the items of `operations` beside the marker types, once the setters are decided,
/// in the `operations` scope where the marker types are claimed first: in document order
/// each operation's request alias, own-parameters trait and body-fields trait (where it
/// has such setters), then each module's operation trait, then each shared parameter's
/// marker and setter traits (by setter). The scope spans every module, whose preludes are
/// glob-imported together: a name already taken is numbered (`GetFooRequest2` where an
/// operation's marker is `GetFooRequest`). Returns the modules.
fn item_names(operations: &mut [Operation], shared: &mut [SharedParam]) -> Vec<Group> {
    let mut items = Scope::pascal();
    for op in operations.iter() {
        items.claim(op.type_name.clone());
    }
    for op in operations.iter_mut() {
        op.request_alias = items.claim(naming::request_alias(&op.type_name));
        let own_params = op.value_params().any(|(p, _)| p.shared.is_none());
        op.params_trait = own_params.then(|| items.claim(naming::params_trait_name(&op.type_name)));
        let fields = op
            .body
            .as_ref()
            .is_some_and(|b| !b.setters.is_empty() || b.additional_property);
        op.fields_trait = fields.then(|| items.claim(naming::fields_trait_name(&op.type_name)));
    }
    let modules: BTreeSet<&str> = operations.iter().map(|op| op.module.as_str()).collect();
    let groups = modules
        .into_iter()
        .map(|module| Group {
            module: module.to_owned(),
            features: Vec::new(),
            trait_name: items.claim(naming::group_trait_name(module)),
        })
        .collect();
    for param in shared {
        param.trait_name = items.claim(naming::param_trait_name(&param.setter));
        param.setter_trait = items.claim(naming::setter_trait_name(&param.setter));
    }
    groups
}

/// The identity type: one member per distinct path parameter (by its name in the
/// template), sorted by the property Graph PowerShell gives it. Two parameters whose
/// properties meet (`{place-id}` and `{placeId}` are both `PlaceId`) get numbered
/// properties and fields (`PlaceId2`, `place_id_2`), claimed in the identity's scopes;
/// each operation's path parameters take their member's names.
fn identity(
    module: &str,
    operations: &mut [Operation],
    api: &openapiv3::OpenAPI,
    resolver: &Resolver<'_>,
) -> Result<Identity> {
    // Wire name -> (wanted property, an operation that has it).
    let mut wanted: BTreeMap<&str, (&str, usize)> = BTreeMap::new();
    for (i, op) in operations.iter().enumerate() {
        for param in &op.path_params {
            wanted
                .entry(param.wire_name.as_str())
                .or_insert((param.identity_property.as_str(), i));
        }
    }
    let mut order: Vec<(&str, &str, usize)> = wanted
        .into_iter()
        .map(|(wire, (property, op))| (property, wire, op))
        .collect();
    order.sort();
    let (mut properties, mut fields) = (Scope::pascal(), Scope::snake());
    let mut members = Vec::with_capacity(order.len());
    for (property, wire, i) in order {
        let op = &operations[i];
        let description = path_param_description(api, resolver, &op.path, op.method, wire)?;
        members.push(IdentityMember {
            wire_name: wire.to_owned(),
            field: fields.claim(naming::snake_ident(property)),
            property: properties.claim(property.to_owned()),
            doc: cmdlet::identity_doc(wire, description.as_deref()),
            features: Vec::new(),
        });
    }
    let by_wire: BTreeMap<&str, &IdentityMember> =
        members.iter().map(|m| (m.wire_name.as_str(), m)).collect();
    for op in operations.iter_mut() {
        for param in &mut op.path_params {
            let member = by_wire[param.wire_name.as_str()];
            param.identity_property.clone_from(&member.property);
            param.identity_field.clone_from(&member.field);
        }
    }
    Ok(Identity {
        name: format!("{}Identity", naming::pascal_keep_case(module)),
        members,
    })
}

fn path_param_description(
    api: &openapiv3::OpenAPI,
    resolver: &Resolver<'_>,
    path: &str,
    method: Method,
    wire: &str,
) -> Result<Option<String>> {
    let Some(ReferenceOr::Item(item)) = api.paths.paths.get(path) else {
        return Ok(None);
    };
    let op = item
        .iter()
        .find(|(m, _)| *m == method.as_str())
        .map(|(_, op)| op);
    let lists = op
        .map(|o| o.parameters.as_slice())
        .into_iter()
        .chain([item.parameters.as_slice()]);
    for list in lists {
        for p in list {
            let p = resolver.parameter(p, "")?;
            let data = p.parameter_data_ref();
            if data.name == wire {
                return Ok(data.description.clone());
            }
        }
    }
    Ok(None)
}
