//! One test per class of bad input (issue 5, point 1): each writes a small bad document
//! to a temporary folder, runs the generator, and checks the message, the JSON pointer
//! and the line and column it reports. `xtask/tests/cli.rs` runs the same through the
//! `cargo xtask` binary and checks the exit code and that the output folder is untouched.

use std::path::PathBuf;

use codegen::diagnostics::Location;

/// A small valid document; each test breaks one thing in it.
const GOOD: &str = "\
openapi: 3.0.4
info:
  title: Things
  version: '1.0'
paths:
  /things/{thing-id}:
    get:
      operationId: things.GetThing
      parameters:
        - name: thing-id
          in: path
          required: true
          schema:
            type: string
      responses:
        '200':
          description: the thing
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/thing'
components:
  schemas:
    thing:
      type: object
      properties:
        name:
          type: string
";

const OP: &str = "/paths/~1things~1{thing-id}/get";

struct Failure {
    file: PathBuf,
    location: Location,
    message: String,
    rendered: String,
}

/// Generates from `text` (written to a temporary `spec.yaml`); the run must fail with a
/// document error, which is returned.
fn fail(text: &str) -> Failure {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, text).unwrap();
    match codegen::generate(&spec, &codegen::Options::default()) {
        Ok(_) => panic!("the generator accepted:\n{text}"),
        Err(e) => {
            let rendered = e.to_string();
            match e {
                codegen::Error::Spec {
                    file,
                    location,
                    message,
                } => {
                    assert_eq!(file, spec);
                    assert!(
                        rendered.starts_with(&spec.display().to_string()),
                        "{rendered}"
                    );
                    Failure {
                        file,
                        location,
                        message,
                        rendered,
                    }
                }
                other => panic!("expected a document error, got {other:?}"),
            }
        }
    }
}

/// Asserts the pointer, the line and column, and a part of the message.
#[track_caller]
fn expect(f: &Failure, pointer: &str, line_col: (usize, usize), words: &str) {
    assert_eq!(f.location.pointer, pointer, "{}", f.rendered);
    assert_eq!(f.location.line_col, Some(line_col), "{}", f.rendered);
    assert!(f.message.contains(words), "{}", f.rendered);
    let (line, col) = line_col;
    let head = format!("{}:{line}:{col}: at ", f.file.display());
    assert!(f.rendered.starts_with(&head), "{}", f.rendered);
}

fn replace(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "{from:?} is not in the good document");
    GOOD.replacen(from, to, 1)
}

#[test]
fn the_good_document_generates() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("spec.yaml");
    std::fs::write(&spec, GOOD).unwrap();
    let files = codegen::generate(&spec, &codegen::Options::default())
        .unwrap()
        .files;
    assert!(files.contains_key("src/models/mod.rs"));
}

#[test]
fn not_yaml() {
    let f = fail(&replace("  title: Things\n", "  title: [Things\n"));
    assert_eq!(f.location.pointer, "");
    assert!(f.message.starts_with("not valid YAML"), "{}", f.rendered);
    let (line, _) = f.location.line_col.expect("syntax errors have a position");
    assert!((3..=4).contains(&line), "{}", f.rendered);
}

#[test]
fn yaml_but_not_an_openapi_object() {
    let f = fail("- just\n- a list\n");
    expect(
        &f,
        "",
        (1, 1),
        "not an OpenAPI document: expected a mapping",
    );
    let f = fail("title: a mapping\nwithout: a version\n");
    expect(&f, "", (1, 1), "no `openapi` version field");
    let f = fail(&replace("info:\n  title: Things\n  version: '1.0'\n", ""));
    expect(&f, "", (1, 1), "the document has no `info`");
}

#[test]
fn wrong_types_for_known_fields() {
    // openapiv3 alone would blame `/paths/.../parameters/0` (an untagged ReferenceOr).
    let f = fail(&replace(
        "          required: true\n",
        "          required: 'yes'\n",
    ));
    expect(
        &f,
        &format!("{OP}/parameters/0/required"),
        (12, 21),
        "`required` must be true or false, found a string",
    );
    let f = fail(&replace(
        "        name:\n          type: string\n",
        "        name:\n          type: [string, 'null']\n",
    ));
    expect(
        &f,
        "/components/schemas/thing/properties/name/type",
        (28, 17),
        "`type` must be a string, found a sequence",
    );
    let f = fail(&replace(
        "operationId: things.GetThing",
        "operationId: {a: b}",
    ));
    expect(
        &f,
        &format!("{OP}/operationId"),
        (8, 20),
        "`operationId` must be a string, found a mapping",
    );
    let f = fail(&replace("  title: Things\n", "  title: [Things]\n"));
    expect(&f, "/info/title", (3, 10), "`title` must be a string");
}

