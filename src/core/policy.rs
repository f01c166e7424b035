//! The retry decision: one pure function of what happened to an attempt and
//! how much room is left, with no clock and no randomness of its own (both are
//! passed in), so a table test pins every case.
//!
//! The rules, by kind of call:
//! - **Read** (`GET`): retried on connection failures, timeouts, bodies cut
//!   short or unreadable, 408, 429 and 500/502/503/504.
//! - **Initialise**: the same, because the client fixes the `reference` before
//!   the first attempt and sends the same body every time; a retry that lands
//!   on the first attempt's payment answers "already exists", which the engine
//!   resolves by reading that payment back.
//! - **Pay** (the push prompt): retried only when the failure proves the
//!   request was not processed: a 429, or a connection that never carried it
//!   (refused, or a name that did not resolve). Anything else may have
//!   prompted the customer, so it is never re-sent.
//! - **Transfer** (refunds, payouts): moves money and carries no key that
//!   would let Vesicash recognise a repeat, so the same rule as pay: re-sent
//!   only after proof that it was not processed.
//!
//! A redirect ([`is_redirect`]) is never followed and never retried: it
//! would carry the secret key wherever `Location` points, and a pay or a
//! transfer answered with one may have been processed first (ambiguous).
//! A body past the size limit is not retried either (the same answer
//! would come again); for pay and transfers it is ambiguous.

/// Backoff before the first retry, in milliseconds (doubled per retry, then jittered).
pub const BACKOFF_BASE_MS: u64 = 300;
/// Longest backoff between two attempts, in milliseconds.
pub const BACKOFF_CAP_MS: u64 = 5_000;
/// Longest `Retry-After` the client waits for, in milliseconds; a longer one
/// ends the call at once with `rate_limited`, never a silent long sleep.
pub const MAX_RETRY_AFTER_MS: u64 = 20_000;
/// HTTP statuses that say "try again" for a request that is safe to repeat.
pub const RETRY_STATUSES: &[u16] = &[408, 429, 500, 502, 503, 504];

/// Whether `status` is a redirect: a 3xx other than 304 (which answers a
/// conditional request this client never makes), or 0, the status of a
/// browser's `opaqueredirect` answer to `redirect: "manual"`.
pub fn is_redirect(status: u16) -> bool {
    status == 0 || ((300..400).contains(&status) && status != 304)
}

/// What a call does to money, which decides what may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallKind {
    /// A read (`GET`): always safe to repeat.
    Read,
    /// `POST /v1/payment/init` with a reference fixed before the first attempt.
    Initialize,
    /// `POST /v1/payment/pay/:reference`: sends the push prompt.
    Pay,
    /// `POST /v1/payment/refunds/process` or `/payouts/process`: moves money,
    /// with no idempotency key and no way to read the request back.
    Transfer,
}

impl CallKind {
    /// Whether a repeat of an attempt that may have been processed could
    /// act twice (prompt a customer twice, move money twice).
    pub fn acts_twice(self) -> bool {
        matches!(self, CallKind::Pay | CallKind::Transfer)
    }
}

/// Whether a failed attempt may have reached Vesicash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    /// Proven not sent (connection refused, name not resolved).
    No,
    /// May have been sent, and may have been processed.
    Maybe,
}

/// How an attempt failed without a usable HTTP answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// No connection, or it broke before the status arrived.
    Connection,
    /// The attempt's time ran out (before or while reading the body).
    Timeout,
    /// The status arrived but the body was cut short.
    BodyCut,
    /// The body arrived whole but is not a readable answer (a 2xx with
    /// truncated or non-JSON content, say).
    Unreadable,
    /// The body is longer than the client's limit: not read past it.
    TooLarge,
}

/// What one attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptOutcome<'a> {
    /// An HTTP error status, with its `Retry-After` header if any.
    Status {
        /// The HTTP status.
        status: u16,
        /// The raw `Retry-After` value.
        retry_after: Option<&'a str>,
    },
    /// No usable answer.
    Failure {
        /// How it failed.
        kind: FailureKind,
        /// Whether the request may have reached Vesicash.
        sent: Sent,
    },
}

