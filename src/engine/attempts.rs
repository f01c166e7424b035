//! The attempt loop: send, classify, ask the policy, wait, send again, all
//! within the call's deadline and the caller's signal.

use super::{Clock, DataOf, Hooks, HttpResponse, RequestEvent, ResponseBody, ResponseEvent, Transport, TransportError};
use crate::api::Answer;
use crate::core::binding::{self, Asked};
use crate::core::config::{PUBLIC_KEY_HEADER, SECRET_KEY_HEADER};
use crate::core::error::{Error, ErrorCode};
use crate::core::policy::{self, AttemptOutcome, Budget, CallKind, Decision, FailureKind, Stop};
use crate::core::request::Request;
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::Poll;

/// How a call ended without a payment.
#[derive(Debug)]
pub(super) struct Failed {
    /// The error, with the attempts made (not yet `retryable`).
    pub error: Error,
    /// The last attempt may have been processed (pay must not be re-sent).
    pub ambiguous: bool,
}

/// A call that got its answer.
pub(super) struct Done<H, D> {
    /// The fields the engine's rules read.
    pub head: H,
    /// The answer's `data`, in the transport's form.
    pub data: D,
    /// The HTTP attempts it took.
    pub attempts: u32,
    /// The HTTP status of the answer.
    pub status: u16,
}

/// The attempt loop's future, boxed.
type Looped<'a, R> = Pin<Box<dyn Future<Output = Result<Done<(), R>, Failed>> + 'a>>;

/// Raw `data` as the transport `T` yields it.
type RawOf<T> = <<T as Transport>::Body as ResponseBody>::Raw;

/// What an answer must look like to end the attempts.
struct Shape<'a, R> {
    /// Names it in errors.
    what: &'static str,
    /// An array rather than an object.
    array: bool,
    /// Reads the fields the engine needs, or says why it cannot.
    check: &'a dyn Fn(&R, u16) -> Result<(), Error>,
}

/// What one attempt produced, before the policy looks at it.
enum Attempt<D> {
    Done(u16, D),
    Failed { error: Error, outcome: AttemptOutcome<'static>, retry_after: Option<String> },
    Aborted { in_flight: bool },
}

impl<T: Transport, C: Clock<T::Signal>, H: Hooks> super::Client<T, C, H> {
    /// Runs `request` as a call of `kind` until it succeeds, the policy
    /// stops, `deadline_at` (clock milliseconds) passes or `signal` fires.
    #[allow(clippy::too_many_arguments)] // the call's parts, passed through once
    pub(super) async fn run<A: Answer>(
        &self,
        kind: CallKind,
        request: &Request,
        asked: &Asked,
        timeout_ms: u64,
        max_retries: u32,
        deadline_at: f64,
        signal: &T::Signal,
    ) -> Result<Done<A::Head, DataOf<T, A>>, Failed> {
        // The answer must be readable and about this request: a refused one
        // is an unreadable answer (retried by reads, ambiguous for pay).
        let check = |raw: &RawOf<T>, status| {
            let head = <T::Body as ResponseBody>::head::<A>(raw, status)?;
            binding::check(asked, &A::said(&head)).map_err(|refusal| binding::refused(refusal, asked, status))
        };
        let shape = Shape { what: A::WHAT, array: A::ARRAY, check: &check };
        // Boxed as a trait object: the loop is compiled once, not inlined
        // into every call of every endpoint (tens of KB of wasm).
        let looped: Looped<'_, RawOf<T>> = Box::pin(self.run_raw(kind, request, timeout_ms, max_retries, deadline_at, signal, shape));
        let done = looped.await?;
        let (attempts, status) = (done.attempts, done.status);
        let unreadable = |error: Error| Failed { error: error.with_call(attempts, false), ambiguous: kind.acts_twice() };
        let head = <T::Body as ResponseBody>::head::<A>(&done.data, status).map_err(unreadable)?;
        let data = <T::Body as ResponseBody>::data::<A>(done.data, status).map_err(unreadable)?;
        Ok(Done { head, data, attempts, status })
    }

