//! A crate's public API read from its rustdoc JSON, and what breaks between two versions:
//! the Rust-side check that `semver_agreement.rs` holds `cargo xtask diff`'s classes
//! against. It knows nothing of Graph or of the generator: it reads what rustdoc says the
//! compiled crate exposes.
//!
//! The JSON is read as untyped `serde_json::Value`, by the few fields used here (`index`,
//! `root`, items' `name`, `visibility`, `attrs`, `inner`), so a toolchain whose rustdoc
//! JSON format moves on in other places still reads. Types are compared as their JSON with
//! the crate-local `id`s removed (ids differ between two builds; the paths do not).
//!
//! What counts as breaking (code that compiled against the older crate may not compile
//! against the newer one), the rules of the Rust API evolution RFC that a generated crate
//! can meet:
//! - a public item (or re-export) removed, or its kind changed;
//! - a function's or method's signature changed (parameter types, result, generics);
//! - a struct field removed or retyped; a field added to a struct a caller can build with a
//!   literal (every field public, not `#[non_exhaustive]`); a struct made non-exhaustive;
//! - an enum variant removed or changed; a variant added to an exhaustive enum; an enum
//!   made non-exhaustive;
//! - a trait's method removed or changed; a method without a default added to a trait a
//!   caller can implement (not sealed: sealed means a supertrait outside the public API,
//!   or a blanket `impl<T> Trait for T`);
//! - an inherent method removed or changed; a trait implementation removed (`Default`,
//!   `Clone`, ...); a type alias or constant retyped.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

/// What one public item offers, as far as breaking changes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A struct: its public fields by name (type), whether a literal can build it, its
    /// inherent methods (signature) and the traits it implements.
    Struct {
        /// Public field name to type.
        fields: BTreeMap<String, String>,
        /// Every field public, none hidden, not `#[non_exhaustive]`.
        constructible: bool,
        /// Inherent method name to signature.
        methods: BTreeMap<String, String>,
        /// Implemented traits (explicit impls, not auto traits or blanket impls).
        traits: BTreeSet<String>,
    },
    /// An enum: its variants (shape), exhaustiveness, methods and traits.
    Enum {
        /// Variant name to its shape.
        variants: BTreeMap<String, String>,
        /// Not `#[non_exhaustive]` and no hidden variant.
        exhaustive: bool,
        /// Inherent method name to signature.
        methods: BTreeMap<String, String>,
        /// Implemented traits.
        traits: BTreeSet<String>,
    },
    /// A trait: its methods (signature, whether it has a default) and whether outside code
    /// can implement it.
    Trait {
        /// Method name to (signature, has a default body).
        methods: BTreeMap<String, (String, bool)>,
        /// No implementation can be written outside the crate.
        sealed: bool,
    },
    /// A free function, by signature.
    Function(String),
    /// A type alias, by what it names.
    TypeAlias(String),
    /// A constant or static, by type.
    Constant(String),
    /// A re-export (`pub use`), by its source.
    Reexport(String),
    /// A module.
    Module,
}

impl Item {
    fn kind(&self) -> &'static str {
        match self {
            Item::Struct { .. } => "struct",
            Item::Enum { .. } => "enum",
            Item::Trait { .. } => "trait",
            Item::Function(_) => "function",
            Item::TypeAlias(_) => "type alias",
            Item::Constant(_) => "constant",
            Item::Reexport(_) => "re-export",
            Item::Module => "module",
        }
    }
}

/// A crate's public API: item path (from the crate root, `models::User`) to item.
pub type PublicApi = BTreeMap<String, Item>;

/// One breaking change: the item it is on (its path), the member if any (a field,
/// variant, method or trait), and what happened.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Break {
    /// The item's path from the crate root.
    pub path: String,
    /// The field, variant, method or implemented trait, if the change is on one.
    pub member: Option<String>,
    /// What changed.
    pub what: String,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.member {
            Some(m) => write!(f, "{}::{}: {}", self.path, m, self.what),
            None => write!(f, "{}: {}", self.path, self.what),
        }
    }
}

/// Reads the public API from rustdoc JSON text.
pub fn read(json: &str) -> Result<PublicApi, String> {
    let doc: Value = serde_json::from_str(json).map_err(|e| format!("rustdoc JSON: {e}"))?;
    let index = doc["index"]
        .as_object()
        .ok_or("rustdoc JSON without an `index`")?;
    let root = key(&doc["root"]).ok_or("rustdoc JSON without a `root`")?;
    let mut reader = Reader {
        index,
        public: BTreeSet::new(),
        ids: BTreeSet::new(),
    };
    // Two passes: first every public item reachable from the root (what a caller can
    // name), then each item's facts, which need that set to tell sealed traits.
    reader.reach(&root, "");
    let mut api = PublicApi::new();
    for (path, id) in reader.paths() {
        if let Some(item) = reader.item(&id) {
            api.insert(path, item);
        }
    }
    Ok(api)
}

