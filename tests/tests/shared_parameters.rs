//! A query or header parameter that several operations take in exactly the same form gets
//! one setter, on the requests of every operation implementing its marker trait; a setter
//! name with two different forms, or used once, stays per operation.

const SPEC: &str = r#"
openapi: 3.0.4
info:
  title: Made-up listing API
  version: v1
servers:
  - url: https://graph.microsoft.com/beta/
paths:
  /groups:
    get:
      operationId: group_ListGroup
      parameters:
        - $ref: '#/components/parameters/top'
        - name: $select
          in: query
          description: Select properties to be returned
          schema:
            type: array
            items:
              type: string
        - name: ConsistencyLevel
          in: header
          description: The consistency level.
          schema:
            type: string
      responses:
        '204':
          description: Done.
  /users:
    get:
      operationId: user_ListUser
      parameters:
        - $ref: '#/components/parameters/top'
        - name: $select
          in: query
          description: Pick the user properties to return
          schema:
            type: array
            items:
              type: string
        - name: ConsistencyLevel
          in: header
          description: The consistency level.
          schema:
            type: string
        - name: $search
          in: query
          description: Search users.
          schema:
            type: string
      responses:
        '204':
          description: Done.
components:
  parameters:
    top:
      name: $top
      in: query
      description: Show only the first n items
      schema:
        minimum: 0
        type: integer
"#;

fn generate() -> codegen::Files {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("made-up.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    codegen::generate(&spec, &codegen::Options::default())
        .unwrap()
        .files
}

#[test]
fn identical_parameters_share_one_setter_and_different_ones_stay_per_operation() {
    let files = generate();
    let root = &files["src/operations/mod.rs"];
    let groups = &files["src/operations/groups.rs"];
    let users = &files["src/operations/users.rs"];

    // `$top` (one component) and `ConsistencyLevel` (the same inline form twice): shared.
    for (name, setter, wire) in [
        ("TopParameter", "top", "\"$top\""),
        (
            "ConsistencyLevelParameter",
            "consistency_level",
            "\"ConsistencyLevel\"",
        ),
    ] {
        assert!(
            root.contains(&format!("pub trait {name}: crate::runtime::Operation {{}}")),
            "{root}"
        );
        // The setter lives in a trait of its own (the request type is the runtime's),
        // implemented for the requests of every operation with the marker.
        let setter_trait = name.replace("Parameter", "Setter");
        let flat = root.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&format!(
                "impl<O: {name}, P> {setter_trait} for crate::runtime::Request<'_, O, P> {{"
            )),
            "{root}"
        );
        // Declared once in the trait, defined once in its impl.
        assert_eq!(
            root.matches(&format!("fn {setter}(self")).count(),
            2,
            "{root}"
        );
        assert!(root.contains(wire), "{root}");
        for (module, marker) in [(groups, "GetGroup"), (users, "GetUser")] {
            assert!(
                module.contains(&format!("impl crate::operations::{name} for {marker} {{}}")),
                "{module}"
            );
            assert!(!module.contains(&format!("fn {setter}(self")), "{module}");
        }
    }
    assert!(root.contains("/// Show only the first n items."), "{root}");

    // `$select` with two descriptions, and `$search` on one operation: per operation.
    assert!(
        !root.contains("SelectParameter") && !root.contains("SearchParameter"),
        "{root}"
    );
    assert!(
        groups.contains("/// Select properties to be returned.\n    fn select(self"),
        "{groups}"
    );
    assert!(
        users.contains("/// Pick the user properties to return.\n    fn select(self"),
        "{users}"
    );
    assert!(users.contains("fn search(self") && !groups.contains("fn search(self"));
}
