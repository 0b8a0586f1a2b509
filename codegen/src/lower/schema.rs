//! Lowering schemas into models and type references.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::Path;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::sensitivity;
use super::unions::{self, Part, Plan};
use crate::diagnostics::{Error, Result, pointer};
use crate::ir::{
    Docs, Enum, Field, FloatWidth, IntWidth, Model, ModelKind, Struct, Tagging, TypeRef, Union,
    UnionKey, UnionVariant, Unsupported, Variant,
};
use crate::naming;
use crate::naming::scope::Scope;
use crate::resolve::Resolver;

/// Whether a struct with these fields derives `Default`: only when none is required. A
/// required property has a value the caller must choose (`code` and `message` of an
/// error); a default would send an empty string or zero for it without a word, so such a
/// struct is built with all its required fields named.
pub fn derives_default(fields: &[Field]) -> bool {
    !fields.iter().any(|f| f.required)
}

/// The property naming a value's concrete type in an inheritance chain.
const ODATA_TYPE: &str = "@odata.type";

/// Deepest schema nesting followed (inline schemas and `allOf` chains); deeper is an error.
const MAX_DEPTH: usize = 64;

/// Lowers the schemas an API uses, component by component, on demand.
pub struct Schemas<'a> {
    file: &'a Path,
    resolver: &'a Resolver<'a>,
    components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
    /// Rust name of every component schema, decided up front.
    names: BTreeMap<&'a str, String>,
    /// The `models` scope: every model name in use.
    taken: Scope,
    /// Components lowered, queued or being lowered.
    started: BTreeSet<&'a str>,
    /// Components referenced but not lowered yet. Lowering drains this queue in a loop
    /// instead of recursing from one model into the next: a chain of schemas, each first
    /// met inside the previous one, is as long as the document makes it, and recursion
    /// along it would be bounded only by the stack.
    pending: VecDeque<(&'a str, &'a Schema, String)>,
    /// Named non-object schemas (arrays, `anyOf` wrappers, aliases) being inlined, in
    /// order: one met again refers to itself with no struct in between.
    inlining: Vec<&'a str>,
    models: BTreeMap<String, Model>,
    /// Where lowering fell back on a looser type.
    unsupported: Vec<Unsupported>,
}

impl<'a> Schemas<'a> {
    /// Prepares to lower the schemas of `api`, naming every component schema.
    pub fn new(
        file: &'a Path,
        resolver: &'a Resolver<'a>,
        components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
        reserved: &[&str],
    ) -> Result<Self> {
        let mut short: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        for key in components.keys() {
            short.entry(naming::type_name(key)).or_default().push(key);
        }
        let mut names = BTreeMap::new();
        let mut taken = Scope::pascal().reserving(reserved.iter().copied());
        let mut owner: BTreeMap<String, &str> = BTreeMap::new();
        for (name, keys) in &short {
            for key in keys {
                let rust = if keys.len() == 1 && !taken.contains(name) {
                    name.clone()
                } else {
                    naming::qualified_type_name(key)
                };
                if let Some(other) = owner.get(&rust) {
                    return Err(Error::spec(
                        file,
                        pointer(["components", "schemas", key]),
                        format!("schemas {other:?} and {key:?} both map to the Rust name {rust}"),
                    ));
                }
                if reserved.contains(&rust.as_str()) {
                    return Err(Error::spec(
                        file,
                        pointer(["components", "schemas", key]),
                        format!(
                            "schema {key:?} maps to the Rust name {rust}, which the generated crate reserves"
                        ),
                    ));
                }
                owner.insert(rust.clone(), key);
                taken.claim(rust.clone());
                names.insert(*key, rust);
            }
        }
        Ok(Schemas {
            file,
            resolver,
            components,
            names,
            taken,
            started: BTreeSet::new(),
            pending: VecDeque::new(),
            inlining: Vec::new(),
            models: BTreeMap::new(),
            unsupported: Vec::new(),
        })
    }

    /// The models lowered so far, sorted by name, and the fallbacks taken.
    pub fn into_parts(self) -> (Vec<Model>, Vec<Unsupported>) {
        (self.models.into_values().collect(), self.unsupported)
    }

    /// Records a fallback: the construct at `at` is expressed less exactly than described.
    pub fn unsupported(&mut self, at: &str, reason: impl Into<String>) {
        self.unsupported.push(Unsupported {
            at: at.to_owned(),
            reason: reason.into(),
        });
    }

