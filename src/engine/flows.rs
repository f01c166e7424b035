//! The three calls of the flow, with their idempotency rules:
//! - initialise fixes its reference before the first attempt, and resolves a
//!   retry answered "already exists" by reading that payment back;
//! - pay is never re-sent after an ambiguous failure: it reads the payment
//!   once, and succeeds only if that shows the prompt landed;
//! - charge validates both before sending either, then runs the two under
//!   one deadline;
//! - get is a plain read.

use super::attempts::Failed;
use super::{CallOptions, ClientOptions, Clock, DataOf, Hooks, PaymentOf, Transport};
use crate::api::payments::answer::PaymentHead;
use crate::api::payments::{self, InitializeParams, PayParams, PAY_RECORDS_PHONE_NUMBER};
use crate::api::{Answer, PaymentAnswer};
use crate::core::amount::Amount;
use crate::core::binding::Asked;
use crate::core::error::{Error, ErrorCode};
use crate::core::fields::{self, GENERATED_REFERENCE_BYTES};
use crate::core::policy::CallKind;
use crate::core::request::Request;
use crate::core::scalar::Scalar;
use crate::core::status::{outcome, PaymentOutcome};

impl<T: Transport, C: Clock<T::Signal>, H: Hooks> super::Client<T, C, H> {
    /// `POST /v1/payment/init`, safe to retry: without `params.reference` the
    /// client generates one (from the clock's CSPRNG) before the first attempt
    /// and every attempt sends the same body. A failed call's error carries
    /// the reference in [`Error::reference`]: call again with it.
    ///
    /// Errors: validation (nothing sent); `reference_exists` when the
    /// reference belongs to another payment; `payment_mismatch` when a retry
    /// found a payment under the reference with another amount or currency;
    /// every API and transport error.
    pub async fn initialize(&self, params: &InitializeParams, call: &CallOptions, signal: &T::Signal) -> Result<PaymentOf<T>, Error> {
        let (options, deadline) = self.begin(call)?;
        let params = self.with_reference(params);
        let request = payments::initialize(&self.config, &params).map_err(|e| e.with_reference(reference_of(&params)))?;
        self.initialize_within(&params, &request, &options, deadline, signal).await
    }

    /// `POST /v1/payment/pay/:reference`: sends the push prompt. Re-sent only
    /// when a failure proves it was not processed (a 429, a refused
    /// connection). After an ambiguous failure it reads the payment once:
    /// if that shows the prompt landed (a final status, or the phone number
    /// recorded), the call succeeds with that payment; otherwise it fails with
    /// `outcome_unknown`, not retryable.
    ///
    /// Errors: validation (nothing sent); `payment_in_progress`,
    /// `payment_already_final`, `outcome_unknown`; every API and transport error.
    pub async fn pay(&self, reference: &str, params: &PayParams, call: &CallOptions, signal: &T::Signal) -> Result<PaymentOf<T>, Error> {
        let (options, deadline) = self.begin(call)?;
        let request = payments::pay(&self.config, reference, params)?;
        self.pay_within(reference, params, &request, &options, deadline, signal).await
    }

    /// Initialise then pay in one call, with one deadline: both sets of
    /// params are validated (and both requests built) before anything is
    /// sent, so a malformed phone number never leaves an orphan payment that
    /// is never prompted. Resolves to the payment as pay answered it.
    ///
    /// Errors: validation (nothing sent); every error of
    /// [`initialize`](Self::initialize); once the payment exists, every error
    /// of [`pay`](Self::pay), carrying the payment's reference and never
    /// retryable as a charge (the payment is there: send the prompt with
    /// `pay(reference, …)` once its status allows).
    pub async fn charge(&self, init: &InitializeParams, pay: &PayParams, call: &CallOptions, signal: &T::Signal) -> Result<PaymentOf<T>, Error> {
        let (options, deadline) = self.begin(call)?;
        let init = self.with_reference(init);
        let reference = reference_of(&init).to_owned();
        let init_request = payments::initialize(&self.config, &init).map_err(|e| e.with_reference(&reference))?;
        let pay_request = payments::pay(&self.config, &reference, pay).map_err(|e| e.with_reference(&reference))?;
        self.initialize_within(&init, &init_request, &options, deadline, signal).await?;
        self.pay_within(&reference, pay, &pay_request, &options, deadline, signal).await.map_err(|e| {
            let attempts = e.attempts();
            let message = format!("payment {reference} was initialised, but {}", e.message());
            e.with_message(message).with_call(attempts, false).with_reference(&reference)
        })
    }