#[test]
fn openapi_2_0_is_unsupported() {
    let f = fail(&replace("openapi: 3.0.4\n", "swagger: '2.0'\n"));
    expect(
        &f,
        "/swagger",
        (1, 10),
        "OpenAPI 2.0 (Swagger) is not supported",
    );
}

#[test]
fn openapi_3_1_is_unsupported() {
    let f = fail(&replace("openapi: 3.0.4\n", "openapi: 3.1.0\n"));
    expect(
        &f,
        "/openapi",
        (1, 10),
        "OpenAPI 3.1.0 is not supported; only 3.0.x is",
    );
}

#[test]
fn dangling_ref() {
    let f = fail(&replace(
        "$ref: '#/components/schemas/thing'",
        "$ref: '#/components/schemas/nothing'",
    ));
    expect(
        &f,
        &format!("{OP}/responses/200/content/application~1json/schema"),
        (21, 17),
        "$ref \"#/components/schemas/nothing\" does not resolve: no such component",
    );
}

#[test]
fn ref_to_another_file_or_url() {
    for target in [
        "other.yaml#/components/schemas/thing",
        "https://example.com/spec.yaml#/components/schemas/thing",
    ] {
        let f = fail(&replace(
            "'#/components/schemas/thing'",
            &format!("'{target}'"),
        ));
        expect(
            &f,
            &format!("{OP}/responses/200/content/application~1json/schema"),
            (21, 17),
            "points outside this document; only local references",
        );
    }
}

#[test]
fn schema_cycle_without_indirection() {
    let cyclic = replace(
        "        name:\n          type: string\n",
        "        name:\n          type: string\n        parent:\n          $ref: '#/components/schemas/thing'\n      required: [parent]\n",
    );
    let f = fail(&cyclic);
    expect(
        &f,
        "/components/schemas/thing/properties/parent",
        (30, 11),
        "schema \"thing\" contains itself through required, non-nullable properties (thing.parent -> thing) with no indirection point",
    );
    // Through two schemas.
    let pair = format!(
        "{GOOD}      required: [other]\n    other:\n      type: object\n      required: [back]\n      properties:\n        back:\n          $ref: '#/components/schemas/thing'\n"
    )
    .replace(
        "        name:\n          type: string\n",
        "        name:\n          type: string\n        other:\n          $ref: '#/components/schemas/other'\n",
    );
    let f = fail(&pair);
    expect(
        &f,
        "/components/schemas/other/properties/back",
        (37, 11),
        "(other.back -> thing.other -> other)",
    );
    // allOf that inherits from itself, alone or beside other keywords.
    for extra in ["", "      type: object\n"] {
        let f = fail(&replace(
            "    thing:\n      type: object\n",
            &format!(
                "    thing:\n      allOf:\n        - $ref: '#/components/schemas/thing'\n        - type: object\n{extra}"
            ),
        ));
        expect(
            &f,
            "/components/schemas/thing/allOf/0",
            (26, 11),
            "allOf inherits from \"thing\" twice or in a cycle",
        );
    }
}

#[test]
fn schema_cycles_with_an_indirection_point_are_fine() {
    for (extra, required) in [
        ("          $ref: '#/components/schemas/thing'\n", ""), // optional
        (
            "          nullable: true\n          allOf: [{$ref: '#/components/schemas/thing'}]\n",
            "      required: [parent]\n",
        ),
        (
            "          type: array\n          items: {$ref: '#/components/schemas/thing'}\n",
            "      required: [parent]\n",
        ),
    ] {
        let doc = replace(
            "        name:\n          type: string\n",
            &format!("        name:\n          type: string\n        parent:\n{extra}{required}"),
        );
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("spec.yaml");
        std::fs::write(&spec, &doc).unwrap();
        if let Err(e) = codegen::generate(&spec, &codegen::Options::default()) {
            panic!("{e}\n{doc}");
        }
    }
}

#[test]
fn two_schemas_with_one_rust_name() {
    let f = fail(&replace(
        "components:\n  schemas:\n",
        "components:\n  schemas:\n    a.thing_x:\n      type: object\n    a.thingX:\n      type: object\n",
    ));
    expect(
        &f,
        "/components/schemas/a.thingX",
        (27, 7),
        "schemas \"a.thing_x\" and \"a.thingX\" both map to the Rust name AThingX",
    );
}

