//! Every request-body shape and every parameter named like a request builder's method,
//! in a document that is not Graph's (`tests/specs/body-shapes.yaml`): the crate generates,
//! builds, and a program calls each operation against a loopback server, which checks
//! what arrived (method, path and query, content type, the `X-Trace` header, the body).
//! An operation whose body has required members gets no field setters (it takes a whole
//! body); one whose body is not an object gets none either.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::IntoResponse;

/// One request as the server saw it: method, path and query, content type, `X-Trace`, body.
type Seen = (String, String, String, String, String);

async fn server() -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
            let record = record.clone();
            async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .map(|v| v.to_str().unwrap().to_owned())
                        .unwrap_or_default()
                };
                record.lock().unwrap().push((
                    method.to_string(),
                    uri.to_string(),
                    header("content-type"),
                    header("x-trace"),
                    // Bytes that are not UTF-8 are shown escaped.
                    String::from_utf8(body.to_vec())
                        .unwrap_or_else(|e| e.into_bytes().escape_ascii().to_string()),
                ));
                if uri.path() == "/search" {
                    let body = r#"[{"name":"found","size":3,"extra":null}]"#;
                    return (StatusCode::OK, [("content-type", "application/json")], body)
                        .into_response();
                }
                StatusCode::NO_CONTENT.into_response()
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

const PROGRAM: &str = r#"
use body_shapes::models::{SearchKind, Thing};
use body_shapes::prelude::*;

fn thing(name: &str) -> Thing {
    Thing { name: name.to_owned(), size: 2, tags: Some(vec!["x".to_owned()]), send: Some(true), client: None }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), graph_runtime::Error> {
    let url = std::env::args().nth(1).expect("the server URL");
    let client = body_shapes::Client::builder().base_url(url).bearer_token("token").build()?;

    // An integer path value, a body with required members (a whole body only).
    client.put_thing(7).body(thing("a")).send().await?;
    client.post_empty().body(Default::default()).send().await?;
    client.post_closed().body(Default::default()).send().await?;
    client.post_list().body(vec!["a".to_owned(), "b".to_owned()]).send().await?;
    client.post_objects().body(vec![thing("b")]).send().await?;
    client.post_count().body(5).send().await?;
    client.post_text().body("hi".to_owned()).send().await?;
    client.put_blob().body(vec![0, 1, 255]).send().await?;
    // An optional body: nothing, a field, a whole body.
    client.post_optional().send().await?;
    client.post_optional().text("note").send().await?;
    client.post_optional().body(Default::default()).send().await?;
    // Parameters named like the request's methods get their own setter names.
    let found = client
        .search()
        .client_param("c")
        .body_param("b")
        .send_param(true)
        .header_param(3)
        .timeout_param("t")
        .kind(SearchKind::Large)
        .x_trace("trace-1")
        .send()
        .await?
        .into_body();
    println!("{} {} {}", found.len(), found[0].name, found[0].size);
    Ok(())
}
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_body_shape_and_clashing_parameter_compiles_and_sends() {
    let spec = graph_tests::program::workspace_root().join("tests/specs/body-shapes.yaml");
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path().join("crate");
    let mut options = codegen::Options::default();
    options.krate.runtime_path = codegen::runtime_path(&krate);
    let report = codegen::generate(&spec, &options).expect("generate");
    // Named after the document's title, not Graph's modules.
    assert!(
        report.files["Cargo.toml"].contains("name = \"body-shapes\""),
        "{}",
        report.files["Cargo.toml"]
    );
    codegen::write::write(&krate, &report.files).expect("write the crate");

    let program = dir.path().join("program");
    graph_tests::program::write(
        &program,
        "body-shapes-program",
        &[format!("body-shapes = {{ path = {krate:?} }}")],
        PROGRAM,
    );
    let (url, seen) = server().await;
    let stdout = graph_tests::program::run_ok(program, url).await;
    assert_eq!(stdout, "1 found 3\n");

    let seen = seen.lock().unwrap().clone();
    let seen: Vec<[&str; 5]> = seen
        .iter()
        .map(|(m, p, c, t, b)| [m.as_str(), p.as_str(), c.as_str(), t.as_str(), b.as_str()])
        .collect();
    let json = "application/json";
    let thing_a = r#"{"name":"a","size":2,"tags":["x"],"send":true}"#;
    let thing_b = r#"[{"name":"b","size":2,"tags":["x"],"send":true}]"#;
    assert_eq!(
        seen,
        [
            ["PUT", "/things/7", json, "", thing_a],
            ["POST", "/empty", json, "", "{}"],
            ["POST", "/closed", json, "", "{}"],
            ["POST", "/list", json, "", r#"["a","b"]"#],
            ["POST", "/objects", json, "", thing_b],
            ["POST", "/count", json, "", "5"],
            ["POST", "/text", json, "", r#""hi""#],
            [
                "PUT",
                "/blob",
                "application/octet-stream",
                "",
                r"\x00\x01\xff"
            ],
            ["POST", "/optional", "", "", ""],
            ["POST", "/optional", json, "", r#"{"text":"note"}"#],
            ["POST", "/optional", json, "", "{}"],
            [
                "GET",
                "/search?client=c&body=b&send=true&header=3&timeout=t&kind=large",
                "",
                "trace-1",
                ""
            ],
        ]
    );
}
