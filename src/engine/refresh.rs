//! Reading many payments at once, for a reconciliation job: bounded
//! concurrency, one deadline for the whole batch, one result per reference in
//! input order, and no failure that stops the others. A rate-limited answer
//! pauses the whole batch (every worker waits out `Retry-After` before its
//! next request), not only the call that got it: the limit is the
//! business's, not the request's.
//!
//! Also here: the grace after initialisation during which a `404` on the
//! status endpoint means "not visible yet" rather than "no such payment"
//! ([`NOT_FOUND_GRACE_MS`]), shared with [`super::Client::wait_for_final`].

use super::options::MAX_TIME_LIMIT_MS;
use super::{Clock, Hooks, PaymentOf, Transport};
use crate::api::payments;
use crate::api::PaymentAnswer;
use crate::core::error::{Error, ErrorCode};
use crate::core::policy::{CallKind, BACKOFF_BASE_MS, BACKOFF_CAP_MS};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// How long after a payment was initialised (by this client, or by its
/// `created_at` when the caller gives it) a `404` from the status endpoint is
/// read as "not visible yet" and polled again. \[seen\]: code that calls the
/// real API treats a 404 right after init as pending, not yet synced; the
/// length is \[assumed\].
pub const NOT_FOUND_GRACE_MS: u64 = 30_000;
/// The wait before asking again about a payment not visible yet.
pub const NOT_FOUND_RETRY_MS: u64 = 1_000;
/// Default number of status calls a refresh keeps in flight.
pub const DEFAULT_REFRESH_CONCURRENCY: u32 = 4;
/// Largest accepted concurrency (more would only meet Vesicash's rate limit sooner).
pub const MAX_REFRESH_CONCURRENCY: u32 = 16;
/// Largest batch one refresh accepts: a job selects its due payments in pages.
pub const MAX_REFRESH_REFERENCES: usize = 1_000;
/// Initialisations a client remembers for [`NOT_FOUND_GRACE_MS`] (the oldest are forgotten first).
pub const RECENT_INITS_KEPT: usize = 256;

/// One payment to refresh.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshItem {
    /// Its reference.
    pub reference: String,
    /// Its `created_at` (Unix ms), when the caller knows it: a `404` within
    /// [`NOT_FOUND_GRACE_MS`] of it is "not visible yet".
    pub created_at_ms: Option<f64>,
}

/// Options of [`super::Client::refresh`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RefreshOptions {
    /// Status calls in flight at once, 1 to [`MAX_REFRESH_CONCURRENCY`]
    /// (default [`DEFAULT_REFRESH_CONCURRENCY`]).
    pub concurrency: Option<u32>,
    /// The whole batch, in milliseconds (default: the client's `deadline_ms`).
    pub deadline_ms: Option<u64>,
}

impl RefreshOptions {
    /// Checks the options, refusing anything out of range.
    ///
    /// Errors: `concurrency` not in 1..=16, `deadline_ms` not in 1..=3 600 000.
    pub fn validate(&self) -> Result<(), Error> {
        if self.concurrency.is_some_and(|c| c == 0 || c > MAX_REFRESH_CONCURRENCY) {
            return Err(Error::validation("concurrency", format!("must be a whole number from 1 to {MAX_REFRESH_CONCURRENCY}")));
        }
        if self.deadline_ms.is_some_and(|ms| ms == 0 || ms > MAX_TIME_LIMIT_MS) {
            return Err(Error::validation("deadline_ms", format!("must be a whole number of milliseconds from 1 to {MAX_TIME_LIMIT_MS}")));
        }
        Ok(())
    }
}

/// State shared by the workers of one refresh. Never borrowed across an await.
struct Batch<P> {
    next: Cell<usize>,
    paused_until: Cell<f64>,
    results: RefCell<Vec<Option<Result<P, Error>>>>,
}

impl<T: Transport, C: Clock<T::Signal>, H: Hooks> super::Client<T, C, H> {
    /// Reads every payment of `items` (`GET /v1/payment/:reference`), at
    /// most `concurrency` at a time, within one deadline; resolves to one
    /// result per item, in input order: the payment, or the error of that
    /// reference (`not_found`, `timeout` when the deadline came first,
    /// `aborted`, `rate_limited` …). A transient failure is retried (the
    /// client's `max_retries`); a 429 pauses every worker for its
    /// `Retry-After`. A `404` within [`NOT_FOUND_GRACE_MS`] of the payment's
    /// initialisation is asked again until the grace or the deadline ends;
    /// one left then is `not_found` with `retryable` true (not visible yet).
    ///
    /// Errors (of the whole call): validation of the options or of the batch size.
    pub async fn refresh(
        &self,
        items: &[RefreshItem],
        options: &RefreshOptions,
        signal: &T::Signal,
    ) -> Result<Vec<Result<PaymentOf<T>, Error>>, Error> {
        options.validate()?;
        if items.len() > MAX_REFRESH_REFERENCES {
            return Err(Error::validation(
                "references",
                format!("holds {} references; refresh at most {MAX_REFRESH_REFERENCES} at once", items.len()),
            ));
        }
        let deadline = self.clock.now_ms() + options.deadline_ms.unwrap_or(self.options.deadline_ms) as f64;
        let batch = Batch { next: Cell::new(0), paused_until: Cell::new(0.0), results: RefCell::new((0..items.len()).map(|_| None).collect()) };
        let workers = (options.concurrency.unwrap_or(DEFAULT_REFRESH_CONCURRENCY) as usize).min(items.len()).max(1);
        let worker = || async {
            loop {
                let i = batch.next.get();
                let Some(item) = items.get(i) else { return };
                batch.next.set(i + 1);
                let result = self.refresh_one(item, deadline, &batch.paused_until, signal).await;
                if let Some(slot) = batch.results.borrow_mut().get_mut(i) {
                    *slot = Some(result);
                }
            }
        };
        JoinAll((0..workers).map(|_| Box::pin(worker()) as Pin<Box<dyn Future<Output = ()> + '_>>).map(Some).collect()).await;
        let results = batch.results.into_inner();
        Ok(results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(Error::new(ErrorCode::Timeout, "the refresh ended before this reference was read"))))
            .collect())
    }