    /// [`run`](Self::run) over raw `data`, checked by `shape`.
    #[allow(clippy::too_many_arguments)] // the call's parts, passed through once
    async fn run_raw(
        &self,
        kind: CallKind,
        request: &Request,
        timeout_ms: u64,
        max_retries: u32,
        deadline_at: f64,
        signal: &T::Signal,
        shape: Shape<'_, RawOf<T>>,
    ) -> Result<Done<(), RawOf<T>>, Failed> {
        let mut attempts = 0;
        let mut last: Option<Error> = None;
        loop {
            if self.clock.aborted(signal) {
                return Err(aborted(request, attempts, false, kind));
            }
            let left = (deadline_at - self.clock.now_ms()).floor();
            if left < 1.0 {
                let error = last.unwrap_or_else(|| Error::new(ErrorCode::Timeout, "the call's deadline passed before it could be sent"));
                return Err(Failed { error: past_deadline(error, attempts), ambiguous: false });
            }
            attempts += 1;
            let limit = timeout_ms.min(left as u64);
            let (error, outcome, retry_after) = match self.attempt(request, attempts, limit, signal, &shape).await {
                Attempt::Done(status, data) => return Ok(Done { head: (), data, attempts, status }),
                Attempt::Aborted { in_flight } => return Err(aborted(request, attempts, in_flight && kind.acts_twice(), kind)),
                Attempt::Failed { error, outcome, retry_after } => (error, outcome, retry_after),
            };
            let outcome = match outcome {
                AttemptOutcome::Status { status, .. } => AttemptOutcome::Status { status, retry_after: retry_after.as_deref() },
                failure => failure,
            };
            let budget = Budget {
                attempts,
                max_retries,
                time_left_ms: (deadline_at - self.clock.now_ms()).max(0.0) as u64,
                now_unix_ms: self.clock.now_ms().max(0.0) as u64,
            };
            let error = error.with_call(attempts, false);
            match policy::decide(kind, outcome, budget, self.random_unit()) {
                Decision::Retry(wait) => {
                    if self.clock.sleep(wait, signal).await.is_err() {
                        return Err(aborted(request, attempts, false, kind));
                    }
                    last = Some(error);
                }
                Decision::Stop(Stop::Ambiguous) => return Err(Failed { error, ambiguous: true }),
                Decision::Stop(Stop::RateLimited(wait)) => {
                    let message = format!(
                        "Vesicash asked to wait {} s before trying again (Retry-After), longer than this call may wait; try again later",
                        wait.div_ceil(1000)
                    );
                    let e = Error::new(ErrorCode::RateLimited, message).with_status(429).with_retry_after(Some(wait)).with_call(attempts, false);
                    return Err(Failed { error: e, ambiguous: false });
                }
                Decision::Stop(Stop::NoTime) => return Err(Failed { error: past_deadline(error, attempts), ambiguous: false }),
                Decision::Stop(Stop::NotRetryable | Stop::Exhausted) => return Err(Failed { error, ambiguous: false }),
            }
        }
    }

    /// Sends once within `limit_ms` and reads the answer, telling the hooks.
    async fn attempt(&self, request: &Request, attempt: u32, limit_ms: u64, signal: &T::Signal, shape: &Shape<'_, RawOf<T>>) -> Attempt<RawOf<T>> {
        let method = request.method.as_str();
        let headers = request
            .headers
            .iter()
            .map(|(n, v)| (*n, if *n == SECRET_KEY_HEADER || *n == PUBLIC_KEY_HEADER { "[REDACTED]" } else { v.as_str() }))
            .collect();
        self.hooks.on_request(&RequestEvent { method, url: &request.url, attempt, headers });
        let started = self.clock.now_ms();
        // The transport's own limit and signal are not trusted to end the
        // attempt (a caller's fetch may ignore the signal, a body may never
        // end): the attempt also races the clock's timer and the signal, and
        // a transport future that loses is dropped, its late result ignored.
        let sent = match race(self.transport.send(request, limit_ms, signal), self.clock.sleep(limit_ms, signal)).await {
            Either::Left(sent) => sent,
            Either::Right(Ok(())) => Err(TransportError::Failed {
                kind: FailureKind::Timeout,
                sent: policy::Sent::Maybe,
                detail: "the transport did not end the attempt at its time limit".into(),
            }),
            Either::Right(Err(())) => Err(TransportError::Aborted),
        };
        let status = sent.as_ref().ok().map(|r| r.status);
        let keys = [self.config.secret_key().expose(), self.config.public_key()];
        let result = match sent {
            Err(TransportError::Aborted) => Attempt::Aborted { in_flight: true },
            Err(TransportError::Failed { kind: failure, sent, detail }) => Attempt::Failed {
                error: transport_error(request, failure, limit_ms, &detail),
                outcome: AttemptOutcome::Failure { kind: failure, sent },
                retry_after: None,
            },
            Ok(HttpResponse { status, location, .. }) if policy::is_redirect(status) => Attempt::Failed {
                error: redirected(request, status, location.as_deref(), &keys),
                outcome: AttemptOutcome::Status { status, retry_after: None },
                retry_after: None,
            },
            Ok(HttpResponse { status, retry_after, request_id, body, .. }) => {
                match body.into_raw(status, request_id.as_deref(), shape.what, shape.array).and_then(|raw| (shape.check)(&raw, status).map(|()| raw))
                {
                    Ok(raw) => Attempt::Done(status, raw),
                    Err(error) => {
                        let outcome = if (200..300).contains(&status) || !(400..600).contains(&status) {
                            // Vesicash answered, but not with something this client can read: it
                            // may have acted on the request.
                            AttemptOutcome::Failure { kind: FailureKind::Unreadable, sent: policy::Sent::Maybe }
                        } else {
                            AttemptOutcome::Status { status, retry_after: None }
                        };
                        let retry_wait = retry_after.as_deref().and_then(|v| policy::parse_retry_after(v, self.clock.now_ms().max(0.0) as u64));
                        let error = if error.code() == ErrorCode::RateLimited { error.with_retry_after(retry_wait) } else { error };
                        Attempt::Failed { error, outcome, retry_after }
                    }
                }
            }
        };
        let result = match result {
            Attempt::Failed { error, outcome, retry_after } => Attempt::Failed { error: error.redacted(&keys), outcome, retry_after },
            other => other,
        };
        let elapsed_ms = self.clock.now_ms() - started;
        let error = match &result {
            Attempt::Done(..) => None,
            Attempt::Failed { error, .. } => Some(error.code().as_str()),
            Attempt::Aborted { .. } => Some(ErrorCode::Aborted.as_str()),
        };
        self.hooks.on_response(&ResponseEvent { method, url: &request.url, attempt, status, elapsed_ms, error });
        result
    }

