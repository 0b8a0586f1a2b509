//! Lowering of the constructs Graph uses, on small documents.

use std::path::Path;

use crate::ir::{Api, IntWidth, MissingBody, ModelKind, Operation, Struct, TypeRef};
use crate::load;

fn lower_yaml(text: &str) -> Api {
    let doc = load::parse(Path::new("test.yml"), text).expect("parses");
    super::lower(&doc, &super::LowerOptions::default()).expect("lowers")
}

fn fields<'a>(api: &'a Api, model: &str) -> &'a Struct {
    match &api.models.iter().find(|m| m.name == model).unwrap().kind {
        ModelKind::Struct(s) => s,
        ModelKind::Enum(_) | ModelKind::Union(_) => panic!("{model} is not a struct"),
    }
}

fn field_ty(api: &Api, model: &str, wire: &str) -> TypeRef {
    let s = fields(api, model);
    s.fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("{model} has no {wire}"))
        .ty
        .clone()
}

const DOC: &str = r#"
openapi: 3.0.4
info: {title: t, version: v}
paths:
  /things:
    get:
      operationId: thing_ListThing
      responses:
        2XX:
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/microsoft.graph.thingCollectionResponse'}
      x-ms-pageable: {nextLinkName: '@odata.nextLink', operationName: listMore}
components:
  schemas:
    microsoft.graph.entity:
      type: object
      properties:
        id: {type: string}
    microsoft.graph.base:
      allOf:
        - $ref: '#/components/schemas/microsoft.graph.entity'
        - type: object
          properties:
            created: {type: string, format: date-time, nullable: true}
    microsoft.graph.thing:
      allOf:
        - $ref: '#/components/schemas/microsoft.graph.base'
        - type: object
          properties:
            key: {type: string, format: uuid}
            day: {type: string, format: date}
            at: {type: string, format: time}
            lasts: {type: string, format: duration}
            small: {type: number, format: int32}
            big: {type: number, format: int64}
            ratio: {type: number, format: double}
            short: {type: integer, format: int16}
            ways:
              anyOf:
                - $ref: '#/components/schemas/microsoft.graph.ways'
                - {type: object, nullable: true}
            parent:
              anyOf:
                - $ref: '#/components/schemas/microsoft.graph.thing'
                - {type: object, nullable: true}
            mixed:
              oneOf:
                - {type: string}
                - {type: string, format: date}
    microsoft.graph.ways:
      type: string
      enum: [none, walk, ride, unknownFutureValue]
      x-ms-enum-flags: {isFlags: true}
    microsoft.graph.thingCollectionResponse:
      type: object
      properties:
        value:
          type: array
          items: {$ref: '#/components/schemas/microsoft.graph.thing'}
        '@odata.nextLink': {type: string, nullable: true}
"#;

#[test]
fn formats_map_to_their_types_in_both_integer_styles() {
    let api = lower_yaml(DOC);
    assert_eq!(field_ty(&api, "Thing", "key"), TypeRef::Uuid);
    assert_eq!(field_ty(&api, "Thing", "created"), TypeRef::DateTime);
    assert_eq!(field_ty(&api, "Thing", "day"), TypeRef::Date);
    assert_eq!(field_ty(&api, "Thing", "at"), TypeRef::Time);
    assert_eq!(field_ty(&api, "Thing", "lasts"), TypeRef::Duration);
    assert_eq!(
        field_ty(&api, "Thing", "small"),
        TypeRef::Int(IntWidth::I32)
    );
    assert_eq!(field_ty(&api, "Thing", "big"), TypeRef::Int(IntWidth::I64));
    assert_eq!(
        field_ty(&api, "Thing", "short"),
        TypeRef::Int(IntWidth::I16)
    );
}

#[test]
fn all_of_chains_flatten_inherited_first() {
    let api = lower_yaml(DOC);
    let names: Vec<&str> = fields(&api, "Thing")
        .fields
        .iter()
        .map(|f| f.wire_name.as_str())
        .collect();
    // `@odata.type` is not declared: a derived type gets it anyway, first.
    assert_eq!(&names[..3], ["@odata.type", "id", "created"]);
    assert_eq!(
        fields(&api, "ThingCollectionResponse").fields.len(),
        2,
        "a type that inherits nothing gets no @odata.type"
    );
}

