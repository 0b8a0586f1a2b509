//! The generated client's pipeline against the loopback server: retries and faults,
//! timeouts, authentication, pipeline steps, proxy, redirects, plain-http policy,
//! `tracing` events, and a canary secret that must never show anywhere.
#![allow(deprecated)]

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use graph_beta_applications::models::{
    SynchronizationSecret as Key, SynchronizationSecretKeyStringValuePair as Pair,
};
use graph_beta_applications::prelude::*;
use graph_beta_applications::runtime::retry::parse_retry_after;
use graph_beta_applications::runtime::{HttpRequest, HttpResponse};
use graph_beta_applications::{
    Client, ClientBuilder, Error, PipelineStep, RetryPolicy, Secret, StepFuture,
};
use graph_tests::capture;
use graph_tests::{Reply, Server};
use reqwest::header::HeaderValue;

const TOKEN: &str = "test-token-abc";
const SP: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .bearer_token(TOKEN)
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(20)))
}

fn pairs() -> Vec<Pair> {
    vec![
        Pair {
            key: Some(Key::BaseAddress),
            value: Some("user@domain.com".into()),
            ..Default::default()
        },
        Pair {
            key: Some(Key::SecretToken),
            value: Some("password-value".into()),
            ..Default::default()
        },
    ]
}

async fn put(client: &Client) -> Result<(), Error> {
    client
        .set_service_principal_synchronization_secret(SP)
        .value(pairs())
        .send()
        .await
        .map(|_| ())
}

// ---- point 8: retries, backoff, Retry-After, ids, User-Agent ---------------------------