    /// A uniform draw on `[0, 1)` from the clock's secure random bytes.
    pub(super) fn random_unit(&self) -> f64 {
        let mut bytes = [0u8; 8];
        self.clock.fill_random(&mut bytes);
        // 53 random bits, the precision of an f64 mantissa.
        (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Names the call for messages: `GET /v1/payment/PY_1`.
fn what(request: &Request) -> String {
    let path = request.url.find("://").and_then(|i| request.url[i + 3..].find('/').map(|j| &request.url[i + 3 + j..])).unwrap_or("/");
    format!("{} {path}", request.method.as_str())
}

/// Which future of [`race`] finished first.
enum Either<A, B> {
    Left(A),
    Right(B),
}

/// Polls `a` then `b` until one is ready; the other is dropped unfinished.
async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let (mut a, mut b) = (pin!(a), pin!(b));
    std::future::poll_fn(|cx| {
        if let Poll::Ready(v) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::Left(v));
        }
        if let Poll::Ready(v) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Right(v));
        }
        Poll::Pending
    })
    .await
}

/// The error for a redirect: never followed, it names where it pointed
/// (the host only: a query may carry anything).
fn redirected(request: &Request, status: u16, location: Option<&str>, keys: &[&str]) -> Error {
    let answer = if status == 0 { "an opaque redirect (status 0)".to_owned() } else { format!("HTTP {status}") };
    let message = format!(
        "{} was answered with {answer}, a redirect to {}; redirects are never followed (one would carry the secret key \
         elsewhere): check the client's baseUrl and any proxy in front of it",
        what(request),
        crate::core::redact::location_host(location, keys)
    );
    Error::new(ErrorCode::Redirected, message).with_status(status)
}

fn transport_error(request: &Request, kind: FailureKind, limit_ms: u64, detail: &str) -> Error {
    match kind {
        FailureKind::TooLarge => {
            Error::new(ErrorCode::ResponseTooLarge, format!("{} was answered with a body {detail}; it was not read further", what(request)))
        }
        FailureKind::Timeout => Error::new(ErrorCode::Timeout, format!("{} got no complete response within {limit_ms} ms ({detail})", what(request))),
        FailureKind::BodyCut => Error::new(ErrorCode::Connection, format!("{} failed: the response body was cut short ({detail})", what(request))),
        _ => Error::new(ErrorCode::Connection, format!("{} failed before a response arrived ({detail})", what(request))),
    }
}

fn aborted(request: &Request, attempts: u32, ambiguous: bool, kind: CallKind) -> Failed {
    let mut message = format!("{} was aborted by the caller's signal", what(request));
    if ambiguous && kind == CallKind::Pay {
        message.push_str(" while in flight: the push prompt may have been sent; wait for the webhook or check payments.get before calling pay again");
    } else if ambiguous {
        message.push_str(" while in flight: it may have been queued; wait for its webhook before sending it again, or the money may move twice");
    }
    Failed { error: Error::new(ErrorCode::Aborted, message).with_call(attempts, false), ambiguous }
}

/// The last error, marked as the end of the call's time.
fn past_deadline(error: Error, attempts: u32) -> Error {
    let message = format!("{} (the call's deadline left no time for another attempt)", error.message());
    error.with_message(message).with_call(attempts, false)
}
