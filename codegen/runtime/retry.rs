//! Throttling and transient faults: which answers are retried, and how long to wait.
//!
//! The defaults are those of Microsoft's own Graph SDK cores: 429, 503 and 504 are
//! retried up to 3 times; a `Retry-After` header (delta-seconds or an HTTP-date) is
//! honoured exactly, otherwise the wait grows exponentially from a 3 second base with
//! jitter; the waits of one call add up to at most 180 seconds. Every retry carries a
//! `Retry-Attempt` header with its number and replays the body byte for byte.

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

    /// How many times a call is retried: 0 (off) to [`MAX_RETRIES_LIMIT`]; default 3.
    pub fn max_retries(mut self, retries: u32) -> Result<Self, Error> {
        if retries > MAX_RETRIES_LIMIT {
            return Err(Error::invalid_argument(
                "max_retries",
                format!("at most {MAX_RETRIES_LIMIT} retries are allowed, not {retries}"),
            ));
        }
        self.max_retries = retries;
        Ok(self)
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
/// (`Wed, 21 Oct 2015 07:28:00 GMT`, counted in whole seconds from `now`; a date in the
/// past means no wait). `None` when the value is neither.
pub fn parse_retry_after(value: &HeaderValue, now: SystemTime) -> Option<Duration> {
    let text = value.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}
