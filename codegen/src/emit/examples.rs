//! Example code for the rustdoc of each client method: one doctest per call style
//! (path values or identity object, times body fields or a whole body), derived from
//! the operation's parameters and body schema, so every operation gets them.

use std::collections::BTreeMap;

use crate::ir::{Model, ModelKind, Operation, TypeRef};

/// What example code needs to know beyond the operation.
pub struct Context<'a> {
    /// The generated crate's library name (`graph_beta_applications`).
    pub krate: &'a str,
    /// The identity type's name.
    pub identity: &'a str,
    /// Every model, by name.
    pub models: &'a BTreeMap<&'a str, &'a Model>,
    /// Which models implement `Default`.
    pub defaultable: &'a BTreeMap<&'a str, bool>,
}

/// The setter name of each body field, in field order (`None` when the body has no
/// fields to set one by one), and whether `additional_property` exists.
pub type FieldSetters<'a> = (Vec<(&'a crate::ir::Field, String)>, bool);

impl Context<'_> {
    /// An expression of exactly type `ty` (`None` when no simple one exists).
    fn exact(&self, ty: &TypeRef, depth: usize) -> Option<String> {
        Some(match ty {
            TypeRef::String => "\"example\".to_owned()".to_owned(),
            TypeRef::Secret => "Secret::new(\"example\")".to_owned(),
            TypeRef::Bool => "false".to_owned(),
            TypeRef::Int(_) => "1".to_owned(),
            TypeRef::Float(_) => "1.0".to_owned(),
            TypeRef::Json => "serde_json::json!({})".to_owned(),
            TypeRef::Bytes => "b\"example\".to_vec()".to_owned(),
            TypeRef::Map(_) => "Default::default()".to_owned(),
            // Typed formats and flag sets have no short literal: examples leave them out.
            TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Time
            | TypeRef::Duration
            | TypeRef::Flags(_) => return None,
            TypeRef::Vec(item) => format!("Vec::from([{}])", self.exact(item, depth + 1)?),
            TypeRef::Named(name) => {
                let model = self.models.get(name.as_str())?;
                match &model.kind {
                    ModelKind::Enum(e) => {
                        // A telling member: not a `None` placeholder when others exist.
                        let variant = e
                            .variants
                            .iter()
                            .find(|v| !v.wire.eq_ignore_ascii_case("none"))
                            .or(e.variants.first())?;
                        format!("models::{name}::{}", variant.name)
                    }
                    ModelKind::Struct(s) => {
                        if !self
                            .defaultable
                            .get(name.as_str())
                            .copied()
                            .unwrap_or(false)
                        {
                            return None;
                        }
                        // Literals two levels deep (a body and the items of its lists).
                        if depth > 1 {
                            return Some("Default::default()".to_owned());
                        }
                        let mut fields = Vec::new();
                        for field in &s.fields {
                            if depth > 0 && matches!(field.ty, TypeRef::Vec(_) | TypeRef::Map(_)) {
                                continue;
                            }
                            // A list counts one level itself (see `TypeRef::Vec` above).
                            let inner = if matches!(field.ty, TypeRef::Vec(_)) {
                                depth
                            } else {
                                depth + 1
                            };
                            let Some(mut value) = self.exact(&field.ty, inner) else {
                                continue;
                            };
                            if field.boxed {
                                value = format!("Box::new({value})");
                            }
                            if !field.required {
                                value = format!("Some({value})");
                            }
                            fields.push(format!("{}: {value}", field.name));
                        }
                        if fields.is_empty() {
                            "Default::default()".to_owned()
                        } else {
                            format!(
                                "models::{name} {{ {}, ..Default::default() }}",
                                fields.join(", ")
                            )
                        }
                    }
                }
            }
        })
    }

    /// An argument for a setter taking `ty` (see `types::setter_arg`).
    fn arg(&self, ty: &TypeRef) -> Option<String> {
        match ty {
            TypeRef::String | TypeRef::Secret => Some("\"example\"".to_owned()),
            TypeRef::Vec(item) => Some(format!("[{}]", self.exact(item, 1)?)),
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
        let krate = self.krate;
        let (method, target) = if via_identity {
            let members: Vec<String> = op
                .path_params
                .iter()
                .map(|p| format!("{}: Some(\"{}\".to_owned())", p.identity_field, p.wire_name))
                .collect();
            (
                format!("{}_via_identity", op.method_name),
                format!(
                    "let identity = {} {{ {}, ..Default::default() }};\n",
                    self.identity,
                    members.join(", ")
                ),
            )
        } else {
            (op.method_name.clone(), String::new())
        };
        let imports = if via_identity {
            format!("{}, ", self.identity)
        } else {
            String::new()
        };
        let args = if via_identity {
            "&identity".to_owned()
        } else {
            op.path_params
                .iter()
                .map(|p| format!("\"{}\"", p.wire_name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut styles: Vec<(&str, Vec<String>)> = Vec::new();
        let (fields, additional) = setters;
        let mut expanded = Vec::new();
        if let Some((field, setter)) = fields
            .iter()
            .find_map(|(f, s)| self.arg(&f.ty).map(|a| ((f, s), a)))
            .map(|((f, s), a)| (f, format!(".{s}({a})")))
        {
            let _ = field;
            expanded.push(setter);
        }
        if *additional {
            expanded.push(".additional_property(\"extra\", serde_json::json!({}))".to_owned());
        }
        if !expanded.is_empty() {
            styles.push((
                "Body fields one by one (the cmdlet's `Expanded` parameter sets):",
                expanded,
            ));
        }
        if let Some(body) = &op.body
            && let Some(value) = self.exact(&body.ty, 0)
        {
            styles.push((
                "A whole body object (the cmdlet's `-BodyParameter`):",
                vec![format!(".body({value})")],
            ));
        }
        if styles.is_empty() {
            styles.push(("", Vec::new()));
        }
        let mut out = String::from("# Examples");
        for (intro, calls) in styles {
            out.push_str("\n\n");
            if !intro.is_empty() {
                out.push_str(intro);
                out.push_str("\n\n");
            }
            let mut code = format!(
                "use {krate}::{{{imports}Client, Secret, models}};\n\n\
                 let client = Client::new(\"<access token>\")?;\n\
                 {target}\
                 let response = client.{method}({args})"
            );
            for call in calls {
                code.push_str(call.trim());
            }
            code.push_str(".send().await?;\nprintln!(\"{}\", response.status());");
            out.push_str(&format!(
                "```no_run\n\
                 # #[allow(deprecated)]\n\
                 # async fn example() -> Result<(), {krate}::Error> {{\n\
                 {}\n\
                 # Ok(())\n\
                 # }}\n\
                 ```",
                pretty(&code)
            ));
        }
        out
    }

    /// A `compile_fail` example proving that a field cannot follow a whole body, for the
    /// request alias's docs (`None` when the operation has no field setters).
    pub fn mixing_fails(&self, op: &Operation, setters: &FieldSetters<'_>) -> Option<String> {
        let krate = self.krate;
        let body = self.exact(&op.body.as_ref()?.ty, 0)?;
        let (field, setter) = setters.0.iter().find(|(f, _)| self.arg(&f.ty).is_some())?;
        let arg = self.arg(&field.ty)?;
        let args = op
            .path_params
            .iter()
            .map(|p| format!("\"{}\"", p.wire_name))
            .collect::<Vec<_>>()
            .join(", ");
        let code = format!(
            "use {krate}::{{Secret, models}};\n\nlet _ = client.{}({args}).body({body}).{setter}({arg});",
            op.method_name
        );
        Some(format!(
            "A whole body and single fields do not mix: this does not compile (the same \
             calls without `.body(...)` do, see the client method's examples).\n\n\
             ```compile_fail,E0599\n\
             # #[allow(deprecated)]\n\
             # fn example(client: &{krate}::Client) {{\n\
             {}\n\
             # }}\n\
             ```",
            pretty(&code)
        ))
    }
}

/// Lays out example statements as rustfmt would, via prettyplease (the text as it is
/// when it does not parse).
fn pretty(statements: &str) -> String {
    let source = format!("fn example() {{\n{statements}\n}}");
    let Ok(file) = syn::parse_file(&source) else {
        return statements.to_owned();
    };
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() < 2 {
        return statements.to_owned();
    }
    lines[1..lines.len() - 1]
        .iter()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}
