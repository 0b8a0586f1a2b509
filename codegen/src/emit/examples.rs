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

/// Example code as a small layout tree, laid out the way rustfmt and prettyplease lay
/// out such code: on one line when it fits in [`WIDTH`], otherwise one item per line
/// with trailing commas. (Laying out each snippet with prettyplease cost about half of
/// the emit time of the whole module.)
#[derive(Debug, Clone)]
enum Code {
    /// Atomic text.
    Text(String),
    /// `open` items `close`, e.g. `Some(` x `)`, `Vec::from([` x `])`, `models::T {` .. `}`;
    /// `spaced` puts spaces inside the delimiters on one line (`T { a: 1 }`).
    Group {
        open: String,
        items: Vec<Code>,
        close: &'static str,
        spaced: bool,
    },
    /// `prefix` then the code, e.g. a struct field `name: ` value.
    Prefixed(String, Box<Code>),
}

/// Columns available to example code (prettyplease's margin less a function body's indent).
const WIDTH: usize = 85;
const INDENT: usize = 4;

impl Code {
    fn text(text: impl Into<String>) -> Self {
        Code::Text(text.into())
    }

    fn group(open: impl Into<String>, items: Vec<Code>, close: &'static str) -> Self {
        Code::Group {
            open: open.into(),
            items,
            close,
            spaced: false,
        }
    }

    /// A struct literal or an array: as a call's only argument, it opens on the call's line.
    fn overflows(&self) -> bool {
        matches!(self, Code::Group { spaced: true, .. })
            || matches!(self, Code::Group { open, .. } if open == "[")
    }

    fn flat(&self) -> String {
        match self {
            Code::Text(t) => t.clone(),
            Code::Prefixed(prefix, code) => format!("{prefix}{}", code.flat()),
            Code::Group {
                open,
                items,
                close,
                spaced,
            } => {
                let inner: Vec<String> = items.iter().map(Code::flat).collect();
                let pad = if *spaced { " " } else { "" };
                format!("{open}{pad}{}{pad}{close}", inner.join(", "))
            }
        }
    }

    /// Appends the code to `out`, which is at column `col` on a line indented `indent`;
    /// `tail` is the text that will follow on the same line (for the width check).
    fn layout(&self, out: &mut String, indent: usize, col: usize, tail: usize) {
        let flat = self.flat();
        if col + flat.len() + tail <= WIDTH {
            out.push_str(&flat);
            return;
        }
        match self {
            Code::Text(t) => out.push_str(t),
            Code::Prefixed(prefix, code) => {
                out.push_str(prefix);
                code.layout(out, indent, col + prefix.len(), tail);
            }
            // A call whose one argument is a struct literal opens the literal on its
            // own line: `Some(models::T {` .. `})`.
            Code::Group {
                open, items, close, ..
            } if open.ends_with('(') && items.len() == 1 && items[0].overflows() => {
                out.push_str(open);
                items[0].layout(out, indent, col + open.len(), tail + close.len());
                out.push_str(close);
            }
            Code::Group {
                open, items, close, ..
            } => {
                out.push_str(open);
                let inner = indent + INDENT;
                for item in items {
                    out.push('\n');
                    out.push_str(&" ".repeat(inner));
                    // `..Default::default()` takes no trailing comma.
                    let rest = matches!(item, Code::Text(t) if t.starts_with(".."));
                    item.layout(out, inner, inner, usize::from(!rest));
                    if !rest {
                        out.push(',');
                    }
                }
                out.push('\n');
                out.push_str(&" ".repeat(indent));
                out.push_str(close);
            }
        }
    }
}

/// `{start}.call(args)...{end};` as one statement: on one line when it fits, otherwise
/// one call per line; a call's single group argument opens on the call's line
/// (`.body(T {`). `end` is a suffix such as `.await?`, on its own line when broken.
fn chain(start: &str, calls: &[Call], end: &str) -> String {
    let call_flat = |(name, args): &Call| {
        let args: Vec<String> = args.iter().map(Code::flat).collect();
        format!(".{name}({})", args.join(", "))
    };
    let flat: String = calls.iter().map(call_flat).collect();
    // `+ 1` for the closing `;`.
    if start.len() + flat.len() + end.len() < WIDTH {
        return format!("{start}{flat}{end};");
    }
    let mut out = start.to_owned();
    for (i, (name, args)) in calls.iter().enumerate() {
        let last = i + 1 == calls.len() && end.is_empty();
        out.push('\n');
        out.push_str(&" ".repeat(INDENT));
        let call = Code::group(format!(".{name}("), args.clone(), ")");
        call.layout(&mut out, INDENT, INDENT, usize::from(last));
        if last {
            out.push(';');
        }
    }
    if !end.is_empty() {
        out.push('\n');
        out.push_str(&" ".repeat(INDENT));
        out.push_str(end);
        out.push(';');
    }
    out
}

