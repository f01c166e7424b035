//! What each endpoint answers in the `data` of a success envelope: the typed
//! form a native caller receives, and the fields the client checks before it
//! hands any answer over (so a proxy's wrong-shaped 200 is an
//! `invalid_response`, never a value that breaks the caller later).
//!
//! The npm build checks the same fields but returns the very object
//! `JSON.parse` made, unknown fields included.

use crate::binding::Said;
use crate::response::{Payment, PaymentHead};
use crate::scalar::Scalar;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};

/// One endpoint's answer.
pub trait Answer {
    /// The fields the client reads (and so requires) in `data`.
    type Head: DeserializeOwned;
    /// `data` typed, for native callers.
    type Typed: DeserializeOwned;
    /// Names the expected `data` in errors: "a payment object".
    const WHAT: &'static str;
    /// Whether `data` is an array (countries) rather than an object.
    const ARRAY: bool = false;
    /// What the answer says about the request it answers, for
    /// [`crate::binding::check`]; nothing by default (a list, a secret).
    fn said(_head: &Self::Head) -> Said<'_> {
        Said::default()
    }
}

/// Init, pay and status answer a payment.
#[derive(Debug)]
pub enum PaymentAnswer {}
impl Answer for PaymentAnswer {
    type Head = PaymentHead;
    type Typed = Payment;
    const WHAT: &'static str = "a payment object";
    fn said(head: &PaymentHead) -> Said<'_> {
        Said { reference: Some(&head.reference), amount: head.amount.as_ref(), currency: head.currency.as_ref() }
    }
}

/// One page of `GET /v1/payment/`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PaymentPage {
    /// The payments of this page, newest first as Vesicash orders them.
    pub items: Vec<Payment>,
    /// This page's number, from 1.
    #[serde(deserialize_with = "whole")]
    pub page: u64,
    /// The page size asked for (or Vesicash's default).
    #[serde(deserialize_with = "whole")]
    pub limit: u64,
    /// How many payments match the filters, over all pages.
    #[serde(deserialize_with = "whole")]
    pub total: u64,
}

/// The fields of a page the client reads: every item must be a payment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PageHead {
    /// The items' heads.
    pub items: Vec<PaymentHead>,
    /// This page's number.
    #[serde(deserialize_with = "whole")]
    pub page: u64,
    /// The page size.
    #[serde(deserialize_with = "whole")]
    pub limit: u64,
    /// Matching payments over all pages.
    #[serde(deserialize_with = "whole")]
    pub total: u64,
}

/// `GET /v1/payment/` answers a page.
#[derive(Debug)]
pub enum PageAnswer {}
impl Answer for PageAnswer {
    type Head = PageHead;
    type Typed = PaymentPage;
    const WHAT: &'static str = "a page of payments ({ items, page, limit, total })";
}

/// What a refund or payout request answers: it was queued; the result
/// arrives by webhook (`refund.updated`, `payout.updated`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TransferReceipt {
    /// The refund's or payout's own reference (`RF_…`, `PO_…`).
    pub reference: String,
    /// `pending` when queued.
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::TransferStatus"))]
    pub status: String,
    /// Vesicash's note, such as "refund queued successfully".
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub message: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub extra: Map<String, Value>,
}

/// The fields of a receipt the client reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct TransferHead {
    /// The refund's or payout's reference.
    pub reference: String,
    /// Its status.
    pub status: String,
    /// The payment a refund is for, when the receipt names it.
    #[serde(default)]
    pub payment_reference: Option<Scalar>,
}

/// Refunds and payouts answer a receipt.
#[derive(Debug)]
pub enum TransferAnswer {}
impl Answer for TransferAnswer {
    type Head = TransferHead;
    type Typed = TransferReceipt;
    const WHAT: &'static str = "a transfer receipt ({ reference, status })";
    fn said(head: &TransferHead) -> Said<'_> {
        let reference = head.payment_reference.as_ref().filter(|r| **r != Scalar::Null).map(|r| r.as_str().unwrap_or_default());
        Said { reference, ..Said::default() }
    }
}

/// A country of `GET /v1/countries`: its `id` is a payout's `countryId`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Country {
    /// The id payouts take as `countryId`.
    #[serde(deserialize_with = "whole")]
    pub id: u64,
    /// The country's name (`Zambia`).
    pub name: String,
    /// ISO country code (`ZM`).
    pub country_code: String,
    /// ISO currency code (`ZMW`).
    pub currency_code: String,
}

