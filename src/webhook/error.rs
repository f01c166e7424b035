//! Why a webhook was refused. Each message says what to fix; none ever
//! contains a secret or the expected signature.

use super::{SIGNATURE_HEADER, TIMESTAMP_HEADER};
use std::fmt;

/// A webhook that failed verification, or could not be verified
/// (`WebhookVerificationError.code` in JS: answer 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebhookError {
    /// No `mor-signature` header, or an empty one.
    MissingSignature,
    /// No `mor-timestamp` header, or an empty one.
    MissingTimestamp,
    /// `mor-timestamp` is not Unix seconds as decimal digits.
    InvalidTimestamp {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The signature is valid but the timestamp is further in the past than the tolerance.
    TimestampTooOld {
        /// Seconds between the timestamp and now.
        age: u64,
        /// The tolerance in force, in seconds.
        tolerance: u64,
        /// `now` looks like milliseconds rather than seconds.
        now_in_millis: bool,
    },
    /// The signature is valid but the timestamp is further in the future than the tolerance.
    TimestampTooNew {
        /// Seconds between now and the timestamp.
        ahead: u64,
        /// The tolerance in force, in seconds.
        tolerance: u64,
        /// The timestamp looks like milliseconds rather than seconds.
        timestamp_in_millis: bool,
    },
    /// No signature in the header matches the body under any of the secrets.
    SignatureMismatch {
        /// Why none matched, as far as can be told without the secret.
        reason: &'static str,
    },
    /// The body passed was not the raw request body (an already-parsed object, `null`, …).
    BodyNotRaw {
        /// What was passed instead (a JS type name).
        got: String,
    },
    /// The body is larger than the limit (`maxBodyBytes` in JS,
    /// [`max_body_bytes`](super::VerifyOptions::max_body_bytes) in Rust): refused
    /// before any hashing, so an anonymous sender cannot make a verifier
    /// spend memory and CPU on an arbitrarily large body.
    BodyTooLarge {
        /// The body's size in bytes (a lower bound when refused by the JS layer).
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// A secret is empty or padded with whitespace, or none was given. Your
    /// configuration, not the delivery: in JS a plain `VesicashError`, never a
    /// `WebhookVerificationError`. Never retryable until fixed.
    InvalidSecret {
        /// What is wrong.
        reason: &'static str,
        /// Which secret of a rotation list (0-based), when several were given.
        index: Option<usize>,
    },
    /// The signature is valid but the body is not a `{ "event", "data" }` payment event.
    InvalidPayload {
        /// What is wrong with it.
        reason: String,
    },
}

impl WebhookError {
    /// The stable string code shared with the JS package (`WebhookVerificationError.code`).
    pub fn code(&self) -> &'static str {
        match self {
            WebhookError::MissingSignature => "missing_signature",
            WebhookError::MissingTimestamp => "missing_timestamp",
            WebhookError::InvalidTimestamp { .. } => "invalid_timestamp",
            WebhookError::TimestampTooOld { .. } => "timestamp_too_old",
            WebhookError::TimestampTooNew { .. } => "timestamp_too_new",
            WebhookError::SignatureMismatch { .. } => "signature_mismatch",
            WebhookError::BodyNotRaw { .. } => "body_not_raw",
            WebhookError::BodyTooLarge { .. } => "body_too_large",
            WebhookError::InvalidSecret { .. } => "invalid_secret",
            WebhookError::InvalidPayload { .. } => "invalid_payload",
        }
    }

    /// Serialises the error for the JS layer: `{"code","message"}`, the two
    /// members of [`crate::core::error::Descriptor`] a webhook refusal has
    /// (the JS layer gives it `retryable: false` and `attempts: 0`).
    pub fn to_json(&self) -> String {
        #[derive(serde::Serialize)]
        struct Descriptor<'a> {
            code: &'a str,
            message: &'a str,
        }
        crate::core::wire::to_json(&Descriptor { code: self.code(), message: &self.message() }).unwrap_or_default()
    }
}