    /// The model lowered under `name`, if any.
    pub fn model_named(&self, name: &str) -> Option<&Model> {
        self.models.get(name)
    }

    /// Claims a name for an inline model, numbering it if taken.
    pub fn claim_name(&mut self, wanted: String) -> String {
        self.taken.claim(wanted)
    }

    /// The type for a schema or reference; inline objects and enums become models named
    /// after `hint`.
    pub fn type_of(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        hint: &str,
        at: &str,
    ) -> Result<TypeRef> {
        let ty = match schema {
            ReferenceOr::Reference { reference } => self.type_of_ref(reference, at, 0)?,
            ReferenceOr::Item(schema) => self.type_of_item(schema, None, hint, at, 0)?,
        };
        self.drain()?;
        Ok(ty)
    }

    /// Lowers every queued component, and those they reference in turn.
    fn drain(&mut self) -> Result<()> {
        while let Some((key, schema, name)) = self.pending.pop_front() {
            let at = pointer(["components", "schemas", key]);
            let model = self.model(schema, key, name.clone(), &at, 0)?;
            self.models.insert(name, model);
        }
        Ok(())
    }

    fn type_of_boxed(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        hint: &str,
        at: &str,
        depth: usize,
    ) -> Result<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.type_of_ref(reference, at, depth),
            ReferenceOr::Item(schema) => self.type_of_item(schema, None, hint, at, depth + 1),
        }
    }

    fn type_of_ref(&mut self, reference: &str, at: &str, depth: usize) -> Result<TypeRef> {
        let key = self.resolver.ref_name(reference, "schemas", at)?;
        let (key, target) = self
            .components
            .get_key_value(key)
            .ok_or_else(|| self.resolver.dangling(reference, at))?;
        let target_at = pointer(["components", "schemas", key]);
        let schema = match target {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { .. } => self.resolver.schema(target, &target_at)?.0,
        };
        if !needs_model(schema, true) && unions::plan(self.resolver, schema, &target_at)?.is_none()
        {
            // Inlined where used: `A: {type: array, items: {$ref: A}}` would be inlined
            // forever. JSON can hold it (`[[[]]]`), a Rust type alias cannot.
            if self.inlining.iter().any(|k| k == key) {
                self.unsupported(
                    &target_at,
                    format!(
                        "schema {key:?} contains itself with no object in between (through {}); typed as serde_json::Value",
                        self.inlining.join(" -> ")
                    ),
                );
                return Ok(TypeRef::Json);
            }
            self.inlining.push(key);
            let ty = self.type_of_item(schema, Some(key), key, &target_at, depth + 1);
            self.inlining.pop();
            return ty;
        }
        let name = self.names[key.as_str()].clone();
        if self.started.insert(key) {
            self.pending.push_back((key, schema, name.clone()));
        }
        Ok(named(name, schema))
    }

    fn type_of_item(
        &mut self,
        schema: &'a Schema,
        component: Option<&str>,
        hint: &str,
        at: &str,
        depth: usize,
    ) -> Result<TypeRef> {
        if depth > MAX_DEPTH {
            return Err(Error::spec(self.file, at, "schema nesting is too deep"));
        }
        if needs_model(schema, false) || unions::plan(self.resolver, schema, at)?.is_some() {
            let name = self.claim_name(naming::pascal_keep_case(hint));
            let model = self.model(schema, component.unwrap_or(hint), name.clone(), at, depth)?;
            self.models.insert(name.clone(), model);
            return Ok(named(name, schema));
        }
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                // Binary inside JSON is a string; binary bodies are decided by media type.
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::String,
                VariantOrUnknownOrEmpty::Item(StringFormat::Password) => TypeRef::Secret,
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Unknown(f) => string_format(f),
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Integer(i)) => TypeRef::Int(int_width(&i.format)),
            SchemaKind::Type(Type::Number(n)) => number_type(&n.format),
            SchemaKind::Type(Type::Array(a)) => match &a.items {
                Some(items) => {
                    let item_hint = format!("{hint}Item");
                    let items_at = format!("{at}/items");
                    TypeRef::Vec(Box::new(
                        self.type_of_boxed(items, &item_hint, &items_at, depth)?,
                    ))
                }
                None => TypeRef::Vec(Box::new(TypeRef::Json)),
            },
            // Graph writes `additionalProperties: {type: object}` on open types whose extra
            // members are of any JSON type, so an object without properties is a JSON map.
            SchemaKind::Type(Type::Object(_)) => TypeRef::Map(Box::new(TypeRef::Json)),
            SchemaKind::AnyOf { any_of: parts } | SchemaKind::OneOf { one_of: parts } => {
                match single_non_null(parts) {
                    Some(part) => self.type_of_part(part, hint, at, depth)?,
                    None => {
                        self.unsupported(
                            at,
                            "anyOf/oneOf of several schemas is typed as serde_json::Value",
                        );
                        TypeRef::Json
                    }
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.type_of_part(&all_of[0], hint, at, depth)?
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => TypeRef::String,
                Some("boolean") => TypeRef::Bool,
                Some("integer") => TypeRef::Int(IntWidth::I64),
                Some("number") => TypeRef::Float(FloatWidth::F64),
                // No type and nothing else: any JSON value, exactly as described.
                None if any.one_of.is_empty() && any.any_of.is_empty() && any.not.is_none() => {
                    TypeRef::Json
                }
                _ => {
                    self.unsupported(
                        at,
                        "a schema mixing type keywords is typed as serde_json::Value",
                    );
                    TypeRef::Json
                }
            },
            _ => {
                self.unsupported(at, "this schema form is typed as serde_json::Value");
                TypeRef::Json
            }
        })
    }

    fn type_of_part(
        &mut self,
        part: &'a ReferenceOr<Schema>,
        hint: &str,
        at: &str,
        depth: usize,
    ) -> Result<TypeRef> {
        match part {
            ReferenceOr::Reference { reference } => self.type_of_ref(reference, at, depth),
            ReferenceOr::Item(schema) => self.type_of_item(schema, None, hint, at, depth + 1),
        }
    }

    fn model(
        &mut self,
        schema: &'a Schema,
        origin: &str,
        name: String,
        at: &str,
        depth: usize,
    ) -> Result<Model> {
        let docs = schema_docs(schema);
        let kind = match string_enum(schema) {
            Some(members) => ModelKind::Enum(enum_model(members, is_flags(schema))),
            None => match unions::plan(self.resolver, schema, at)? {
                Some(plan) => ModelKind::Union(self.union_model(plan, &name, at, depth)?),
                None => ModelKind::Struct(self.struct_model(schema, &name, origin, at, depth)?),
            },
        };
        Ok(Model {
            name,
            origin: origin.to_owned(),
            docs,
            kind,
            // Decided once every operation is lowered (`super::features`).
            features: Vec::new(),
        })
    }

    /// A union's variants: each named after its tag, property or JSON type (claimed in the
    /// enum's scope), typed from its alternative; an inline alternative is a model named
    /// `{Union}{Variant}`.
    fn union_model(&mut self, plan: Plan<'a>, name: &str, at: &str, depth: usize) -> Result<Union> {
        let (tagging, parts): (Tagging, Vec<(UnionKey, Part<'a>)>) = match plan {
            Plan::Internal { property, parts } => (
                Tagging::Internal { property },
                parts
                    .into_iter()
                    .map(|(v, p)| (UnionKey::Tag(v), p))
                    .collect(),
            ),
            Plan::External { parts } => (
                Tagging::External,
                parts
                    .into_iter()
                    .map(|(v, p)| (UnionKey::Tag(v), p))
                    .collect(),
            ),
            Plan::ByJsonKind { parts } => (
                Tagging::ByJsonKind,
                parts
                    .into_iter()
                    .map(|(k, p)| (UnionKey::Kind(k), p))
                    .collect(),
            ),
        };
        let mut taken = Scope::pascal().reserving(["UnknownValue"]);
        let mut variants = Vec::with_capacity(parts.len());
        for (i, (key, part)) in parts.into_iter().enumerate() {
            let wanted = match (&key, part) {
                (UnionKey::Tag(tag), _) => naming::variant_name(tag),
                (UnionKey::Kind(_), Part::Whole(ReferenceOr::Reference { reference })) => {
                    naming::type_name(reference.rsplit('/').next().unwrap_or(reference))
                }
                (UnionKey::Kind(kind), _) => naming::variant_name(&format!("{kind:?}")),
            };
            let variant = taken.claim(wanted);
            let hint = format!("{name}{variant}");
            let part_at = format!("{at}/{i}");
            let (ty, docs) = match part {
                Part::Whole(part) => {
                    let docs = part
                        .as_item()
                        .and_then(|s| s.schema_data.description.clone());
                    (self.type_of_part(part, &hint, &part_at, depth)?, docs)
                }
                Part::Property(value) => (self.type_of_boxed(value, &hint, &part_at, depth)?, None),
            };
            variants.push(UnionVariant {
                name: variant,
                key,
                ty,
                docs,
            });
        }
        Ok(Union {
            tagging,
            variants,
            other_variant: "UnknownValue".to_owned(),
        })
    }

    fn struct_model(
        &mut self,
        schema: &'a Schema,
        name: &str,
        origin: &str,
        at: &str,
        depth: usize,
    ) -> Result<Struct> {
        let mut props = Vec::new();
        let mut additional = false;
        let mut visited = BTreeSet::new();
        self.collect_properties(schema, at, &mut props, &mut additional, &mut visited, depth)?;
        let mut fields = Vec::with_capacity(props.len());
        let mut field_names = Scope::snake().reserving(["additional_properties"]);
        let mut seen_wire = BTreeSet::new();
        for (wire, prop, required, prop_at) in props {
            if !seen_wire.insert(wire) {
                continue; // a derived schema restating an inherited property
            }
            let hint = format!("{name}{}", naming::pascal_keep_case(wire));
            let mut ty = self.type_of_boxed(prop, &hint, &prop_at, depth)?;
            let (nullable, format, docs) = property_facts(self.resolver, prop, &prop_at)?;
            if ty == TypeRef::String && sensitivity::is_secret(origin_short(origin), wire, format) {
                ty = TypeRef::Secret;
            }
            fields.push(Field {
                name: field_names.claim(naming::snake_ident(wire)),
                wire_name: wire.to_owned(),
                ty,
                required: required && !nullable,
                boxed: false,
                docs,
            });
        }
        // A type that inherits (`allOf` with a base) is one of several a value can be, and
        // Graph names which in `@odata.type`: such structs always carry it, declared or not.
        let derived = matches!(&schema.schema_kind, SchemaKind::AllOf { all_of } if all_of.len() > 1)
            || matches!(&schema.schema_kind, SchemaKind::Any(any) if !any.all_of.is_empty());
        if derived && !fields.iter().any(|f| f.wire_name == ODATA_TYPE) {
            fields.insert(
                0,
                Field {
                    name: field_names.claim(naming::snake_ident(ODATA_TYPE)),
                    wire_name: ODATA_TYPE.to_owned(),
                    ty: TypeRef::String,
                    required: false,
                    boxed: false,
                    docs: Docs {
                        description: Some(
                            "The OData type of the value (`#microsoft.graph.application`): which \
                             type of the inheritance chain it is."
                                .to_owned(),
                        ),
                        ..Docs::default()
                    },
                },
            );
        }
        Ok(Struct {
            additional_properties: additional || fields.is_empty(),
            derives_default: derives_default(&fields),
            fields,
        })
    }

    /// Gathers the properties of each `allOf` part in order; a component inherited twice
    /// (or in a cycle) is an error at the part that repeats it.
    fn collect_all_of(
        &self,
        parts: &'a [ReferenceOr<Schema>],
        at: &str,
        out: &mut Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, bool, String)>,
        additional: &mut bool,
        visited: &mut BTreeSet<&'a str>,
        depth: usize,
    ) -> Result<()> {
        for (i, part) in parts.iter().enumerate() {
            let part_at = format!("{at}/allOf/{i}");
            let (part_schema, key) = self.resolver.schema(part, &part_at)?;
            if let Some(key) = key
                && !visited.insert(key)
            {
                return Err(Error::spec(
                    self.file,
                    part_at,
                    format!("allOf inherits from {key:?} twice or in a cycle"),
                ));
            }
            let base_at = key.map_or(part_at, |k| pointer(["components", "schemas", k]));
            self.collect_properties(part_schema, &base_at, out, additional, visited, depth + 1)?;
        }
        Ok(())
    }

    /// Gathers the properties of `schema`, following `allOf` parts (inherited first).
    fn collect_properties(
        &self,
        schema: &'a Schema,
        at: &str,
        out: &mut Vec<(&'a str, &'a ReferenceOr<Box<Schema>>, bool, String)>,
        additional: &mut bool,
        visited: &mut BTreeSet<&'a str>,
        depth: usize,
    ) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Error::spec(self.file, at, "allOf chain is too deep"));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for (wire, prop) in &o.properties {
                    let prop_at = format!("{at}/properties/{}", escape(wire));
                    out.push((wire, prop, o.required.contains(wire), prop_at));
                }
                if !matches!(
                    o.additional_properties,
                    Some(AdditionalProperties::Any(false))
                ) {
                    *additional |= o.additional_properties.is_some();
                }
            }
            SchemaKind::AllOf { all_of } => {
                self.collect_all_of(all_of, at, out, additional, visited, depth)?;
            }
            SchemaKind::Any(any) => {
                for (wire, prop) in &any.properties {
                    let prop_at = format!("{at}/properties/{}", escape(wire));
                    out.push((wire, prop, any.required.contains(wire), prop_at));
                }
                *additional |= any.additional_properties.is_some();
                self.collect_all_of(&any.all_of, at, out, additional, visited, depth)?;
            }
            _ => {}
        }
        Ok(())
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn origin_short(origin: &str) -> &str {
    origin.rsplit('.').next().unwrap_or(origin)
}