    /// One reference of a refresh: its own attempts, under the batch's deadline and pause.
    async fn refresh_one(&self, item: &RefreshItem, deadline: f64, paused_until: &Cell<f64>, signal: &T::Signal) -> Result<PaymentOf<T>, Error> {
        let reference = item.reference.as_str();
        let request = payments::get(&self.config, reference)?;
        let anchor = item.created_at_ms.or_else(|| self.initialised_at(reference));
        let mut attempts = 0u32;
        let mut failures = 0u32;
        loop {
            // The batch's pause first: a 429 to any worker holds every worker.
            let now = self.clock.now_ms();
            let pause = paused_until.get() - now;
            if pause >= 1.0 {
                let wait = pause.min((deadline - now).max(0.0)) as u64;
                if self.clock.sleep(wait, signal).await.is_err() {
                    return Err(Error::new(ErrorCode::Aborted, format!("refreshing payment {reference} was aborted by the caller's signal"))
                        .with_call(attempts, true));
                }
            }
            if deadline - self.clock.now_ms() < 1.0 {
                let e = Error::new(ErrorCode::Timeout, format!("the refresh's deadline passed before payment {reference} could be read"));
                return Err(e.with_call(attempts, true));
            }
            let failed = match self
                .run::<PaymentAnswer>(CallKind::Read, &request, &super::flows::about(reference), self.options.timeout_ms, 0, deadline, signal)
                .await
            {
                Ok(done) => return Ok(done.data),
                Err(f) => f.error,
            };
            attempts += failed.attempts();
            let now = self.clock.now_ms();
            let wait = match failed.code() {
                ErrorCode::NotFound if within_grace(anchor, now) => NOT_FOUND_RETRY_MS,
                code if code.is_transient() && failures < self.options.max_retries => {
                    failures += 1;
                    let ceiling = BACKOFF_BASE_MS.saturating_mul(1 << failures.min(10)).min(BACKOFF_CAP_MS);
                    let backoff = (ceiling as f64 * self.random_unit()) as u64;
                    if code == ErrorCode::RateLimited {
                        let wait = failed.retry_after_ms().unwrap_or(backoff);
                        paused_until.set(paused_until.get().max(now + wait as f64));
                        wait
                    } else {
                        backoff
                    }
                }
                code => {
                    if code == ErrorCode::RateLimited {
                        // Spent its retries, but the others still heed the pause.
                        paused_until.set(paused_until.get().max(now + failed.retry_after_ms().unwrap_or(BACKOFF_CAP_MS) as f64));
                    }
                    let retryable = code.is_transient() || code == ErrorCode::Aborted;
                    return Err(failed.with_call(attempts, retryable));
                }
            };
            if now + wait as f64 >= deadline {
                return Err(self.last_word(failed, reference, anchor, attempts));
            }
            if self.clock.sleep(wait, signal).await.is_err() {
                return Err(Error::new(ErrorCode::Aborted, format!("refreshing payment {reference} was aborted by the caller's signal"))
                    .with_call(attempts, true));
            }
        }
    }

    /// The error of a reference whose retries the deadline cut short.
    fn last_word(&self, failed: Error, reference: &str, anchor: Option<f64>, attempts: u32) -> Error {
        if failed.code() == ErrorCode::NotFound && within_grace(anchor, self.clock.now_ms()) {
            let message = format!("payment {reference} is not visible yet (404 within {NOT_FOUND_GRACE_MS} ms of its initialisation); ask again");
            return failed.with_message(message).with_call(attempts, true);
        }
        let retryable = failed.code().is_transient();
        failed.with_call(attempts, retryable)
    }

    /// When this client initialised `reference`, if it did recently.
    pub(super) fn initialised_at(&self, reference: &str) -> Option<f64> {
        self.recent_inits.borrow().iter().rev().find(|(r, _)| r == reference).map(|(_, at)| *at)
    }

    /// Notes that `reference` was initialised now (for [`NOT_FOUND_GRACE_MS`]).
    pub(super) fn note_initialised(&self, reference: &str) {
        let now = self.clock.now_ms();
        let mut recent = self.recent_inits.borrow_mut();
        if recent.len() >= RECENT_INITS_KEPT {
            recent.pop_front();
        }
        recent.push_back((reference.to_owned(), now));
    }
}

/// Whether a `404` at `now` falls within [`NOT_FOUND_GRACE_MS`] of `anchor`.
pub(super) fn within_grace(anchor: Option<f64>, now: f64) -> bool {
    anchor.is_some_and(|a| now < a + NOT_FOUND_GRACE_MS as f64)
}

/// Polls every worker until all are done. Hand-written (a dozen lines)
/// rather than a futures crate's `join_all`: the engine needs nothing else
/// from one, and every dependency adds to the wasm module.
struct JoinAll<'a>(Vec<Option<Pin<Box<dyn Future<Output = ()> + 'a>>>>);

impl Future for JoinAll<'_> {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut pending = false;
        for slot in self.0.iter_mut() {
            if let Some(f) = slot {
                if f.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}
