//! The generator's docs are derived from each operation, not written for one: a small
//! made-up description (two path parameters, a PATCH with a required field, a POST
//! without, an integer and an enum) gets permissions, an example per call style and the
//! compile-fail proof.

const SPEC: &str = r#"
openapi: 3.0.4
info:
  title: Made-up settings API
  version: v1
servers:
  - url: https://graph.microsoft.com/beta/
paths:
  '/groups/{group-id}/owners/{directoryObject-id}/setting':
    patch:
      operationId: group.owner_UpdateSetting
      parameters:
        - name: group-id
          in: path
          required: true
          schema:
            type: string
        - name: directoryObject-id
          in: path
          required: true
          schema:
            type: string
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/microsoft.graph.setting'
      responses:
        '204':
          description: Done.
    post:
      operationId: group.owner_CreateSetting
      parameters:
        - name: group-id
          in: path
          required: true
          schema:
            type: string
        - name: directoryObject-id
          in: path
          required: true
          schema:
            type: string
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/microsoft.graph.settingDraft'
      responses:
        '204':
          description: Done.
components:
  schemas:
    microsoft.graph.setting:
      type: object
      required:
        - displayName
      properties:
        displayName:
          type: string
        retries:
          type: integer
          format: int32
        mode:
          $ref: '#/components/schemas/microsoft.graph.mode'
    microsoft.graph.settingDraft:
      type: object
      properties:
        displayName:
          type: string
        mode:
          $ref: '#/components/schemas/microsoft.graph.mode'
    microsoft.graph.mode:
      type: string
      enum:
        - none
        - fast
        - slow
"#;

const PERMISSIONS: &str = "group.owner_UpdateSetting:\n  delegated_work_or_school: [Group.ReadWrite.All]\n  delegated_personal: []\n  application: [Group.ReadWrite.All]\n";

fn generate(permissions: &str) -> Result<codegen::Files, codegen::Error> {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("made-up.yaml");
    std::fs::write(&spec, SPEC).unwrap();
    let side = dir.path().join("permissions.yaml");
    std::fs::write(&side, permissions).unwrap();
    let options = codegen::Options {
        permissions: Some(side),
        ..Default::default()
    };
    codegen::generate(&spec, &options).map(|report| report.files)
}

#[test]
fn every_operation_gets_permissions_and_an_example_per_call_style() {
    let files = generate(PERMISSIONS).unwrap();
    let (_, source) = files
        .iter()
        .find(|(path, _)| path.starts_with("src/operations/") && !path.ends_with("mod.rs"))
        .expect("an operations module");
    // The PATCH's body has a required member, so no `Default`: it is given whole, not field
    // by field (one example per path style); the POST's both ways by path values, and field
    // by field through the identity object, whose docs point to the whole-body example
    // instead of repeating it.
    assert_eq!(source.matches("```no_run").count(), 5, "{source}");
    assert_eq!(
        source
            .matches("goes in `.body(...)` the same way: see the example of")
            .count(),
        1,
        "{source}"
    );
    // The typestate's one `compile_fail` example is in the crate docs.
    assert_eq!(source.matches("```compile_fail").count(), 0, "{source}");
    assert_eq!(files["src/lib.rs"].matches("```compile_fail").count(), 1);
    for expected in [
        "| Delegated (work or school account) | `Group.ReadWrite.All` |",
        "| Delegated (personal Microsoft account) | not supported |",
        // A field set on its own, and a whole body with the required field and the enum.
        ".display_name(\"example\")",
        "display_name: \"example\".to_owned()",
        "mode: Some(models::Mode::Fast)",
        "retries: Some(1)",
        // Both path values, directly and through the identity object.
        "(\"group-id\", \"directoryObject-id\")",
        "group_id: Some(\"group-id\".to_owned())",
        "directory_object_id: Some(\"directoryObject-id\".to_owned())",
    ] {
        assert!(
            source.contains(expected),
            "missing {expected:?} in\n{source}"
        );
    }
    // Without `Default`, the whole body is written out in full, and has no field setters.
    let literal = &source[source.find("models::Setting {").expect("a whole Setting")..];
    let literal = &literal[..literal.find("})").unwrap()];
    assert!(!literal.contains("Default"), "{literal}");
    assert!(
        !source.contains("UpdateGroupOwnerSettingFields"),
        "{source}"
    );
}

#[test]
fn a_bad_permissions_file_names_the_file_and_the_pointer() {
    let error = generate("group.owner_UpdateSetting:\n  delegated_work_or_school: oops\n  delegated_personal: []\n  application: []\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("permissions.yaml"), "{error}");
    assert!(
        error.contains("/group.owner_UpdateSetting/delegated_work_or_school"),
        "{error}"
    );
    let error = generate("not.an_Operation:\n  delegated_work_or_school: []\n  delegated_personal: []\n  application: []\n")
        .unwrap_err()
        .to_string();
    assert!(error.contains("/not.an_Operation"), "{error}");
}
