//! Sign-in with an `azure_core` credential (the runtime's `azure` feature), end to end with
//! `azure_identity`'s real `ClientSecretCredential`: its token request goes to a loopback
//! token endpoint (the credential's HTTP transport, an `azure_core` client option, sends its
//! `https://login...` requests to `127.0.0.1`), its token to the loopback Graph server.
//!
//! Checked: the token arrives as `Authorization: Bearer …` on every attempt, asked of the
//! credential each time (it caches, and refreshes a token about to expire); the scope is
//! the `.default` scope of where the request goes; a failing credential is an
//! `Error::Auth` before any request reaches the server; neither the token nor the client
//! secret shows in `Debug`, `tracing` events or errors.
#![allow(deprecated)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use azure_core::http::headers::Headers;
use azure_core::http::{AsyncRawResponse, ClientOptions, HttpClient, Request, Transport};
use azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
use graph_beta_applications::prelude::*;
use graph_beta_applications::{Client, Error, RetryPolicy};
use graph_tests::example::powershell_example_pairs as example_pairs;
use graph_tests::{Reply, Server, capture};

const SP: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT_ID: &str = "0f3a8f6e-0000-4000-8000-00000000c11e";
const CLIENT_SECRET: &str = "CANARY-client-secret-4vP~x";

/// A token request as the endpoint received it: its path and its form fields.
type TokenRequest = (String, Vec<(String, String)>);

/// A loopback Entra token endpoint: answers each token request with the next scripted
/// `(status, JSON body)` and records the form it received.
#[derive(Clone, Default)]
struct TokenEndpoint {
    answers: Arc<Mutex<VecDeque<(u16, String)>>>,
    forms: Arc<Mutex<Vec<TokenRequest>>>,
}

impl TokenEndpoint {
    fn token(access_token: &str, expires_in: u64) -> (u16, String) {
        (
            200,
            format!(
                r#"{{"token_type":"Bearer","expires_in":{expires_in},"ext_expires_in":{expires_in},"access_token":"{access_token}"}}"#
            ),
        )
    }

