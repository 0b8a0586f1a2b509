//! Two crates generated from two different documents, used together in one program: one
//! `Client`, one token provider and one `Error` type (the runtime crate's), each crate's
//! requests going out through that one client.
//!
//! The program is written to a temporary folder beside a crate generated here from
//! `shared/specs/graph-beta/ChangeNotifications.yml`; it also depends on the committed
//! `generated/` crate (the synchronization secrets fragment). It is built with cargo, in the
//! workspace's target folder so the dependencies are reused, and run against a loopback
//! server started by this test, which checks what arrived.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;

/// One request as the server saw it: method, path and query, authorization, body.
type Seen = (String, String, Option<String>, String);

async fn server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let record = record.clone();
            async move {
                let auth = headers
                    .get("authorization")
                    .map(|v| v.to_str().unwrap().to_owned());
                let path = uri.to_string();
                record.lock().unwrap().push((
                    method.to_string(),
                    path.clone(),
                    auth,
                    String::from_utf8_lossy(&body).into_owned(),
                ));
                if path.starts_with("/subscriptions?") {
                    let reply = r#"{"value":[{"id":"sub-0"}]}"#;
                    (StatusCode::OK, [("content-type", "application/json")], reply.to_owned())
                        .into_response()
                } else if path.ends_with("/$count") {
                    (StatusCode::OK, [("content-type", "text/plain")], "2".to_owned())
                        .into_response()
                } else if method == Method::POST {
                    let reply = r#"{"id":"sub-1","resource":"/users","changeType":"created"}"#;
                    (
                        StatusCode::CREATED,
                        [("content-type", "application/json")],
                        reply.to_owned(),
                    )
                        .into_response()
                } else {
                    let reply = r#"{"error":{"code":"Request_ResourceNotFound","message":"no such subscription"}}"#;
                    (
                        StatusCode::NOT_FOUND,
                        [("content-type", "application/json")],
                        reply.to_owned(),
                    )
                        .into_response()
                }
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

const PROGRAM: &str = r#"
use graph_beta_applications::prelude::*;
use graph_beta_change_notifications::prelude::*;

/// One error type: either crate's `Error` is the runtime's.
fn same_error(e: graph_beta_change_notifications::Error) -> graph_beta_applications::Error {
    e
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), graph_runtime::Error> {
    let url = std::env::args().nth(1).expect("the server URL");
    // One token provider, one client, typed as either crate names it.
    let client: graph_beta_applications::Client = graph_runtime::Client::builder()
        .base_url(url)
        .token_provider(|| async { Ok::<_, std::io::Error>(graph_runtime::Secret::new("one-token")) })
        .build()?;
    let same: &graph_beta_change_notifications::Client = &client;

    #[allow(deprecated)]
    let count = client
        .get_service_principal_synchronization_secret_count("sp-1")
        .send()
        .await?;
    println!("count {}", count.body());

    let created = same
        .new_subscription()
        .change_type("created")
        .resource("/users")
        .send()
        .await?;
    let subscription: graph_beta_change_notifications::models::Subscription =
        created.into_body().expect("a created subscription");
    println!("created {}", subscription.id.as_deref().unwrap_or_default());

    // A list of strings from string literals (`Item: Into<String>`).
    let listed = same.list_subscription().select(["id", "resource"]).top(1).send().await?;
    println!("listed {}", listed.body().value.as_ref().map_or(0, Vec::len));

    let missing = same.get_subscription("nope").send().await.map(|_| ()).map_err(same_error);
    let error: graph_runtime::Error = missing.expect_err("404");
    let service = error.service().expect("a service error");
    println!("error {} {}", service.status().as_u16(), service.code().unwrap_or_default());
    Ok(())
}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_generated_crates_share_one_client_token_provider_and_error() {
    let root = graph_tests::program::workspace_root();
    let spec = graph_tests::shared_spec("graph-beta/ChangeNotifications.yml");
    let dir = tempfile::tempdir().unwrap();
    let notifications = dir.path().join("change-notifications");
    // Package, module and identity names come from the document itself (its title and
    // version): `graph-beta-change-notifications`, `ChangeNotificationsIdentity`.
    let mut options = codegen::Options::default();
    options.krate.runtime_path = codegen::runtime_path(&notifications);
    let report = codegen::generate(&spec, &options).expect("generate ChangeNotifications");
    codegen::write::write(&notifications, &report.files).expect("write the crate");

    let program = dir.path().join("program");
    graph_tests::program::write(
        &program,
        "two-crates",
        &[
            format!(
                "graph-beta-applications = {{ path = {:?} }}",
                root.join("generated")
            ),
            format!("graph-beta-change-notifications = {{ path = {notifications:?} }}"),
        ],
        PROGRAM,
    );

    let (url, seen) = server().await;
    let stdout = graph_tests::program::run_ok(program, url).await;
    assert_eq!(
        stdout,
        "count 2\ncreated sub-1\nlisted 1\nerror 404 Request_ResourceNotFound\n"
    );

    let seen = seen.lock().unwrap().clone();
    let bearer = Some("Bearer one-token".to_owned());
    assert_eq!(seen.len(), 4, "{seen:#?}");
    assert_eq!(
        seen[0],
        (
            "GET".into(),
            "/servicePrincipals/sp-1/synchronization/secrets/$count".into(),
            bearer.clone(),
            String::new()
        )
    );
    assert_eq!(
        (&seen[1].0, seen[1].1.as_str(), &seen[1].2),
        (&"POST".to_owned(), "/subscriptions", &bearer)
    );
    let body: serde_json::Value = serde_json::from_str(&seen[1].3).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"changeType": "created", "resource": "/users"})
    );
    assert_eq!(
        (seen[2].0.as_str(), seen[2].1.as_str()),
        ("GET", "/subscriptions?$select=id%2Cresource&$top=1")
    );
    assert_eq!(
        seen[3],
        (
            "GET".into(),
            "/subscriptions/nope".into(),
            bearer,
            String::new()
        )
    );
}
