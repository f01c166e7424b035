//! What refunds and payouts answer, and what their webhooks carry.

use crate::core::binding::Said;
use crate::core::scalar::Scalar;
use serde::Deserialize;
use serde_json::{Map, Value};

/// What a refund or payout request answers: it was queued; the result
/// arrives by webhook (`refund.updated`, `payout.updated`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
pub struct TransferReceipt {
    /// The refund's or payout's own reference (`RF_…`, `PO_…`).
    pub reference: String,
    /// `pending` when queued.
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::TransferStatus"))]
    pub status: String,
    /// Vesicash's note, such as "refund queued successfully".
    #[serde(default)]
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

answer! {
    /// Refunds and payouts answer a receipt.
    pub enum TransferAnswer { head: TransferHead, typed: TransferReceipt, what: "a transfer receipt ({ reference, status })" }
    fn said(head) {
        // A member that is not a string reads as "", which no request names.
        let reference = head.payment_reference.as_ref().filter(|r| **r != Scalar::Null).map(|r| r.as_str().unwrap_or_default());
        Said { reference, ..Said::default() }
    }
}

/// The event of a refund's status change. \[assumed\]: named like `payment.updated`.
pub const REFUND_UPDATED_EVENT: &str = "refund.updated";
/// The event of a payout's status change. \[assumed\]: named like `payment.updated`.
pub const PAYOUT_UPDATED_EVENT: &str = "payout.updated";

/// A refund as `refund.updated` webhooks carry it. \[assumed\]: the contract
/// documents the refund request, not the event; only `reference` and
/// `status` are required, and every other field is kept as sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
pub struct Refund {
    /// The refund's reference (`RF_…`).
    pub reference: String,
    /// `pending`, then `successful` or `failed`.
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::TransferStatus"))]
    pub status: String,
    /// The refunded payment's reference.
    #[serde(default)]
    pub payment_reference: Option<String>,
    /// The amount refunded, in major units, as sent.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<f64>"))]
    pub amount: Option<Value>,
    /// ISO currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// The reason given.
    #[serde(default)]
    pub reason: Option<String>,
    /// Why it failed, when it did.
    #[serde(default)]
    pub failure_reason: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub extra: Map<String, Value>,
}

/// A payout as `payout.updated` webhooks carry it. \[assumed\], as [`Refund`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
pub struct Payout {
    /// The payout's reference (`PO_…`).
    pub reference: String,
    /// `pending`, then `successful` or `failed`.
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::TransferStatus"))]
    pub status: String,
    /// The amount paid out, in major units, as sent.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<f64>"))]
    pub amount: Option<Value>,
    /// The country's id.
    #[serde(default, rename = "countryId")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<f64>"))]
    pub country_id: Option<Value>,
    /// `mobile_money` or `bank`.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::TransferToName>"))]
    pub transfer_to: Option<String>,
    /// The wallet's phone number (mobile money).
    #[serde(default)]
    pub momo_phone_number: Option<String>,
    /// The bank's id (bank).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::NumberOrString>"))]
    pub bank_id: Option<Value>,
    /// The account number (bank).
    #[serde(default)]
    pub account_number: Option<String>,
    /// What it was for.
    #[serde(default)]
    pub narration: Option<String>,
    /// Why it failed, when it did.
    #[serde(default)]
    pub failure_reason: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// Every other field, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub extra: Map<String, Value>,
}