#[tokio::test]
async fn retry_after_in_seconds_is_honoured_and_the_retry_is_marked_and_identical() {
    let server = Server::start().await;
    server.push([Reply::status(429).with_header("retry-after", "1")]);
    let client = builder(&server).build().unwrap();
    put(&client).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    // A lower bound only, which a busy machine cannot break: how much longer than asked
    // the retry waits is a figure of `cargo xtask bench`, not a limit here.
    let gap = requests[1].at - requests[0].at;
    assert!(gap >= Duration::from_millis(990), "waited only {gap:?}");
    assert_eq!(requests[0].header("retry-attempt"), None);
    assert_eq!(requests[1].header("retry-attempt"), Some("1"));
    assert_eq!(requests[0].body, requests[1].body, "the body is replayed");
    assert_eq!(
        requests[0].header("client-request-id"),
        requests[1].header("client-request-id"),
        "one logical call keeps its client-request-id"
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = Server::start().await;
    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let due = httpdate::parse_http_date(&date).unwrap();
    server.push([Reply::status(429).with_header("retry-after", &date)]);
    let client = builder(&server).build().unwrap();
    put(&client).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    // The retry waited for the date (whole seconds, 1 to 2 s ahead when written): the
    // second request arrived no earlier than it. Its arrival, an `Instant`, is read on the
    // wall clock by taking the `Instant` first: a pause between the two readings can only
    // make it later. A lower bound only, which a busy machine cannot break (the gap between
    // the attempts could: the date counts from when it was written, not from the first
    // answer); how much later is a figure of `cargo xtask bench`.
    let (now, wall_now) = (Instant::now(), SystemTime::now());
    let arrived = wall_now - (now - requests[1].at);
    assert!(
        arrived + Duration::from_millis(5) >= due,
        "retried {:?} before the Retry-After date",
        due.duration_since(arrived).unwrap_or_default()
    );
}

#[test]
fn retry_after_dates_count_total_seconds_not_the_seconds_field() {
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let later = now + Duration::from_secs(3_665);
    let value = HeaderValue::from_str(&httpdate::fmt_http_date(later)).unwrap();
    assert_eq!(
        parse_retry_after(&value, now),
        Some(Duration::from_secs(3_665))
    );
    let past =
        HeaderValue::from_str(&httpdate::fmt_http_date(now - Duration::from_secs(5))).unwrap();
    assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
    assert_eq!(
        parse_retry_after(&HeaderValue::from_static("120"), now),
        Some(Duration::from_secs(120))
    );
    assert_eq!(
        parse_retry_after(&HeaderValue::from_static("soon"), now),
        None
    );
}

#[tokio::test]
async fn a_503_burst_and_504_are_retried_with_exponential_backoff() {
    let server = Server::start().await;
    server.push([Reply::status(503), Reply::status(503), Reply::status(504)]);
    let client = builder(&server).build().unwrap();
    put(&client).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    let attempts: Vec<_> = requests.iter().map(|r| r.header("retry-attempt")).collect();
    assert_eq!(attempts, vec![None, Some("1"), Some("2"), Some("3")]);
    // base 20 ms, doubling, upper half random: at least 10, 20, 40 ms. Lower bounds only,
    // which a busy machine cannot break; the gaps are a figure of `cargo xtask bench`.
    for (i, least) in [10u64, 20, 40].into_iter().enumerate() {
        let gap = requests[i + 1].at - requests[i].at;
        assert!(gap >= Duration::from_millis(least), "retry {i}: {gap:?}");
    }
    for request in &requests[1..] {
        assert_eq!(request.body, requests[0].body);
    }
}

#[tokio::test]
async fn retries_run_out_after_three_by_default() {
    let server = Server::start().await;
    server.push((0..5).map(|_| Reply::status(429)));
    let client = builder(&server).build().unwrap();
    let error = put(&client).await.unwrap_err();
    match &error {
        Error::RetriesExhausted { attempts, last } => {
            assert_eq!(*attempts, 4);
            assert_eq!(last.status(), 429);
        }
        other => panic!("expected RetriesExhausted, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 4);
}

#[tokio::test]
async fn retries_are_configurable_from_zero_to_ten() {
    let server = Server::start().await;
    server.push([Reply::status(429), Reply::status(429)]);
    let client = builder(&server).max_retries(0).build().unwrap();
    let error = put(&client).await.unwrap_err();
    assert!(matches!(error, Error::Service(_)), "{error:?}");
    assert_eq!(server.requests().len(), 1);
    let client = builder(&server).max_retries(1).build().unwrap();
    put(&client).await.unwrap();
    assert_eq!(server.requests().len(), 3);
    assert!(builder(&server).max_retries(10).build().is_ok());
    let error = builder(&server).max_retries(11).build().unwrap_err();
    assert!(error.is_invalid_argument());
}

#[tokio::test]
async fn the_total_delay_cap_ends_retries() {
    let (_guard, captured) = capture::start();
    let server = Server::start().await;
    server.push([Reply::status(429).with_header("retry-after", "60")]);
    let client = builder(&server)
        .retry_policy(RetryPolicy::default().max_total_delay(Duration::from_secs(5)))
        .build()
        .unwrap();
    let error = put(&client).await.unwrap_err();
    assert!(
        matches!(error, Error::RetriesExhausted { attempts: 1, .. }),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);
    // It gave up at once instead of waiting (not even up to the cap): no wait was
    // scheduled. How fast it gives up is a figure of `cargo xtask bench`.
    let text = captured.text();
    assert!(
        text.contains("retry not scheduled: the wait would exceed the total delay cap")
            && text.contains("delay_ms=60000"),
        "{text}"
    );
    assert!(!text.contains("retry scheduled"), "{text}");
}

#[tokio::test]
async fn every_call_has_a_fresh_client_request_id_and_the_runtime_user_agent() {
    let server = Server::start().await;
    let client = builder(&server).build().unwrap();
    put(&client).await.unwrap();
    put(&client).await.unwrap();
    let requests = server.requests();
    let ids: Vec<_> = requests
        .iter()
        .map(|r| r.header("client-request-id").unwrap().to_owned())
        .collect();
    assert_ne!(ids[0], ids[1]);
    for id in &ids {
        let bytes = id.as_bytes();
        assert_eq!(id.len(), 36, "{id}");
        assert_eq!(bytes[14], b'4', "a version 4 UUID: {id}");
        assert!(matches!(bytes[19], b'8' | b'9' | b'a' | b'b'), "{id}");
    }
    assert_eq!(
        requests[0].header("user-agent"),
        Some("graph-runtime/0.1.0")
    );
}

// ---- point 8/9: timeouts and faults ----------------------------------------------------

#[tokio::test]
async fn a_slow_answer_beyond_the_timeout_is_a_timeout_error() {
    let server = Server::start().await;
    server.push([Reply::Slow(Duration::from_secs(3))]);
    let client = builder(&server).build().unwrap();
    // A Timeout error (not the answer 3 s later) is what shows the timeout fired; how soon
    // after the 200 ms it comes is a figure of `cargo xtask bench`.
    let error = client
        .set_service_principal_synchronization_secret(SP)
        .value(pairs())
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    // The client-wide timeout applies when the request sets none.
    server.push([Reply::Slow(Duration::from_secs(3))]);
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    assert!(put(&client).await.unwrap_err().is_timeout());
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let server = Server::start().await;
    server.push([Reply::Drop]);
    let client = builder(&server).build().unwrap();
    let error = put(&client).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    // Nobody listening at all.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .unwrap();
    assert!(put(&client).await.unwrap_err().is_transport());
}

#[tokio::test]
async fn a_non_json_error_body_is_kept_raw() {
    let server = Server::start().await;
    server.push([Reply::text(
        502,
        "text/html",
        "<html>Bad gateway from the edge</html>",
    )]);
    let client = builder(&server).build().unwrap();
    let error = put(&client).await.unwrap_err();
    let service = error.service().expect("a service error");
    assert_eq!(service.status(), 502);
    assert!(
        service
            .body_as::<graph_beta_applications::ServiceErrorBody>()
            .is_none()
    );
    assert_eq!(service.code(), None);
    assert_eq!(
        service.body_text(),
        Some("<html>Bad gateway from the edge</html>")
    );
    assert_eq!(
        error.to_string(),
        "502 Bad Gateway (request-id 5e1f0000-0000-4000-8000-000000000001)"
    );
}

#[tokio::test]
async fn error_kinds_are_told_apart() {
    let server = Server::start().await;
    let client = builder(&server).build().unwrap();
    let body_marker = "password-value";
    let mut kinds = Vec::new();
    // Invalid argument: nothing sent.
    let error = client
        .set_service_principal_synchronization_secret("")
        .send()
        .await
        .unwrap_err();
    kinds.push((
        "invalid",
        matches!(error, Error::InvalidArgument { .. }),
        error,
    ));
    // Service error.
    server.push([Reply::odata_error(
        403,
        "Authorization_RequestDenied",
        "Denied",
        "r2",
    )]);
    let error = put(&client).await.unwrap_err();
    kinds.push(("service", matches!(error, Error::Service(_)), error));
    // Retries exhausted.
    server.push((0..4).map(|_| Reply::status(504)));
    let error = put(&client).await.unwrap_err();
    kinds.push((
        "retries",
        matches!(error, Error::RetriesExhausted { .. }),
        error,
    ));
    // Timeout.
    server.push([Reply::Slow(Duration::from_secs(2))]);
    let error = client
        .set_service_principal_synchronization_secret(SP)
        .value(pairs())
        .timeout(Duration::from_millis(100))
        .send()
        .await
        .unwrap_err();
    kinds.push(("timeout", matches!(error, Error::Timeout { .. }), error));
    // Transport.
    server.push([Reply::Drop]);
    let error = put(&client).await.unwrap_err();
    kinds.push(("transport", matches!(error, Error::Transport(_)), error));
    for (kind, matched, error) in &kinds {
        assert!(matched, "{kind}: {error:?}");
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(body_marker), "{kind}: {shown}");
    }
    assert_eq!(
        kinds[1].2.to_string(),
        "403 Forbidden: [Authorization_RequestDenied] Denied (request-id r2)"
    );
    assert!(
        kinds[2]
            .2
            .to_string()
            .starts_with("retries exhausted after 4 attempts: 504 Gateway Timeout")
    );
}

// ---- point 7: authentication ----------------------------------------------------------

#[tokio::test]
async fn the_token_provider_is_asked_on_every_attempt() {
    let server = Server::start().await;
    server.push([Reply::status(503)]);
    let calls = Arc::new(AtomicU32::new(0));
    let counter = calls.clone();
    let client = Client::builder()
        .base_url(server.url())
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(5)))
        .token_provider(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
            async move { Ok::<_, std::io::Error>(Secret::new(format!("token-{n}"))) }
        })
        .build()
        .unwrap();
    put(&client).await.unwrap();
    let seen: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(seen, vec!["Bearer token-1", "Bearer token-2"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_failing_token_provider_is_an_auth_error_before_io() {
    let server = Server::start().await;
    let client = Client::builder()
        .base_url(server.url())
        .token_provider(|| async { Err::<Secret, _>(std::io::Error::other("no credentials")) })
        .build()
        .unwrap();
    let error = put(&client).await.unwrap_err();
    assert!(
        matches!(&error, Error::Auth(m) if m.to_string().contains("no credentials")),
        "{error:?}"
    );
    assert!(server.requests().is_empty());
}

// ---- point 4: pipeline steps -----------------------------------------------------------

struct Step {
    name: &'static str,
    log: Arc<Mutex<Vec<String>>>,
}

impl PipelineStep for Step {
    fn on_request<'a>(&'a self, request: &'a mut HttpRequest) -> StepFuture<'a> {
        let auth = request.headers.contains_key("authorization");
        self.log.lock().unwrap().push(format!(
            "{} request attempt={} auth={auth}",
            self.name, request.attempt
        ));
        request
            .headers
            .insert("x-step", HeaderValue::from_static(self.name));
        Box::pin(std::future::ready(Ok(())))
    }

    fn on_response<'a>(
        &'a self,
        request: &'a HttpRequest,
        response: &'a HttpResponse<'a>,
    ) -> StepFuture<'a> {
        self.log.lock().unwrap().push(format!(
            "{} response attempt={} status={}",
            self.name,
            request.attempt,
            response.status.as_u16()
        ));
        Box::pin(std::future::ready(Ok(())))
    }
}

