//! The calls beyond the payment flow: listing payments, refunds, payouts,
//! countries and the webhook secret. Reads retry on transient failures;
//! refunds and payouts move money with no idempotency key, so they are never
//! re-sent after a failure that may have been processed.

use super::flows::{about, outcome_unknown, settle};
use super::{CallOptions, Clock, DataOf, Hooks, Transport};
use crate::api::account;
use crate::api::account::SecretAnswer;
use crate::api::countries::{self, CountriesAnswer};
use crate::api::payments::list::{self, ListFilters, PageAnswer};
use crate::api::transfers::answers::TransferAnswer;
use crate::api::transfers::{self, PayoutParams, RefundParams};
use crate::core::binding::Asked;
use crate::core::error::{Error, ErrorCode};
use crate::core::policy::CallKind;
use crate::core::request::Request;

impl<T: Transport, C: Clock<T::Signal>, H: Hooks> super::Client<T, C, H> {
    /// `GET /v1/payment/`: one page of the business's payments, retried on
    /// transient failures.
    ///
    /// Errors: validation (nothing sent); every API and transport error.
    pub async fn list_payments(&self, filters: &ListFilters, call: &CallOptions, signal: &T::Signal) -> Result<DataOf<T, PageAnswer>, Error> {
        let request = list::list(&self.config, filters)?;
        self.call::<PageAnswer>(CallKind::Read, &request, &Asked::default(), call, signal).await
    }

    /// `GET /v1/countries`: the countries, with the ids payouts take.
    ///
    /// Errors: every API and transport error.
    pub async fn countries(&self, call: &CallOptions, signal: &T::Signal) -> Result<DataOf<T, CountriesAnswer>, Error> {
        self.call::<CountriesAnswer>(CallKind::Read, &countries::countries(&self.config), &Asked::default(), call, signal).await
    }

    /// `POST /v1/payment/refunds/process`: queues a full or partial refund;
    /// `refund.updated` arrives at its `webhook_url`.
    ///
    /// Errors: validation (nothing sent); `outcome_unknown` when it may have
    /// been queued (never re-sent: wait for the webhook before sending again);
    /// every API and transport error.
    pub async fn refund(&self, params: &RefundParams, call: &CallOptions, signal: &T::Signal) -> Result<DataOf<T, TransferAnswer>, Error> {
        let request = transfers::refund(&self.config, params)?;
        // A receipt that names a payment must name this one.
        self.transfer(&request, &about(&params.payment_reference), "refund", call, signal).await
    }

    /// `POST /v1/payment/payouts/process`: queues a payout to a phone or a
    /// bank account; `payout.updated` arrives at its `webhook_url`.
    ///
    /// Errors: as [`refund`](Self::refund).
    pub async fn payout(&self, params: &PayoutParams, call: &CallOptions, signal: &T::Signal) -> Result<DataOf<T, TransferAnswer>, Error> {
        let request = transfers::payout(&self.config, params)?;
        self.transfer(&request, &Asked::default(), "payout", call, signal).await
    }

    /// `POST /v1/account/generate-webhook-secret`: a new webhook secret; the
    /// old one stops working at once. Retried like a read: a repeat only
    /// rotates again, and the answer that arrives carries the secret in force.
    ///
    /// Errors: `invalid_response` for an answer with an empty secret; every
    /// API and transport error.
    pub async fn rotate_webhook_secret(&self, call: &CallOptions, signal: &T::Signal) -> Result<DataOf<T, SecretAnswer>, Error> {
        let request = account::rotate_webhook_secret(&self.config);
        let (options, deadline) = self.begin(call)?;
        let done = self
            .run::<SecretAnswer>(CallKind::Read, &request, &Asked::default(), options.timeout_ms, options.max_retries, deadline, signal)
            .await
            .map_err(|f| settle(CallKind::Read, f))?;
        if done.head.webhook_secret.trim().is_empty() {
            return Err(
                Error::new(ErrorCode::InvalidResponse, "Vesicash answered an empty webhook_secret; rotate again").with_call(done.attempts, true)
            );
        }
        Ok(done.data)
    }

    /// A refund or payout: sent again only after proof it was not processed.
    async fn transfer(
        &self,
        request: &Request,
        asked: &Asked,
        what: &str,
        call: &CallOptions,
        signal: &T::Signal,
    ) -> Result<DataOf<T, TransferAnswer>, Error> {
        let (options, deadline) = self.begin(call)?;
        match self.run::<TransferAnswer>(CallKind::Transfer, request, asked, options.timeout_ms, options.max_retries, deadline, signal).await {
            Ok(done) => Ok(done.data),
            Err(f) if !f.ambiguous || f.error.code() == ErrorCode::Aborted => Err(settle(CallKind::Transfer, f)),
            Err(f) => {
                let failed = f.error;
                let message = format!(
                    "the {what} may or may not have been queued: {}. It was not re-sent. Wait for its webhook \
                     ({what}.updated) or check your Vesicash dashboard before sending it again, or the money may move twice",
                    failed.message()
                );
                Err(outcome_unknown(message, &failed, failed.attempts()))
            }
        }
    }
}
