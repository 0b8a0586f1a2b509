//! The runtime on its own, with an operation written by hand (as a generated crate writes
//! it), against a server on 127.0.0.1: what arrives, what comes back, and the errors.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap as AxumHeaders, Method as AxumMethod, StatusCode as AxumStatus, Uri};
use axum::response::IntoResponse;
use graph_runtime::codec::{ReadNothing, ReadText, WriteJsonIfGiven, WriteNothing};
use graph_runtime::{
    Client, Error, Method, NoBody, Operation, OperationInfo, PathPart, PathValues, Request, Secret,
    Service,
};
use serde::{Deserialize, Serialize};

/// The API of the hand-written operations.
enum TestApi {}

#[derive(Debug, Deserialize, PartialEq)]
struct TestErrorBody {
    error: TestErrorDetail,
}

#[derive(Debug, Deserialize, PartialEq)]
struct TestErrorDetail {
    code: String,
}

impl Service for TestApi {
    const ROOT: &'static str = "https://graph.example/beta";
    type ErrorBody = TestErrorBody;
}

#[derive(Debug, Default, Serialize)]
struct Body {
    key: String,
    password: Secret,
}

/// `PUT /things/{thing-id}/secret`.
enum PutSecret {}

impl Operation for PutSecret {
    type Service = TestApi;
    type Body = Body;
    type Output = ();
    type Write = WriteJsonIfGiven;
    type Read = ReadNothing;
    const INFO: OperationInfo = OperationInfo {
        operation_id: "things_PutSecret",
        cmdlet: "Set-Thing",
        method: Method::PUT,
        path: &[
            PathPart::Literal("/things/"),
            PathPart::Param(0),
            PathPart::Literal("/secret"),
        ],
        eventual_consistency: false,
        binary_content_type: None,
    };
}

/// `GET /things/$count`.
enum CountThings {}

impl Operation for CountThings {
    type Service = TestApi;
    type Body = NoBody;
    type Output = i64;
    type Write = WriteNothing;
    type Read = ReadText<i64>;
    const INFO: OperationInfo = OperationInfo {
        operation_id: "things_GetCount",
        cmdlet: "Get-ThingCount",
        method: Method::GET,
        path: &[PathPart::Literal("/things/$count")],
        eventual_consistency: true,
        binary_content_type: None,
    };
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    uri: String,
    headers: AxumHeaders,
    body: Vec<u8>,
}