/// A method call in a chain: name and arguments.
type Call = (String, Vec<Code>);

/// A call of `name` with at most one argument.
fn call(name: &str, arg: Option<Code>) -> Call {
    (name.to_owned(), arg.into_iter().collect())
}

impl Context<'_> {
    /// An expression of exactly type `ty` (`None` when no simple one exists).
    fn exact(&self, ty: &TypeRef, depth: usize) -> Option<Code> {
        Some(match ty {
            TypeRef::String => Code::text("\"example\".to_owned()"),
            TypeRef::Secret => Code::text("Secret::new(\"example\")"),
            TypeRef::Bool => Code::text("false"),
            TypeRef::Int(_) => Code::text("1"),
            TypeRef::Float(_) => Code::text("1.0"),
            TypeRef::Json => Code::text("serde_json::json!({})"),
            TypeRef::Bytes => Code::text("b\"example\".to_vec()"),
            TypeRef::Map(_) => Code::text("Default::default()"),
            // Typed formats and flag sets have no short literal: examples leave them out.
            TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date
            | TypeRef::Time
            | TypeRef::Duration
            | TypeRef::Flags(_) => return None,
            TypeRef::Vec(item) => {
                Code::group("Vec::from([", vec![self.exact(item, depth + 1)?], "])")
            }
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
                        Code::text(format!("models::{name}::{}", variant.name))
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
                            return Some(Code::text("Default::default()"));
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
                                value = Code::group("Box::new(", vec![value], ")");
                            }
                            if !field.required {
                                value = Code::group("Some(", vec![value], ")");
                            }
                            fields
                                .push(Code::Prefixed(format!("{}: ", field.name), Box::new(value)));
                        }
                        if fields.is_empty() {
                            Code::text("Default::default()")
                        } else {
                            fields.push(Code::text("..Default::default()"));
                            Code::Group {
                                open: format!("models::{name} {{"),
                                items: fields,
                                close: "}",
                                spaced: true,
                            }
                        }
                    }
                }
            }
        })
    }

    /// An argument for a setter taking `ty` (see `types::setter_arg`).
    fn arg(&self, ty: &TypeRef) -> Option<Code> {
        match ty {
            TypeRef::String | TypeRef::Secret => Some(Code::text("\"example\"")),
            TypeRef::Vec(item) => Some(Code::group("[", vec![self.exact(item, 1)?], "]")),
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
            let mut members: Vec<Code> = op
                .path_params
                .iter()
                .map(|p| {
                    Code::Prefixed(
                        format!("{}: ", p.identity_field),
                        Box::new(Code::group(
                            "Some(",
                            vec![Code::text(format!("\"{}\".to_owned()", p.wire_name))],
                            ")",
                        )),
                    )
                })
                .collect();
            members.push(Code::text("..Default::default()"));
            let identity = Code::Group {
                open: format!("{} {{", self.identity),
                items: members,
                close: "}",
                spaced: true,
            };
            let start = "let identity = ";
            let mut target = start.to_owned();
            identity.layout(&mut target, 0, start.len(), 1);
            target.push_str(";\n");
            (format!("{}_via_identity", op.method_name), target)
        } else {
            (op.method_name.clone(), String::new())
        };
        let imports = if via_identity {
            format!("{}, ", self.identity)
        } else {
            String::new()
        };
        let args: Vec<Code> = if via_identity {
            vec![Code::text("&identity")]
        } else {
            op.path_params
                .iter()
                .map(|p| Code::text(format!("\"{}\"", p.wire_name)))
                .collect()
        };
        let mut styles: Vec<(&str, Vec<Call>)> = Vec::new();
        let (fields, additional) = setters;
        let mut expanded = Vec::new();
        if let Some((setter, arg)) = fields
            .iter()
            .find_map(|(f, s)| self.arg(&f.ty).map(|a| (s, a)))
        {
            expanded.push(call(setter, Some(arg)));
        }
        if *additional {
            expanded.push((
                "additional_property".to_owned(),
                vec![Code::text("\"extra\""), Code::text("serde_json::json!({})")],
            ));
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
                vec![call("body", Some(value))],
            ));
        }
        if styles.is_empty() {
            styles.push(("", Vec::new()));
        }
        let mut out = String::from("# Examples");
        for (intro, setters) in styles {
            out.push_str("\n\n");
            if !intro.is_empty() {
                out.push_str(intro);
                out.push_str("\n\n");
            }
            let mut calls = vec![(method.clone(), args.clone())];
            calls.extend(setters);
            calls.push(call("send", None));
            let statement = chain("let response = client", &calls, ".await?");
            let code = format!(
                "use {krate}::{{{imports}Client, Secret, models}};\n\
                 let client = Client::new(\"<access token>\")?;\n\
                 {target}\
                 {statement}\n\
                 println!(\"{{}}\", response.status());"
            );
            out.push_str(&format!(
                "```no_run\n\
                 # #[allow(deprecated)]\n\
                 # async fn example() -> Result<(), {krate}::Error> {{\n\
                 {code}\n\
                 # Ok(())\n\
                 # }}\n\
                 ```"
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
            .map(|p| Code::text(format!("\"{}\"", p.wire_name)))
            .collect();
        let statement = chain(
            "let _ = client",
            &[
                (op.method_name.clone(), args),
                call("body", Some(body)),
                call(setter, Some(arg)),
            ],
            "",
        );
        Some(format!(
            "A whole body and single fields do not mix: this does not compile (the same \
             calls without `.body(...)` do, see the client method's examples).\n\n\
             ```compile_fail,E0599\n\
             # #[allow(deprecated)]\n\
             # fn example(client: &{krate}::Client) {{\n\
             use {krate}::{{Secret, models}};\n\
             {statement}\n\
             # }}\n\
             ```"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::{Code, chain};

    fn strukt(fields: &[(&str, &str)]) -> Code {
        let mut items: Vec<Code> = fields
            .iter()
            .map(|(name, value)| Code::Prefixed(format!("{name}: "), Box::new(Code::text(*value))))
            .collect();
        items.push(Code::text("..Default::default()"));
        Code::Group {
            open: "models::Thing {".to_owned(),
            items,
            close: "}",
            spaced: true,
        }
    }

    #[test]
    fn short_chains_stay_on_one_line() {
        let calls = [("get_thing".to_owned(), vec![Code::text("\"thing-id\"")])];
        assert_eq!(
            chain("let response = client", &calls, ".await?"),
            "let response = client.get_thing(\"thing-id\").await?;"
        );
    }

    #[test]
    fn long_chains_break_per_call_and_a_lone_struct_argument_opens_on_the_call_line() {
        let body = strukt(&[
            ("display_name", "Some(\"example\".to_owned())"),
            ("description", "Some(\"a longer example value\".to_owned())"),
        ]);
        let calls = [
            ("update_thing".to_owned(), vec![Code::text("\"thing-id\"")]),
            ("body".to_owned(), vec![body]),
            ("send".to_owned(), Vec::new()),
        ];
        assert_eq!(
            chain("let response = client", &calls, ".await?"),
            "let response = client
    .update_thing(\"thing-id\")
    .body(models::Thing {
        display_name: Some(\"example\".to_owned()),
        description: Some(\"a longer example value\".to_owned()),
        ..Default::default()
    })
    .send()
    .await?;"
        );
    }

    #[test]
    fn a_call_argument_that_is_not_a_struct_breaks_inside_its_parentheses() {
        let value = Code::group(
            "Some(",
            vec![Code::text(
                "\"a value long enough to need a line of its own, really\".to_owned()",
            )],
            ")",
        );
        let field = Code::Prefixed(
            "federated_identity_credential_id: ".to_owned(),
            Box::new(value),
        );
        let mut out = String::new();
        field.layout(&mut out, 4, 4, 1);
        assert_eq!(
            out,
            "federated_identity_credential_id: Some(
        \"a value long enough to need a line of its own, really\".to_owned(),
    )"
        );
    }
}
