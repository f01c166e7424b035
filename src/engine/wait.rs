//! Waiting for a payment to become final by polling its status: the fallback
//! when a webhook is late or lost. The first poll goes out at once, then the
//! interval doubles up to a cap, within one deadline; a poll's transient
//! failures are retried by the engine and never end the wait.

use super::options::{whole, MAX_TIME_LIMIT_MS};
use super::refresh::within_grace;
use super::{Clock, Hooks, PaymentOf, Transport};
use crate::api::payments;
use crate::api::PaymentAnswer;
use crate::core::error::{Error, ErrorCode};
use crate::core::policy::CallKind;
use crate::core::status::{outcome, PaymentOutcome};

/// Default time a wait may take, in milliseconds: longer than a mobile-money
/// prompt stays open on the phone. \[assumed\]: Vesicash documents no expiry.
pub const DEFAULT_WAIT_TIMEOUT_MS: u64 = 300_000;
/// The wait before the second poll; it doubles after each poll.
pub const FIRST_POLL_INTERVAL_MS: u64 = 1_000;
/// Default cap of the interval between two polls.
pub const DEFAULT_POLL_INTERVAL_CAP_MS: u64 = 10_000;

/// Options of [`super::Client::wait_for_final`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WaitOptions {
    /// The whole wait, in milliseconds (default [`DEFAULT_WAIT_TIMEOUT_MS`]).
    pub timeout_ms: Option<u64>,
    /// The longest interval between polls (default [`DEFAULT_POLL_INTERVAL_CAP_MS`]).
    pub interval_ms: Option<u64>,
}

impl WaitOptions {
    /// Reads JS numbers, refusing anything but whole milliseconds from 1 to an hour.
    pub fn from_numbers(timeout_ms: Option<f64>, interval_ms: Option<f64>) -> Result<WaitOptions, Error> {
        let read = |field, v: Option<f64>| -> Result<Option<u64>, Error> {
            match v.map(|v| whole(field, v, MAX_TIME_LIMIT_MS)).transpose()? {
                Some(0) => Err(Error::validation(field, format!("must be a whole number of milliseconds from 1 to {MAX_TIME_LIMIT_MS}"))),
                ms => Ok(ms),
            }
        };
        Ok(WaitOptions { timeout_ms: read("timeout_ms", timeout_ms)?, interval_ms: read("interval_ms", interval_ms)? })
    }
}

/// A wait that ended without a final payment: the error, and the last payment seen.
#[derive(Debug)]
pub struct WaitFailure<P> {
    /// `timeout`, `aborted`, or the error that ended the wait.
    pub error: Error,
    /// The last payment the polls saw, if any.
    pub payment: Option<P>,
}

impl<T: Transport, C: Clock<T::Signal>, H: Hooks> super::Client<T, C, H> {
    /// Polls `GET /v1/payment/:reference` until the payment is final (paid or
    /// failed, `expired` included) and returns it, whatever its outcome.
    ///
    /// Errors: `timeout` at the deadline and `aborted` when `signal` fires,
    /// both with the last payment seen; a non-retryable error of a poll
    /// (`not_found`, `authentication_error`, …) ends the wait at once.
    ///
    /// A `404` within [`NOT_FOUND_GRACE_MS`](super::refresh::NOT_FOUND_GRACE_MS) of this client's initialisation
    /// of the payment is "not visible yet": the polls go on. See
    /// [`wait_for_final_since`](Self::wait_for_final_since) to give the
    /// payment's `created_at` instead.
    pub async fn wait_for_final(&self, reference: &str, wait: &WaitOptions, signal: &T::Signal) -> Result<PaymentOf<T>, WaitFailure<PaymentOf<T>>> {
        self.wait_for_final_since(reference, wait, None, signal).await
    }

    /// [`wait_for_final`](Self::wait_for_final), with the payment's
    /// `created_at` (Unix ms) as the start of the [`NOT_FOUND_GRACE_MS`](super::refresh::NOT_FOUND_GRACE_MS)
    /// during which a `404` does not end the wait (the time this client
    /// initialised it, when it did and `created_at_ms` is none).
    pub async fn wait_for_final_since(
        &self,
        reference: &str,
        wait: &WaitOptions,
        created_at_ms: Option<f64>,
        signal: &T::Signal,
    ) -> Result<PaymentOf<T>, WaitFailure<PaymentOf<T>>> {
        let anchor = created_at_ms.or_else(|| self.initialised_at(reference));
        let fail = |error, payment| WaitFailure { error, payment };
        let request = payments::get(&self.config, reference).map_err(|e| fail(e, None))?;
        let timeout_ms = wait.timeout_ms.unwrap_or(DEFAULT_WAIT_TIMEOUT_MS);
        let cap = wait.interval_ms.unwrap_or(DEFAULT_POLL_INTERVAL_CAP_MS);
        let deadline = self.clock.now_ms() + timeout_ms as f64;
        let mut interval = FIRST_POLL_INTERVAL_MS.min(cap);
        let mut last: Option<(String, PaymentOf<T>)> = None;
        let (mut polls, mut attempts) = (0u32, 0u32);
        loop {
            if deadline - self.clock.now_ms() < 1.0 {
                let status = last.as_ref().map_or("unknown (no poll answered)".to_owned(), |l| format!("\"{}\"", l.0));
                let message = format!(
                    "payment {reference} was not final after {timeout_ms} ms of polling ({polls} polls; last status {status}); \
                     it may still become final: its webhook will say so"
                );
                return Err(fail(Error::new(ErrorCode::Timeout, message).with_call(attempts, true), last.map(|l| l.1)));
            }
            let options = self.options;
            let poll_deadline = deadline.min(self.clock.now_ms() + options.deadline_ms as f64);
            polls += 1;
            // A poll answered about another payment fails (invalid_response, transient): never the final state.
            match self
                .run::<PaymentAnswer>(
                    CallKind::Read,
                    &request,
                    &super::flows::about(reference),
                    options.timeout_ms,
                    options.max_retries,
                    poll_deadline,
                    signal,
                )
                .await
            {
                Ok(done) if outcome(&done.head.status) != PaymentOutcome::Pending => return Ok(done.data),
                Ok(done) => {
                    attempts += done.attempts;
                    last = Some((done.head.status, done.data));
                }
                Err(f) => {
                    attempts += f.error.attempts();
                    match f.error.code() {
                        ErrorCode::Aborted => return Err(fail(f.error.with_call(attempts, true), last.map(|l| l.1))),
                        // A transient failure of one poll does not end the wait.
                        code if code.is_transient() => {}
                        // Not visible yet, so soon after its initialisation.
                        ErrorCode::NotFound if within_grace(anchor, self.clock.now_ms()) => {}
                        _ => return Err(fail(f.error.with_call(attempts, false), last.map(|l| l.1))),
                    }
                }
            }
            let pause = interval.min((deadline - self.clock.now_ms()).max(0.0) as u64);
            if self.clock.sleep(pause, signal).await.is_err() {
                let e = Error::new(ErrorCode::Aborted, format!("waiting for payment {reference} was aborted by the caller's signal"));
                return Err(fail(e.with_call(attempts, true), last.map(|l| l.1)));
            }
            interval = interval.saturating_mul(2).min(cap);
        }
    }
}