#[test]
fn nullable_any_of_is_the_referenced_type_and_flags_are_sets() {
    let api = lower_yaml(DOC);
    assert_eq!(
        field_ty(&api, "Thing", "ways"),
        TypeRef::Flags("Ways".into())
    );
    let parent = fields(&api, "Thing")
        .fields
        .iter()
        .find(|f| f.wire_name == "parent")
        .unwrap();
    assert_eq!(parent.ty, TypeRef::Named("Thing".into()));
    assert!(parent.boxed, "a self-reference is boxed");
    let ModelKind::Enum(ways) = &api.models.iter().find(|m| m.name == "Ways").unwrap().kind else {
        panic!("Ways is an enum")
    };
    assert!(ways.flags);
}

#[test]
fn pageable_operations_know_their_next_link_field() {
    let api = lower_yaml(DOC);
    let paging = api.operations[0].pageable.as_ref().expect("pageable");
    assert_eq!(paging.next_link_field, "odata_next_link");
    assert!(!paging.required);
}

#[test]
fn fallbacks_are_listed_with_where_and_why() {
    let api = lower_yaml(DOC);
    assert_eq!(field_ty(&api, "Thing", "mixed"), TypeRef::Json);
    assert_eq!(api.unsupported.len(), 1, "{:?}", api.unsupported);
    assert!(api.unsupported[0].at.ends_with("/properties/mixed"));
}

fn operation<'a>(api: &'a Api, operation_id: &str) -> &'a Operation {
    api.operations
        .iter()
        .find(|op| op.operation_id.as_deref() == Some(operation_id))
        .unwrap_or_else(|| panic!("no operation {operation_id}"))
}

