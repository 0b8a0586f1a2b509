//! A folder of two documents (two modules) generated into one crate: building with one
//! module's feature compiles that module's operations and the models they reach, and not
//! the other's; a path both documents have comes with either feature; a model both reach
//! is one type; a member of the identity type comes with the features of the paths that
//! have it. Small documents written here, so each build takes seconds.

fn document(title: &str, own_path: &str, own_model: &str) -> String {
    format!(
        r#"openapi: 3.0.1
info: {{title: {title}, version: v1.0-beta}}
servers: [{{url: 'https://graph.microsoft.com/beta/'}}]
paths:
  /{own_path}:
    get:
      operationId: {own_path}_Get{title}
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/microsoft.graph.{own_model}'}}}}}}}}}}
  /{own_path}/{{{own_model}-id}}:
    get:
      operationId: {own_path}_Get{title}ById
      parameters:
        - {{name: {own_model}-id, in: path, required: true, schema: {{type: string}}}}
      responses: {{'204': {{description: ok}}}}
  /commons/{{common-id}}:
    get:
      operationId: commons_GetCommon
      parameters:
        - {{name: common-id, in: path, required: true, schema: {{type: string}}}}
      responses: {{'204': {{description: ok}}}}
  /shared:
    get:
      operationId: shared_GetShared
      responses: {{'200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/microsoft.graph.common'}}}}}}}}}}
components:
  schemas:
    microsoft.graph.{own_model}:
      type: object
      properties:
        id: {{type: string}}
        common: {{$ref: '#/components/schemas/microsoft.graph.common'}}
    microsoft.graph.common:
      type: object
      properties:
        id: {{type: string}}
"#
    )
}

/// Builds a program using the crate with only the `alpha` feature; `main` is its body.
fn build_with_alpha(dir: &std::path::Path, name: &str, body: &str) -> std::process::Output {
    let program = dir.join(name);
    let main = format!(
        "use two_modules::prelude::*;\n#[allow(unused_imports)]\nuse two_modules::models::*;\n\
         fn main() {{\n    let client = two_modules::Client::builder().build().unwrap();\n    {body}\n}}\n"
    );
    graph_tests::program::write(
        &program,
        name,
        &[format!(
            "two-modules = {{ path = {:?}, default-features = false, features = [\"alpha\"] }}",
            dir.join("crate")
        )],
        &main,
    );
    graph_tests::program::run(&program, &[])
}

#[test]
fn one_module_enabled_compiles_its_operations_and_models_only() {
    let dir = tempfile::tempdir().unwrap();
    let specs = dir.path().join("two-modules");
    std::fs::create_dir(&specs).unwrap();
    std::fs::write(
        specs.join("Alpha.yml"),
        document("Alpha", "alphas", "alpha"),
    )
    .unwrap();
    std::fs::write(specs.join("Beta.yml"), document("Beta", "betas", "beta")).unwrap();
    let krate = dir.path().join("crate");
    let mut options = codegen::Options::default();
    options.lower.package = Some("two-modules".into());
    options.krate.runtime_path = codegen::runtime_path(&krate);
    let report = codegen::generate(&specs, &options).expect("generates");
    let cargo = &report.files["Cargo.toml"];
    assert!(cargo.contains("default = [\"alpha\", \"beta\"]"), "{cargo}");
    codegen::write::write(&krate, &report.files).expect("writes");

    // With `alpha`: its operation, the shared one, its model and the common model, and
    // the identity members of its paths and of the shared path.
    let ok = build_with_alpha(
        dir.path(),
        "uses-alpha",
        "let _ = client.get_alpha(); let _ = client.get_shared(); \
         let _: Option<Alpha> = None; let _: Option<Common> = None; \
         let _ = two_modules::TwoModulesIdentity { alpha_id: None, common_id: None, \
         ..Default::default() };",
    );
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // Beta's operation and model are not compiled.
    let method = build_with_alpha(dir.path(), "uses-beta-method", "let _ = client.get_beta();");
    let stderr = String::from_utf8_lossy(&method.stderr);
    assert!(!method.status.success());
    assert!(stderr.contains("no method named `get_beta`"), "{stderr}");
    let model = build_with_alpha(dir.path(), "uses-beta-model", "let _: Option<Beta> = None;");
    let stderr = String::from_utf8_lossy(&model.stderr);
    assert!(!model.status.success());
    assert!(stderr.contains("cannot find type `Beta`"), "{stderr}");
    // Nor the identity member only Beta's paths have.
    let member = build_with_alpha(
        dir.path(),
        "uses-beta-member",
        "let _ = two_modules::TwoModulesIdentity { beta_id: None, ..Default::default() };",
    );
    let stderr = String::from_utf8_lossy(&member.stderr);
    assert!(!member.status.success());
    assert!(stderr.contains("no field named `beta_id`"), "{stderr}");
    let identity = &report.files["src/identity.rs"];
    assert!(
        identity.contains("#[cfg(feature = \"beta\")]\n    #[serde(rename = \"BetaId\""),
        "{identity}"
    );
}
