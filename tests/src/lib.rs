//! The loopback HTTP server the integration tests talk to, a `tracing` capture, and where
//! the real Graph documents are ([`shared_specs`]: a missing folder fails, never skips).
//!
//! [`Server`] listens on `127.0.0.1:0` and serves every path of an OpenAPI document
//! (routed by the document's path templates, not by hand-written routes). It records
//! every request it receives and checks it against the document: the path template and
//! method, each path value being exactly one segment, the query parameters, the
//! `Content-Type`, and the body against the request body schema (types, required keys,
//! enum strings). Requests that break the document are answered `400` with an OData
//! error naming the violations, and the violations are kept for the test to assert on.
//!
//! Tests script the answers with [`Server::push`]: statuses, headers, bodies, slow
//! answers, dropped connections, redirects. Unscripted requests get the operation's
//! success answer (`204`, or `0` as `text/plain` for `$count`).

/// The README, whose Rust example is compiled as a doctest here so it cannot drift from
/// the generated crate.
#[doc = include_str!("../../README.md")]
mod readme {}

use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

pub mod capture;
pub mod example;
pub mod program;
pub mod public_api;

/// The text of every file of a generated crate's `models` module (`src/models/`), joined:
/// its models are spread over one file per set of Cargo features.
pub fn models_text(files: &std::collections::BTreeMap<String, String>) -> String {
    files
        .iter()
        .filter(|(path, _)| path.starts_with("src/models/"))
        .map(|(_, text)| text.as_str())
        .collect()
}

pub mod shared;

pub use shared::{shared_documents, shared_spec, shared_specs};

/// The spec the tests serve, relative to this package.
pub const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../specs/graph-beta-synchronization-secrets.yaml"
);

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The method.
    pub method: Method,
    /// The request target as sent: absolute-form (`http://host/path`) when it came
    /// through as a proxy request, origin-form (`/path?query`) otherwise.
    pub target: String,
    /// The raw (still percent-encoded) path.
    pub raw_path: String,
    /// The raw query, if any.
    pub raw_query: Option<String>,
    /// The decoded query pairs.
    pub query: Vec<(String, String)>,
    /// The path template it matched, if any.
    pub template: Option<String>,
    /// The operationId it matched, if any.
    pub operation_id: Option<String>,
    /// The decoded values of the template's parameters, in order.
    pub path_values: Vec<String>,
    /// The headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: Bytes,
    /// When it arrived.
    pub at: Instant,
    /// What was wrong with it, measured against the document.
    pub violations: Vec<String>,
}

impl Recorded {
    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the body is JSON")
    }
}

/// A scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answer with this status, headers and body.
    Answer {
        /// The status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Wait, then give the default answer.
    Slow(Duration),
    /// Send a status line and headers, then drop the connection mid-body.
    Drop,
}

