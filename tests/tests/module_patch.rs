//! Explicit `null` on the whole Applications module: `Update-MgBetaApplication`
//! (PATCH `/applications/{application-id}`) sets one property, clears another and leaves the
//! rest out, and exactly those bytes arrive; a model read back tells `null` from absent;
//! a value given after a `null` was read is sent as the value.
//!
//! The module is generated here from `shared/specs/graph-beta-applications.yml` into a
//! temporary folder, and a program using it is built and run against a loopback server
//! started by this test, which records what arrived.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{Method, StatusCode, Uri};
use axum::response::IntoResponse;

/// One request as the server saw it: method, path, body.
type Seen = (String, String, String);

async fn server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().fallback(move |method: Method, uri: Uri, body: Bytes| {
        let record = record.clone();
        async move {
            let path = uri.to_string();
            record.lock().unwrap().push((
                method.to_string(),
                path.clone(),
                String::from_utf8_lossy(&body).into_owned(),
            ));
            if method == Method::GET {
                let reply = r#"{"id":"app-2","description":null,"displayName":"Old"}"#;
                (
                    StatusCode::OK,
                    [("content-type", "application/json")],
                    reply,
                )
                    .into_response()
            } else {
                StatusCode::NO_CONTENT.into_response()
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

const PROGRAM: &str = r#"
use graph_beta_applications::models::Application;
use graph_beta_applications::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), graph_runtime::Error> {
    let url = std::env::args().nth(1).expect("the server URL");
    let client = graph_beta_applications::Client::builder()
        .base_url(url)
        .bearer_token("token")
        .build()?;

    // Field by field: one property set, one cleared, the rest left out.
    client
        .update_application("app-1")
        .display_name("Contoso")
        .set_null("description")
        .send()
        .await?;

    // The same with a whole body.
    let mut app = Application { display_name: Some("Contoso".into()), ..Default::default() };
    app.set_null("description");
    client.update_application("app-1").body(app).send().await?;

    // Read back: `null` and absent are told apart.
    // `$expand` is `expand`, Graph's name (the runtime's own body hook is `edit_body`).
    let mut app = client.get_application("app-2").expand(["owners"]).send().await?.into_body();
    println!(
        "description null {}, notes null {}, description {:?}, display name {:?}",
        app.is_null("description"),
        app.is_null("notes"),
        app.description,
        app.display_name,
    );

    // Given a value after a `null` was read, the value is sent.
    app.description = Some("now set".into());
    client.update_application("app-2").body(app).send().await?;
    Ok(())
}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_application_sends_a_value_a_null_and_nothing_else() {
    let spec = graph_tests::shared_spec("graph-beta-applications.yml");
    let dir = tempfile::tempdir().unwrap();
    let module = dir.path().join("applications");
    let mut options = codegen::Options::default();
    options.krate.runtime_path = codegen::runtime_path(&module);
    let report = codegen::generate(&spec, &options).expect("generate Applications");
    assert!(
        report.files["src/lib.rs"].contains(".set_null(\""),
        "the crate docs show sending null"
    );
    codegen::write::write(&module, &report.files).expect("write the crate");

    let program = dir.path().join("program");
    graph_tests::program::write(
        &program,
        "module-patch",
        &[format!("graph-beta-applications = {{ path = {module:?} }}")],
        PROGRAM,
    );
    let (url, seen) = server().await;
    let stdout = graph_tests::program::run_ok(program, url).await;
    assert_eq!(
        stdout,
        "description null true, notes null false, description None, display name Some(\"Old\")\n"
    );

    let seen = seen.lock().unwrap().clone();
    let patch = |path: &str, body: &str| ("PATCH".to_owned(), path.to_owned(), body.to_owned());
    assert_eq!(
        seen,
        [
            patch(
                "/applications/app-1",
                r#"{"displayName":"Contoso","description":null}"#
            ),
            patch(
                "/applications/app-1",
                r#"{"displayName":"Contoso","description":null}"#
            ),
            (
                "GET".to_owned(),
                "/applications/app-2?$expand=owners".to_owned(),
                String::new()
            ),
            patch(
                "/applications/app-2",
                r#"{"id":"app-2","description":"now set","displayName":"Old"}"#
            ),
        ]
    );
}
