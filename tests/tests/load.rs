//! Faults and load against a loopback server (issue 5, point 5): the generated client
//! sends 10,000 PUTs with 256 in flight and the server checks that each body arrives
//! exactly once and exactly as sent; a storm of 429s and 503s, dropped connections and
//! slow responses come back as the right typed errors; memory stays flat. Every test
//! stops by itself and talks to 127.0.0.1 only.
//!
//! Parts that need runtime features another change is adding (retries with a budget, a
//! typed timeout error) are marked `#[ignore]` with the reason, or say in a comment what
//! they will assert once those land.
#![allow(deprecated)] // the secrets operations are deprecated by Microsoft Graph

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::put;
use graph_beta_applications::models::{
    SynchronizationSecret, SynchronizationSecretKeyStringValuePair,
};
use graph_beta_applications::prelude::*;
use graph_beta_applications::{Client, Error};
use tokio::net::TcpListener;

const REQUESTS: usize = 10_000;
const IN_FLIGHT: usize = 256;
const ROUTE: &str = "/servicePrincipals/{id}/synchronization/secrets";

/// The unique secret value of request `i`.
fn payload(i: usize) -> String {
    let mut z = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    format!("payload-{i}-{:016x}", z ^ (z >> 31))
}

/// The exact bytes the client must send for request `i`.
fn expected_body(i: usize) -> String {
    format!(
        "{{\"value\":[{{\"key\":\"BaseAddress\",\"value\":\"{}\"}}]}}",
        payload(i)
    )
}

