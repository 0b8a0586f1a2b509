//! Three Graph modules generated together from one folder (`cargo xtask codegen --spec DIR`):
//! Users, Groups and Applications in one crate, with one `User` type. A program creates a
//! user, adds it to a group as a member (`$ref`), lists the group's members and reads the
//! same `User` type back, then registers an application owned by that user; a loopback
//! server checks every request that arrived.
//!
//! The folder is made here of links to the three documents of `shared/specs/graph-beta/`.

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
            let json = |status, body: &'static str| {
                (status, [("content-type", "application/json")], body).into_response()
            };
            match (method.as_str(), path.as_str()) {
                ("POST", "/users") => json(
                    StatusCode::CREATED,
                    r#"{"id":"user-1","displayName":"Ada","userPrincipalName":"ada@contoso.com"}"#,
                ),
                ("GET", "/groups/group-1/members/microsoft.graph.user") => json(
                    StatusCode::OK,
                    r#"{"value":[{"id":"user-1","displayName":"Ada","userPrincipalName":"ada@contoso.com"}]}"#,
                ),
                ("POST", "/applications") => {
                    json(StatusCode::CREATED, r#"{"id":"app-1","displayName":"Ada's app"}"#)
                }
                ("POST", p) if p.ends_with("/$ref") => StatusCode::NO_CONTENT.into_response(),
                _ => StatusCode::NOT_FOUND.into_response(),
            }
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

const PROGRAM: &str = r#"
use graph_beta_uga::models::User;
use graph_beta_uga::prelude::*;

/// A `User` from the Users module's operation and one from the Groups module's are one type.
fn same_user(created: &User, listed: &User) -> bool {
    created.id == listed.id && created.display_name == listed.display_name
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), graph_runtime::Error> {
    let url = std::env::args().nth(1).expect("the server URL");
    let client = graph_beta_uga::Client::builder()
        .base_url(url)
        .bearer_token("token")
        .build()?;

    // Graph marks the POST deprecated for one private preview; it is the way to create a user.
    #[allow(deprecated)]
    let user: User = client
        .new_user()
        .display_name("Ada")
        .user_principal_name("ada@contoso.com")
        .account_enabled(true)
        .send()
        .await?
        .into_body()
        .expect("the created user");
    let user_id = user.id.clone().expect("an id");
    let reference = format!("https://graph.microsoft.com/beta/directoryObjects/{user_id}");

    client.new_group_member_by_ref("group-1").odata_id(reference.as_str()).send().await?;

    let members = client.list_group_member_as_user("group-1").send().await?.into_body();
    let listed: &User = &members.value.as_ref().expect("members")[0];
    println!("same user {}", same_user(&user, listed));

    let app = client
        .new_application()
        .display_name("Ada's app")
        .send()
        .await?
        .into_body()
        .expect("the created application");
    let app_id = app.id.expect("an id");
    client.new_application_owner_by_ref(app_id.as_str()).odata_id(reference).send().await?;
    println!("application {app_id} owned by {user_id}");
    Ok(())
}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn users_groups_and_applications_share_one_user_type() {
    let dir = tempfile::tempdir().unwrap();
    // The folder's name names the crate: `graph-beta-uga`.
    let specs = dir.path().join("graph-beta-uga");
    std::fs::create_dir(&specs).unwrap();
    for module in ["Users", "Groups", "Applications"] {
        let source = graph_tests::shared_spec(&format!("graph-beta/{module}.yml"));
        std::fs::copy(&source, specs.join(format!("{module}.yml"))).unwrap();
    }
    let krate = dir.path().join("crate");
    let mut options = codegen::Options::default();
    options.krate.runtime_path = codegen::runtime_path(&krate);
    let report = codegen::generate(&specs, &options).expect("generate the folder");
    assert!(report.operations > 1500, "{} operations", report.operations);
    // One `User` model for the three modules.
    let models = &graph_tests::models_text(&report.files);
    assert_eq!(models.matches("\npub struct User {").count(), 1);
    codegen::write::write(&krate, &report.files).expect("write the crate");

    let program = dir.path().join("program");
    graph_tests::program::write(
        &program,
        "three-modules",
        &[format!("graph-beta-uga = {{ path = {krate:?} }}")],
        PROGRAM,
    );
    let (url, seen) = server().await;
    let stdout = graph_tests::program::run_ok(program, url).await;
    assert_eq!(
        stdout,
        "same user true\napplication app-1 owned by user-1\n"
    );

    let reference = r#"{"@odata.id":"https://graph.microsoft.com/beta/directoryObjects/user-1"}"#;
    let seen = seen.lock().unwrap().clone();
    let seen: Vec<(&str, &str, &str)> = seen
        .iter()
        .map(|(m, p, b)| (m.as_str(), p.as_str(), b.as_str()))
        .collect();
    assert_eq!(
        seen,
        [
            (
                "POST",
                "/users",
                r#"{"accountEnabled":true,"displayName":"Ada","userPrincipalName":"ada@contoso.com"}"#
            ),
            ("POST", "/groups/group-1/members/$ref", reference),
            ("GET", "/groups/group-1/members/microsoft.graph.user", ""),
            ("POST", "/applications", r#"{"displayName":"Ada's app"}"#),
            ("POST", "/applications/app-1/owners/$ref", reference),
        ]
    );
}