/// Whether a schema becomes a named model (an object with properties, an `allOf`
/// composition, or a string enum) rather than a plain Rust type. A component object
/// without properties is a model too (a named open type, such as `InnerError`).
fn needs_model(schema: &Schema, component: bool) -> bool {
    if string_enum(schema).is_some() {
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty() || component,
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::Any(any) => !any.properties.is_empty() || !any.all_of.is_empty(),
        _ => false,
    }
}

/// The members of a string enum, if `schema` is one.
fn string_enum(schema: &Schema) -> Option<Vec<(String, Option<String>)>> {
    let members: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            s.enumeration.iter().flatten().cloned().collect()
        }
        SchemaKind::Any(any) if !any.enumeration.is_empty() => any
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        // `oneOf` of string enums, often of one value each with its own description
        // (Dropshot's documented enums): one enum of all their values.
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
            let mut members = Vec::new();
            for part in parts {
                let part = part.as_item()?;
                let SchemaKind::Type(Type::String(s)) = &part.schema_kind else {
                    return None;
                };
                if s.enumeration.is_empty() {
                    return None;
                }
                let doc = (s.enumeration.len() == 1)
                    .then(|| part.schema_data.description.clone())
                    .flatten();
                for value in s.enumeration.iter().flatten() {
                    if !members.iter().any(|(m, _): &(String, _)| m == value) {
                        members.push((value.clone(), doc.clone()));
                    }
                }
            }
            return (!members.is_empty()).then_some(members);
        }
        _ => return None,
    };
    let value_docs = enum_value_docs(schema);
    Some(
        members
            .into_iter()
            .map(|m| {
                let doc = value_docs.get(&m).cloned();
                (m, doc)
            })
            .collect(),
    )
}

