//! Header precedence, per header the runtime sets itself (`User-Agent`,
//! `client-request-id`, `ConsistencyLevel`, `Content-Type`, `Accept`, `Authorization`) and
//! per level (client-wide with `ClientBuilder::default_header`, per request with
//! `Request::header`): the caller's value replaces the built-in one, a per-request value
//! beats a client-wide one, and the header arrives exactly once. Checked on the header
//! lines the loopback server received.
#![allow(deprecated)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use graph_beta_applications::prelude::*;
use graph_beta_applications::{Client, ClientBuilder, Error, RetryPolicy, Secret};
use graph_tests::example::powershell_example_pairs as example_pairs;
use graph_tests::{Recorded, Reply, Server};

const SP: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .bearer_token("built-in-token")
        .retry_policy(RetryPolicy::default().base_delay(std::time::Duration::from_millis(5)))
}

/// Every line of header `name` the server received, in order.
fn lines(request: &Recorded, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// A PUT with a body, with the per-request headers given; the one request received.
async fn put(server: &Server, client: &Client, headers: &[(&str, &str)]) -> Recorded {
    let mut request = client
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap();
    let received = server.requests().pop().unwrap();
    assert!(received.violations.is_empty(), "{:?}", received.violations);
    received
}

/// A `$count` (an operation Graph wants with `ConsistencyLevel: eventual`).
async fn count(server: &Server, client: &Client, headers: &[(&str, &str)]) -> Recorded {
    let mut request = client.get_service_principal_synchronization_secret_count(SP);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap();
    server.requests().pop().unwrap()
}

#[tokio::test]
async fn without_caller_headers_each_built_in_header_arrives_once() {
    let server = Server::start().await;
    let client = builder(&server).build().unwrap();
    let put = put(&server, &client, &[]).await;
    assert_eq!(lines(&put, "user-agent"), ["graph-runtime/0.1.0"]);
    assert_eq!(lines(&put, "client-request-id").len(), 1);
    assert_eq!(lines(&put, "content-type"), ["application/json"]);
    assert_eq!(lines(&put, "accept"), ["*/*"]);
    assert_eq!(lines(&put, "authorization"), ["Bearer built-in-token"]);
    assert!(lines(&put, "consistencylevel").is_empty());
    let count = count(&server, &client, &[]).await;
    assert_eq!(lines(&count, "consistencylevel"), ["eventual"]);
    assert!(lines(&count, "content-type").is_empty());
}

// ---- User-Agent -------------------------------------------------------------------------

#[tokio::test]
async fn user_agent_client_wide_replaces_the_built_in_one() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("User-Agent", "client-agent/1")
        .build()
        .unwrap();
    let request = put(&server, &client, &[]).await;
    assert_eq!(lines(&request, "user-agent"), ["client-agent/1"]);
}

#[tokio::test]
async fn user_agent_per_request_beats_client_wide_and_built_in() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("User-Agent", "client-agent/1")
        .build()
        .unwrap();
    let request = put(&server, &client, &[("user-agent", "request-agent/2")]).await;
    assert_eq!(lines(&request, "user-agent"), ["request-agent/2"]);
    let plain = builder(&server).build().unwrap();
    let request = put(&server, &plain, &[("User-Agent", "request-agent/3")]).await;
    assert_eq!(lines(&request, "user-agent"), ["request-agent/3"]);
}

// ---- client-request-id ------------------------------------------------------------------

#[tokio::test]
async fn client_request_id_client_wide_replaces_the_fresh_one() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("client-request-id", "client-wide-id")
        .build()
        .unwrap();
    let request = put(&server, &client, &[]).await;
    assert_eq!(lines(&request, "client-request-id"), ["client-wide-id"]);
}

#[tokio::test]
async fn client_request_id_per_request_beats_client_wide_and_is_kept_on_retries() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("client-request-id", "client-wide-id")
        .build()
        .unwrap();
    server.push([Reply::status(503)]);
    put(&server, &client, &[("Client-Request-Id", "per-request-id")]).await;
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "one retry");
    for request in &requests {
        assert_eq!(lines(request, "client-request-id"), ["per-request-id"]);
    }
}

// ---- ConsistencyLevel -------------------------------------------------------------------

#[tokio::test]
async fn consistency_level_client_wide_replaces_the_built_in_one() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("ConsistencyLevel", "session")
        .build()
        .unwrap();
    let request = count(&server, &client, &[]).await;
    assert_eq!(lines(&request, "consistencylevel"), ["session"]);
}

#[tokio::test]
async fn consistency_level_per_request_beats_client_wide_and_built_in() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("ConsistencyLevel", "session")
        .build()
        .unwrap();
    let request = count(&server, &client, &[("consistencylevel", "strong")]).await;
    assert_eq!(lines(&request, "consistencylevel"), ["strong"]);
}

// ---- Content-Type -----------------------------------------------------------------------

#[tokio::test]
async fn content_type_client_wide_replaces_the_built_in_one() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("Content-Type", "application/json; charset=utf-8")
        .build()
        .unwrap();
    let request = put(&server, &client, &[]).await;
    assert_eq!(
        lines(&request, "content-type"),
        ["application/json; charset=utf-8"]
    );
}

#[tokio::test]
async fn content_type_per_request_beats_client_wide_and_built_in() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("Content-Type", "application/json; charset=utf-8")
        .build()
        .unwrap();
    let request = put(
        &server,
        &client,
        &[("content-type", "application/json; odata.metadata=minimal")],
    )
    .await;
    assert_eq!(
        lines(&request, "content-type"),
        ["application/json; odata.metadata=minimal"]
    );
}

// ---- Accept (reqwest's `*/*` unless the caller sets one) --------------------------------

#[tokio::test]
async fn accept_client_wide_replaces_the_built_in_one() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("Accept", "application/json")
        .build()
        .unwrap();
    let request = put(&server, &client, &[]).await;
    assert_eq!(lines(&request, "accept"), ["application/json"]);
}

#[tokio::test]
async fn accept_per_request_beats_client_wide_and_built_in() {
    let server = Server::start().await;
    let client = builder(&server)
        .default_header("Accept", "application/json")
        .build()
        .unwrap();
    let request = count(&server, &client, &[("accept", "text/plain")]).await;
    assert_eq!(lines(&request, "accept"), ["text/plain"]);
}

// ---- Authorization ----------------------------------------------------------------------

#[tokio::test]
async fn authorization_client_wide_is_refused_before_any_request() {
    let server = Server::start().await;
    let error = builder(&server)
        .default_header("Authorization", "Bearer client-wide")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidArgument { name, .. } if name == "Authorization"),
        "{error:?}"
    );
    assert!(!format!("{error} {error:?}").contains("client-wide"));
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn authorization_per_request_beats_the_clients_authentication() {
    let server = Server::start().await;
    let asked = Arc::new(AtomicU32::new(0));
    let counter = asked.clone();
    let client = Client::builder()
        .base_url(server.url())
        .token_provider(move || {
            counter.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, std::io::Error>(Secret::new("provider-token")) }
        })
        .build()
        .unwrap();
    let request = client
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs())
        .header("Authorization", "Bearer per-request")
        .allow_authorization_header()
        .send()
        .await
        .map(|_| server.requests().pop().unwrap())
        .unwrap();
    assert_eq!(lines(&request, "authorization"), ["Bearer per-request"]);
    assert_eq!(asked.load(Ordering::SeqCst), 0, "the provider is not asked");
    let request = put(&server, &client, &[]).await;
    assert_eq!(lines(&request, "authorization"), ["Bearer provider-token"]);
}
