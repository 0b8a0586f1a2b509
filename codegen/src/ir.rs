//! The intermediate model: what the generator knows about an API after lowering.
//!
//! It holds Rust names and types already decided, and nothing of OpenAPI's shape or of
//! tokens: the emitter turns it into code without looking back at the document.

pub use crate::naming::document::{DocumentNames, GraphVersion, Service};

/// Documentation taken from the description.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Docs {
    /// A one-line summary.
    pub summary: Option<String>,
    /// Longer prose.
    pub description: Option<String>,
    /// A link to reference documentation: (label, URL).
    pub external: Option<(Option<String>, String)>,
}

/// The whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    /// The document's title (`info.title`).
    pub title: String,
    /// The document's version (`info.version`).
    pub version: String,
    /// The document's own description.
    pub description: Option<String>,
    /// What the document is called: service and version, module, package, cmdlet prefix
    /// (decided from its fields, `naming::document`).
    pub names: DocumentNames,
    /// The service root, without a trailing slash: the first server's URL with its variables
    /// at their defaults; Graph's where a Graph document names none; empty for any other
    /// document that names none (the caller must give one).
    pub base_url: String,
    /// The models, sorted by Rust name.
    pub models: Vec<Model>,
    /// The operations, in document order.
    pub operations: Vec<Operation>,
    /// The query and header parameters several operations take in exactly the same form,
    /// sorted by setter: each gets one setter trait instead of a setter per operation
    /// (decided by `lower::setters::shared_params`). An operation's [`ValueParam::shared`]
    /// indexes this list.
    pub shared_params: Vec<SharedParam>,
    /// The modules of `operations` (one per first path segment, [`Operation::module`]),
    /// sorted by name.
    pub groups: Vec<Group>,
    /// The identity type gathering every path parameter.
    pub identity: Identity,
    /// The model the service's error bodies parse into, if the document names one.
    pub error_model: Option<String>,
    /// Everything lowering could not express exactly and fell back on (such as
    /// `serde_json::Value` for a schema it cannot type), in the order found. Empty for
    /// the documents the generator fully supports; `cargo xtask codegen` prints it.
    pub unsupported: Vec<Unsupported>,
}

/// One module of `operations`: the operations whose path starts with the same segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// The module name (snake case).
    pub module: String,
    /// The Cargo features that enable it: those of its operations (`lower::features`).
    pub features: Vec<String>,
    /// The name of its operation trait, whose methods start its operations on a client
    /// ([`crate::naming::group_trait_name`], numbered where taken).
    pub trait_name: String,
}

/// One place where lowering fell back on a looser type or left something out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported {
    /// The JSON pointer of the construct in the document.
    pub at: String,
    /// What was done instead, and why.
    pub reason: String,
}

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

/// A named Rust type for a schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The Rust type name.
    pub name: String,
    /// Where it comes from: the component key, or a description of the inline place.
    pub origin: String,
    /// Its documentation.
    pub docs: Docs,
    /// Its shape.
    pub kind: ModelKind,
    /// The Cargo features that enable it, sorted: those of the operations that reach it;
    /// empty (always there) for the error model and what it reaches (`lower::features`).
    pub features: Vec<String>,
}

/// The shape of a model.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// A JSON object.
    Struct(Struct),
    /// A string enumeration, open to values the service adds later.
    Enum(Enum),
    /// One of several shapes (`oneOf`/`anyOf`), told apart by a rule.
    Union(Union),
}

/// A value that is one of several shapes, and the rule that tells which.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// How a value says which shape it is.
    pub tagging: Tagging,
    /// The shapes, in the description's order.
    pub variants: Vec<UnionVariant>,
    /// The name of the variant that keeps any value no rule recognizes, as JSON.
    pub other_variant: String,
}

