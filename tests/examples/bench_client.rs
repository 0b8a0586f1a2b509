//! What the generated client costs over bare reqwest, per request, against a loopback
//! server that answers `204` at once: `cargo xtask bench-client` (which runs this example
//! in release mode; arguments: `[ROUNDS] [SEQUENTIAL] [TOTAL_IN_FLIGHT_RUN]`).
//!
//! Three ways to send the PowerShell example's PUT (the synchronization-secrets body, built
//! and serialized on every request by each):
//!
//! - **(a)** bare reqwest, one reused `reqwest::Client`: `Content-Type` and the body;
//! - **(b)** (a) plus what the runtime adds on purpose: `User-Agent`, a fresh version 4
//!   UUID as `client-request-id`, a per-attempt timeout;
//! - **(c)** the generated client (`graph-beta-applications`,
//!   `set_service_principal_synchronization_secret`), default settings (3 retries), no
//!   token.
//!
//! Each round runs every variant sequentially, then with 64 requests in flight, in a
//! rotating order (interleaved, so drift on a shared machine hits every variant alike);
//! the table gives the median over rounds of the time per request, and the median of the
//! ratios taken within each round. The
//! server runs on a thread of its own.
#![allow(deprecated)] // the secrets operations are deprecated by Microsoft Graph

use std::time::{Duration, Instant};

use futures_util::stream::{self, StreamExt};
use graph_beta_applications::Client;
use graph_beta_applications::models::SetServicePrincipalSynchronizationSecretBody as Body;
use graph_beta_applications::prelude::*;
use graph_tests::example::powershell_example_pairs;

const SP: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const IN_FLIGHT: usize = 64;
const VARIANTS: [&str; 3] = ["a", "b", "c"];

/// A loopback server that reads each request's body and answers `204`, on its own thread.
fn start_server() -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            let app = axum::Router::new().fallback(|body: axum::body::Bytes| async move {
                drop(body);
                axum::http::StatusCode::NO_CONTENT
            });
            axum::serve(listener, app).await.unwrap();
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

struct Bench {
    http: reqwest::Client,
    client: Client,
    url: String,
}

impl Bench {
    /// One request of `variant`.
    async fn one(&self, variant: &str) {
        let body = Body {
            value: Some(powershell_example_pairs()),
            ..Default::default()
        };
        let status = match variant {
            "a" | "b" => {
                let bytes = serde_json::to_vec(&body).unwrap();
                let mut request = self
                    .http
                    .put(&self.url)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(bytes);
                if variant == "b" {
                    let id = uuid::Builder::from_random_bytes(fastrand::u128(..).to_le_bytes())
                        .into_uuid();
                    let mut text = [0u8; uuid::fmt::Hyphenated::LENGTH];
                    request = request
                        .header(reqwest::header::USER_AGENT, graph_runtime::USER_AGENT_VALUE)
                        .header(
                            "client-request-id",
                            &*id.hyphenated().encode_lower(&mut text),
                        )
                        .timeout(graph_runtime::DEFAULT_TIMEOUT);
                }
                let response = request.send().await.unwrap();
                let status = response.status();
                response.bytes().await.unwrap();
                status
            }
            _ => self
                .client
                .set_service_principal_synchronization_secret(SP)
                .body(body)
                .send()
                .await
                .unwrap()
                .status(),
        };
        assert_eq!(status, 204);
    }

    /// Time per request of `count` sequential requests.
    async fn sequential(&self, variant: &str, count: usize) -> Duration {
        let start = Instant::now();
        for _ in 0..count {
            self.one(variant).await;
        }
        start.elapsed() / count as u32
    }

    /// Time per request of `count` requests, `IN_FLIGHT` at a time.
    async fn in_flight(&self, variant: &str, count: usize) -> Duration {
        let start = Instant::now();
        stream::iter(0..count)
            .map(|_| self.one(variant))
            .buffer_unordered(IN_FLIGHT)
            .collect::<Vec<()>>()
            .await;
        start.elapsed() / count as u32
    }
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|a| a.parse::<usize>().unwrap());
    let rounds = args.next().unwrap_or(9);
    let sequential = args.next().unwrap_or(2000);
    let concurrent = args.next().unwrap_or(6400);
    let url = start_server();
    let bench = Bench {
        http: reqwest::Client::new(),
        client: Client::builder().base_url(&url).build().unwrap(),
        url: format!("{url}/servicePrincipals/{SP}/synchronization/secrets"),
    };
    {
        let body = Body::default();
        let call = bench
            .client
            .set_service_principal_synchronization_secret(SP)
            .body(body)
            .send();
        println!(
            "size of the future of one call: {} bytes",
            size_of_val(&call)
        );
    }
    // Warm-up: connections opened, allocator and caches warm.
    for variant in VARIANTS {
        bench.sequential(variant, sequential / 4).await;
        bench.in_flight(variant, concurrent / 4).await;
    }
    let mut seq = [Vec::new(), Vec::new(), Vec::new()];
    let mut par = [Vec::new(), Vec::new(), Vec::new()];
    for round in 0..rounds {
        for k in 0..3 {
            let i = (round + k) % 3;
            seq[i].push(bench.sequential(VARIANTS[i], sequential).await);
        }
        for k in 0..3 {
            let i = (round + k) % 3;
            par[i].push(bench.in_flight(VARIANTS[i], concurrent).await);
        }
    }
    // Ratios within each round (adjacent runs: drift on a shared machine cancels), then
    // their median; times: the median over rounds.
    let ratios = |runs: &[Vec<Duration>; 3], of: usize, to: usize| {
        let mut r: Vec<f64> = (0..rounds)
            .map(|k| runs[of][k].as_secs_f64() / runs[to][k].as_secs_f64())
            .collect();
        r.sort_by(f64::total_cmp);
        format!("{:.3}×", r[r.len() / 2])
    };
    println!(
        "{rounds} interleaved rounds; sequential: {sequential} requests per run; {IN_FLIGHT} in flight: {concurrent} requests per run; median time per request, median of the per-round ratios"
    );
    println!();
    println!("| variant | sequential | ÷ (a) | ÷ (b) | {IN_FLIGHT} in flight | ÷ (a) | ÷ (b) |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let names = [
        "(a) bare reqwest",
        "(b) reqwest + the runtime's headers and timeout",
        "(c) generated client",
    ];
    for i in 0..3 {
        println!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            names[i],
            us(median(seq[i].clone())),
            ratios(&seq, i, 0),
            ratios(&seq, i, 1),
            us(median(par[i].clone())),
            ratios(&par, i, 0),
            ratios(&par, i, 1),
        );
    }
}