/// Per-value descriptions from `x-ms-enum.values`.
fn enum_value_docs(schema: &Schema) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let values = schema
        .schema_data
        .extensions
        .get("x-ms-enum")
        .and_then(|e| e.get("values"))
        .and_then(|v| v.as_array());
    for value in values.into_iter().flatten() {
        if let (Some(v), Some(d)) = (
            value.get("value").and_then(|v| v.as_str()),
            value.get("description").and_then(|d| d.as_str()),
        ) {
            out.insert(v.to_owned(), d.to_owned());
        }
    }
    out
}

fn enum_model(members: Vec<(String, Option<String>)>, flags: bool) -> Enum {
    let mut taken = Scope::pascal();
    let variants: Vec<Variant> = members
        .into_iter()
        .map(|(wire, docs)| Variant {
            name: taken.claim(naming::variant_name(&wire)),
            wire,
            docs,
        })
        .collect();
    let other_variant = taken.claim("UnknownValue".to_owned());
    Enum {
        variants,
        other_variant,
        flags,
    }
}

/// Whether a schema is a flags enum: `x-ms-enum-flags: {isFlags: true}`.
fn is_flags(schema: &Schema) -> bool {
    schema
        .schema_data
        .extensions
        .get("x-ms-enum-flags")
        .and_then(|f| f.get("isFlags"))
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

/// The type of a named model: a flags enum is used as a set of its members.
fn named(name: String, schema: &Schema) -> TypeRef {
    if is_flags(schema) && string_enum(schema).is_some() {
        TypeRef::Flags(name)
    } else {
        TypeRef::Named(name)
    }
}

/// String formats OpenAPI leaves open, as Graph uses them. `base64url` stays a `String`:
/// Graph fills such properties with standard base64 as often as with base64url, and
/// passing the text through unchanged never loses or rewrites a value.
fn string_format(format: &str) -> TypeRef {
    match format {
        "uuid" => TypeRef::Uuid,
        "date-time" => TypeRef::DateTime,
        "date" => TypeRef::Date,
        "time" => TypeRef::Time,
        "duration" => TypeRef::Duration,
        _ => TypeRef::String,
    }
}

fn single_non_null(parts: &[ReferenceOr<Schema>]) -> Option<&ReferenceOr<Schema>> {
    let mut real = parts.iter().filter(|p| !is_null_placeholder(p));
    let first = real.next()?;
    real.next().is_none().then_some(first)
}

/// `{type: object, nullable: true}` with nothing else: the 3.0.4 way of saying "or null".
pub(super) fn is_null_placeholder(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(s) => {
            s.schema_data.nullable
                && match &s.schema_kind {
                    SchemaKind::Type(Type::Object(o)) => o.properties.is_empty(),
                    SchemaKind::Any(a) => a.properties.is_empty() && a.enumeration.is_empty(),
                    _ => false,
                }
        }
        ReferenceOr::Reference { .. } => false,
    }
}