#[tokio::test]
async fn pipeline_steps_run_in_the_documented_order() {
    let server = Server::start().await;
    server.push([Reply::status(503)]);
    let log = Arc::new(Mutex::new(Vec::new()));
    let step = |name| Step {
        name,
        log: log.clone(),
    };
    let client = builder(&server)
        .outer_step(step("outer1"))
        .outer_step(step("outer2"))
        .inner_step(step("inner1"))
        .inner_step(step("inner2"))
        .build()
        .unwrap();
    put(&client).await.unwrap();
    let log = log.lock().unwrap().clone();
    assert_eq!(
        log,
        vec![
            "outer1 request attempt=0 auth=false",
            "outer2 request attempt=0 auth=false",
            "inner1 request attempt=0 auth=true",
            "inner2 request attempt=0 auth=true",
            "inner2 response attempt=0 status=503",
            "inner1 response attempt=0 status=503",
            "inner1 request attempt=1 auth=true",
            "inner2 request attempt=1 auth=true",
            "inner2 response attempt=1 status=204",
            "inner1 response attempt=1 status=204",
            "outer2 response attempt=0 status=204",
            "outer1 response attempt=0 status=204",
        ]
    );
    // The last step to touch the request wins: what the server saw.
    for request in server.requests() {
        assert_eq!(request.header("x-step"), Some("inner2"));
    }
}

