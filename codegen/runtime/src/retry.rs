//! Throttling and transient faults: which answers are retried, and how long to wait.
//!
//! The defaults are those of Microsoft's own Graph SDK cores. In detail:
//!
//! - **Retried**: answers with status 429, 503 and 504
//!   ([`RetryPolicy::is_retryable`]). Transport errors and timeouts are not retried.
//! - **How often**: 3 retries by default, configurable from 0 (off) to
//!   [`MAX_RETRIES_LIMIT`] (10) with [`RetryPolicy::max_retries`] or
//!   [`ClientBuilder::max_retries`](crate::ClientBuilder::max_retries); more is an
//!   [`Error::InvalidArgument`] (from [`ClientBuilder::build`](crate::ClientBuilder::build)
//!   for the builder's setting).
//! - **`Retry-After`**: delta-seconds or an HTTP-date (the time from now to that date;
//!   a date in the past means no wait), honoured exactly, without jitter
//!   ([`parse_retry_after`]).
//! - **Otherwise, exponential backoff**: `base * 2^(retry-1)` before retry number
//!   `retry`, with equal jitter (the upper half of the wait is random); the base is 3
//!   seconds by default ([`RetryPolicy::base_delay`]; tests use milliseconds).
//! - **Total cap**: the waits of one call add up to at most 180 seconds by default
//!   ([`RetryPolicy::max_total_delay`]); a wait that would go beyond the cap ends the
//!   retries at once.
//! - **Giving up**: when retries are on and the last answer is still retryable, the call
//!   fails with [`Error::RetriesExhausted`] `{ attempts, last }` (also when the cap ended
//!   the retries early). With retries off, a 429 is a plain [`Error::Service`].
//! - **What a retry sends**: the same body bytes and the call's `client-request-id`,
//!   with a `Retry-Attempt` header holding the retry's number (1 for the first retry),
//!   and a fresh `Authorization` when a token provider is configured (see
//!   [`crate::pipeline`]).
//!
//! Every attempt has its own timeout, covering the whole exchange (redirects and reading
//! the body included): [`ClientBuilder::timeout`](crate::ClientBuilder::timeout) (default
//! [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT), 100 seconds, that of .NET's `HttpClient`)
//! or [`Request::timeout`](crate::Request::timeout) for one call; running out is
//! [`Error::Timeout`], which ends the call.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::HeaderValue;

use super::Error;

/// The most retries a policy may allow.
pub const MAX_RETRIES_LIMIT: u32 = 10;

/// How a client retries throttled and transiently failed calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_total_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            base_delay: Duration::from_secs(3),
            max_total_delay: Duration::from_secs(180),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// How many times a call is retried: 0 (off) to [`MAX_RETRIES_LIMIT`]; default 3. A
    /// larger number is an [`Error::InvalidArgument`] from
    /// [`ClientBuilder::build`](crate::ClientBuilder::build).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// Refuses a policy whose settings are out of range (checked when a client is built).
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.max_retries > MAX_RETRIES_LIMIT {
            return Err(Error::invalid_argument(
                "max_retries",
                format!(
                    "at most {MAX_RETRIES_LIMIT} retries are allowed, not {}",
                    self.max_retries
                ),
            ));
        }
        Ok(())
    }

    /// The first backoff wait when the service sends no `Retry-After`; it doubles with
    /// every retry (default 3 seconds).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The most time one call may spend waiting between attempts, all waits together
    /// (default 180 seconds). A wait that would go beyond it ends the retries.
    pub fn max_total_delay(mut self, delay: Duration) -> Self {
        self.max_total_delay = delay;
        self
    }

    /// The configured number of retries.
    pub fn retries(&self) -> u32 {
        self.max_retries
    }

    /// Whether an answer with this status is retried.
    pub fn is_retryable(status: StatusCode) -> bool {
        matches!(status.as_u16(), 429 | 503 | 504)
    }

    /// The wait before retry number `retry` (1-based): `Retry-After` when given,
    /// otherwise `base * 2^(retry-1)`, of which the upper half is random (jitter).
    pub(crate) fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(delay) = retry_after {
            return delay;
        }
        let exponential = self
            .base_delay
            .saturating_mul(1u32 << (retry.saturating_sub(1)).min(16));
        let half = exponential / 2;
        let jitter_nanos = fastrand::u64(0..=half.as_nanos().min(u128::from(u64::MAX)) as u64);
        half + Duration::from_nanos(jitter_nanos)
    }

    pub(crate) fn max_total(&self) -> Duration {
        self.max_total_delay
    }
}

/// The wait a `Retry-After` header asks for: delta-seconds (`120`) or an HTTP-date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`: the time from `now` to that date; a date in the
/// past means no wait). `None` when the value is neither.
pub fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}
