//! Lowering of the constructs Graph uses, on small documents.

use std::path::Path;

use crate::ir::{Api, IntWidth, ModelKind, Struct, TypeRef};
use crate::load;

fn lower_yaml(text: &str) -> Api {
    let doc = load::parse(Path::new("test.yml"), text).expect("parses");
    super::lower(&doc, &super::LowerOptions::default()).expect("lowers")
}

fn fields<'a>(api: &'a Api, model: &str) -> &'a Struct {
    match &api.models.iter().find(|m| m.name == model).unwrap().kind {
        ModelKind::Struct(s) => s,
        ModelKind::Enum(_) => panic!("{model} is an enum"),
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
                - {type: number}
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