struct Refuse;
impl PipelineStep for Refuse {
    fn on_request<'a>(&'a self, _: &'a mut HttpRequest) -> StepFuture<'a> {
        Box::pin(async { Err(Error::pipeline("policy says no")) })
    }
}

#[tokio::test]
async fn a_step_can_change_the_request_or_stop_the_call() {
    struct Rewrite;
    impl PipelineStep for Rewrite {
        fn on_request<'a>(&'a self, request: &'a mut HttpRequest) -> StepFuture<'a> {
            request.url.push_str("?$filter=changed");
            Box::pin(std::future::ready(Ok(())))
        }
    }
    let server = Server::start().await;
    let client = builder(&server).outer_step(Rewrite).build().unwrap();
    client
        .get_service_principal_synchronization_secret_count(SP)
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.single().query,
        vec![("$filter".to_owned(), "changed".to_owned())]
    );
    let client = builder(&server).inner_step(Refuse).build().unwrap();
    let error = put(&client).await.unwrap_err();
    assert!(matches!(error, Error::Pipeline(_)), "{error:?}");
    assert_eq!(server.requests().len(), 1, "nothing more was sent");
}

/// A step that waits for a value from another task (a signer, a vault) and sends it as a
/// header: asked anew on every attempt.
struct Signer {
    ask: tokio::sync::mpsc::Sender<tokio::sync::oneshot::Sender<String>>,
}

