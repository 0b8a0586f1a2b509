//! How fast the generated client's retries, timeouts and fault reports are, against the
//! loopback server of the tests: the figures `cargo xtask bench` prints in its
//! `== client` part. The tests assert what happens (statuses, attempts, error kinds, and
//! that a wait lasted at least what was asked); how much longer than that it took depends
//! on how busy the machine is, so it is printed here and never asserted.
//!
//! Each figure is checked to be of the right thing (a retried call succeeds, a timeout is
//! a `Timeout` error, ...): anything else ends the run with an error. The whole run takes
//! a few hundred milliseconds.
//!
//! ```text
//! cargo run -p graph-tests --example client_timings
//! ```
#![allow(deprecated)] // the secrets operations are deprecated by Microsoft Graph

use std::time::{Duration, Instant};

use graph_beta_applications::models::{
    SynchronizationSecret as Key, SynchronizationSecretKeyStringValuePair as Pair,
};
use graph_beta_applications::prelude::*;
use graph_beta_applications::{Client, ClientBuilder, Error, RetryPolicy};
use graph_tests::{Reply, Server};

const SP: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
/// Calls per median.
const CALLS: usize = 10;

fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(server.url())
        .bearer_token("test-token")
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(20)))
}

async fn put(client: &Client) -> Result<(), Error> {
    client
        .set_service_principal_synchronization_secret(SP)
        .value([Pair {
            key: Some(Key::BaseAddress),
            value: Some("user@domain.com".into()),
            ..Default::default()
        }])
        .send()
        .await
        .map(|_| ())
}

/// Times `CALLS` calls of `call`, each checked with `expect`; returns (median, best).
async fn timed<F, Fut>(
    what: &str,
    mut call: F,
    expect: impl Fn(&Result<(), Error>) -> bool,
) -> Result<(Duration, Duration), String>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<(), Error>>,
{
    let mut times = Vec::with_capacity(CALLS);
    for _ in 0..CALLS {
        let start = Instant::now();
        let result = call().await;
        times.push(start.elapsed());
        if !expect(&result) {
            return Err(format!("{what}: unexpected outcome {result:?}"));
        }
    }
    times.sort();
    Ok((times[times.len() / 2], times[0]))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), String> {
    let server = Server::start().await;
    let client = builder(&server).build().map_err(|e| e.to_string())?;

    // A call answered at once, and one through a 429, a 503 and a 429 with
    // `Retry-After: 0` (tests: the retry tests, and the storm of tests/tests/load.rs).
    let (plain, plain_best) = timed("a plain PUT", || put(&client), Result::is_ok).await?;
    let (stormy, stormy_best) = timed(
        "a PUT retried 3 times",
        || {
            server.push([429, 503, 429].map(|s| Reply::status(s).with_header("retry-after", "0")));
            put(&client)
        },
        Result::is_ok,
    )
    .await?;
    println!(
        "a PUT answered at once: median {} (best {}); retried 3 times (429, 503, 429 with Retry-After: 0): median {} (best {}), about {} per retry ({CALLS} calls each)",
        ms(plain),
        ms(plain_best),
        ms(stormy),
        ms(stormy_best),
        ms(stormy.saturating_sub(plain) / 3)
    );

    // Backoff without Retry-After, base 20 ms: the delays are drawn from 10-20, 20-40 and
    // 40-80 ms (the test asserts the lower ends).
    let before = server.requests().len();
    server.push([Reply::status(503), Reply::status(503), Reply::status(504)]);
    put(&client)
        .await
        .map_err(|e| format!("backoff: the 4th attempt should succeed: {e:?}"))?;
    let requests = server.requests();
    let attempts = &requests[before..];
    if attempts.len() != 4 {
        return Err(format!("backoff: {} attempts, not 4", attempts.len()));
    }
    let gaps: Vec<String> = attempts
        .windows(2)
        .map(|pair| ms(pair[1].at - pair[0].at))
        .collect();
    println!(
        "backoff (503, 503, 504; base 20 ms): gaps between attempts {} (delays drawn from 10-20, 20-40, 40-80 ms)",
        gaps.join(", ")
    );

    // A Retry-After beyond the total delay cap ends the retries at once.
    let capped = builder(&server)
        .retry_policy(RetryPolicy::default().max_total_delay(Duration::from_secs(5)))
        .build()
        .map_err(|e| e.to_string())?;
    let (cap, cap_best) = timed(
        "Retry-After beyond the cap",
        || {
            server.push([Reply::status(429).with_header("retry-after", "60")]);
            put(&capped)
        },
        |r| matches!(r, Err(Error::RetriesExhausted { attempts: 1, .. })),
    )
    .await?;
    println!(
        "Retry-After: 60 beyond a 5 s total-delay cap: given up after median {} (best {})",
        ms(cap),
        ms(cap_best)
    );

    // A client-wide timeout against an answer that takes 3 s: how late the Timeout error
    // comes (the tests assert it is a Timeout, and no earlier than the timeout).
    let timeout = Duration::from_millis(100);
    let impatient = builder(&server)
        .timeout(timeout)
        .build()
        .map_err(|e| e.to_string())?;
    let mut late = Vec::new();
    for _ in 0..2 {
        server.push([Reply::Slow(Duration::from_secs(3))]);
        let start = Instant::now();
        let result = put(&impatient).await;
        let elapsed = start.elapsed();
        if !result.as_ref().is_err_and(Error::is_timeout) {
            return Err(format!("timeout: unexpected outcome {result:?}"));
        }
        late.push(elapsed.saturating_sub(timeout));
    }
    late.sort();
    println!(
        "a {} timeout against a 3 s answer: the Timeout error came {} and {} after it",
        ms(timeout),
        ms(late[0]),
        ms(late[1])
    );

    // Faults: a connection dropped mid-answer, and nobody listening.
    let (dropped, dropped_best) = timed(
        "a dropped connection",
        || {
            server.push([Reply::Drop]);
            put(&client)
        },
        |r| r.as_ref().is_err_and(Error::is_transport),
    )
    .await?;
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        listener.local_addr().map_err(|e| e.to_string())?.port()
    };
    let nobody = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .build()
        .map_err(|e| e.to_string())?;
    let (refused, refused_best) = timed(
        "nobody listening",
        || put(&nobody),
        |r| r.as_ref().is_err_and(Error::is_transport),
    )
    .await?;
    println!(
        "transport errors: a connection dropped mid-answer after median {} (best {}); nobody listening after median {} (best {})",
        ms(dropped),
        ms(dropped_best),
        ms(refused),
        ms(refused_best)
    );
    Ok(())
}