fn int_width(format: &VariantOrUnknownOrEmpty<IntegerFormat>) -> IntWidth {
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => IntWidth::I32,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "int16" => IntWidth::I16,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "int8" || f == "uint8" => IntWidth::I16,
        _ => IntWidth::I64,
    }
}

/// Newer Graph documents write integers as `type: number` with an integer format.
fn number_type(format: &VariantOrUnknownOrEmpty<NumberFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::Float(FloatWidth::F32),
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "int32" => TypeRef::Int(IntWidth::I32),
            "int64" => TypeRef::Int(IntWidth::I64),
            "int16" | "int8" | "uint8" => TypeRef::Int(IntWidth::I16),
            _ => TypeRef::Float(FloatWidth::F64),
        },
        _ => TypeRef::Float(FloatWidth::F64),
    }
}

/// Documentation of a schema: its description, or else its title.
pub fn schema_docs(schema: &Schema) -> Docs {
    let description = schema.schema_data.description.clone();
    Docs {
        summary: description
            .is_none()
            .then(|| schema.schema_data.title.clone())
            .flatten(),
        description,
        external: schema
            .schema_data
            .external_docs
            .as_ref()
            .map(|d| (d.description.clone(), d.url.clone())),
    }
}

/// Nullability, string format and docs of a property.
fn property_facts<'a>(
    resolver: &Resolver<'a>,
    prop: &'a ReferenceOr<Box<Schema>>,
    at: &str,
) -> Result<(bool, Option<&'a str>, Docs)> {
    let (schema, key) = resolver.boxed_schema(prop, at)?;
    let format = match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Unknown(f) => Some(f.as_str()),
            VariantOrUnknownOrEmpty::Item(StringFormat::Password) => Some("password"),
            _ => None,
        },
        _ => None,
    };
    let nullable = schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::AnyOf { any_of: parts } | SchemaKind::OneOf { one_of: parts } => {
                parts.iter().any(is_null_placeholder)
            }
            _ => false,
        };
    let mut docs = Docs {
        summary: None,
        description: schema.schema_data.description.clone(),
        external: None,
    };
    if key.is_some() && docs.description.is_none() {
        docs.description = schema.schema_data.title.clone();
    }
    // 3.0.4's nullable reference, `anyOf: [$ref, {nullable: true}]`, documents the property
    // as the lone `$ref` of 3.0.1 does: from the referenced schema.
    if docs.description.is_none()
        && let SchemaKind::AnyOf { any_of: parts } | SchemaKind::OneOf { one_of: parts } =
            &schema.schema_kind
        && let Some(part @ ReferenceOr::Reference { .. }) = single_non_null(parts)
    {
        let (target, _) = resolver.schema(part, at)?;
        docs.description = target
            .schema_data
            .description
            .clone()
            .or_else(|| target.schema_data.title.clone());
    }
    Ok((nullable, format, docs))
}