impl PipelineStep for Signer {
    fn on_request<'a>(&'a self, request: &'a mut HttpRequest) -> StepFuture<'a> {
        Box::pin(async move {
            let (reply, answer) = tokio::sync::oneshot::channel();
            self.ask.send(reply).await.map_err(Error::pipeline)?;
            let signature = answer.await.map_err(Error::pipeline)?;
            let value = HeaderValue::from_str(&signature).map_err(Error::pipeline)?;
            request.headers.insert("x-signature", value);
            Ok(())
        })
    }
}

#[tokio::test]
async fn a_step_can_await_before_the_request_goes_on() {
    let server = Server::start().await;
    server.push([Reply::status(503)]);
    let (ask, mut asked) = tokio::sync::mpsc::channel::<tokio::sync::oneshot::Sender<String>>(1);
    // The signer answers late: the request must wait for it.
    let signer = tokio::spawn(async move {
        let mut n = 0;
        while let Some(reply) = asked.recv().await {
            n += 1;
            tokio::time::sleep(Duration::from_millis(30)).await;
            let _ = reply.send(format!("signed-{n}"));
        }
        n
    });
    let client = builder(&server)
        .inner_step(Signer { ask: ask.clone() })
        .build()
        .unwrap();
    put(&client).await.unwrap();
    let seen: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("x-signature").map(str::to_owned))
        .collect();
    assert_eq!(
        seen,
        vec![Some("signed-1".to_owned()), Some("signed-2".to_owned())]
    );
    // An outer step awaits too; its failure (the signer gone) ends the call before I/O.
    let outer = builder(&server)
        .outer_step(Signer { ask: ask.clone() })
        .build()
        .unwrap();
    put(&outer).await.unwrap();
    assert_eq!(server.requests()[2].header("x-signature"), Some("signed-3"));
    drop((client, outer, ask));
    assert_eq!(signer.await.unwrap(), 3);
    let (gone, _) = tokio::sync::mpsc::channel(1);
    let refused = builder(&server)
        .outer_step(Signer { ask: gone })
        .build()
        .unwrap();
    let error = put(&refused).await.unwrap_err();
    assert!(matches!(error, Error::Pipeline(_)), "{error:?}");
    assert_eq!(server.requests().len(), 3, "nothing more was sent");
}

/// A step that awaits in `on_response` before it records the status it saw: a timer
/// (`Sleep`), or an auditor task's acknowledgement (`Audit`).
enum Awaiting {
    Sleep {
        log: Arc<Mutex<Vec<String>>>,
    },
    Audit {
        audit: tokio::sync::mpsc::Sender<(u16, tokio::sync::oneshot::Sender<u32>)>,
        log: Arc<Mutex<Vec<String>>>,
    },
}

impl PipelineStep for Awaiting {
    fn on_response<'a>(
        &'a self,
        request: &'a HttpRequest,
        response: &'a HttpResponse<'a>,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            let status = response.status.as_u16();
            match self {
                Awaiting::Sleep { log } => {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                    log.lock()
                        .unwrap()
                        .push(format!("inner saw {status} on attempt {}", request.attempt));
                }
                Awaiting::Audit { audit, log } => {
                    let (ack, acked) = tokio::sync::oneshot::channel();
                    audit.send((status, ack)).await.map_err(Error::pipeline)?;
                    let entry = acked.await.map_err(Error::pipeline)?;
                    log.lock()
                        .unwrap()
                        .push(format!("outer saw {status}, audit entry {entry}"));
                }
            }
            Ok(())
        })
    }
}