    /// `GET /v1/payment/:reference`: the payment and its status, retried on
    /// transient failures.
    ///
    /// Errors: validation (nothing sent); `not_found`; every API and transport error.
    pub async fn get(&self, reference: &str, call: &CallOptions, signal: &T::Signal) -> Result<PaymentOf<T>, Error> {
        let request = payments::get(&self.config, reference)?;
        self.call::<PaymentAnswer>(CallKind::Read, &request, &about(reference), call, signal).await
    }

    /// The opening of every call: the client's options merged with `call`,
    /// and the deadline they set, from now.
    pub(super) fn begin(&self, call: &CallOptions) -> Result<(ClientOptions, f64), Error> {
        let options = self.options.merge(call)?;
        let deadline = self.clock.now_ms() + options.deadline_ms as f64;
        Ok((options, deadline))
    }

    /// One request as one call of `kind`: the client's options merged with
    /// `call`, attempts within the deadline, the final error settled.
    pub(super) async fn call<A: Answer>(
        &self,
        kind: CallKind,
        request: &Request,
        asked: &Asked,
        call: &CallOptions,
        signal: &T::Signal,
    ) -> Result<DataOf<T, A>, Error> {
        let (options, deadline) = self.begin(call)?;
        self.run::<A>(kind, request, asked, options.timeout_ms, options.max_retries, deadline, signal)
            .await
            .map(|done| done.data)
            .map_err(|f| settle(kind, f))
    }

    /// `params` with the reference every attempt will send: the caller's, or
    /// one generated from the clock's CSPRNG.
    fn with_reference(&self, params: &InitializeParams) -> InitializeParams {
        let mut params = params.clone();
        if params.reference.is_none() {
            let mut bytes = [0u8; GENERATED_REFERENCE_BYTES];
            self.clock.fill_random(&mut bytes);
            params.reference = Some(fields::generated_reference(&bytes));
        }
        params
    }

    /// Sends a built initialise (its reference fixed) until `deadline`.
    async fn initialize_within(
        &self,
        params: &InitializeParams,
        request: &Request,
        options: &ClientOptions,
        deadline: f64,
        signal: &T::Signal,
    ) -> Result<PaymentOf<T>, Error> {
        let reference = reference_of(params);
        // The answer must name this reference, and any amount or currency it carries must be these.
        let asked = Asked { reference: Some(reference.to_owned()), amount: Some(params.amount), currency: Some(params.currency.clone()) };
        let first = self.run::<PaymentAnswer>(CallKind::Initialize, request, &asked, options.timeout_ms, options.max_retries, deadline, signal).await;
        let result = match first {
            Ok(done) => {
                self.note_initialised(reference);
                Ok(done.data)
            }
            // "Already exists" to a retry: an earlier attempt landed. Read it back.
            Err(f) if f.error.code() == ErrorCode::ReferenceExists && f.error.attempts() > 1 => {
                let before = f.error.attempts();
                let get = payments::get(&self.config, reference)?;
                match self
                    .run::<PaymentAnswer>(CallKind::Read, &get, &about(reference), options.timeout_ms, options.max_retries, deadline, signal)
                    .await
                {
                    Ok(done) => match mismatch(&done.head, params) {
                        None => {
                            self.note_initialised(reference);
                            Ok(done.data)
                        }
                        Some(why) => Err(Error::new(
                            ErrorCode::PaymentMismatch,
                            format!("a retried initialise found payment {reference} already there, but {why}; it was not created by this call"),
                        )
                        .with_call(before + done.attempts, false)),
                    },
                    Err(g) => Err(settle(CallKind::Read, Failed { error: add_attempts(g.error, before), ambiguous: g.ambiguous })),
                }
            }
            Err(f) => Err(settle(CallKind::Initialize, f)),
        };
        result.map_err(|e| e.with_reference(reference))
    }