/// Operations whose Rust names meet: a List folded into a Get, a marker type that is
/// another operation's request alias, a method that is another's identity method.
const NAMES: &str = r#"
openapi: 3.0.4
info: {title: t, version: v}
servers: [{url: "https://graph.microsoft.com/beta"}]
paths:
  /foos:
    get:
      operationId: foo_ListFoo
      responses: {'204': {description: ok}}
  /foos/{foo-id}:
    get:
      operationId: foo_GetFoo
      parameters:
        - {name: foo-id, in: path, required: true, schema: {type: string}}
        - {name: only, in: query, schema: {type: string}}
      responses: {'204': {description: ok}}
  /fooRequests/{fooRequest-id}:
    get:
      operationId: fooRequest_GetFooRequest
      parameters:
        - {name: fooRequest-id, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
  /fooViaIdentity:
    get:
      operationId: fooViaIdentity_GetFooViaIdentity
      parameters:
        - {name: getTop, in: query, schema: {type: integer}}
      responses: {'204': {description: ok}}
  /topParameter:
    get:
      operationId: topParameter_GetTopParameter
      parameters:
        - {name: getTop, in: query, schema: {type: integer}}
      responses: {'204': {description: ok}}
"#;

#[test]
fn a_folded_list_takes_the_list_name() {
    let api = lower_yaml(NAMES);
    let list = operation(&api, "foo_ListFoo");
    assert_eq!(list.method_name, "list_foo");
    assert_eq!(list.type_name, "ListFoo");
    assert_eq!(
        list.via_identity_method, None,
        "no path values, no identity form"
    );
    assert_eq!(operation(&api, "foo_GetFoo").method_name, "get_foo");
}

#[test]
fn aliases_and_identity_methods_are_numbered_clear_of_other_operations() {
    let api = lower_yaml(NAMES);
    let get = operation(&api, "foo_GetFoo");
    // `GetFooRequest` is the marker of `fooRequest_GetFooRequest`.
    assert_eq!(get.request_alias, "GetFooRequest2");
    // `get_foo_via_identity` is the method of `fooViaIdentity_GetFooViaIdentity`.
    assert_eq!(
        get.via_identity_method.as_deref(),
        Some("get_foo_via_identity_2")
    );
    let request = operation(&api, "fooRequest_GetFooRequest");
    assert_eq!(request.type_name, "GetFooRequest");
    assert_eq!(request.request_alias, "GetFooRequestRequest");
    assert_eq!(
        request.via_identity_method.as_deref(),
        Some("get_foo_request_via_identity")
    );
    assert_eq!(
        operation(&api, "fooViaIdentity_GetFooViaIdentity").method_name,
        "get_foo_via_identity"
    );
    assert_eq!(get.params_trait.as_deref(), Some("GetFooParams"));
    // The shared `get_top` setter's trait would be the marker `GetTopParameter`.
    assert_eq!(api.shared_params.len(), 1);
    let top = &api.shared_params[0];
    assert_eq!(top.setter, "get_top");
    assert_eq!(top.trait_name, "GetTopParameter2");
    assert_eq!(top.setter_trait, "GetTopSetter");
    // One module per first path segment, each with its operation trait.
    let groups: Vec<(&str, &str)> = api
        .groups
        .iter()
        .map(|g| (g.module.as_str(), g.trait_name.as_str()))
        .collect();
    assert_eq!(groups[0], ("foo_requests", "FooRequestsOperations"));
    assert_eq!(groups.len(), 4);
}

/// Setters that meet the request's own methods, the operation's parameters and each other.
const SETTERS: &str = r#"
openapi: 3.0.4
info: {title: t, version: v}
paths:
  /things:
    post:
      operationId: thing_CreateThing
      parameters:
        - {name: $top, in: query, schema: {type: integer}}
        - {name: pages, in: query, schema: {type: integer}}
        - {name: Top, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              additionalProperties: {type: object}
              properties:
                topField: {type: string}
                top: {type: string}
                pages: {type: string}
                body: {type: string}
                additional_property: {type: string}
                into: {type: string}
                name: {type: string}
      responses: {'204': {description: ok}}
"#;

#[test]
fn setters_are_clear_of_request_methods_and_each_other() {
    let api = lower_yaml(SETTERS);
    let op = &api.operations[0];
    let query: Vec<&str> = op.query_params.iter().map(|p| p.setter.as_str()).collect();
    assert_eq!(query, ["top", "pages_param"]);
    assert_eq!(op.header_params[0].setter, "top_param");
    let body = op.body.as_ref().unwrap();
    let setters: Vec<(&str, &str)> = body
        .setters
        .iter()
        .map(|s| (s.field.as_str(), s.setter.as_str()))
        .collect();
    assert_eq!(
        setters,
        [
            ("top_field", "top_field"),
            // `top` and `top_field` are taken: numbered, not a second `top_field`.
            ("top", "top_field_2"),
            ("pages", "pages_field"),
            ("body", "body_field"),
            ("additional_property", "additional_property_field"),
            ("into", "into_field"),
            ("name", "name"),
        ]
    );
    assert!(body.additional_property);
    assert_eq!(body.missing, MissingBody::Default);
    let marker = &op.type_name;
    assert_eq!(op.params_trait, Some(format!("{marker}Params")));
    assert_eq!(op.fields_trait, Some(format!("{marker}Fields")));
}

/// The methods of the runtime's `Request` (every `fn` in an `impl ... Request<` block of
/// its sources, whatever its visibility), which `REQUEST_METHODS` must all hold.
#[test]
fn every_request_method_is_reserved() {
    let sources = [
        include_str!("../../runtime/src/request.rs"),
        include_str!("../../runtime/src/paging.rs"),
        include_str!("../../runtime/src/null.rs"),
    ];
    let mut found = Vec::new();
    for source in sources {
        let mut inside = false;
        for line in source.lines() {
            if line.starts_with("impl") {
                inside = line.contains(" Request<") && !line.contains(" for ");
            } else if line == "}" {
                inside = false;
            } else if inside
                && let Some(rest) = line.trim_start().split("fn ").nth(1)
                && line.trim_start().starts_with(['p', 'f', 'a'])
            {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                found.push(name);
            }
        }
    }
    for expected in ["new", "body", "send", "pages", "set_null", "query_param"] {
        assert!(
            found.iter().any(|f| f == expected),
            "{expected} not found in {found:?}"
        );
    }
    let missing: Vec<&String> = found
        .iter()
        .filter(|f| !super::setters::REQUEST_METHODS.contains(&f.as_str()))
        .collect();
    assert!(missing.is_empty(), "not reserved: {missing:?}");
}

/// Bodies of each kind: a struct with a required member, one without, optional, binary.
const BODIES: &str = r#"
openapi: 3.0.4
info: {title: t, version: v}
paths:
  /strict:
    post:
      operationId: strict_CreateStrict
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/microsoft.graph.strict'}
      responses: {'204': {description: ok}}
  /loose:
    post:
      operationId: loose_CreateLoose
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/microsoft.graph.loose'}
      responses: {'204': {description: ok}}
    patch:
      operationId: loose_UpdateLoose
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/microsoft.graph.strict'}
      responses: {'204': {description: ok}}
  /photo:
    put:
      operationId: photo_SetPhoto
      requestBody:
        required: true
        content:
          image/png:
            schema: {type: string, format: binary}
      responses: {'204': {description: ok}}
components:
  schemas:
    microsoft.graph.strict:
      type: object
      required: [code]
      properties:
        code: {type: string}
        note: {type: string}
    microsoft.graph.loose:
      type: object
      properties:
        strict: {$ref: '#/components/schemas/microsoft.graph.strict'}
"#;

#[test]
fn structs_with_required_members_do_not_derive_default() {
    let api = lower_yaml(BODIES);
    assert!(!fields(&api, "Strict").derives_default);
    // An optional member of a type without a default is still `None` by default.
    assert!(fields(&api, "Loose").derives_default);
}

#[test]
fn what_a_body_without_default_gets() {
    let api = lower_yaml(BODIES);
    let body = |id: &str| operation(&api, id).body.clone().unwrap();
    let strict = body("strict_CreateStrict");
    assert_eq!(strict.missing, MissingBody::Error);
    assert!(
        strict.setters.is_empty() && !strict.additional_property,
        "no default to start setting fields from"
    );
    assert_eq!(operation(&api, "strict_CreateStrict").fields_trait, None);
    let loose = body("loose_CreateLoose");
    assert_eq!(loose.missing, MissingBody::Default);
    assert_eq!(loose.setters.len(), 1);
    assert!(operation(&api, "loose_CreateLoose").fields_trait.is_some());
    assert_eq!(body("loose_UpdateLoose").missing, MissingBody::Nothing);
    assert_eq!(body("photo_SetPhoto").missing, MissingBody::Nothing);
}

/// Parameters several operations take: the same form, a different form, one use only.
const SHARED: &str = r#"
openapi: 3.0.4
info: {title: t, version: v}
paths:
  /a:
    get:
      operationId: a_GetA
      parameters:
        - {name: $top, in: query, schema: {type: integer}}
        - {name: $select, in: query, description: Select A, schema: {type: string}}
        - {name: ConsistencyLevel, in: header, schema: {type: string}}
        - {name: only, in: query, schema: {type: string}}
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: b_GetB
      parameters:
        - {name: $top, in: query, schema: {type: integer}}
        - {name: $select, in: query, description: Select B, schema: {type: string}}
        - {name: ConsistencyLevel, in: header, schema: {type: string}}
      responses: {'204': {description: ok}}
  /c:
    get:
      operationId: c_GetC
      parameters:
        - {name: top, in: header, schema: {type: integer}}
      responses: {'204': {description: ok}}
"#;

#[test]
fn shared_parameters_are_those_taken_alike_twice() {
    let api = lower_yaml(SHARED);
    let shared: Vec<(&str, &str, bool)> = api
        .shared_params
        .iter()
        .map(|s| (s.setter.as_str(), s.trait_name.as_str(), s.is_header))
        .collect();
    // `top` is a header on `c_GetC`: two forms, so per operation everywhere.
    assert_eq!(
        shared,
        [("consistency_level", "ConsistencyLevelParameter", true)]
    );
    let a = operation(&api, "a_GetA");
    let uses: Vec<(&str, Option<usize>)> = a
        .query_params
        .iter()
        .chain(&a.header_params)
        .map(|p| (p.setter.as_str(), p.shared))
        .collect();
    assert_eq!(
        uses,
        [
            ("top", None),
            ("select", None),
            ("only", None),
            ("consistency_level", Some(0))
        ]
    );
    assert_eq!(api.shared_params[0].param.wire_name, "ConsistencyLevel");
    assert_eq!(api.shared_params[0].param.shared, None);
    assert!(
        a.params_trait.is_some(),
        "`top`, `select` and `only` are its own"
    );
    assert_eq!(
        operation(&api, "b_GetB").header_params[0].shared,
        Some(0),
        "the same entry on every operation taking it"
    );
}

#[test]
fn an_operation_whose_parameters_are_all_shared_has_no_parameter_trait() {
    let api = lower_yaml(
        r#"
openapi: 3.0.4
info: {title: t, version: v}
paths:
  /a:
    get:
      operationId: a_GetA
      parameters:
        - {name: $top, in: query, schema: {type: integer}}
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: b_GetB
      parameters:
        - {name: $top, in: query, schema: {type: integer}}
      responses: {'204': {description: ok}}
"#,
    );
    for op in &api.operations {
        assert_eq!(op.query_params[0].shared, Some(0));
        assert_eq!(op.params_trait, None);
        assert_eq!(op.fields_trait, None);
    }
    assert_eq!(api.shared_params[0].trait_name, "TopParameter");
    assert_eq!(api.shared_params[0].setter_trait, "TopSetter");
}

/// Two path parameters whose Rust names meet: a key and an alternate key of one path
/// (`{place-id}` and `{placeId}`), as in Graph's `/places/{place-id}/…/workspaces(placeId='{placeId}')`.
const PATH_PARAMS: &str = r#"
openapi: 3.0.4
info: {title: t, version: v}
paths:
  /places/{place-id}/rooms(placeId='{placeId}'):
    get:
      operationId: place_GetRoom
      parameters:
        - {name: place-id, in: path, required: true, schema: {type: string}}
        - {name: placeId, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
  /places/{place-id}:
    get:
      operationId: place_GetPlace
      parameters:
        - {name: place-id, in: path, required: true, schema: {type: string}}
      responses: {'204': {description: ok}}
"#;

#[test]
fn path_parameters_that_meet_are_numbered_in_the_list_and_the_identity() {
    let api = lower_yaml(PATH_PARAMS);
    let room = operation(&api, "place_GetRoom");
    let args: Vec<(&str, &str, &str)> = room
        .path_params
        .iter()
        .map(|p| {
            (
                p.wire_name.as_str(),
                p.arg_name.as_str(),
                p.identity_field.as_str(),
            )
        })
        .collect();
    assert_eq!(
        args,
        [
            ("place-id", "place_id", "place_id"),
            ("placeId", "place_id_2", "place_id_2"),
        ]
    );
    // One identity member per parameter; the operation with only `{place-id}` reads the
    // same member as the first.
    let members: Vec<(&str, &str, &str)> = api
        .identity
        .members
        .iter()
        .map(|m| (m.wire_name.as_str(), m.property.as_str(), m.field.as_str()))
        .collect();
    assert_eq!(
        members,
        [
            ("place-id", "PlaceId", "place_id"),
            ("placeId", "PlaceId2", "place_id_2"),
        ]
    );
    assert_eq!(
        operation(&api, "place_GetPlace").path_params[0].identity_field,
        "place_id"
    );
}

/// Operations and setters that would take a name the runtime's `Client` or `Request`
/// already has: `client` as a parameter and a body field, `builder`, `execute` and `clone`
/// as operations.
const RESERVED: &str = r#"
openapi: 3.0.4
info: {title: t, version: v}
paths:
  /builder:
    get:
      operationId: builder_Builder
      parameters:
        - {name: client, in: query, schema: {type: string}}
      responses: {'204': {description: ok}}
  /execute:
    post:
      operationId: execute_Execute
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                client: {type: string}
                send: {type: string}
      responses: {'204': {description: ok}}
  /clone:
    get:
      operationId: clone_Clone
      responses: {'204': {description: ok}}
"#;

#[test]
fn reserved_names_are_never_given_out() {
    let api = lower_yaml(RESERVED);
    let methods: Vec<&str> = api
        .operations
        .iter()
        .map(|op| op.method_name.as_str())
        .collect();
    // The cmdlet naming maps these operationIds to the verbs it knows; whatever it
    // gives, no method is one the client already has.
    for method in &methods {
        assert!(
            !super::CLIENT_METHODS.contains(method),
            "{method} is a Client method"
        );
    }
    let builder = operation(&api, "builder_Builder");
    assert_eq!(builder.query_params[0].setter, "client_param");
    let body = operation(&api, "execute_Execute").body.as_ref().unwrap();
    let setters: Vec<&str> = body.setters.iter().map(|s| s.setter.as_str()).collect();
    assert_eq!(setters, ["client_field", "send_field"]);
}

#[test]
fn an_operation_named_like_a_client_method_is_numbered() {
    let mut methods =
        crate::naming::scope::Scope::snake().reserving(super::CLIENT_METHODS.iter().copied());
    assert_eq!(methods.claim("execute".into()), "execute_2");
    assert_eq!(methods.claim("builder".into()), "builder_2");
    assert_eq!(methods.claim("get_thing".into()), "get_thing");
}

/// The public inherent methods of the runtime's `Client` (every `pub fn` in its
/// `impl Client` block), which `CLIENT_METHODS` must all hold. (Method lookup passes over
/// a method the caller cannot see for a trait's it can: crate-private ones do not count.)
#[test]
fn every_client_method_is_reserved() {
    let source = include_str!("../../runtime/src/client.rs");
    let mut found = Vec::new();
    let mut inside = false;
    for line in source.lines() {
        if line.starts_with("impl") {
            inside = line.starts_with("impl Client {");
        } else if line == "}" {
            inside = false;
        } else if inside
            && let Some(rest) = line.trim_start().split("fn ").nth(1)
            && (line.trim_start().starts_with("pub fn")
                || line.trim_start().starts_with("pub async fn"))
        {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    for expected in ["new", "builder", "root"] {
        assert!(
            found.iter().any(|f| f == expected),
            "{expected} not found in {found:?}"
        );
    }
    let missing: Vec<&String> = found
        .iter()
        .filter(|f| !super::CLIENT_METHODS.contains(&f.as_str()))
        .collect();
    assert!(missing.is_empty(), "not reserved: {missing:?}");
}

#[test]
fn two_operations_with_one_type_name_are_numbered() {
    // Duplicate operationIds are numbered (`get_thing_2`), which makes the type
    // `GetThing2`, the name the third operation (`thing2_Get`, Get-MgBetaThing2) has on
    // its own: the third's type is numbered in turn.
    let api = lower_yaml(
        "\
openapi: 3.0.4
info: {title: t, version: '1'}
servers: [{url: 'https://graph.microsoft.com/beta'}]
paths:
  /things:
    get:
      operationId: things.GetThing
      responses: {'204': {description: ok}}
  /things/x:
    get:
      operationId: things.GetThing
      responses: {'204': {description: ok}}
  /things/y:
    get:
      operationId: thing2_Get
      responses: {'204': {description: ok}}
",
    );
    let names: Vec<(&str, &str)> = api
        .operations
        .iter()
        .map(|op| (op.method_name.as_str(), op.type_name.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("get_thing", "GetThing"),
            ("get_thing_2", "GetThing2"),
            ("get_thing2", "GetThing22"),
        ]
    );
}

#[test]
fn other_documents_are_named_after_their_operation_ids() {
    // Not Graph (no Graph server, no `microsoft.graph` schemas): no cmdlet, no verb
    // mapping, no singular, the operationId in snake case; the first tag is the module;
    // without an operationId, method and path.
    let api = lower_yaml(
        "\
openapi: 3.0.4
info: {title: Swagger Petstore, version: '1'}
servers: [{url: 'http://petstore.swagger.io/api'}]
paths:
  /pets:
    get:
      operationId: findPets
      tags: [pets]
      responses: {'204': {description: ok}}
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, format: int64}}
    get:
      operationId: find pet by id
      responses: {'204': {description: ok}}
    delete:
      operationId: deletePet
      responses: {'204': {description: ok}}
    put:
      responses: {'204': {description: ok}}
",
    );
    let names: Vec<(&str, Option<&str>, &str)> = api
        .operations
        .iter()
        .map(|op| {
            (
                op.method_name.as_str(),
                op.cmdlet.as_deref(),
                op.module.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            ("find_pets", None, "pets"),
            ("find_pet_by_id", None, "pets"),
            ("put_pets_by_id", None, "pets"),
            ("delete_pet", None, "pets"),
        ]
    );
    assert_eq!(api.identity.name, "SwaggerPetstoreIdentity");
    assert_eq!(api.names.cmdlet_prefix, None);
}

#[test]
fn big_modules_are_cut_by_their_next_segment() {
    // `things`: 610 operations, over the 500 of one module: the `alpha` (400) and `gamma`
    // (30) branches become modules, the 180 one-operation branches stay. `big`: 600
    // operations with no branch of 25, cut into parts in path order.
    let mut doc = String::from(
        "openapi: 3.0.4\ninfo: {title: Cuts, version: '1'}\nservers: [{url: 'https://cuts.example.com'}]\npaths:\n",
    );
    let mut add = |path: String, id: String| {
        doc.push_str(&format!(
            "  {path}:\n    get:\n      operationId: {id}\n      parameters: [{{name: thing-id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'204': {{description: ok}}}}\n"
        ));
    };
    for i in 0..400 {
        add(
            format!("/things/{{thing-id}}/alpha/p{i}"),
            format!("alpha{i}"),
        );
    }
    for i in 0..180 {
        add(format!("/things/{{thing-id}}/beta{i}"), format!("beta{i}"));
    }
    for i in 0..30 {
        add(
            format!("/things/{{thing-id}}/gamma/q{i}"),
            format!("gamma{i}"),
        );
    }
    for i in 0..600 {
        add(format!("/big/{{thing-id}}/x{i:03}"), format!("big{i}"));
    }
    let api = lower_yaml(&doc);
    let mut sizes = std::collections::BTreeMap::new();
    for op in &api.operations {
        *sizes.entry(op.module.as_str()).or_insert(0) += 1;
    }
    let sizes: Vec<(&str, usize)> = sizes.into_iter().collect();
    assert_eq!(
        sizes,
        [
            ("big", 500),
            ("big_2", 100),
            ("things", 180),
            ("things_alpha", 400),
            ("things_gamma", 30)
        ]
    );
    let module = |id: &str| {
        api.operations
            .iter()
            .find(|op| op.operation_id.as_deref() == Some(id))
            .map(|op| op.module.as_str())
    };
    // Path order: the first 500 paths keep the name.
    assert_eq!(module("big499"), Some("big"));
    assert_eq!(module("big500"), Some("big_2"));
    let traits: Vec<&str> = api.groups.iter().map(|g| g.trait_name.as_str()).collect();
    assert!(traits.contains(&"ThingsAlphaOperations"), "{traits:?}");
}

#[test]
fn unions_take_the_rule_that_tells_their_alternatives_apart() {
    use crate::ir::{JsonKind, Tagging, UnionKey};
    let api = lower_yaml(include_str!("../../../tests/specs/unions.yaml"));
    let union = |name: &str| match &api.models.iter().find(|m| m.name == name).unwrap().kind {
        ModelKind::Union(u) => u.clone(),
        other => panic!("{name}: {other:?}"),
    };
    let keys = |name: &str| -> Vec<(String, UnionKey)> {
        union(name)
            .variants
            .into_iter()
            .map(|v| (v.name, v.key))
            .collect()
    };
    let tag = |t: &str| UnionKey::Tag(t.to_owned());
    assert_eq!(
        union("Shape").tagging,
        Tagging::Internal {
            property: "kind".into()
        }
    );
    assert_eq!(
        keys("Shape"),
        [
            ("Round".into(), tag("round")),
            ("Square".into(), tag("square"))
        ]
    );
    // No mapping: the schemas' names are the tags.
    assert_eq!(
        keys("Named"),
        [
            ("Circle".into(), tag("Circle")),
            ("Square".into(), tag("Square"))
        ]
    );
    assert_eq!(
        union("Event").tagging,
        Tagging::Internal {
            property: "type".into()
        }
    );
    assert_eq!(union("Outcome").tagging, Tagging::External);
    assert_eq!(union("IntOrString").tagging, Tagging::ByJsonKind);
    assert_eq!(
        keys("IntOrString")[3],
        ("Circle".into(), UnionKey::Kind(JsonKind::Object))
    );
    // One-value string enums are an enum; two strings are no union a rule tells apart.
    let color = api.models.iter().find(|m| m.name == "Color").unwrap();
    assert!(matches!(color.kind, ModelKind::Enum(_)));
    assert!(!api.models.iter().any(|m| m.name == "Either"));
    assert_eq!(api.unsupported.len(), 1);
}