#[tokio::test]
async fn steps_can_await_in_on_response_and_the_call_waits_for_them() {
    let server = Server::start().await;
    server.push([Reply::status(503)]);
    let (audit, mut audited) = tokio::sync::mpsc::channel::<(u16, _)>(1);
    // The auditor acknowledges late: the call must wait for it.
    let auditor = tokio::spawn(async move {
        let mut entries = Vec::new();
        while let Some((status, ack)) = audited.recv().await {
            tokio::time::sleep(Duration::from_millis(20)).await;
            entries.push(status);
            let _ = tokio::sync::oneshot::Sender::send(ack, entries.len() as u32);
        }
        entries
    });
    let log = Arc::new(Mutex::new(Vec::new()));
    let client = builder(&server)
        .outer_step(Awaiting::Audit {
            audit,
            log: log.clone(),
        })
        .inner_step(Awaiting::Sleep { log: log.clone() })
        .build()
        .unwrap();
    put(&client).await.unwrap();
    // Read as soon as the call returned: every step had finished awaiting by then.
    assert_eq!(
        log.lock().unwrap().clone(),
        vec![
            "inner saw 503 on attempt 0",
            "inner saw 204 on attempt 1",
            "outer saw 204, audit entry 1",
        ]
    );
    drop(client);
    assert_eq!(auditor.await.unwrap(), vec![204]);
}

/// A step whose `on_response` fails on the status `on`, after an await.
struct FailOn {
    on: u16,
    log: Arc<Mutex<Vec<String>>>,
    name: &'static str,
}

impl PipelineStep for FailOn {
    fn on_response<'a>(
        &'a self,
        _: &'a HttpRequest,
        response: &'a HttpResponse<'a>,
    ) -> StepFuture<'a> {
        Box::pin(async move {
            tokio::task::yield_now().await;
            let status = response.status.as_u16();
            self.log
                .lock()
                .unwrap()
                .push(format!("{} saw {status}", self.name));
            if status == self.on {
                Err(Error::pipeline(format!("{} rejects {status}", self.name)))
            } else {
                Ok(())
            }
        })
    }
}

#[tokio::test]
async fn an_error_from_on_response_ends_the_call_with_that_error() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let step = |name, on| FailOn {
        on,
        log: log.clone(),
        name,
    };
    let source = |error: &Error| std::error::Error::source(error).map(|s| s.to_string());
    // An inner step: the 503 would be retried, but the step's error ends the call, and
    // the steps added before it (which see the answer after it) are not called.
    let server = Server::start().await;
    server.push([Reply::status(503)]);
    let client = builder(&server)
        .outer_step(step("outer", 0))
        .inner_step(step("inner1", 0))
        .inner_step(step("inner2", 503))
        .build()
        .unwrap();
    let error = put(&client).await.unwrap_err();
    assert!(matches!(error, Error::Pipeline(_)), "{error:?}");
    assert_eq!(source(&error).as_deref(), Some("inner2 rejects 503"));
    assert_eq!(server.requests().len(), 1, "no retry");
    assert_eq!(log.lock().unwrap().clone(), vec!["inner2 saw 503"]);
    // An outer step: the call succeeded, and ends with the step's error instead.
    log.lock().unwrap().clear();
    let client = builder(&server)
        .outer_step(step("outer1", 0))
        .outer_step(step("outer2", 204))
        .inner_step(step("inner", 0))
        .build()
        .unwrap();
    let error = put(&client).await.unwrap_err();
    assert!(matches!(error, Error::Pipeline(_)), "{error:?}");
    assert_eq!(source(&error).as_deref(), Some("outer2 rejects 204"));
    assert_eq!(server.requests().len(), 2);
    assert_eq!(
        log.lock().unwrap().clone(),
        vec!["inner saw 204", "outer2 saw 204"]
    );
}

// ---- point 5: proxy and own reqwest client ---------------------------------------------