/// What the server saw.
#[derive(Default)]
struct Tally {
    /// Times each request index arrived.
    seen: Mutex<HashMap<usize, usize>>,
    /// Bodies that were not byte-identical to what request `i` sends.
    mismatched: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

async fn record(
    State(tally): State<Arc<Tally>>,
    Path(id): Path<String>,
    body: Bytes,
) -> StatusCode {
    let now = tally.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    tally.max_in_flight.fetch_max(now, Ordering::SeqCst);
    // Hold the request a little so that the client really keeps many in flight.
    tokio::time::sleep(Duration::from_millis(2)).await;
    let index = id.strip_prefix("sp-").and_then(|n| n.parse::<usize>().ok());
    let status = match index {
        Some(i) if body.as_ref() == expected_body(i).as_bytes() => {
            *tally.seen.lock().unwrap().entry(i).or_default() += 1;
            StatusCode::NO_CONTENT
        }
        _ => {
            tally
                .mismatched
                .lock()
                .unwrap()
                .push(format!("{id}: {}", String::from_utf8_lossy(&body)));
            StatusCode::BAD_REQUEST
        }
    };
    tally.in_flight.fetch_sub(1, Ordering::SeqCst);
    status
}

/// Serves `router` on a fresh loopback port; returns the base URL.
async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token("test-token")
        .build()
        .unwrap()
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn secret(i: usize) -> SynchronizationSecretKeyStringValuePair {
    SynchronizationSecretKeyStringValuePair {
        key: Some(SynchronizationSecret::BaseAddress),
        value: Some(payload(i).into()),
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_puts_at_256_in_flight_lose_and_duplicate_nothing() {
    let tally = Arc::new(Tally::default());
    let router = Router::new()
        .route(ROUTE, put(record))
        .with_state(Arc::clone(&tally));
    let base = serve(router).await;
    let client = client(&base);

    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let rss_after_warmup = Arc::new(AtomicUsize::new(0));
    let sending = Arc::new((AtomicUsize::new(0), AtomicUsize::new(0))); // now, most
    let start = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let (client, next, done, rss, sending) = (
            client.clone(),
            Arc::clone(&next),
            Arc::clone(&done),
            Arc::clone(&rss_after_warmup),
            Arc::clone(&sending),
        );
        workers.spawn(async move {
            let mut failures = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= REQUESTS {
                    return failures;
                }
                let now = sending.0.fetch_add(1, Ordering::SeqCst) + 1;
                sending.1.fetch_max(now, Ordering::SeqCst);
                let result = client
                    .set_service_principal_synchronization_secret(format!("sp-{i}"))
                    .value([secret(i)])
                    .timeout(Duration::from_secs(60))
                    .send()
                    .await;
                sending.0.fetch_sub(1, Ordering::SeqCst);
                match result {
                    Ok(response) => assert!(response.body().is_none()),
                    Err(e) => failures.push(format!("request {i}: {e}")),
                }
                if done.fetch_add(1, Ordering::SeqCst) + 1 == REQUESTS / 10 {
                    rss.store(status_kb("VmRSS:") as usize, Ordering::SeqCst);
                }
            }
        });
    }
    let mut failures = Vec::new();
    while let Some(result) = workers.join_next().await {
        failures.extend(result.unwrap());
    }
    let elapsed = start.elapsed();
    let rss_end = status_kb("VmRSS:");
    let rss_warm = rss_after_warmup.load(Ordering::SeqCst) as u64;
    let peak = status_kb("VmHWM:");

    let seen = tally.seen.lock().unwrap();
    let mismatched = tally.mismatched.lock().unwrap();
    let duplicated: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    let lost: Vec<usize> = (0..REQUESTS).filter(|i| !seen.contains_key(i)).collect();
    println!(
        "load: {REQUESTS} PUTs, {} in flight at most in the client, {} in the server's handler, {:.1} s ({:.0} req/s); RSS {} MB after {} requests, {} MB at the end, peak (VmHWM) {} MB",
        sending.1.load(Ordering::SeqCst),
        tally.max_in_flight.load(Ordering::SeqCst),
        elapsed.as_secs_f64(),
        REQUESTS as f64 / elapsed.as_secs_f64(),
        rss_warm / 1024,
        REQUESTS / 10,
        rss_end / 1024,
        peak / 1024,
    );
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(
        mismatched.is_empty(),
        "bodies changed in transit: {:?}",
        &mismatched[..mismatched.len().min(5)]
    );
    assert!(duplicated.is_empty(), "duplicated: {duplicated:?}");
    assert!(
        lost.is_empty(),
        "lost: {} (first {:?})",
        lost.len(),
        lost.first()
    );
    assert_eq!(seen.len(), REQUESTS);
    // 256 at once is what happens (see the printed figure); the bounds leave room for a
    // machine too busy to schedule every worker at the same moment.
    assert!(sending.1.load(Ordering::SeqCst) > IN_FLIGHT / 2);
    assert!(
        tally.max_in_flight.load(Ordering::SeqCst) >= IN_FLIGHT / 4,
        "the server never had many requests at once"
    );
    // Flat memory: what the last 90% of the run added is small next to the process.
    let growth_mb = rss_end.saturating_sub(rss_warm) / 1024;
    assert!(growth_mb < 64, "RSS grew by {growth_mb} MB after warm-up");
}

/// Answers 429 (with `Retry-After: 0`) or 503, alternately, `failures` times per id,
/// then 204.
#[derive(Default)]
struct Storm {
    attempts: Mutex<HashMap<String, usize>>,
}

async fn stormy(
    State((storm, failures)): State<(Arc<Storm>, usize)>,
    Path(id): Path<String>,
) -> impl IntoResponse {
    let attempt = {
        let mut attempts = storm.attempts.lock().unwrap();
        let n = attempts.entry(id).or_default();
        *n += 1;
        *n
    };
    let mut headers = HeaderMap::new();
    headers.insert("retry-after", HeaderValue::from_static("0"));
    let status = if attempt > failures {
        StatusCode::NO_CONTENT
    } else if attempt % 2 == 1 {
        StatusCode::TOO_MANY_REQUESTS
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        headers,
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}",
    )
}