#[test]
fn path_parameter_used_but_not_declared() {
    let f = fail(&replace(
        "        - name: thing-id\n",
        "        - name: thing-key\n",
    ));
    // `thing-key` is then declared but not in the template; the template check comes first.
    expect(
        &f,
        OP,
        (8, 7),
        "path parameter {thing-id} is used in the path template but not declared",
    );
}

#[test]
fn path_parameter_declared_but_not_used() {
    let f = fail(&replace(
        "      responses:\n",
        "        - name: other-id\n          in: path\n          required: true\n          schema: {type: string}\n      responses:\n",
    ));
    expect(
        &f,
        &format!("{OP}/parameters/1"),
        (15, 11),
        "path parameter \"other-id\" is declared but not used in the path template",
    );
}

#[test]
fn unknown_parameter_location() {
    let f = fail(&replace("          in: path\n", "          in: body\n"));
    expect(
        &f,
        &format!("{OP}/parameters/0/in"),
        (11, 15),
        "unknown parameter location \"body\" (an OpenAPI 2.0 location",
    );
    let f = fail(&replace("          in: path\n", "          in: matrix\n"));
    expect(
        &f,
        &format!("{OP}/parameters/0/in"),
        (11, 15),
        "unknown parameter location \"matrix\"; expected one of path, query, header, cookie",
    );
}

/// Values only `openapiv3` knows to be wrong (an unknown enum member) are found while
/// deserializing, which runs without tracking the path for speed and again, tracked, when
/// it fails: the error still names the node and its line.
#[test]
fn unknown_values_found_while_deserializing_are_located() {
    let doc =
        format!("{GOOD}  securitySchemes:\n    token:\n      type: magic\n      scheme: bearer\n");
    let f = fail(&doc);
    expect(
        &f,
        "/components/securitySchemes/token",
        (31, 7),
        "unknown variant `magic`, expected one of `apiKey`, `http`, `oauth2`, `openIdConnect`",
    );
    // The other half of the document (deserialized on the other thread). Here openapiv3
    // itself loses the path below `/paths` (its path items are flattened), so the error
    // points at the path map: coarse, but located, and the message says what is wrong.
    let f = fail(&replace(
        "          required: true\n",
        "          required: true\n          explode: true\n          style: sideways\n",
    ));
    expect(
        &f,
        "/paths",
        (6, 3),
        "unknown variant `sideways`, expected one of `matrix`, `label`, `simple`",
    );
}

#[test]
fn empty_paths() {
    let start = GOOD.find("paths:").unwrap();
    let end = GOOD.find("components:").unwrap();
    let doc = format!("{}paths: {{}}\n{}", &GOOD[..start], &GOOD[end..]);
    let f = fail(&doc);
    expect(
        &f,
        "/paths",
        (5, 8),
        "the document has no paths: nothing to generate",
    );
}

#[test]
fn nesting_too_deep() {
    // openapiv3 takes time exponential in the nesting depth; the loader refuses first.
    // Plain YAML nesting (here in an extension) is bounded at 40 levels.
    let mut value = "{leaf: 1}".to_owned();
    for _ in 0..60 {
        value = format!("{{inner: {value}}}");
    }
    let f = fail(&replace(
        "      type: object\n",
        &format!("      type: object\n      x-deep: {value}\n"),
    ));
    let mut pointer = "/components/schemas/thing/x-deep".to_owned();
    for _ in 0..37 {
        pointer.push_str("/inner");
    }
    expect(&f, &pointer, (26, 311), "nested deeper than 40 levels");
}