#[tokio::test]
async fn requests_go_through_the_proxy_with_its_credentials() {
    let proxy = Server::start().await;
    // `graph.invalid` cannot resolve: only the proxy can answer for it.
    let client = Client::builder()
        .base_url("http://graph.invalid")
        .allow_insecure_http(true)
        .bearer_token(TOKEN)
        .proxy(proxy.url())
        .proxy_credentials("proxy-user", "proxy-pass")
        .build()
        .unwrap();
    put(&client).await.unwrap();
    let request = proxy.single();
    assert!(request.violations.is_empty(), "{:?}", request.violations);
    assert_eq!(
        request.header("authorization"),
        Some("Bearer test-token-abc")
    );
    assert!(
        request
            .target
            .starts_with("http://graph.invalid/servicePrincipals/"),
        "absolute-form target expected, got {}",
        request.target
    );
    assert_eq!(
        request.header("proxy-authorization"),
        Some("Basic cHJveHktdXNlcjpwcm94eS1wYXNz")
    );
    assert!(!format!("{client:?}").contains("proxy-pass"));
}

#[tokio::test]
async fn the_callers_own_reqwest_client_is_used() {
    let server = Server::start().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-own-client", HeaderValue::from_static("yes"));
    let own = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = builder(&server).http_client(own).build().unwrap();
    put(&client).await.unwrap();
    assert_eq!(server.single().header("x-own-client"), Some("yes"));
    let error = builder(&server)
        .http_client(reqwest::Client::new())
        .proxy("http://127.0.0.1:9")
        .build()
        .unwrap_err();
    assert!(error.is_invalid_argument());
}

// ---- issue 5: redirects and plain http -------------------------------------------------

#[tokio::test]
async fn a_redirect_to_another_origin_drops_authorization_and_cookies() {
    let first = Server::start().await;
    let second = Server::start().await;
    let path = format!("/servicePrincipals/{SP}/synchronization/secrets");
    first.push([Reply::redirect(307, &format!("{}{path}", second.url()))]);
    let client = builder(&first).build().unwrap();
    client
        .set_service_principal_synchronization_secret(SP)
        .header("cookie", "session=abc")
        .value(pairs())
        .send()
        .await
        .unwrap();
    let before = first.single();
    assert_eq!(
        before.header("authorization"),
        Some("Bearer test-token-abc")
    );
    assert_eq!(before.header("cookie"), Some("session=abc"));
    let after = second.single();
    assert_eq!(after.header("authorization"), None);
    assert_eq!(after.header("cookie"), None);
    assert_eq!(after.body, before.body, "a 307 replays the body");
}

#[tokio::test]
async fn a_redirect_to_the_same_origin_keeps_authorization() {
    let server = Server::start().await;
    let path = format!("/servicePrincipals/{SP}/synchronization/secrets");
    server.push([Reply::redirect(308, &format!("{}{path}", server.url()))]);
    let client = builder(&server).build().unwrap();
    put(&client).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer test-token-abc")
    );
}

#[tokio::test]
async fn plain_http_is_refused_except_for_loopback_unless_allowed() {
    let error = Client::builder()
        .base_url("http://graph.example.com/beta")
        .build()
        .unwrap_err();
    assert!(
        matches!(&error, Error::InvalidArgument { name, .. } if name == "base_url"),
        "{error:?}"
    );
    assert!(
        Client::builder()
            .base_url("http://graph.example.com/beta")
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );
    for loopback in ["http://127.0.0.1:1", "http://localhost:1", "http://[::1]:1"] {
        assert!(
            Client::builder().base_url(loopback).build().is_ok(),
            "{loopback}"
        );
    }
    // A redirect from loopback to a plain-http outside host is refused, too.
    let server = Server::start().await;
    server.push([Reply::redirect(
        307,
        "http://graph.example.com/servicePrincipals/x/synchronization/secrets",
    )]);
    let client = builder(&server).build().unwrap();
    let error = put(&client).await.unwrap_err();
    assert!(error.is_transport(), "{error:?}");
    assert!(format!("{:?}", std::error::Error::source(&error)).contains("plain http"));
}

// ---- points 7, 9, 10 and issue 5: tracing and the canary --------------------------------