/// How a union's value says which of its shapes it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tagging {
    /// Internally tagged: an object whose `property` holds the variant's tag value (a
    /// `discriminator`, or a property every alternative fixes to one value).
    Internal {
        /// The tag property (`type`).
        property: String,
    },
    /// Externally tagged: an object with one property, named after the variant, holding
    /// the value (`{"ok": {...}}`).
    External,
    /// Told apart by JSON type: at most one alternative per [`JsonKind`].
    ByJsonKind,
}

/// The JSON types a value told apart by type can have (integers and numbers are one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum JsonKind {
    /// A string.
    String,
    /// A number (integer or not).
    Number,
    /// `true` or `false`.
    Boolean,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// One shape of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// What tells it: the tag value (internal), the property name (external), or the JSON
    /// type.
    pub key: UnionKey,
    /// The value's type (a model is boxed in the variant).
    pub ty: TypeRef,
    /// Its documentation.
    pub docs: Option<String>,
}

/// What tells a union's variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionKey {
    /// The value of the tag property, or the one property's name.
    Tag(String),
    /// The JSON type.
    Kind(JsonKind),
}

/// A JSON object with known properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The properties, in document order (inherited ones first).
    pub fields: Vec<Field>,
    /// Whether properties not listed are kept in a flattened map.
    pub additional_properties: bool,
    /// Whether the struct derives `Default`: only when no property is required (a default
    /// value would otherwise invent the required ones; `lower::schema::derives_default`).
    pub derives_default: bool,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust field name.
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    /// The Rust type, before `Option`.
    pub ty: TypeRef,
    /// Whether the property must be present (then it is not wrapped in `Option`).
    pub required: bool,
    /// Whether the value is boxed to break a recursive type.
    pub boxed: bool,
    /// Its documentation.
    pub docs: Docs,
}

/// A string enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The named members.
    pub variants: Vec<Variant>,
    /// The name of the variant that carries any other string.
    pub other_variant: String,
    /// Whether it is a flags enum (`x-ms-enum-flags: {isFlags: true}`): a value is then a
    /// comma-separated set of members, typed [`TypeRef::Flags`] where it is used.
    pub flags: bool,
}

/// One member of an enumeration.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The Rust variant name.
    pub name: String,
    /// The exact wire string.
    pub wire: String,
    /// Its documentation.
    pub docs: Option<String>,
}

/// A Rust type, as the emitter spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    /// `String`.
    String,
    /// A secret string (`Secret`): never printed, wiped on drop.
    Secret,
    /// `bool`.
    Bool,
    /// `i16`, `i32` or `i64`.
    Int(IntWidth),
    /// `f64` (or `f32` for `format: float`).
    Float(FloatWidth),
    /// Any JSON value.
    Json,
    /// Raw bytes (a binary stream).
    Bytes,
    /// `format: uuid`: `uuid::Uuid`.
    Uuid,
    /// `format: date-time`: `jiff::Timestamp` (an instant; Graph writes UTC, `Z`).
    DateTime,
    /// `format: date`: `jiff::civil::Date`.
    Date,
    /// `format: time`: `jiff::civil::Time`.
    Time,
    /// `format: duration` (ISO 8601, `PT1H30M`): `jiff::Span`.
    Duration,
    /// A set of members of the flags enum with this Rust name (`runtime::Flags<Name>`).
    Flags(String),
    /// A model, by Rust name.
    Named(String),
    /// A JSON array.
    Vec(Box<TypeRef>),
    /// A JSON object used as a string-keyed map.
    Map(Box<TypeRef>),
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntWidth {
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
}

/// Float widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FloatWidth {
    /// `f32`.
    F32,
    /// `f64`.
    F64,
}

/// The HTTP methods an operation can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// PATCH
    Patch,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// TRACE
    Trace,
}

