//! Time limits and retry counts, for the client and per call.

use crate::core::error::Error;

/// Default time limit of one attempt, body included, in milliseconds: long
/// enough for a mobile-money gateway's slow answer, short enough that a
/// Worker's caller is not left hanging on one stalled connection.
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;
/// Default extra attempts after the first.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// Default time limit of a whole call, retries and waits included.
pub const DEFAULT_DEADLINE_MS: u64 = 30_000;
/// Largest accepted time limit (an hour): anything above is a unit mistake.
pub const MAX_TIME_LIMIT_MS: u64 = 3_600_000;
/// Largest accepted `max_retries`.
pub const MAX_RETRIES_LIMIT: u32 = 10;
/// Largest response body read, in bytes, unless the client says otherwise
/// (`maxResponseBytes`): 1 MiB. The largest real answer is a page of 100
/// payments, about 60 KB (100 items of some 600 bytes each: the status
/// endpoint's fields, narration and timestamps); the limit leaves 16 times
/// that for longer fields and fields to come. A larger body is not read
/// past the limit: `response_too_large`.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 1024 * 1024;
/// Largest accepted `maxResponseBytes` (64 MiB): a body that large is no answer of this API.
pub const MAX_RESPONSE_BYTES_LIMIT: u64 = 64 * 1024 * 1024;

/// Options of a client; every call starts from these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientOptions {
    /// Time limit of one attempt, body included, in milliseconds.
    pub timeout_ms: u64,
    /// Extra attempts after the first (0 disables retries).
    pub max_retries: u32,
    /// Time limit of the whole call, retries and waits included, in milliseconds.
    pub deadline_ms: u64,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions { timeout_ms: DEFAULT_TIMEOUT_MS, max_retries: DEFAULT_MAX_RETRIES, deadline_ms: DEFAULT_DEADLINE_MS }
    }
}

impl ClientOptions {
    /// Checks every limit is in range.
    ///
    /// Errors: `timeout_ms`/`deadline_ms` not in 1..=3 600 000, `max_retries` above 10.
    pub fn validate(&self) -> Result<(), Error> {
        for (field, ms) in [("timeout_ms", self.timeout_ms), ("deadline_ms", self.deadline_ms)] {
            if ms == 0 || ms > MAX_TIME_LIMIT_MS {
                return Err(Error::validation(field, format!("must be a whole number of milliseconds from 1 to {MAX_TIME_LIMIT_MS}")));
            }
        }
        if self.max_retries > MAX_RETRIES_LIMIT {
            return Err(Error::validation("max_retries", format!("must be a whole number from 0 to {MAX_RETRIES_LIMIT}")));
        }
        Ok(())
    }

    /// These options with a call's overrides applied.
    pub fn merge(self, call: &CallOptions) -> Result<ClientOptions, Error> {
        let merged = ClientOptions {
            timeout_ms: call.timeout_ms.unwrap_or(self.timeout_ms),
            max_retries: call.max_retries.unwrap_or(self.max_retries),
            deadline_ms: call.deadline_ms.unwrap_or(self.deadline_ms),
        };
        merged.validate()?;
        Ok(merged)
    }
}

/// Per-call overrides of [`ClientOptions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CallOptions {
    /// Overrides [`ClientOptions::timeout_ms`].
    pub timeout_ms: Option<u64>,
    /// Overrides [`ClientOptions::max_retries`].
    pub max_retries: Option<u32>,
    /// Overrides [`ClientOptions::deadline_ms`].
    pub deadline_ms: Option<u64>,
}

/// Reads a JS number as a whole count for `field`: NaN, fractions, negatives
/// and values past `max` are refused rather than rounded.
pub fn whole(field: &'static str, value: f64, max: u64) -> Result<u64, Error> {
    if value.is_finite() && value.fract() == 0.0 && value >= 0.0 && value <= max as f64 {
        Ok(value as u64)
    } else {
        Err(Error::validation(field, format!("must be a whole number from 0 to {max}")))
    }
}