    /// Sends a built pay until `deadline`, with the read-back after an ambiguous failure.
    async fn pay_within(
        &self,
        reference: &str,
        params: &PayParams,
        request: &Request,
        options: &ClientOptions,
        deadline: f64,
        signal: &T::Signal,
    ) -> Result<PaymentOf<T>, Error> {
        let failed = match self
            .run::<PaymentAnswer>(CallKind::Pay, request, &about(reference), options.timeout_ms, options.max_retries, deadline, signal)
            .await
        {
            Ok(done) => return Ok(done.data),
            Err(f) if !f.ambiguous || f.error.code() == ErrorCode::Aborted => return Err(settle(CallKind::Pay, f)),
            Err(f) => f.error,
        };
        let before = failed.attempts();
        let get = payments::get(&self.config, reference)?;
        // A read-back about another payment is no evidence: it fails the read (and pay ends in outcome_unknown).
        let seen =
            self.run::<PaymentAnswer>(CallKind::Read, &get, &about(reference), options.timeout_ms, options.max_retries, deadline, signal).await;
        let (attempts, seen_status) = match seen {
            Ok(done) if landed(&done.head, &params.phone_number) => return Ok(done.data),
            Ok(done) => (before + done.attempts, format!("it still shows status \"{}\" with no prompt recorded", done.head.status)),
            Err(g) => (before + g.error.attempts(), format!("reading it back failed too ({})", g.error.code().as_str())),
        };
        let message = format!(
            "the push prompt for payment {reference} may or may not have reached the customer: {}; {seen_status}. \
             It was not re-sent. Wait for the webhook or check payments.get before calling pay again",
            failed.message()
        );
        Err(outcome_unknown(message, &failed, attempts))
    }
}

/// `outcome_unknown` after `failed`, keeping its HTTP status and API details.
pub(super) fn outcome_unknown(message: String, failed: &Error, attempts: u32) -> Error {
    let mut e = Error::new(ErrorCode::OutcomeUnknown, message).with_call(attempts, false);
    if let Some(status) = failed.status() {
        e = e.with_status(status);
    }
    e.with_api_details(failed.api_code(), failed.request_id().map(str::to_owned))
}

/// A request about the payment `reference`: its answer must name it.
pub(super) fn about(reference: &str) -> Asked {
    Asked { reference: Some(reference.to_owned()), ..Asked::default() }
}

/// The reference [`with_reference`](super::Client::with_reference) fixed.
fn reference_of(params: &InitializeParams) -> &str {
    params.reference.as_deref().unwrap_or_default()
}

/// The final error of a call, with whether the same call may safely be made again.
pub(super) fn settle(kind: CallKind, failed: Failed) -> Error {
    let transient = failed.error.code().is_transient() || failed.error.code() == ErrorCode::Aborted;
    // pay ends here unambiguously only after proof it was not processed.
    let retryable = transient && !(kind.acts_twice() && failed.ambiguous);
    let attempts = failed.error.attempts();
    failed.error.with_call(attempts, retryable)
}

fn add_attempts(error: Error, before: u32) -> Error {
    let attempts = error.attempts() + before;
    error.with_call(attempts, false)
}

/// Why a payment read back does not match the initialise that was retried, if it does not.
fn mismatch(head: &PaymentHead, params: &InitializeParams) -> Option<String> {
    let amount = match &head.amount {
        Some(Scalar::Number(n)) => Amount::from_f64(*n).ok(),
        Some(Scalar::Str(s)) => s.parse().ok(),
        _ => None,
    };
    if amount != Some(params.amount) {
        return Some(format!("its amount is not {}", params.amount));
    }
    if head.currency.as_ref().and_then(Scalar::as_str) != Some(params.currency.as_str()) {
        return Some(format!("its currency is not {}", params.currency));
    }
    None
}

/// Whether a payment read after an ambiguous pay shows that the prompt landed.
fn landed(head: &PaymentHead, phone_number: &str) -> bool {
    if outcome(&head.status) != PaymentOutcome::Pending {
        return true;
    }
    let digits = |p: &str| p.trim_start_matches('+').to_owned();
    PAY_RECORDS_PHONE_NUMBER
        && head.phone_number.as_ref().and_then(Scalar::as_str).is_some_and(|p| !p.is_empty() && digits(p) == digits(phone_number))
}