/// `GET /v1/countries` answers a list of countries.
#[derive(Debug)]
pub enum CountriesAnswer {}
impl Answer for CountriesAnswer {
    type Head = Vec<Country>;
    type Typed = Vec<Country>;
    const WHAT: &'static str = "a list of countries ({ id, name, country_code, currency_code })";
    const ARRAY: bool = true;
}

/// The new webhook secret. Its `Debug` shows no secret.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RotatedSecret {
    /// The secret every later delivery is signed with; the old one stopped working.
    pub webhook_secret: String,
}

impl std::fmt::Debug for RotatedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RotatedSecret").field("webhook_secret", &"[REDACTED]").finish()
    }
}

/// `POST /v1/account/generate-webhook-secret` answers the new secret.
#[derive(Debug)]
pub enum SecretAnswer {}
impl Answer for SecretAnswer {
    type Head = RotatedSecret;
    type Typed = RotatedSecret;
    const WHAT: &'static str = "a webhook secret ({ webhook_secret })";
}

/// The event of a refund's status change. \[assumed\]: named like `payment.updated`.
pub const REFUND_UPDATED_EVENT: &str = "refund.updated";
/// The event of a payout's status change. \[assumed\]: named like `payment.updated`.
pub const PAYOUT_UPDATED_EVENT: &str = "payout.updated";

/// A refund as `refund.updated` webhooks carry it. \[assumed\]: the contract
/// documents the refund request, not the event; only `reference` and
/// `status` are required, and every other field is kept as sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Refund {
    /// The refund's reference (`RF_…`).
    pub reference: String,
    /// `pending`, then `successful` or `failed`.
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::TransferStatus"))]
    pub status: String,
    /// The refunded payment's reference.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub payment_reference: Option<String>,
    /// The amount refunded, in major units, as sent.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<f64>", optional))]
    pub amount: Option<Value>,
    /// ISO currency.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub currency: Option<String>,
    /// The reason given.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub reason: Option<String>,
    /// Why it failed, when it did.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub failure_reason: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub created_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub updated_at: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub extra: Map<String, Value>,
}

/// A payout as `payout.updated` webhooks carry it. \[assumed\], as [`Refund`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Payout {
    /// The payout's reference (`PO_…`).
    pub reference: String,
    /// `pending`, then `successful` or `failed`.
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::TransferStatus"))]
    pub status: String,
    /// The amount paid out, in major units, as sent.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<f64>", optional))]
    pub amount: Option<Value>,
    /// The country's id.
    #[serde(default, rename = "countryId")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<f64>", optional))]
    pub country_id: Option<Value>,
    /// `mobile_money` or `bank`.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::TransferToName>", optional))]
    pub transfer_to: Option<String>,
    /// The wallet's phone number (mobile money).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub momo_phone_number: Option<String>,
    /// The bank's id (bank).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::NumberOrString>", optional))]
    pub bank_id: Option<Value>,
    /// The account number (bank).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub account_number: Option<String>,
    /// What it was for.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub narration: Option<String>,
    /// Why it failed, when it did.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub failure_reason: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub created_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub updated_at: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub extra: Map<String, Value>,
}

/// A whole number however the JSON wrote it (`2`, `2.0`, `2e0`), as `JSON.parse`
/// reads it in the npm build: both builds accept the same answers.
fn whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = f64::deserialize(d)?;
    if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) {
        Ok(n as u64)
    } else {
        Err(serde::de::Error::custom(format_args!("expected a whole number, got {n}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_in_any_form() {
        let c: Country = serde_json::from_str(r#"{"id":2.0,"name":"Ghana","country_code":"GH","currency_code":"GHS"}"#).unwrap();
        assert_eq!(c.id, 2);
        assert!(serde_json::from_str::<Country>(r#"{"id":1.5,"name":"x","country_code":"GH","currency_code":"GHS"}"#).is_err());
        let p: PageHead = serde_json::from_str(r#"{"items":[],"page":1e0,"limit":20,"total":0}"#).unwrap();
        assert_eq!((p.page, p.limit, p.total), (1, 20, 0));
    }

    #[test]
    fn a_secret_never_shows_in_debug() {
        let s = RotatedSecret { webhook_secret: "whsec_do_not_show".into() };
        assert!(!format!("{s:?}").contains("do_not_show"));
    }
}