#[test]
fn schemas_nested_too_deep() {
    // A mistake deep inside nested schemas makes openapiv3 backtrack at every level
    // above it, doubling the time per level: the fuzz test found 28 levels that ran for
    // minutes. Schemas in schemas are bounded at 12 levels, checked before deserializing.
    // (How long the refusal takes is a figure of `cargo xtask bench`.)
    let mut schema = "string".to_owned(); // wrong: `items` must be a schema
    for _ in 0..30 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let f = fail(&replace(
        "        name:\n          type: string\n",
        &format!("        name: {schema}\n"),
    ));
    let mut pointer = "/components/schemas/thing/properties/name".to_owned();
    for _ in 0..12 {
        pointer.push_str("/items");
    }
    expect(
        &f,
        &pointer,
        (27, 267),
        "schemas nested in schemas deeper than 12 levels",
    );

    // Shallower, the same mistake is found by the field check, at its own spot.
    let mut schema = "string".to_owned();
    for _ in 0..11 {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let f = fail(&replace(
        "        name:\n          type: string\n",
        &format!("        name: {schema}\n"),
    ));
    let mut pointer = "/components/schemas/thing/properties/name".to_owned();
    for _ in 0..11 {
        pointer.push_str("/items");
    }
    expect(
        &f,
        &pointer,
        (27, 246),
        "a schema must be a mapping, found a string",
    );
}

#[test]
fn alias_bombs_are_refused() {
    // "Billion laughs": ten levels of ten aliases each.
    let mut doc = "openapi: 3.0.4\ninfo: {title: t, version: '1'}\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n".to_owned();
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        doc.push_str(&format!("x-a{i}: &a{i} [{refs}]\n"));
    }
    doc.push_str("paths: {/a: {get: {operationId: a.Get, x-boom: *a9, responses: {'204': {description: ok}}}}}\n");
    let f = fail(&doc);
    assert!(
        f.message
            .contains("not valid YAML: repetition limit exceeded"),
        "{}",
        f.rendered
    );
}

#[test]
fn ref_chains_that_loop() {
    let doc = replace(
        "components:\n  schemas:\n",
        "components:\n  schemas:\n    a:\n      $ref: '#/components/schemas/b'\n    b:\n      $ref: '#/components/schemas/a'\n",
    )
    .replace("$ref: '#/components/schemas/thing'", "$ref: '#/components/schemas/a'");
    let f = fail(&doc);
    expect(
        &f,
        "/components/schemas/a",
        (25, 7),
        "$ref chain through #/components/schemas/ forms a cycle",
    );
}

/// Generates the good document with `schemas` added under `components` and a property
/// `property` of `thing` referring to the schema `target`.
fn with_schemas(
    schemas: &str,
    property: &str,
    target: &str,
) -> Result<codegen::Report, codegen::Error> {
    let doc = replace(
        "components:\n  schemas:\n",
        &format!("components:\n  schemas:\n{schemas}"),
    )
    .replace(
        "        name:\n          type: string\n",
        &format!(
            "        name:\n          type: string\n        {property}:\n          $ref: '#/components/schemas/{target}'\n"
        ),
    );
    codegen::generate(
        codegen::Input::Text {
            name: std::path::Path::new("spec.yaml"),
            text: &doc,
        },
        &codegen::Options::default(),
    )
}

/// A named array (or `anyOf` wrapper) that contains itself with no object in between is
/// valid JSON Schema (`[[[]]]`) but has no Rust type alias: it is listed as unsupported
/// and typed as `serde_json::Value`. Found by the fuzz test in CI as a stack overflow,
/// because such schemas are inlined where used, forever.
#[test]
fn a_named_array_that_contains_itself_is_listed_not_a_crash() {
    for (what, schemas) in [
        (
            "array of itself",
            "    list:\n      type: array\n      items: {$ref: '#/components/schemas/list'}\n",
        ),
        (
            "anyOf loop through two names",
            "    list:\n      anyOf: [{$ref: '#/components/schemas/other'}, {nullable: true}]\n    other:\n      type: array\n      items: {$ref: '#/components/schemas/list'}\n",
        ),
    ] {
        let report =
            with_schemas(schemas, "nested", "list").unwrap_or_else(|e| panic!("{what}: {e}"));
        let listed: Vec<String> = report.unsupported.iter().map(|u| u.to_string()).collect();
        assert!(
            listed.iter().any(|u| u.contains("/components/schemas/list")
                && u.contains("contains itself with no object in between")),
            "{what}: {listed:?}"
        );
        let models = &graph_tests::models_text(&report.files);
        // One level is typed, the repeat is any JSON value.
        assert!(
            models.contains("pub nested: Option<Vec<serde_json::Value>>"),
            "{what}: {}",
            models
                .lines()
                .filter(|l| l.contains("pub nested"))
                .collect::<String>()
        );
    }
}

/// A chain of thousands of schemas, each first met inside the previous one, is lowered
/// without recursing along it: this runs on a test thread's 2 MB stack.
#[test]
fn a_long_chain_of_schemas_does_not_exhaust_the_stack() {
    const N: usize = 3000;
    let mut schemas = String::new();
    for i in 0..N {
        schemas.push_str(&format!(
            "    link{i}:\n      type: object\n      properties:\n        next:\n          $ref: '#/components/schemas/link{}'\n",
            (i + 1) % N
        ));
    }
    let report = with_schemas(&schemas, "first", "link0").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.models, N + 1);
}
