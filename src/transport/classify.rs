//! How a failed attempt is told to the engine: one pure function that both
//! transports (the npm build's `fetch`, the `worker` feature's
//! `worker::Fetch`) call with what they saw, so that a timeout, an abort, a
//! refused connection and a body cut short mean the same in every build.

use super::NOT_SENT_CODES;
use crate::core::policy::{FailureKind, Sent};
use crate::engine::TransportError;

/// The detail of an attempt that its own time limit ended.
pub const TIMED_OUT: &str = "TimeoutError: no complete response in time";

/// What went wrong in one attempt, as the transport saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure<'a> {
    /// The body was over the size limit (what was seen of it).
    TooLarge(String),
    /// `fetch` or the body's stream failed.
    Failed {
        /// The response's headers had arrived: the body failed.
        after_headers: bool,
        /// The runtime's error code (Node's `cause.code`), if it gave one.
        code: Option<&'a str>,
        /// What the runtime said (`name: message (code)`), never a secret.
        detail: String,
    },
}

/// The engine's view of `failure`, given whether the caller's signal and
/// the attempt's own time limit had fired when it failed. An abort wins over
/// the failure it caused, the caller's over the time limit's; only a failure
/// before the headers whose code proves the request never left (see
/// [`NOT_SENT_CODES`]) is unsent.
pub fn classify(failure: Failure<'_>, caller_aborted: bool, timed_out: bool) -> TransportError {
    let (kind, sent, detail) = match failure {
        // Refused by this client: whatever fired later is not why.
        Failure::TooLarge(detail) => (FailureKind::TooLarge, Sent::Maybe, detail),
        _ if caller_aborted => return TransportError::Aborted,
        _ if timed_out => (FailureKind::Timeout, Sent::Maybe, TIMED_OUT.into()),
        Failure::Failed { after_headers: true, detail, .. } => (FailureKind::BodyCut, Sent::Maybe, detail),
        Failure::Failed { code, detail, .. } => {
            let proven_unsent = code.is_some_and(|c| NOT_SENT_CODES.contains(&c));
            (FailureKind::Connection, if proven_unsent { Sent::No } else { Sent::Maybe }, detail)
        }
    };
    TransportError::Failed { kind, sent, detail }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(after_headers: bool, code: Option<&str>) -> Failure<'_> {
        Failure::Failed { after_headers, code, detail: "TypeError: fetch failed".into() }
    }

    fn err(kind: FailureKind, sent: Sent, detail: &str) -> TransportError {
        TransportError::Failed { kind, sent, detail: detail.into() }
    }

    #[test]
    fn each_failure_as_the_engine_sees_it() {
        use FailureKind::*;
        let fetch_failed = "TypeError: fetch failed";
        // (failure, caller aborted, timed out) -> what the engine gets
        let table = [
            (failed(false, Some("ECONNREFUSED")), false, false, err(Connection, Sent::No, fetch_failed)),
            (failed(false, Some("ENOTFOUND")), false, false, err(Connection, Sent::No, fetch_failed)),
            (failed(false, Some("EAI_AGAIN")), false, false, err(Connection, Sent::No, fetch_failed)),
            (failed(false, Some("UND_ERR_CONNECT_TIMEOUT")), false, false, err(Connection, Sent::No, fetch_failed)),
            // A reset may come after the request left; workerd gives no code at all.
            (failed(false, Some("ECONNRESET")), false, false, err(Connection, Sent::Maybe, fetch_failed)),
            (failed(false, None), false, false, err(Connection, Sent::Maybe, fetch_failed)),
            // After the headers nothing proves the request unsent, whatever the code.
            (failed(true, Some("ECONNREFUSED")), false, false, err(BodyCut, Sent::Maybe, fetch_failed)),
            (failed(true, None), false, false, err(BodyCut, Sent::Maybe, fetch_failed)),
            // The attempt's time limit fired: a timeout, before or after the headers.
            (failed(false, Some("ECONNREFUSED")), false, true, err(Timeout, Sent::Maybe, TIMED_OUT)),
            (failed(true, None), false, true, err(Timeout, Sent::Maybe, TIMED_OUT)),
            // The caller's signal fired: an abort, even when the limit fired too.
            (failed(false, None), true, false, TransportError::Aborted),
            (failed(true, None), true, true, TransportError::Aborted),
            // Too large is this client's own refusal, whatever fired after it.
            (Failure::TooLarge("of 9 bytes".into()), false, false, err(TooLarge, Sent::Maybe, "of 9 bytes")),
            (Failure::TooLarge("of 9 bytes".into()), true, true, err(TooLarge, Sent::Maybe, "of 9 bytes")),
        ];
        for (failure, caller_aborted, timed_out, expected) in table {
            let what = format!("{failure:?} aborted={caller_aborted} timed_out={timed_out}");
            assert_eq!(classify(failure, caller_aborted, timed_out), expected, "{what}");
        }
    }
}