/// The breaking changes from `old` to `new`, sorted.
pub fn breaks(old: &PublicApi, new: &PublicApi) -> Vec<Break> {
    let mut out = Vec::new();
    let mut push = |path: &str, member: Option<&str>, what: String| {
        out.push(Break {
            path: path.to_owned(),
            member: member.map(str::to_owned),
            what,
        })
    };
    for (path, before) in old {
        let Some(after) = new.get(path) else {
            push(path, None, format!("{} removed", before.kind()));
            continue;
        };
        if before.kind() != after.kind() {
            push(
                path,
                None,
                format!("{} became a {}", before.kind(), after.kind()),
            );
            continue;
        }
        match (before, after) {
            (
                Item::Struct {
                    fields: f0,
                    constructible: c0,
                    methods: m0,
                    traits: t0,
                },
                Item::Struct {
                    fields: f1,
                    constructible: c1,
                    methods: m1,
                    traits: t1,
                },
            ) => {
                members(f0, f1, "field", *c0, path, &mut push);
                if *c0 && !*c1 {
                    push(path, None, "can no longer be built with a literal".into());
                }
                members(m0, m1, "method", false, path, &mut push);
                for t in t0.difference(t1) {
                    push(path, Some(t), "trait implementation removed".into());
                }
            }
            (
                Item::Enum {
                    variants: v0,
                    exhaustive: e0,
                    methods: m0,
                    traits: t0,
                },
                Item::Enum {
                    variants: v1,
                    exhaustive: e1,
                    methods: m1,
                    traits: t1,
                },
            ) => {
                members(v0, v1, "variant", *e0, path, &mut push);
                if *e0 && !*e1 {
                    push(path, None, "made non-exhaustive".into());
                }
                members(m0, m1, "method", false, path, &mut push);
                for t in t0.difference(t1) {
                    push(path, Some(t), "trait implementation removed".into());
                }
            }
            (
                Item::Trait {
                    methods: m0,
                    sealed: s0,
                },
                Item::Trait {
                    methods: m1,
                    sealed: s1,
                },
            ) => {
                for (name, (sig, _)) in m0 {
                    match m1.get(name) {
                        None => push(path, Some(name), "trait method removed".into()),
                        Some((now, _)) if now != sig => {
                            push(path, Some(name), "trait method signature changed".into())
                        }
                        _ => {}
                    }
                }
                if !*s0 {
                    for (name, (_, default)) in m1 {
                        if !m0.contains_key(name) && !default {
                            push(
                                path,
                                Some(name),
                                "method without a default added to a trait callers can implement"
                                    .into(),
                            );
                        }
                    }
                    if *s1 {
                        push(path, None, "trait sealed".into());
                    }
                }
            }
            (Item::Function(a), Item::Function(b))
            | (Item::TypeAlias(a), Item::TypeAlias(b))
            | (Item::Constant(a), Item::Constant(b))
            | (Item::Reexport(a), Item::Reexport(b))
                if a != b =>
            {
                push(path, None, format!("{} changed", before.kind()));
            }
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Members (fields, variants, methods) removed or changed; added ones too when
/// `added_breaks` (an exhaustive enum's variants, a constructible struct's fields).
fn members(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    kind: &str,
    added_breaks: bool,
    path: &str,
    push: &mut impl FnMut(&str, Option<&str>, String),
) {
    for (name, before) in old {
        match new.get(name) {
            None => push(path, Some(name), format!("{kind} removed")),
            Some(after) if after != before => push(path, Some(name), format!("{kind} changed")),
            _ => {}
        }
    }
    if added_breaks {
        for name in new.keys().filter(|n| !old.contains_key(*n)) {
            push(path, Some(name), format!("{kind} added"));
        }
    }
}

struct Reader<'a> {
    index: &'a serde_json::Map<String, Value>,
    /// (path, id) of every public item reached from the root.
    public: BTreeSet<(String, String)>,
    /// Their ids.
    ids: BTreeSet<String>,
}

impl<'a> Reader<'a> {
    fn get(&self, id: &str) -> Option<&'a Value> {
        self.index.get(id)
    }

    /// Records every public item of the module `id` (at `prefix`), recursively.
    fn reach(&mut self, id: &str, prefix: &str) {
        let Some(module) = self.get(id) else { return };
        let Some(items) = module["inner"]["module"]["items"].as_array() else {
            return;
        };
        for child in items.iter().filter_map(key) {
            let Some(item) = self.get(&child) else {
                continue;
            };
            if item["visibility"].as_str() != Some("public") {
                continue;
            }
            let name = match (&item["name"], &item["inner"]["use"]) {
                (_, Value::Object(u)) => {
                    let source = u.get("source").and_then(Value::as_str).unwrap_or("");
                    match u.get("name").and_then(Value::as_str) {
                        Some("_") | None => format!("_ ({source})"),
                        Some(name) if u.get("is_glob") == Some(&Value::Bool(true)) => {
                            format!("* ({source}, {name})")
                        }
                        Some(name) => name.to_owned(),
                    }
                }
                (Value::String(name), _) => name.clone(),
                _ => continue,
            };
            let path = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}::{name}")
            };
            self.public.insert((path.clone(), child.clone()));
            self.ids.insert(child.clone());
            if item["inner"].get("module").is_some() {
                self.reach(&child, &path);
            }
        }
    }

    fn paths(&self) -> Vec<(String, String)> {
        self.public.iter().cloned().collect()
    }

    fn is_public(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    fn item(&self, id: &str) -> Option<Item> {
        let item = self.get(id)?;
        let inner = item["inner"].as_object()?;
        let (kind, body) = inner.iter().next()?;
        Some(match kind.as_str() {
            "module" => Item::Module,
            "use" => Item::Reexport(body["source"].as_str().unwrap_or("").to_owned()),
            "function" => Item::Function(signature(body)),
            "type_alias" => Item::TypeAlias(canonical(body)),
            "constant" | "static" => Item::Constant(canonical(&body["type"])),
            "struct" => {
                let mut fields = BTreeMap::new();
                let mut constructible = !non_exhaustive(item);
                match &body["kind"] {
                    Value::Object(k) if k.contains_key("plain") => {
                        let plain = &k["plain"];
                        if plain["has_stripped_fields"].as_bool() == Some(true) {
                            constructible = false;
                        }
                        for field in plain["fields"].as_array().into_iter().flatten() {
                            self.field(field, &mut fields, &mut constructible);
                        }
                    }
                    Value::Object(k) if k.contains_key("tuple") => {
                        for (n, field) in k["tuple"].as_array().into_iter().flatten().enumerate() {
                            if field.is_null() {
                                constructible = false;
                                continue;
                            }
                            let mut named = BTreeMap::new();
                            self.field(field, &mut named, &mut constructible);
                            if let Some((_, ty)) = named.into_iter().next() {
                                fields.insert(n.to_string(), ty);
                            }
                        }
                    }
                    _ => {}
                }
                let (methods, traits) = self.impls(body);
                Item::Struct {
                    fields,
                    constructible,
                    methods,
                    traits,
                }
            }
            "enum" => {
                let mut variants = BTreeMap::new();
                for v in body["variants"].as_array().into_iter().flatten() {
                    let Some(variant) = key(v).and_then(|v| self.get(&v)) else {
                        continue;
                    };
                    let name = variant["name"].as_str().unwrap_or("").to_owned();
                    variants.insert(name, self.variant_shape(&variant["inner"]["variant"]));
                }
                let exhaustive =
                    !non_exhaustive(item) && body["has_stripped_variants"].as_bool() != Some(true);
                let (methods, traits) = self.impls(body);
                Item::Enum {
                    variants,
                    exhaustive,
                    methods,
                    traits,
                }
            }
            "trait" => {
                let mut methods = BTreeMap::new();
                for m in body["items"].as_array().into_iter().flatten() {
                    let Some(method) = key(m).and_then(|m| self.get(&m)) else {
                        continue;
                    };
                    let Some(function) = method["inner"].get("function") else {
                        continue;
                    };
                    let name = method["name"].as_str().unwrap_or("").to_owned();
                    let default = function["has_body"].as_bool() == Some(true);
                    methods.insert(name, (signature(function), default));
                }
                Item::Trait {
                    methods,
                    sealed: self.sealed(body),
                }
            }
            _ => return None,
        })
    }

    fn field(&self, id: &Value, fields: &mut BTreeMap<String, String>, constructible: &mut bool) {
        let Some(field) = key(id).and_then(|f| self.get(&f)) else {
            *constructible = false;
            return;
        };
        if field["visibility"].as_str() != Some("public") {
            *constructible = false;
            return;
        }
        let name = field["name"].as_str().unwrap_or("").to_owned();
        fields.insert(name, canonical(&field["inner"]["struct_field"]));
    }

    fn variant_shape(&self, variant: &Value) -> String {
        // Fields of a struct or tuple variant are ids: render their types instead.
        let mut shape = variant["kind"].clone();
        let render = |ids: &Value| -> Value {
            Value::Array(
                ids.as_array()
                    .into_iter()
                    .flatten()
                    .map(|f| {
                        key(f)
                            .and_then(|f| self.get(&f))
                            .map(|f| {
                                Value::String(format!(
                                    "{}: {}",
                                    f["name"].as_str().unwrap_or(""),
                                    canonical(&f["inner"]["struct_field"])
                                ))
                            })
                            .unwrap_or(Value::Null)
                    })
                    .collect(),
            )
        };
        if let Some(fields) = shape.get("struct").map(|s| s["fields"].clone()) {
            shape = render(&fields);
        } else if let Some(fields) = shape.get("tuple").cloned() {
            shape = render(&fields);
        }
        canonical(&shape)
    }

    /// Inherent methods and implemented traits of a struct or enum.
    fn impls(&self, body: &Value) -> (BTreeMap<String, String>, BTreeSet<String>) {
        let mut methods = BTreeMap::new();
        let mut traits = BTreeSet::new();
        for i in body["impls"].as_array().into_iter().flatten() {
            let Some(imp) = key(i).and_then(|i| self.get(&i)) else {
                continue;
            };
            let imp = &imp["inner"]["impl"];
            if imp["is_synthetic"].as_bool() == Some(true) || !imp["blanket_impl"].is_null() {
                continue;
            }
            if imp["trait"].is_null() {
                for m in imp["items"].as_array().into_iter().flatten() {
                    let Some(method) = key(m).and_then(|m| self.get(&m)) else {
                        continue;
                    };
                    if method["visibility"].as_str() != Some("public") {
                        continue;
                    }
                    if let Some(function) = method["inner"].get("function") {
                        let name = method["name"].as_str().unwrap_or("").to_owned();
                        methods.insert(name, signature(function));
                    }
                }
            } else {
                traits.insert(canonical(&imp["trait"]));
            }
        }
        (methods, traits)
    }

    /// Whether outside code cannot implement the trait: a supertrait it cannot name, or a
    /// blanket implementation for every type.
    fn sealed(&self, body: &Value) -> bool {
        let private_supertrait = body["bounds"].as_array().into_iter().flatten().any(|b| {
            let Some(id) = key(&b["trait_bound"]["trait"]["id"]) else {
                return false;
            };
            // A supertrait of this crate (in the index) that no public path reaches.
            self.get(&id)
                .is_some_and(|t| t["crate_id"].as_u64() == Some(0))
                && !self.is_public(&id)
        });
        let blanket = body["implementations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| key(i).and_then(|i| self.get(&i)))
            .any(|imp| imp["inner"]["impl"]["for"].get("generic").is_some());
        private_supertrait || blanket
    }
}

/// An id as an index key (ids are numbers in newer formats, strings in older ones).
fn key(id: &Value) -> Option<String> {
    match id {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn non_exhaustive(item: &Value) -> bool {
    item["attrs"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|a| a.to_string().contains("non_exhaustive"))
}

/// A function's signature: parameter types (not names), result, generics, header.
fn signature(function: &Value) -> String {
    let sig = &function["sig"];
    let inputs: Vec<Value> = sig["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p.get(1).cloned().unwrap_or(Value::Null))
        .collect();
    canonical(&serde_json::json!({
        "inputs": inputs,
        "output": sig["output"],
        "generics": function["generics"],
        "header": function["header"],
    }))
}

/// A JSON value without its crate-local ids, as text.
fn canonical(value: &Value) -> String {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(map) => Value::Object(
                map.iter()
                    .filter(|(k, _)| k.as_str() != "id")
                    .map(|(k, v)| (k.clone(), strip(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    strip(value).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(id: u32, name: &str, ty: &str) -> (String, Value) {
        (
            id.to_string(),
            serde_json::json!({"id": id, "crate_id": 0, "name": name, "visibility": "public",
                "attrs": [], "inner": {"struct_field": {"primitive": ty}}}),
        )
    }

    /// A crate with a root module holding `items` (id, item JSON).
    fn krate(items: Vec<(String, Value)>, root_items: &[u32]) -> String {
        let mut index = serde_json::Map::new();
        index.insert(
            "0".into(),
            serde_json::json!({"id": 0, "crate_id": 0, "name": "k", "visibility": "public",
                "attrs": [], "inner": {"module": {"is_crate": true, "items": root_items}}}),
        );
        for (id, item) in items {
            index.insert(id, item);
        }
        serde_json::json!({"root": 0, "index": index}).to_string()
    }

    fn strukt(id: u32, name: &str, fields: &[u32], non_exhaustive: bool) -> (String, Value) {
        let attrs = if non_exhaustive {
            serde_json::json!(["non_exhaustive"])
        } else {
            serde_json::json!([])
        };
        (
            id.to_string(),
            serde_json::json!({"id": id, "crate_id": 0, "name": name, "visibility": "public",
                "attrs": attrs, "inner": {"struct": {"kind": {"plain": {"fields": fields,
                "has_stripped_fields": false}}, "impls": []}}}),
        )
    }

    #[test]
    fn a_field_added_breaks_a_constructible_struct_only() {
        let old = read(&krate(
            vec![strukt(1, "S", &[2], false), field(2, "a", "u8")],
            &[1],
        ))
        .unwrap();
        let new = read(&krate(
            vec![
                strukt(1, "S", &[2, 3], false),
                field(2, "a", "u8"),
                field(3, "b", "u8"),
            ],
            &[1],
        ))
        .unwrap();
        let found = breaks(&old, &new);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].member.as_deref(), Some("b"));
        assert_eq!(found[0].what, "field added");

        let old = read(&krate(
            vec![strukt(1, "S", &[2], true), field(2, "a", "u8")],
            &[1],
        ))
        .unwrap();
        let new = read(&krate(
            vec![
                strukt(1, "S", &[2, 3], true),
                field(2, "a", "u8"),
                field(3, "b", "u8"),
            ],
            &[1],
        ))
        .unwrap();
        assert_eq!(breaks(&old, &new), Vec::new());
    }

    #[test]
    fn removed_and_retyped_items_break() {
        let old = read(&krate(
            vec![
                strukt(1, "S", &[2], true),
                field(2, "a", "u8"),
                strukt(4, "Gone", &[], false),
            ],
            &[1, 4],
        ))
        .unwrap();
        let new = read(&krate(
            vec![strukt(1, "S", &[2], true), field(2, "a", "u16")],
            &[1],
        ))
        .unwrap();
        let found: Vec<String> = breaks(&old, &new).iter().map(|b| b.to_string()).collect();
        assert_eq!(found, ["Gone: struct removed", "S::a: field changed"]);
    }

    fn tr(id: u32, methods: &[u32], bounds: Value) -> (String, Value) {
        (
            id.to_string(),
            serde_json::json!({"id": id, "crate_id": 0, "name": "T", "visibility": "public",
                "attrs": [], "inner": {"trait": {"items": methods, "bounds": bounds,
                "implementations": []}}}),
        )
    }

    fn method(id: u32, name: &str) -> (String, Value) {
        (
            id.to_string(),
            serde_json::json!({"id": id, "crate_id": 0, "name": name, "visibility": "default",
                "attrs": [], "inner": {"function": {"sig": {"inputs": [], "output": null},
                "generics": {}, "header": {}, "has_body": false}}}),
        )
    }

    #[test]
    fn a_method_added_to_a_trait_breaks_unless_the_trait_is_sealed() {
        let private =
            serde_json::json!([{"trait_bound": {"trait": {"path": "sealed::Sealed", "id": 9}}}]);
        let sealed_marker = (
            "9".to_owned(),
            serde_json::json!({"id": 9, "crate_id": 0, "name": "Sealed", "visibility": "public",
                "attrs": [], "inner": {"trait": {"items": [], "bounds": [], "implementations": []}}}),
        );
        for (bounds, expected) in [(serde_json::json!([]), 1), (private, 0)] {
            let old = read(&krate(
                vec![
                    tr(1, &[2], bounds.clone()),
                    method(2, "a"),
                    sealed_marker.clone(),
                ],
                &[1],
            ))
            .unwrap();
            let new = read(&krate(
                vec![
                    tr(1, &[2, 3], bounds),
                    method(2, "a"),
                    method(3, "b"),
                    sealed_marker.clone(),
                ],
                &[1],
            ))
            .unwrap();
            assert_eq!(breaks(&old, &new).len(), expected);
        }
    }
}
