//! Stage 2: lower the parsed document into the intermediate model ([`crate::ir`]).

mod boxing;
mod cycles;
mod operation;
mod schema;
pub mod sensitivity;
mod setters;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::ReferenceOr;

use crate::diagnostics::{Error, Result, pointer};
use crate::ir::{Api, Group, Identity, IdentityMember, Method, Operation, SharedParam};
use crate::load::Document;
use crate::naming::{self, cmdlet};
use crate::resolve::Resolver;

/// Settings of the lowering that do not come from the document.
#[derive(Debug, Clone)]
pub struct LowerOptions {
    /// The Graph PowerShell module name (`Applications`): names the identity type.
    pub module: String,
    /// The cmdlet noun prefix (`MgBeta`).
    pub cmdlet_prefix: String,
}

impl Default for LowerOptions {
    fn default() -> Self {
        LowerOptions {
            module: "Applications".to_owned(),
            cmdlet_prefix: "MgBeta".to_owned(),
        }
    }
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
                cmdlet_prefix: &options.cmdlet_prefix,
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
    let identity = identity(&options.module, &operations, api, &resolver)?;
    let (mut models, unsupported) = schemas.into_parts();
    cycles::check(file, &models, components)?;
    boxing::box_recursive_fields(&mut models);
    let mut shared_params = setters::decide(&mut operations, &models);
    let groups = item_names(&mut operations, &mut shared_params);

    let base_url = api
        .servers
        .first()
        .map(|s| s.url.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| "https://graph.microsoft.com/beta".to_owned());
    Ok(Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        base_url,
        models,
        operations,
        shared_params,
        groups,
        identity,
        error_model,
        unsupported,
    })
}

/// Makes the Rust names of operations unique across the API, by a fixed rule:
///
/// 1. where Graph PowerShell folds a List and a Get into one cmdlet
///    (`Get-MgBetaApplication`), the List form is named `list_...` instead of `get_...`;
/// 2. any method name still shared gets `_2`, `_3`, ... in document order;
/// 3. the marker type is the method name in PascalCase; two operations with one type name
///    are an error;
/// 4. once every method name is known, the identity method (`{method}_via_identity`) is
///    numbered as in 2 where another operation's method has its name
///    (`get_foo_via_identity_2` where an operation's method is `get_foo_via_identity`).
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
    let mut methods = BTreeSet::new();
    let mut type_names: BTreeMap<String, String> = BTreeMap::new();
    let mut out = Vec::with_capacity(lowered.len());
    for l in lowered {
        let mut op = l.operation;
        if count[&op.method_name] > 1
            && let Some(list) = l.list_method_name
        {
            op.method_name = list;
        }
        op.method_name = naming::unique_snake(op.method_name.clone(), &mut methods);
        op.type_name = naming::operation_type_name(&op.method_name);
        if op.type_name.is_empty() {
            return Err(Error::spec(
                file,
                pointer(["paths", &op.path]),
                "operation name is empty",
            ));
        }
        // Numbering keeps method names apart, but `get_x_2` and a `get_x2` of its own
        // both make the type `GetX2`: refuse rather than emit a crate that won't build.
        let this = format!(
            "{} {} ({:?})",
            op.method.as_str().to_uppercase(),
            op.path,
            op.operation_id
        );
        if let Some(other) = type_names.insert(op.type_name.clone(), this) {
            return Err(Error::spec(
                file,
                pointer(["paths", &op.path, op.method.as_str(), "operationId"]),
                format!(
                    "operation {:?} maps to the Rust type name {}, as {other} already does (after numbering duplicates); rename one of the operationIds",
                    op.operation_id, op.type_name
                ),
            ));
        }
        out.push(op);
    }
    for op in &mut out {
        op.via_identity_method = (!op.path_params.is_empty()).then(|| {
            naming::unique_snake(naming::via_identity_method(&op.method_name), &mut methods)
        });
    }
    Ok(out)
}

/// Names the items of `operations` beside the marker types, once the setters are decided:
/// in document order each operation's request alias, own-parameters trait and body-fields
/// trait (where it has such setters), then each module's operation trait, then each
/// shared parameter's marker and setter traits (by setter). They share one namespace with
/// the marker types, whichever module they are in: a name already taken is numbered
/// (`GetFooRequest2` where an operation's marker is `GetFooRequest`). Returns the modules.
fn item_names(operations: &mut [Operation], shared: &mut [SharedParam]) -> Vec<Group> {
    let mut taken: BTreeSet<String> = operations.iter().map(|op| op.type_name.clone()).collect();
    for op in operations.iter_mut() {
        op.request_alias = naming::unique(naming::request_alias(&op.type_name), &mut taken);
        let own_params = op.value_params().any(|(p, _)| p.shared.is_none());
        op.params_trait = own_params
            .then(|| naming::unique(naming::params_trait_name(&op.type_name), &mut taken));
        let fields = op
            .body
            .as_ref()
            .is_some_and(|b| !b.setters.is_empty() || b.additional_property);
        op.fields_trait =
            fields.then(|| naming::unique(naming::fields_trait_name(&op.type_name), &mut taken));
    }
    let modules: BTreeSet<&str> = operations.iter().map(|op| op.module.as_str()).collect();
    let groups = modules
        .into_iter()
        .map(|module| Group {
            module: module.to_owned(),
            trait_name: naming::unique(naming::group_trait_name(module), &mut taken),
        })
        .collect();
    for param in shared {
        param.trait_name = naming::unique(naming::param_trait_name(&param.setter), &mut taken);
        param.setter_trait = naming::unique(naming::setter_trait_name(&param.setter), &mut taken);
    }
    groups
}

/// The identity type: one member per distinct path parameter, sorted by property name.
fn identity(
    module: &str,
    operations: &[Operation],
    api: &openapiv3::OpenAPI,
    resolver: &Resolver<'_>,
) -> Result<Identity> {
    let mut members: BTreeMap<String, IdentityMember> = BTreeMap::new();
    for op in operations {
        for param in &op.path_params {
            if members.contains_key(&param.identity_property) {
                continue;
            }
            let description =
                path_param_description(api, resolver, &op.path, op.method, &param.wire_name)?;
            members.insert(
                param.identity_property.clone(),
                IdentityMember {
                    wire_name: param.wire_name.clone(),
                    property: param.identity_property.clone(),
                    field: param.identity_field.clone(),
                    doc: cmdlet::identity_doc(&param.wire_name, description.as_deref()),
                },
            );
        }
    }
    Ok(Identity {
        name: format!("{}Identity", naming::pascal_keep_case(module)),
        members: members.into_values().collect(),
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