/// A server answering every request with `status` and `body`, recording what arrived.
async fn server(status: u16, body: &'static str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().fallback(
        move |method: AxumMethod, uri: Uri, headers: AxumHeaders, bytes: Bytes| {
            let record = record.clone();
            async move {
                record.lock().unwrap().push(Seen {
                    method: method.to_string(),
                    uri: uri.to_string(),
                    headers,
                    body: bytes.to_vec(),
                });
                (AxumStatus::from_u16(status).unwrap(), body).into_response()
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

/// A server answering with `statuses` (and no body) in order, then `200` with `body`,
/// recording what arrived.
async fn scripted_server(statuses: &[u16], body: &'static str) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let script = Arc::new(Mutex::new(statuses.to_vec()));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new().fallback(
        move |method: AxumMethod, uri: Uri, headers: AxumHeaders, bytes: Bytes| {
            let (record, script) = (record.clone(), script.clone());
            async move {
                record.lock().unwrap().push(Seen {
                    method: method.to_string(),
                    uri: uri.to_string(),
                    headers,
                    body: bytes.to_vec(),
                });
                let mut script = script.lock().unwrap();
                if script.is_empty() {
                    (AxumStatus::OK, body).into_response()
                } else {
                    AxumStatus::from_u16(script.remove(0))
                        .unwrap()
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

/// A request's header lines but `retry-attempt`, sorted by name and then value (the
/// values of one name in the order they were sent).
fn lines_but_retry_attempt(headers: &AxumHeaders) -> Vec<(String, Vec<Vec<u8>>)> {
    let mut lines: Vec<_> = headers
        .keys()
        .filter(|name| *name != "retry-attempt")
        .map(|name| {
            let values = headers
                .get_all(name)
                .iter()
                .map(|v| v.as_bytes().to_vec())
                .collect();
            (name.as_str().to_owned(), values)
        })
        .collect();
    lines.sort();
    lines
}

fn put<'a>(client: &'a Client, id: &str) -> Request<'a, PutSecret> {
    Request::new(
        client,
        PathValues::given(&["thing-id"], vec![id.to_owned()]),
    )
}

/// Sends `PUT /things/1/secret` with an empty body.
async fn put_empty(client: &Client) -> Result<graph_runtime::Response<()>, Error> {
    put(client, "1").body(Body::default()).send().await
}

#[tokio::test]
async fn a_request_arrives_as_built() {
    let (url, seen) = server(204, "").await;
    let client = Client::builder()
        .base_url(&url)
        .bearer_token("t0ken")
        .build()
        .unwrap();
    put(&client, "a/b")
        .body(Body {
            key: "k".into(),
            password: Secret::new("hunter2"),
        })
        .header("x-extra", "1")
        .send()
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.uri, "/things/a%2Fb/secret");
    assert_eq!(request.headers["authorization"], "Bearer t0ken");
    assert_eq!(request.headers["content-type"], "application/json");
    assert_eq!(request.headers["x-extra"], "1");
    assert_eq!(
        request.headers["user-agent"],
        graph_runtime::USER_AGENT_VALUE
    );
    assert_eq!(request.headers["client-request-id"].len(), 36);
    assert_eq!(request.body, br#"{"key":"k","password":"hunter2"}"#);
}

#[tokio::test]
async fn the_dry_run_sends_nothing_and_shows_no_secret() {
    let client = Client::builder().bearer_token("t0ken").build().unwrap();
    let prepared = put(&client, "1")
        .body(Body {
            key: "k".into(),
            password: Secret::new("hunter2"),
        })
        .prepare()
        .unwrap();
    // No base URL: the request goes to its own API's service root.
    assert_eq!(prepared.url, "https://graph.example/beta/things/1/secret");
    let shown = format!("{prepared}\n{prepared:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("t0ken"),
        "{shown}"
    );
    assert!(shown.contains(r#""password":"<redacted>""#), "{shown}");
}

#[tokio::test]
async fn a_service_error_is_parsed_once_as_the_services_error_type() {
    let (url, _) = server(
        404,
        r#"{"error":{"code":"Request_ResourceNotFound","message":"gone"}}"#,
    )
    .await;
    let client = Client::builder()
        .base_url(&url)
        .max_retries(0)
        .build()
        .unwrap();
    let error = put_empty(&client).await.unwrap_err();
    let service = error.service().expect("a service error");
    assert_eq!(service.status(), 404);
    assert_eq!(service.code(), Some("Request_ResourceNotFound"));
    assert_eq!(service.message(), Some("gone"));
    assert_eq!(
        service.body_as::<TestErrorBody>().unwrap().error.code,
        "Request_ResourceNotFound"
    );
}

#[tokio::test]
async fn count_sends_eventual_consistency_and_parses_text() {
    let (url, seen) = server(200, "42").await;
    let client = Client::builder().base_url(&url).build().unwrap();
    let count = Request::<CountThings>::new(&client, PathValues::given(&[], vec![]))
        .send()
        .await
        .unwrap();
    assert_eq!(*count.body(), 42);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].headers["consistencylevel"], "eventual");
    assert!(seen[0].headers.get("authorization").is_none());
}

#[tokio::test]
async fn a_failing_token_provider_is_an_auth_error_before_any_request() {
    use std::error::Error as _;
    let (url, seen) = server(204, "").await;
    let client = Client::builder()
        .base_url(&url)
        .token_provider(|| async { Err::<Secret, _>(std::io::Error::other("vault sealed")) })
        .build()
        .unwrap();
    let error = put_empty(&client).await.unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert_eq!(error.source().unwrap().to_string(), "vault sealed");
    assert!(seen.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_client_wide_user_agent_replaces_the_built_in_one() {
    let (url, seen) = server(204, "").await;
    let client = Client::builder()
        .base_url(&url)
        .default_header("User-Agent", "my-app/1.0")
        .build()
        .unwrap();
    put_empty(&client).await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let agents: Vec<_> = seen[0].headers.get_all("user-agent").iter().collect();
    assert_eq!(agents, ["my-app/1.0"]);
}

#[test]
fn retry_settings_chain_and_are_checked_when_the_client_is_built() {
    use graph_runtime::RetryPolicy;
    use std::time::Duration;
    let policy = RetryPolicy::default()
        .max_retries(11)
        .base_delay(Duration::from_millis(5));
    let error = Client::builder().retry_policy(policy).build().unwrap_err();
    assert!(
        matches!(&error, Error::InvalidArgument { name, .. } if name == "max_retries"),
        "{error:?}"
    );
    let policy = policy.max_retries(10);
    assert_eq!(policy.retries(), 10);
    assert!(Client::builder().retry_policy(policy).build().is_ok());
}

#[tokio::test]
async fn a_retry_sends_the_header_lines_of_the_first_attempt() {
    let (url, seen) = scripted_server(&[503, 429], "").await;
    let client = Client::builder()
        .base_url(&url)
        .bearer_token("t0ken")
        .default_header("x-default", "d1")
        .default_header("x-default", "d2")
        .default_header("x-replaced", "by the request")
        .default_header("User-Agent", "my-app/1.0")
        .retry_policy(
            graph_runtime::RetryPolicy::default().base_delay(std::time::Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    put(&client, "1")
        .body(Body {
            key: "k".into(),
            password: Secret::new("hunter2"),
        })
        .header("x-own", "o1")
        .header("x-own", "o2")
        .header("x-replaced", "r")
        .send()
        .await
        .unwrap();
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 3);
    let first = lines_but_retry_attempt(&seen[0].headers);
    let names: Vec<_> = first.iter().map(|(name, _)| name.as_str()).collect();
    for name in [
        "authorization",
        "client-request-id",
        "content-type",
        "user-agent",
        "x-default",
        "x-own",
        "x-replaced",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    let value = |name: &str| &first.iter().find(|(n, _)| n == name).unwrap().1;
    assert_eq!(value("x-default"), &[b"d1".to_vec(), b"d2".to_vec()]);
    assert_eq!(value("x-own"), &[b"o1".to_vec(), b"o2".to_vec()]);
    assert_eq!(value("x-replaced"), &[b"r".to_vec()]);
    assert_eq!(value("user-agent"), &[b"my-app/1.0".to_vec()]);
    for (n, retry) in seen.iter().enumerate().skip(1) {
        assert_eq!(
            lines_but_retry_attempt(&retry.headers),
            first,
            "attempt {n}"
        );
        assert_eq!(retry.headers["retry-attempt"], n.to_string().as_str());
        assert_eq!(retry.body, seen[0].body);
    }
    assert!(seen[0].headers.get("retry-attempt").is_none());
}

#[tokio::test]
async fn a_retry_keeps_consistency_level_and_the_requests_own_client_request_id() {
    let (url, seen) = scripted_server(&[503], "7").await;
    let client = Client::builder()
        .base_url(&url)
        .retry_policy(
            graph_runtime::RetryPolicy::default().base_delay(std::time::Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    // `$count` wants `ConsistencyLevel: eventual`.
    let count = Request::<CountThings>::new(&client, PathValues::given(&[], vec![]))
        .header("client-request-id", "my-own-id")
        .send()
        .await
        .unwrap();
    assert_eq!(*count.body(), 7);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(request.headers["consistencylevel"], "eventual");
        let ids: Vec<_> = request
            .headers
            .get_all("client-request-id")
            .iter()
            .collect();
        assert_eq!(ids, ["my-own-id"]);
    }
    assert_eq!(
        lines_but_retry_attempt(&seen[0].headers),
        lines_but_retry_attempt(&seen[1].headers)
    );
}