impl WebhookError {
    /// The message: what failed and what to fix. Built by hand rather than
    /// with `write!`: `core::fmt` call sites cost wasm size on the hot path.
    pub fn message(&self) -> String {
        let mut m = String::new();
        match self {
            WebhookError::MissingSignature => {
                m += "webhook has no `";
                m += SIGNATURE_HEADER;
                m += "` header (or it is empty): the request did not come from Vesicash, or a proxy dropped the header; \
                      pass the request's headers unchanged";
            }
            WebhookError::MissingTimestamp => {
                m += "webhook has no `";
                m += TIMESTAMP_HEADER;
                m += "` header (or it is empty); pass the request's headers unchanged \
                      (for deliveries signed over the body alone, opt in to the legacy body-only scheme)";
            }
            WebhookError::InvalidTimestamp { reason } => {
                m += "`";
                m += TIMESTAMP_HEADER;
                m += "` must be Unix seconds as decimal digits, but it ";
                m += reason;
            }
            WebhookError::TimestampTooOld { age, tolerance, now_in_millis } => {
                m += "webhook timestamp is ";
                push_u64(&mut m, *age);
                m += " s old, beyond the tolerance of ";
                push_u64(&mut m, *tolerance);
                m += " s: a replayed or long-delayed delivery, or this server's clock is wrong";
                m += if *now_in_millis {
                    "; `now` looks like milliseconds: pass Unix seconds (Date.now() / 1000)"
                } else {
                    "; check the clock (NTP) or raise the tolerance"
                };
            }
            WebhookError::TimestampTooNew { ahead, tolerance, timestamp_in_millis } => {
                m += "webhook timestamp is ";
                push_u64(&mut m, *ahead);
                m += " s in the future, beyond the tolerance of ";
                push_u64(&mut m, *tolerance);
                m += " s";
                if *timestamp_in_millis {
                    m += "; `";
                    m += TIMESTAMP_HEADER;
                    m += "` looks like milliseconds, but it must be Unix seconds";
                } else {
                    m += "; check this server's clock (NTP) or raise the tolerance";
                }
            }
            WebhookError::SignatureMismatch { reason } => {
                m += "webhook signature does not match: ";
                m += reason;
                m += ". Check the secret (the latest from generate-webhook-secret; pass old and new while rotating) \
                      and that the body is the raw bytes as received, not re-serialised JSON";
            }
            WebhookError::BodyNotRaw { got } => {
                m += "webhook body must be the raw request body (a string, Uint8Array, ArrayBuffer or Buffer), got ";
                m += got;
                m += ": read it with `await request.text()` (Workers, fetch) or `express.raw({ type: \"application/json\" })` \
                      (Express) before any JSON parsing; a parsed and re-serialised body no longer matches its signature";
            }
            WebhookError::BodyTooLarge { size, limit } => {
                m += "webhook body of ";
                push_u64(&mut m, *size);
                m += " bytes is larger than the limit of ";
                push_u64(&mut m, *limit);
                m += " bytes; no Vesicash event is that large (raise maxBodyBytes if yours are), and refuse an \
                      oversized Content-Length before reading the body";
            }
            WebhookError::InvalidSecret { reason, index } => {
                m += "webhook secret ";
                if let Some(i) = index {
                    m += "#";
                    push_u64(&mut m, *i as u64 + 1);
                    m += " ";
                }
                m += reason;
                m += " (it comes from POST /v1/account/generate-webhook-secret; keep it in a secret, e.g. env.VESICASH_WEBHOOK_SECRET)";
            }
            WebhookError::InvalidPayload { reason } => {
                m += "webhook signature is valid but the body is not a Vesicash event \
                      `{\"event\": string, \"data\": {\"reference\": string, \"status\": string, …}}`: ";
                m += reason;
            }
        }
        m
    }
}

/// Appends `n` in decimal.
pub(crate) fn push_u64(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for &d in digits.get(i..).unwrap_or_default() {
        out.push(char::from(d));
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for WebhookError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal() {
        for n in [0, 7, 10, 300, 1_767_225_600, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }

    #[test]
    fn codes_and_descriptors() {
        let e = WebhookError::TimestampTooOld { age: 301, tolerance: 300, now_in_millis: false };
        assert_eq!(e.code(), "timestamp_too_old");
        assert!(e.to_json().starts_with(r#"{"code":"timestamp_too_old","message":"webhook timestamp is 301 s old, beyond the tolerance of 300 s"#));
        assert_eq!(e.to_string(), e.message());
    }
}