#[tokio::test]
async fn tracing_reports_sent_received_and_retry_with_authorization_redacted() {
    let (_guard, captured) = capture::start();
    let server = Server::start().await;
    server.push([Reply::status(429).with_header("retry-after", "0")]);
    let client = builder(&server).build().unwrap();
    put(&client).await.unwrap();
    let text = captured.text();
    for event in ["request sent", "response received", "retry scheduled"] {
        assert!(text.contains(event), "no {event:?} in\n{text}");
    }
    assert!(text.contains("authorization\": \"<redacted>\""), "{text}");
    // The body is rendered for the log only because the trace level is recorded here.
    assert!(
        text.contains("request body (secrets redacted)")
            && text.contains(r#"{"key":"SecretToken","value":"<redacted>"}"#),
        "{text}"
    );
    assert!(
        !text.contains(TOKEN) && !text.contains("password-value"),
        "{text}"
    );
}

#[tokio::test]
async fn a_canary_secret_and_token_never_appear_in_any_output() {
    const CANARY: &str = "CANARY-s3cr3t-0xDEADBEEF";
    const CANARY_TOKEN: &str = "CANARY-token-eyJhbGciOi";
    let (_guard, captured) = capture::start();
    let server = Server::start().await;
    let mut shown = Vec::<String>::new();

    let builder = Client::builder()
        .base_url(server.url())
        .bearer_token(CANARY_TOKEN)
        .proxy_credentials("user", CANARY)
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(5)));
    shown.push(format!("{builder:?}"));
    let error = builder.build().unwrap_err(); // credentials without a proxy
    shown.push(format!("{error} {error:?}"));
    let client = Client::builder()
        .base_url(server.url())
        .bearer_token(CANARY_TOKEN)
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(5)))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    shown.push(format!("{client:?}"));
    let secret_pairs = vec![Pair {
        key: Some(Key::SecretToken),
        value: Some(CANARY.into()),
        ..Default::default()
    }];
    shown.push(format!("{secret_pairs:?}"));
    let request = || {
        client
            .set_service_principal_synchronization_secret(SP)
            .header("cookie", format!("session={CANARY}"))
            .value(secret_pairs.clone())
    };
    shown.push(format!("{:?}", request()));
    let prepared = request().prepare().unwrap();
    shown.push(format!("{prepared} {prepared:?}"));
    shown.push(format!("{:?}", prepared.headers));

    // A successful call, a 200 echoing the secret, and failing calls of every kind.
    let ok = request().send().await.unwrap();
    shown.push(format!("{ok:?}"));
    server.push([Reply::json(
        200,
        serde_json::json!({"value": [{"key": "SecretToken", "value": CANARY}]}),
    )]);
    let echoed = request().send().await.unwrap();
    shown.push(format!("{echoed:?}"));
    server.push([Reply::odata_error(
        400,
        "Request_BadRequest",
        "Invalid value",
        "r1",
    )]);
    server.push((0..4).map(|_| Reply::status(503)));
    server.push([Reply::Slow(Duration::from_secs(2)), Reply::Drop]);
    for _ in 0..4 {
        let error = request().send().await.unwrap_err();
        shown.push(format!("{error} {error:?}"));
        let mut source = std::error::Error::source(&error);
        while let Some(inner) = source {
            shown.push(format!("{inner} {inner:?}"));
            source = inner.source();
        }
    }
    let error = request()
        .header("x-bad", format!("{CANARY}\r\n"))
        .send()
        .await
        .unwrap_err();
    shown.push(format!("{error} {error:?}"));
    let error = request()
        .header("Authorization", format!("Bearer {CANARY_TOKEN}"))
        .send()
        .await
        .unwrap_err();
    shown.push(format!("{error} {error:?}"));

    // The secret did reach the server: the canary test is not vacuous.
    let received: Vec<_> = server.requests();
    assert!(received.iter().any(|r| {
        std::str::from_utf8(&r.body).unwrap().contains(CANARY)
            && r.header("authorization") == Some(&format!("Bearer {CANARY_TOKEN}"))
            && r.header("cookie") == Some(&format!("session={CANARY}"))
    }));
    shown.push(captured.text());
    assert!(
        captured.text().contains("request sent"),
        "{}",
        captured.text()
    );
    for text in &shown {
        assert!(!text.contains(CANARY), "the secret leaked into:\n{text}");
        assert!(
            !text.contains(CANARY_TOKEN),
            "the token leaked into:\n{text}"
        );
    }
}
