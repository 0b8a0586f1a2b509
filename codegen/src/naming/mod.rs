//! Every naming rule of the generator, in one place: Rust type, field, variant and method
//! names, and the Graph PowerShell names ([`cmdlet`]).

pub mod cmdlet;
pub mod document;
pub mod scope;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions) that cannot be used as plain identifiers:
/// [`snake_ident`] and the cmdlet method names ([`cmdlet::CmdletName::method_name`]) add `_`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names that would shadow, or be confused with, the prelude when used as enum variants or
/// type names: `SynchronizationSecret::None` must not read like `Option::None`.
const PRELUDE_NAMES: &[&str] = &[
    "None", "Some", "Ok", "Err", "Option", "Result", "String", "Vec", "Box", "Default", "Self",
];

/// Type names the generated `models` module defines itself (helpers for formats), which
/// no schema may take.
pub const RESERVED_MODEL_NAMES: &[&str] = &["IsoDuration"];

/// The Rust type name for a schema key or other raw name: the part after the last `.`
/// (`microsoft.graph.ODataErrors.ODataError` -> `ODataError`), with each run of
/// non-alphanumeric characters removed and the letter after it capitalised. The case
/// of the rest is kept, so Graph's acronyms stay as Graph writes them.
pub fn type_name(raw: &str) -> String {
    let last = raw.rsplit('.').find(|s| !s.is_empty()).unwrap_or(raw);
    pascal_keep_case(last)
}

/// Like [`type_name`] but over the whole raw name (no namespace stripping).
pub fn pascal_keep_case(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut upper_next = true;
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            if upper_next {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper_next = false;
        } else {
            upper_next = true;
        }
    }
    if out.is_empty() {
        out.push_str("Unnamed");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    if PRELUDE_NAMES.contains(&out.as_str()) {
        out.push_str("Value");
    }
    out
}

/// A qualified type name used when the short [`type_name`] of two schemas collide: every
/// namespace segment after `microsoft.graph.` joined (`microsoft.graph.security.alert` ->
/// `SecurityAlert`).
pub fn qualified_type_name(raw: &str) -> String {
    let trimmed = raw.strip_prefix("microsoft.graph.").unwrap_or(raw);
    pascal_keep_case(trimmed)
}

/// A snake-case Rust identifier (field, argument, method): `@odata.nextLink` ->
/// `odata_next_link`, `type` -> `type_`, `3d` -> `n3d`.
pub fn snake_ident(raw: &str) -> String {
    let mut out = raw.to_snake_case();
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'n');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// An enum variant name for a wire string: `BaseAddress` -> `BaseAddress`,
/// `unknownFutureValue` -> `UnknownFutureValue`, `None` -> `NoneValue`, `` -> `Empty`.
pub fn variant_name(wire: &str) -> String {
    if wire.is_empty() {
        return "Empty".to_owned();
    }
    pascal_keep_case(wire)
}

/// The marker type name of an operation: its method name in PascalCase
/// (`get_application` -> `GetApplication`). Also the prefix of the names of the inline
/// models its parameters, body and answer describe (`GetApplicationBody`).
pub fn operation_type_name(method_name: &str) -> String {
    pascal_keep_case(&method_name.to_upper_camel_case())
}

/// The method name of an operation outside Graph: its operationId in snake case, with no
/// other rule (`findPets` -> `find_pets`, `find pet by id` -> `find_pet_by_id`); without
/// an operationId, the HTTP method and the path, each parameter as `by_{name}`
/// (`GET /pets/{petId}/photos` -> `get_pets_by_pet_id_photos`, `GET /` -> `get_root`).
pub fn operation_method_name(operation_id: Option<&str>, method: &str, path: &str) -> String {
    if let Some(id) = operation_id.filter(|id| id.chars().any(|c| c.is_ascii_alphanumeric())) {
        return snake_ident(id);
    }
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) if !param.contains(['{', '}']) => words.push(format!("by {param}")),
            _ => words.push(segment.replace(['{', '}'], " ")),
        }
    }
    if words.len() == 1 {
        words.push("root".to_owned());
    }
    snake_ident(&words.join(" "))
}

/// The request alias of an operation's marker type: `GetApplication` -> `GetApplicationRequest`.
pub fn request_alias(type_name: &str) -> String {
    format!("{type_name}Request")
}

/// The client method starting an operation with its path values taken from an identity
/// object: `get_application` -> `get_application_via_identity`.
pub fn via_identity_method(method_name: &str) -> String {
    format!("{method_name}_via_identity")
}