impl Method {
    /// The lowercase name as OpenAPI writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Patch => "patch",
            Method::Head => "head",
            Method::Options => "options",
            Method::Trace => "trace",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The description's operationId (always there in a Graph document; optional elsewhere).
    pub operation_id: Option<String>,
    /// The Graph PowerShell cmdlet name, such as `Set-MgBetaServicePrincipalSynchronizationSecret`;
    /// `None` outside Graph ([`crate::naming::document::DocumentNames::cmdlet_prefix`]).
    pub cmdlet: Option<String>,
    /// The client method name (snake case).
    pub method_name: String,
    /// The marker type name (PascalCase, [`crate::naming::operation_type_name`]).
    pub type_name: String,
    /// The request alias's name (`{type_name}Request`, numbered where another operation's
    /// marker or alias has that name; [`crate::naming::request_alias`]).
    pub request_alias: String,
    /// The client method taking the path values from an identity object
    /// (`{method_name}_via_identity`, numbered where another method has that name;
    /// [`crate::naming::via_identity_method`]); `None` when the path has no parameters.
    pub via_identity_method: Option<String>,
    /// The trait holding the setters of the query and header parameters that are the
    /// operation's own (not [`ValueParam::shared`]; [`crate::naming::params_trait_name`],
    /// numbered where taken); `None` when it has none.
    pub params_trait: Option<String>,
    /// The trait holding the body field setters ([`Body::setters`] and
    /// `additional_property`; [`crate::naming::fields_trait_name`], numbered where taken);
    /// `None` when the body has none.
    pub fields_trait: Option<String>,
    /// The module under `operations` that holds it (snake case of the first path segment).
    pub module: String,
    /// The Cargo features that enable it, sorted: its module's name for one document; for
    /// a folder, the documents (Graph modules) that have its path (`lower::features`).
    pub features: Vec<String>,
    /// The HTTP method.
    pub method: Method,
    /// The path template as written.
    pub path: String,
    /// The path template, split for rendering.
    pub path_parts: Vec<PathPart>,
    /// The path parameters, in template order.
    pub path_params: Vec<PathParam>,
    /// The query parameters.
    pub query_params: Vec<ValueParam>,
    /// The header parameters.
    pub header_params: Vec<ValueParam>,
    /// The request body, if any.
    pub body: Option<Body>,
    /// What a 2XX answer carries.
    pub response: ResponseKind,
    /// Its documentation.
    pub docs: Docs,
    /// Deprecation notice, from `deprecated` and `x-ms-deprecation`.
    pub deprecation: Option<String>,
    /// Whether Graph wants `ConsistencyLevel: eventual` for this operation's advanced queries.
    pub eventual_consistency: bool,
    /// The permissions the operation needs, from the side file, when it lists them.
    pub permissions: Option<crate::permissions::Permissions>,
    /// For `x-ms-pageable` operations: how to find the next page in a decoded answer.
    pub pageable: Option<Pageable>,
}

impl Operation {
    /// How the docs and the runtime name the operation: its operationId, or `GET /path`
    /// where it has none.
    pub fn label(&self) -> String {
        match &self.operation_id {
            Some(id) => id.clone(),
            None => format!("{} {}", self.method.as_str().to_uppercase(), self.path),
        }
    }

    /// The query parameters, then the header parameters, with whether each is a header.
    pub fn value_params(&self) -> impl Iterator<Item = (&ValueParam, bool)> {
        self.query_params
            .iter()
            .map(|p| (p, false))
            .chain(self.header_params.iter().map(|p| (p, true)))
    }
}

/// How an `x-ms-pageable` operation links to its next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pageable {
    /// The Rust field of the response model holding the link (`odata_next_link`).
    pub next_link_field: String,
    /// Whether that field is required (then it is not an `Option`).
    pub required: bool,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text.
    Literal(String),
    /// The path parameter at this index.
    Param(usize),
    /// The path parameter at this index, inside an OData string literal.
    QuotedParam(usize),
}

/// A path parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathParam {
    /// The name in the template (`servicePrincipal-id`).
    pub wire_name: String,
    /// The argument's type: [`TypeRef::String`], or outside Graph an integer, number,
    /// boolean or enum model, written into the path as text.
    pub ty: TypeRef,
    /// The Rust argument name (`service_principal_id`).
    pub arg_name: String,
    /// The identity property, Graph PowerShell style (`ServicePrincipalId`).
    pub identity_property: String,
    /// The identity field name in Rust (`service_principal_id`).
    pub identity_field: String,
}