#[tokio::test]
async fn throttling_comes_back_as_typed_service_errors() {
    // With retries off, each 429/503 is one typed error carrying the status, the
    // Retry-After header and the parsed Graph error body.
    let storm = Arc::new(Storm::default());
    let router = Router::new()
        .route(ROUTE, put(stormy))
        .with_state((Arc::clone(&storm), usize::MAX));
    let client = Client::builder()
        .base_url(serve(router).await)
        .bearer_token("test-token")
        .max_retries(0)
        .build()
        .unwrap();
    for i in 0..20 {
        let e = client
            .set_service_principal_synchronization_secret("sp-storm")
            .value([secret(i)])
            .send()
            .await
            .expect_err("every answer is a 429 or a 503");
        let expected = if i % 2 == 0 { 429 } else { 503 };
        assert_eq!(e.status().map(|s| s.as_u16()), Some(expected), "{e}");
        let service = e.service().expect("a service error");
        assert_eq!(service.headers().get("retry-after").unwrap(), "0");
        assert!(
            service
                .body_as::<graph_beta_applications::ServiceErrorBody>()
                .is_some(),
            "the Graph error body parses"
        );
    }
    assert_eq!(
        storm.attempts.lock().unwrap()["sp-storm"],
        20,
        "one attempt per call"
    );
}

#[tokio::test]
async fn a_storm_of_429s_and_503s_is_recovered_within_the_retry_budget() {
    // 100 calls, each answered 429, 503, 429 before 204: with retries (default budget
    // of 3 retries honouring Retry-After) every call succeeds, and the server
    // sees exactly 4 attempts per call and one 204 each.
    let storm = Arc::new(Storm::default());
    let router = Router::new()
        .route(ROUTE, put(stormy))
        .with_state((Arc::clone(&storm), 3));
    let client = client(&serve(router).await);
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..100 {
        let client = client.clone();
        calls.spawn(async move {
            client
                .set_service_principal_synchronization_secret(format!("sp-{i}"))
                .value([secret(i)])
                .send()
                .await
                .map(|_| ())
        });
    }
    while let Some(result) = calls.join_next().await {
        result.unwrap().expect("recovered within the retry budget");
    }
    // How fast a storm is recovered is a figure of `cargo xtask bench`, not a limit here.
    let attempts = storm.attempts.lock().unwrap();
    assert_eq!(attempts.len(), 100);
    assert!(attempts.values().all(|n| *n == 4), "{attempts:?}");
}

#[tokio::test]
async fn dropped_connections_are_transport_errors() {
    // A server that accepts and hangs up at once, and one that hangs up mid-response.
    for partial in [false, true] {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&accepted);
        let server = tokio::spawn(async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                counter.fetch_add(1, Ordering::SeqCst);
                if partial {
                    let mut buf = [0u8; 4096];
                    let _ = socket.read(&mut buf).await;
                    let _ = socket
                        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"val")
                        .await;
                }
                drop(socket);
            }
        });
        let client = client(&format!("http://{addr}"));
        let e = client
            .set_service_principal_synchronization_secret("sp-drop")
            .value([secret(0)])
            .timeout(Duration::from_secs(5))
            .send()
            .await
            .expect_err("the connection was dropped");
        // A transport error, not a timeout: it was reported without waiting for the 5 s
        // (how soon is a figure of `cargo xtask bench`).
        assert!(matches!(e, Error::Transport(_)), "partial={partial}: {e:?}");
        assert!(accepted.load(Ordering::SeqCst) >= 1);
        server.abort();
    }
}

#[tokio::test]
async fn slow_responses_time_out_within_the_timeout() {
    let router = Router::new().route(
        ROUTE,
        put(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            StatusCode::NO_CONTENT
        }),
    );
    let client = client(&serve(router).await);
    let start = Instant::now();
    let e = client
        .set_service_principal_synchronization_secret("sp-slow")
        .value([secret(0)])
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .expect_err("the server is too slow");
    let elapsed = start.elapsed();
    assert!(
        matches!(e, Error::Timeout { .. }),
        "expected a timeout, got {e:?}"
    );
    // No earlier than the timeout: a lower bound, which a busy machine cannot break. How
    // long after it the error comes is a figure of `cargo xtask bench`, not a limit here.
    assert!(
        elapsed >= Duration::from_millis(300),
        "timed out after {elapsed:?}"
    );
}