    async fn start(&self) -> String {
        let state = self.clone();
        let app = axum::Router::new().fallback(move |request: axum::extract::Request| {
            let state = state.clone();
            async move {
                let path = request.uri().path().to_owned();
                let body = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .unwrap();
                let form = std::str::from_utf8(&body)
                    .unwrap()
                    .split('&')
                    .map(|pair| {
                        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                        let decode = |s: &str| {
                            percent_encoding::percent_decode_str(&s.replace('+', " "))
                                .decode_utf8()
                                .unwrap()
                                .into_owned()
                        };
                        (decode(k), decode(v))
                    })
                    .collect();
                state.forms.lock().unwrap().push((path, form));
                let (status, body) = state
                    .answers
                    .lock()
                    .unwrap()
                    .pop_front()
                    .expect("a scripted token answer");
                axum::response::Response::builder()
                    .status(status)
                    .header("content-type", "application/json")
                    .body(axum::body::Body::from(body))
                    .unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        url
    }

    fn form(&self, i: usize, key: &str) -> Option<String> {
        let forms = self.forms.lock().unwrap();
        forms[i]
            .1
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }
}

/// The credential's HTTP transport: sends its requests (to the authority host, over
/// https) to the loopback token endpoint instead, path and body unchanged.
#[derive(Debug)]
struct ToLoopback {
    endpoint: String,
    http: reqwest::Client,
}

#[async_trait::async_trait]
impl HttpClient for ToLoopback {
    async fn execute_request(&self, request: &Request) -> azure_core::Result<AsyncRawResponse> {
        let url = format!("{}{}", self.endpoint, request.url().path());
        let mut outgoing = self.http.post(url);
        for (name, value) in request.headers().iter() {
            outgoing = outgoing.header(name.as_str(), value.as_str());
        }
        let body = match request.body() {
            azure_core::http::Body::Bytes(bytes) => bytes.to_vec(),
            azure_core::http::Body::SeekableStream(_) => unreachable!("a form body"),
        };
        let response = outgoing
            .body(body)
            .send()
            .await
            .map_err(|e| azure_core::Error::new(azure_core::error::ErrorKind::Io, e))?;
        let status = response.status().as_u16();
        let mut headers = Headers::new();
        for (name, value) in response.headers() {
            headers.insert(name.as_str().to_owned(), value.to_str().unwrap().to_owned());
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| azure_core::Error::new(azure_core::error::ErrorKind::Io, e))?;
        Ok(AsyncRawResponse::from_bytes(status.into(), headers, bytes))
    }
}

/// A real `ClientSecretCredential` whose token requests reach `endpoint`.
fn credential(endpoint: String) -> Arc<ClientSecretCredential> {
    let transport = ToLoopback {
        endpoint,
        http: reqwest::Client::new(),
    };
    ClientSecretCredential::new(
        TENANT,
        CLIENT_ID.to_owned(),
        CLIENT_SECRET.to_owned().into(),
        Some(ClientSecretCredentialOptions {
            client_options: ClientOptions {
                transport: Some(Transport::new(Arc::new(transport))),
                ..Default::default()
            },
        }),
    )
    .unwrap()
}

#[tokio::test]
async fn a_client_secret_credential_signs_every_attempt_with_a_fresh_or_cached_token() {
    let (_guard, captured) = capture::start();
    let tokens = TokenEndpoint::default();
    // The first token expires within the credential's refresh window (5 minutes), so the
    // retry's attempt gets a new one; the second lasts an hour and is reused.
    tokens.answers.lock().unwrap().extend([
        TokenEndpoint::token("CANARY-token-one", 60),
        TokenEndpoint::token("CANARY-token-two", 3600),
    ]);
    let endpoint = tokens.start().await;
    let server = Server::start().await;
    server.push([Reply::status(503)]);
    let client = Client::builder()
        .base_url(server.url())
        .token_credential(credential(endpoint))
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    for _ in 0..2 {
        client
            .set_service_principal_synchronization_secret(SP)
            .value(example_pairs())
            .send()
            .await
            .unwrap();
    }
    let seen: Vec<Vec<String>> = server
        .requests()
        .iter()
        .map(|r| {
            r.headers
                .get_all("authorization")
                .iter()
                .map(|v| v.to_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    assert_eq!(
        seen,
        [
            vec!["Bearer CANARY-token-one"],
            vec!["Bearer CANARY-token-two"],
            vec!["Bearer CANARY-token-two"],
        ]
    );
    // Two token requests for three attempts: the credential caches.
    assert_eq!(tokens.forms.lock().unwrap().len(), 2);
    assert_eq!(
        tokens.forms.lock().unwrap()[0].0,
        format!("/{TENANT}/oauth2/v2.0/token")
    );
    assert_eq!(
        tokens.form(0, "grant_type").as_deref(),
        Some("client_credentials")
    );
    assert_eq!(tokens.form(0, "client_id").as_deref(), Some(CLIENT_ID));
    assert_eq!(
        tokens.form(0, "client_secret").as_deref(),
        Some(CLIENT_SECRET)
    );
    // The `.default` scope of where the request went (the base URL here; Graph's own root
    // gives `https://graph.microsoft.com/.default`, a unit test of the runtime).
    assert_eq!(
        tokens.form(0, "scope"),
        Some(format!("{}/.default", server.url()))
    );
    let shown = format!("{client:?} {}", captured.text());
    assert!(captured.text().contains("request sent"));
    for secret in ["CANARY-token-one", "CANARY-token-two", CLIENT_SECRET] {
        assert!(!shown.contains(secret), "{secret} leaked into:\n{shown}");
    }
}

#[tokio::test]
async fn a_failing_credential_is_an_auth_error_before_any_request() {
    let (_guard, captured) = capture::start();
    let tokens = TokenEndpoint::default();
    tokens.answers.lock().unwrap().push_back((
        401,
        r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided.","error_codes":[7000215]}"#.to_owned(),
    ));
    let endpoint = tokens.start().await;
    let server = Server::start().await;
    let client = Client::builder()
        .base_url(server.url())
        .token_credential(credential(endpoint))
        .build()
        .unwrap();
    let error = client
        .set_service_principal_synchronization_secret(SP)
        .value(example_pairs())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Auth(_)), "{error:?}");
    assert!(error.to_string().contains("AADSTS7000215"), "{error}");
    assert!(server.requests().is_empty(), "nothing reached the server");
    let mut shown = format!("{error} {error:?} {}", captured.text());
    let mut source = std::error::Error::source(&error);
    while let Some(inner) = source {
        shown.push_str(&format!("{inner} {inner:?}"));
        source = inner.source();
    }
    assert!(!shown.contains(CLIENT_SECRET), "{shown}");
}