impl Reply {
    /// An answer without a body.
    pub fn status(status: u16) -> Self {
        Reply::Answer {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A JSON answer.
    pub fn json(status: u16, value: Value) -> Self {
        Reply::Answer {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: serde_json::to_vec(&value).unwrap(),
        }
    }

    /// A text answer with the given media type.
    pub fn text(status: u16, content_type: &str, body: &str) -> Self {
        Reply::Answer {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// An OData error answer, Graph-style.
    pub fn odata_error(status: u16, code: &str, message: &str, request_id: &str) -> Self {
        Reply::json(
            status,
            json!({"error": {
                "code": code,
                "message": message,
                "target": "value",
                "details": [{"code": "InvalidKey", "message": "detail message", "target": "key"}],
                "innerError": {
                    "date": "2026-11-26T10:00:00",
                    "request-id": request_id,
                    "client-request-id": "c0ffee00-0000-4000-8000-000000000000"
                }
            }}),
        )
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Self {
        Reply::status(status).with_header("location", location)
    }

    /// Adds a header to an [`Reply::Answer`].
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Answer { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

struct State {
    spec: Value,
    script: Mutex<VecDeque<Reply>>,
    log: Mutex<Vec<Recorded>>,
    allow_unknown_enum: AtomicBool,
}

/// The loopback server. Stops when dropped.
pub struct Server {
    addr: std::net::SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts a server for the tests' spec.
    pub async fn start() -> Server {
        Server::start_with(Path::new(SPEC)).await
    }

    /// Starts a server for the OpenAPI document at `spec`.
    pub async fn start_with(spec: &Path) -> Server {
        let text = std::fs::read_to_string(spec).expect("read the spec");
        let spec: Value = serde_yaml::from_str(&text).expect("parse the spec");
        let state = Arc::new(State {
            spec,
            script: Mutex::new(VecDeque::new()),
            log: Mutex::new(Vec::new()),
            allow_unknown_enum: AtomicBool::new(false),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        let handler_state = state.clone();
        let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
            let state = handler_state.clone();
            async move { handle(state, request).await }
        });
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.expect("serve");
        });
        Server { addr, state, task }
    }

    /// The base URL: `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Queues answers, given in order to the next requests.
    pub fn push(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.script.lock().unwrap().extend(replies);
    }

    /// Lets `key` values outside the enum members through (Graph's enums are open).
    pub fn allow_unknown_enum_values(&self, allow: bool) {
        self.state.allow_unknown_enum.store(allow, Ordering::SeqCst);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state.log.lock().unwrap().clone()
    }

    /// The only request received; panics unless there was exactly one.
    pub fn single(&self) -> Recorded {
        let log = self.requests();
        assert_eq!(log.len(), 1, "expected exactly one request, got {log:#?}");
        log.into_iter().next().unwrap()
    }

    /// Every violation of the document in any request received so far.
    pub fn violations(&self) -> Vec<String> {
        self.requests()
            .into_iter()
            .flat_map(|r| r.violations)
            .collect()
    }
}

async fn handle(state: Arc<State>, request: axum::extract::Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, 16 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let raw_path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().map(str::to_owned);
    let query: Vec<(String, String)> = raw_query
        .as_deref()
        .map(|q| {
            q.split('&')
                .filter(|p| !p.is_empty())
                .map(|pair| {
                    let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(name), decode(value))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut recorded = Recorded {
        method: parts.method.clone(),
        target: parts.uri.to_string(),
        raw_path,
        raw_query,
        query,
        template: None,
        operation_id: None,
        path_values: Vec::new(),
        headers: parts.headers.clone(),
        body,
        at: Instant::now(),
        violations: Vec::new(),
    };
    let operation = check(&state, &mut recorded);
    let violations = recorded.violations.clone();
    state.log.lock().unwrap().push(recorded);
    if !violations.is_empty() {
        return answer(&Reply::odata_error(
            400,
            "ServerCheck_Failed",
            &violations.join("; "),
            "server-check",
        ));
    }
    let reply = state.script.lock().unwrap().pop_front();
    match reply {
        Some(Reply::Slow(delay)) => {
            tokio::time::sleep(delay).await;
            answer(&default_reply(&state.spec, operation.as_ref()))
        }
        Some(Reply::Drop) => {
            let stream = futures_util::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("connection dropped"))
            });
            Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(Body::from_stream(stream))
                .unwrap()
        }
        Some(reply) => answer(&reply),
        None => answer(&default_reply(&state.spec, operation.as_ref())),
    }
}

fn answer(reply: &Reply) -> Response {
    match reply {
        Reply::Answer {
            status,
            headers,
            body,
        } => {
            let mut response = Response::new(Body::from(body.clone()));
            *response.status_mut() = StatusCode::from_u16(*status).unwrap();
            for (name, value) in headers {
                response.headers_mut().append(
                    HeaderName::from_bytes(name.as_bytes()).unwrap(),
                    HeaderValue::from_str(value).unwrap(),
                );
            }
            response.headers_mut().insert(
                "request-id",
                HeaderValue::from_static("5e1f0000-0000-4000-8000-000000000001"),
            );
            response
        }
        Reply::Slow(_) | Reply::Drop => unreachable!("handled by the caller"),
    }
}

/// The operation's success answer: `0` as text for a `text/plain` 2XX, `204` otherwise.
fn default_reply(spec: &Value, operation: Option<&Value>) -> Reply {
    let Some(operation) = operation else {
        return Reply::status(404);
    };
    let ok = operation
        .pointer("/responses/2XX")
        .or_else(|| operation.pointer("/responses/200"))
        .map(|r| resolve(spec, r));
    if ok.is_some_and(|r| r.pointer("/content/text~1plain").is_some()) {
        Reply::text(200, "text/plain", "0")
    } else {
        Reply::status(204)
    }
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .map(|s| s.into_owned())
        .unwrap_or_else(|_| text.to_owned())
}

/// Follows a local `$ref` (`#/components/...`) until it reaches an object without one.
fn resolve<'a>(spec: &'a Value, mut value: &'a Value) -> &'a Value {
    while let Some(reference) = value.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        value = spec
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved $ref {reference}"));
    }
    value
}

/// Matches the request to a path template and operation and checks it; returns the
/// operation, when one matched.
fn check(state: &State, recorded: &mut Recorded) -> Option<Value> {
    let spec = &state.spec;
    let segments: Vec<&str> = recorded.raw_path.split('/').skip(1).collect();
    let paths = spec.get("paths").and_then(Value::as_object)?;
    let mut matched = None;
    for (template, item) in paths {
        let parts: Vec<&str> = template.split('/').skip(1).collect();
        if parts.len() != segments.len() {
            continue;
        }
        let mut values = Vec::new();
        let fits = parts.iter().zip(&segments).all(|(part, segment)| {
            if part.starts_with('{') && part.ends_with('}') {
                values.push(decode(segment));
                true
            } else {
                decode(segment) == *part
            }
        });
        if fits {
            matched = Some((template.clone(), item.clone(), values));
            break;
        }
    }
    let Some((template, item, values)) = matched else {
        recorded.violations.push(format!(
            "no path template of the document matches {}",
            recorded.raw_path
        ));
        return None;
    };
    recorded.template = Some(template.clone());
    recorded.path_values = values;
    let method = recorded.method.as_str().to_ascii_lowercase();
    let Some(operation) = item.get(&method) else {
        recorded
            .violations
            .push(format!("{template} has no {method} operation"));
        return None;
    };
    recorded.operation_id = operation
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    for value in &recorded.path_values {
        if value.is_empty() {
            recorded.violations.push("an empty path value".to_owned());
        }
    }
    let params: Vec<&Value> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .map(|list| list.iter().map(|p| resolve(spec, p)).collect())
        .unwrap_or_default();
    for (name, _) in &recorded.query {
        let known = params.iter().any(|p| {
            p.get("in").and_then(Value::as_str) == Some("query")
                && p.get("name").and_then(Value::as_str) == Some(name.as_str())
        });
        if !known {
            recorded
                .violations
                .push(format!("query parameter {name:?} is not in the document"));
        }
    }
    let allow_unknown = state.allow_unknown_enum.load(Ordering::SeqCst);
    match operation.get("requestBody").map(|b| resolve(spec, b)) {
        Some(body_spec) => {
            let required = body_spec
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if recorded.body.is_empty() {
                if required {
                    recorded
                        .violations
                        .push("the required request body is missing".to_owned());
                }
            } else {
                let content_type = recorded.header("content-type").unwrap_or_default();
                let media = content_type.split(';').next().unwrap_or_default().trim();
                match body_spec.pointer(&format!(
                    "/content/{}",
                    media.replace('~', "~0").replace('/', "~1")
                )) {
                    None => recorded.violations.push(format!(
                        "Content-Type {content_type:?} is not in the document"
                    )),
                    Some(content) => match serde_json::from_slice::<Value>(&recorded.body) {
                        Err(e) => recorded
                            .violations
                            .push(format!("the body is not JSON: {e}")),
                        Ok(value) => {
                            if let Some(schema) = content.get("schema") {
                                validate(
                                    spec,
                                    &value,
                                    schema,
                                    "body",
                                    allow_unknown,
                                    &mut recorded.violations,
                                );
                            }
                        }
                    },
                }
            }
        }
        None => {
            if !recorded.body.is_empty() {
                recorded
                    .violations
                    .push("a body was sent to an operation that takes none".to_owned());
            }
        }
    }
    Some(operation.clone())
}

/// Checks `value` against `schema`, adding a violation per mismatch.
pub fn validate(
    spec: &Value,
    value: &Value,
    schema: &Value,
    at: &str,
    allow_unknown_enum: bool,
    out: &mut Vec<String>,
) {
    let schema = resolve(spec, schema);
    let nullable = schema
        .get("nullable")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if value.is_null() {
        if !nullable {
            out.push(format!("{at} is null but not nullable"));
        }
        return;
    }
    if let Some(members) = schema.get("enum").and_then(Value::as_array) {
        match value.as_str() {
            Some(text) if members.iter().any(|m| m.as_str() == Some(text)) => {}
            Some(text) if allow_unknown_enum => {
                let _ = text;
            }
            _ => out.push(format!("{at} = {value} is not one of the enum members")),
        }
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => {
            let Some(object) = value.as_object() else {
                out.push(format!("{at} is not an object"));
                return;
            };
            let properties = schema.get("properties").and_then(Value::as_object);
            if let Some(required) = schema.get("required").and_then(Value::as_array) {
                for key in required.iter().filter_map(Value::as_str) {
                    if !object.contains_key(key) {
                        out.push(format!("{at}.{key} is required"));
                    }
                }
            }
            for (key, item) in object {
                match properties.and_then(|p| p.get(key)) {
                    Some(property) => validate(
                        spec,
                        item,
                        property,
                        &format!("{at}.{key}"),
                        allow_unknown_enum,
                        out,
                    ),
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            out.push(format!("{at}.{key} is not a property"));
                        }
                        Some(extra) if extra.is_object() => validate(
                            spec,
                            item,
                            extra,
                            &format!("{at}.{key}"),
                            allow_unknown_enum,
                            out,
                        ),
                        _ => {}
                    },
                }
            }
        }
        Some("array") => {
            let Some(items) = value.as_array() else {
                out.push(format!("{at} is not an array"));
                return;
            };
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(
                        spec,
                        item,
                        item_schema,
                        &format!("{at}[{i}]"),
                        allow_unknown_enum,
                        out,
                    );
                }
            }
        }
        Some("string") if !value.is_string() => out.push(format!("{at} is not a string")),
        Some("integer") if !(value.is_i64() || value.is_u64()) => {
            out.push(format!("{at} is not an integer"));
        }
        Some("number") if !value.is_number() => out.push(format!("{at} is not a number")),
        Some("boolean") if !value.is_boolean() => out.push(format!("{at} is not a boolean")),
        _ => {}
    }
}