/// A query or header parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueParam {
    /// The name on the wire (`$filter`, `ConsistencyLevel`).
    pub wire_name: String,
    /// The setter name (`filter`, `consistency_level`): clear of the request's own
    /// methods and of the operation's other setters (`lower::setters`).
    pub setter: String,
    /// The value type.
    pub ty: TypeRef,
    /// Whether the description requires it.
    pub required: bool,
    /// Its documentation.
    pub docs: Docs,
    /// The index in [`Api::shared_params`] of the shared setter trait this parameter uses,
    /// or `None` when its setter is the operation's own.
    pub shared: Option<usize>,
}

/// A query or header parameter that several operations take in the same form: one marker
/// trait, implemented by those operations, carries its setter.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedParam {
    /// The setter name (the parameter's [`ValueParam::setter`]).
    pub setter: String,
    /// The marker trait's name (`TopParameter` for `top`; [`crate::naming::param_trait_name`],
    /// numbered where taken).
    pub trait_name: String,
    /// The name of the trait holding the setter, implemented for the requests of every
    /// operation implementing the marker trait (`TopSetter` for `top`;
    /// [`crate::naming::setter_trait_name`], numbered where taken).
    pub setter_trait: String,
    /// The parameter's form, as every operation using it has it (with `shared: None`).
    pub param: ValueParam,
    /// Whether it is a header (else a query parameter).
    pub is_header: bool,
    /// The Cargo features that enable it: those of the operations that take it.
    pub features: Vec<String>,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type.
    pub content_type: String,
    /// The Rust type.
    pub ty: TypeRef,
    /// Whether the description requires it.
    pub required: bool,
    /// Its documentation.
    pub docs: Docs,
    /// The setters of the body's fields, in the body model's field order, one per field;
    /// empty unless the body is a struct model that derives `Default` (setting a field
    /// starts from the default body). Names are clear of the request's own methods and of
    /// the operation's parameter setters (`lower::setters`).
    pub setters: Vec<FieldSetter>,
    /// Whether the requests have the `additional_property` setter: the body is a struct
    /// that derives `Default` and keeps properties it does not list.
    pub additional_property: bool,
    /// What is sent when no body was given.
    pub missing: MissingBody,
}

/// The setter of one body field on an operation's requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSetter {
    /// The field's Rust name ([`Field::name`]).
    pub field: String,
    /// The setter's name.
    pub setter: String,
}

/// What an operation sends when the caller gave no body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingBody {
    /// The body type's default value (the body is required and its type has one: for a
    /// struct, an empty object).
    Default,
    /// An error before anything is sent (the body is required, its type has no default).
    Error,
    /// No body (the body is optional, or a binary stream).
    Nothing,
}

/// What a successful answer carries.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseKind {
    /// Nothing.
    Empty,
    /// JSON of this type.
    Json {
        /// The decoded type.
        ty: TypeRef,
        /// Whether an empty body (a 204) is allowed and decodes as `None`.
        optional: bool,
    },
    /// A `text/plain` value of this type (a `$count`).
    Text(TypeRef),
    /// A binary stream.
    Bytes,
}

/// The identity type: one optional field per distinct path parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The Rust type name (`ApplicationsIdentity`).
    pub name: String,
    /// The members, sorted by property name.
    pub members: Vec<IdentityMember>,
}

/// One member of the identity type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityMember {
    /// The path parameter name (`servicePrincipal-id`).
    pub wire_name: String,
    /// The PowerShell property name (`ServicePrincipalId`).
    pub property: String,
    /// The Rust field name (`service_principal_id`).
    pub field: String,
    /// Its documentation.
    pub doc: String,
    /// The Cargo features that enable it: those of the operations whose paths have it,
    /// none (always there) when that is every feature of the crate (`lower::features`).
    pub features: Vec<String>,
}