/// The setter of a query or header parameter: its name in snake case without OData's `$`
/// (`$filter` -> `filter`, `ConsistencyLevel` -> `consistency_level`), before clashes.
pub fn param_setter(wire_name: &str) -> String {
    snake_ident(wire_name.trim_start_matches('$'))
}

/// The marker trait of a shared parameter's setter: `top` -> `TopParameter`,
/// `top_param` -> `TopParamParameter`.
pub fn param_trait_name(setter: &str) -> String {
    format!("{}Parameter", setter.to_upper_camel_case())
}

/// The trait of a shared parameter's setter method: `top` -> `TopSetter`.
pub fn setter_trait_name(setter: &str) -> String {
    format!("{}Setter", setter.to_upper_camel_case())
}

/// The trait of an operation's own query and header setters:
/// `GetApplication` -> `GetApplicationParams`.
pub fn params_trait_name(type_name: &str) -> String {
    format!("{type_name}Params")
}

/// The trait of an operation's body field setters: `UpdateApplication` ->
/// `UpdateApplicationFields`.
pub fn fields_trait_name(type_name: &str) -> String {
    format!("{type_name}Fields")
}

/// The operation trait of a module of `operations`: `service_principals` ->
/// `ServicePrincipalsOperations`.
pub fn group_trait_name(module: &str) -> String {
    format!("{}Operations", module.to_upper_camel_case())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_keep_graph_acronyms() {
        assert_eq!(
            type_name("microsoft.graph.ODataErrors.ODataError"),
            "ODataError"
        );
        assert_eq!(
            type_name("microsoft.graph.synchronizationSecretKeyStringValuePair"),
            "SynchronizationSecretKeyStringValuePair"
        );
        assert_eq!(
            type_name("microsoft.graph.oAuth2PermissionGrant"),
            "OAuth2PermissionGrant"
        );
        assert_eq!(
            qualified_type_name("microsoft.graph.security.alert"),
            "SecurityAlert"
        );
    }

    #[test]
    fn identifiers_are_valid_rust() {
        assert_eq!(snake_ident("@odata.nextLink"), "odata_next_link");
        assert_eq!(snake_ident("type"), "type_");
        assert_eq!(snake_ident("3dView"), "n3d_view");
        assert_eq!(snake_ident("servicePrincipal-id"), "service_principal_id");
    }

    #[test]
    fn variants_do_not_shadow_the_prelude() {
        assert_eq!(variant_name("None"), "NoneValue");
        assert_eq!(variant_name("BaseAddress"), "BaseAddress");
        assert_eq!(variant_name("unknownFutureValue"), "UnknownFutureValue");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("2fa"), "V2fa");
    }

    #[test]
    fn operation_names_derive_from_the_method_name() {
        assert_eq!(operation_type_name("get_application"), "GetApplication");
        assert_eq!(operation_type_name("list_o_auth2_grant"), "ListOAuth2Grant");
        assert_eq!(request_alias("GetApplication"), "GetApplicationRequest");
        assert_eq!(
            via_identity_method("get_application"),
            "get_application_via_identity"
        );
        assert_eq!(param_setter("$filter"), "filter");
        assert_eq!(
            operation_method_name(Some("findPets"), "get", "/pets"),
            "find_pets"
        );
        assert_eq!(
            operation_method_name(Some("find pet by id"), "get", "/pets/{id}"),
            "find_pet_by_id"
        );
        assert_eq!(
            operation_method_name(Some("deletePet"), "delete", "/pets/{id}"),
            "delete_pet"
        );
        assert_eq!(
            operation_method_name(None, "get", "/pets/{petId}/photos"),
            "get_pets_by_pet_id_photos"
        );
        assert_eq!(operation_method_name(None, "get", "/"), "get_root");
        assert_eq!(
            operation_method_name(None, "post", "/v1/items:batch"),
            "post_v1_items_batch"
        );
        assert_eq!(param_setter("ConsistencyLevel"), "consistency_level");
        assert_eq!(param_trait_name("top"), "TopParameter");
        assert_eq!(param_trait_name("top_param"), "TopParamParameter");
        assert_eq!(setter_trait_name("top"), "TopSetter");
        assert_eq!(params_trait_name("GetApplication"), "GetApplicationParams");
        assert_eq!(fields_trait_name("GetApplication"), "GetApplicationFields");
        assert_eq!(
            group_trait_name("service_principals"),
            "ServicePrincipalsOperations"
        );
    }
}