/// The former name of [`AttemptOutcome`], kept for Rust callers.
pub type Outcome<'a> = AttemptOutcome<'a>;

/// Where the call stands when it decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Attempts made so far, counting the one just failed (1 after the first).
    pub attempts: u32,
    /// Extra attempts allowed after the first.
    pub max_retries: u32,
    /// Milliseconds left before the call's deadline.
    pub time_left_ms: u64,
    /// The wall clock, Unix milliseconds, for `Retry-After` dates.
    pub now_unix_ms: u64,
}

/// Why the call stops here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The outcome is final for this kind of call (a 4xx, say).
    NotRetryable,
    /// pay or a transfer may have been processed: it must not be re-sent.
    Ambiguous,
    /// Every allowed attempt was made.
    Exhausted,
    /// The next attempt could not start before the deadline.
    NoTime,
    /// `Retry-After` asks for more than [`MAX_RETRY_AFTER_MS`] (or than the
    /// time left); the wait, in milliseconds.
    RateLimited(u64),
}

/// The decision after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Wait this many milliseconds, then send the same request again.
    Retry(u64),
    /// Give up; the engine turns the last outcome into the error.
    Stop(Stop),
}

/// Decides whether to try again after `outcome`. `random` is uniform on
/// `[0, 1)` and spreads retries out (full jitter), so that many clients hit
/// by one outage do not come back at the same instant.
pub fn decide(kind: CallKind, outcome: AttemptOutcome<'_>, budget: Budget, random: f64) -> Decision {
    match (kind, outcome) {
        // A redirect to pay may come after processing, as may a too-large answer.
        (k, AttemptOutcome::Status { status, .. }) if is_redirect(status) && k.acts_twice() => return Decision::Stop(Stop::Ambiguous),
        (k, AttemptOutcome::Failure { kind: FailureKind::TooLarge, .. }) if k.acts_twice() => return Decision::Stop(Stop::Ambiguous),
        (_, AttemptOutcome::Failure { kind: FailureKind::TooLarge, .. }) => return Decision::Stop(Stop::NotRetryable),
        (_, AttemptOutcome::Status { status, .. }) if !RETRY_STATUSES.contains(&status) => return Decision::Stop(Stop::NotRetryable),
        // A 429 proves the request was refused unprocessed; so does a connection that never carried it.
        (k, AttemptOutcome::Status { status: 429, .. }) | (k, AttemptOutcome::Failure { sent: Sent::No, .. }) if k.acts_twice() => {}
        (k, _) if k.acts_twice() => return Decision::Stop(Stop::Ambiguous),
        _ => {}
    }
    let retry_after = match outcome {
        AttemptOutcome::Status { retry_after: Some(v), .. } => parse_retry_after(v, budget.now_unix_ms),
        _ => None,
    };
    if let (Some(wait), AttemptOutcome::Status { status: 429, .. }) = (retry_after, outcome) {
        if wait > MAX_RETRY_AFTER_MS || wait >= budget.time_left_ms {
            return Decision::Stop(Stop::RateLimited(wait));
        }
    }
    if budget.attempts > budget.max_retries {
        return Decision::Stop(Stop::Exhausted);
    }
    let wait = match retry_after {
        Some(wait) => wait.min(MAX_RETRY_AFTER_MS),
        None => jitter(backoff_ceiling(budget.attempts), random),
    };
    if wait >= budget.time_left_ms {
        return Decision::Stop(Stop::NoTime);
    }
    Decision::Retry(wait)
}

/// The backoff ceiling before retry number `retry` (1-based): base × 2^(retry-1), capped.
fn backoff_ceiling(retry: u32) -> u64 {
    BACKOFF_BASE_MS.saturating_mul(1u64 << retry.saturating_sub(1).min(20)).min(BACKOFF_CAP_MS)
}

/// Full jitter: uniform on `[0, ceiling]`. A `random` outside `[0, 1)` (NaN
/// included) is clamped, never trusted to index or overflow anything.
fn jitter(ceiling: u64, random: f64) -> u64 {
    let r = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.0 };
    (ceiling as f64 * r) as u64
}

/// Reads `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3),
/// in milliseconds from `now_unix_ms`; a date in the past is 0. Anything
/// unreadable is `None` (the normal backoff applies).
pub fn parse_retry_after(value: &str, now_unix_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Longer than u64 seconds is "forever": saturate, which exceeds any cap.
        return Some(value.parse::<u64>().map_or(u64::MAX, |s| s.saturating_mul(1000)));
    }
    let at_ms = super::http_date::parse(value)?.saturating_mul(1000);
    Some(at_ms.saturating_sub(now_unix_ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use CallKind::*;
    use Decision::*;

    const NOW: u64 = 1_764_300_000_000; // 2025-11-28T03:20:00Z

    fn budget(attempts: u32) -> Budget {
        Budget { attempts, max_retries: 2, time_left_ms: 30_000, now_unix_ms: NOW }
    }
    fn status(status: u16) -> AttemptOutcome<'static> {
        AttemptOutcome::Status { status, retry_after: None }
    }
    fn failure(kind: FailureKind, sent: Sent) -> AttemptOutcome<'static> {
        AttemptOutcome::Failure { kind, sent }
    }

    /// Every status class and transport failure, for every kind of call.
    #[test]
    fn table() {
        use FailureKind::*;
        let retry = Retry(150); // random 0.5 of the first ceiling (300 ms)
        let ambiguous = Stop(super::Stop::Ambiguous);
        let no = Stop(super::Stop::NotRetryable);
        let cases: &[(AttemptOutcome, Decision, Decision, Decision)] = &[
            // outcome                               Read    Initialize  Pay
            (status(400), no, no, no),
            (status(401), no, no, no),
            (status(403), no, no, no),
            (status(404), no, no, no),
            (status(409), no, no, no),
            (status(422), no, no, no),
            (status(408), retry, retry, ambiguous),
            (status(429), retry, retry, retry),
            (status(500), retry, retry, ambiguous),
            (status(501), no, no, no),
            (status(502), retry, retry, ambiguous),
            (status(503), retry, retry, ambiguous),
            (status(504), retry, retry, ambiguous),
            (status(505), no, no, no),
            (status(301), no, no, ambiguous),
            (status(302), no, no, ambiguous),
            (status(303), no, no, ambiguous),
            (status(307), no, no, ambiguous),
            (status(308), no, no, ambiguous),
            (status(300), no, no, ambiguous),
            (status(0), no, no, ambiguous), // a browser's opaqueredirect
            (status(304), no, no, no),
            (failure(TooLarge, Sent::Maybe), no, no, ambiguous),
            (failure(Connection, Sent::No), retry, retry, retry),
            (failure(Connection, Sent::Maybe), retry, retry, ambiguous),
            (failure(Timeout, Sent::Maybe), retry, retry, ambiguous),
            (failure(BodyCut, Sent::Maybe), retry, retry, ambiguous),
            (failure(Unreadable, Sent::Maybe), retry, retry, ambiguous),
        ];
        for (outcome, read, init, pay) in cases {
            assert_eq!(decide(Read, *outcome, budget(1), 0.5), *read, "Read {outcome:?}");
            assert_eq!(decide(Initialize, *outcome, budget(1), 0.5), *init, "Initialize {outcome:?}");
            assert_eq!(decide(Pay, *outcome, budget(1), 0.5), *pay, "Pay {outcome:?}");
            assert_eq!(decide(Transfer, *outcome, budget(1), 0.5), *pay, "Transfer {outcome:?}");
        }
    }

    #[test]
    fn redirects() {
        let cases: &[(u16, bool)] = &[
            (0, true),
            (200, false),
            (204, false),
            (300, true),
            (301, true),
            (302, true),
            (303, true),
            (304, false),
            (307, true),
            (308, true),
            (399, true),
            (400, false),
            (503, false),
        ];
        for (status, redirect) in cases {
            assert_eq!(is_redirect(*status), *redirect, "{status}");
        }
        // Never retried, whatever the budget and Retry-After.
        let with = AttemptOutcome::Status { status: 307, retry_after: Some("1") };
        let roomy = Budget { max_retries: 10, ..budget(1) };
        assert_eq!(decide(Read, with, roomy, 0.5), Stop(super::Stop::NotRetryable));
        assert_eq!(decide(Pay, with, roomy, 0.5), Stop(super::Stop::Ambiguous));
    }

    #[test]
    fn backoff_doubles_to_a_cap_with_full_jitter() {
        let ceilings: Vec<u64> = (1..=8).map(backoff_ceiling).collect();
        assert_eq!(ceilings, [300, 600, 1200, 2400, 4800, 5000, 5000, 5000]);
        let b = Budget { max_retries: 10, ..budget(3) };
        assert_eq!(decide(Read, status(503), b, 0.0), Retry(0));
        assert_eq!(decide(Read, status(503), b, 0.999_999), Retry(1199));
        assert_eq!(decide(Read, status(503), b, f64::NAN), Retry(0));
        assert_eq!(decide(Read, status(503), b, 7.0), Retry(1200));
        assert_eq!(backoff_ceiling(u32::MAX), BACKOFF_CAP_MS);
    }

    #[test]
    fn attempts_and_deadline_bound_retries() {
        assert_eq!(decide(Read, status(503), budget(3), 0.5), Stop(super::Stop::Exhausted));
        assert!(matches!(decide(Read, status(503), budget(2), 0.5), Retry(_)));
        let short = Budget { time_left_ms: 100, ..budget(1) };
        assert_eq!(decide(Read, status(503), short, 0.5), Stop(super::Stop::NoTime));
        assert_eq!(decide(Read, status(503), Budget { max_retries: 0, ..budget(1) }, 0.5), Stop(super::Stop::Exhausted));
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let with = |v: &'static str| AttemptOutcome::Status { status: 429, retry_after: Some(v) };
        assert_eq!(decide(Pay, with("2"), budget(1), 0.5), Retry(2000));
        assert_eq!(decide(Read, with("0"), budget(1), 0.5), Retry(0));
        assert_eq!(decide(Read, with("20"), budget(1), 0.5), Retry(20_000));
        assert_eq!(decide(Read, with("21"), budget(1), 0.5), Stop(super::Stop::RateLimited(21_000)));
        assert_eq!(decide(Read, with("3600"), budget(1), 0.5), Stop(super::Stop::RateLimited(3_600_000)));
        let short = Budget { time_left_ms: 1_500, ..budget(1) };
        assert_eq!(decide(Read, with("2"), short, 0.5), Stop(super::Stop::RateLimited(2000)));
        // An unreadable Retry-After falls back to the normal backoff.
        assert_eq!(decide(Read, with("soon"), budget(1), 0.5), Retry(150));
        // 503 with Retry-After: waited for when the request is repeatable; pay stays ambiguous.
        let unavailable = AttemptOutcome::Status { status: 503, retry_after: Some("1") };
        assert_eq!(decide(Read, unavailable, budget(1), 0.5), Retry(1000));
        assert_eq!(decide(Pay, unavailable, budget(1), 0.5), Stop(super::Stop::Ambiguous));
        // Rate limited on the last attempt: exhausted, not a wait.
        assert_eq!(decide(Read, with("1"), budget(3), 0.5), Stop(super::Stop::Exhausted));
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120", NOW), Some(120_000));
        assert_eq!(parse_retry_after(" 5 ", NOW), Some(5_000));
        assert_eq!(parse_retry_after("99999999999999999999999", NOW), Some(u64::MAX));
        assert_eq!(parse_retry_after("Fri, 28 Nov 2025 03:20:30 GMT", NOW), Some(30_000));
        assert_eq!(parse_retry_after("Fri, 28 Nov 2025 03:19:00 GMT", NOW), Some(0));
        for bad in ["", "-1", "1.5", "tomorrow", "Fri, 31 Feb 2025 00:00:00 GMT"] {
            assert_eq!(parse_retry_after(bad, NOW), None, "{bad}");
        }
    }
}
