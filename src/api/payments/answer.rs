//! A payment as Vesicash answers it (init, pay, status, the `data` of a
//! `payment.updated` webhook), the statuses and what they mean, and the
//! reading of a payment response. The envelope around it is
//! [`crate::core::envelope`]'s.

use crate::core::envelope::{check, not_a_payment, read_body};
use crate::core::error::Error;
use crate::core::scalar::Scalar;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Payment statuses read as paid. \[assumed\]: only `pending` is documented.
pub const PAID_STATUSES: &[&str] = &["successful", "success", "completed"];
/// Payment statuses read as finally failed. \[assumed\]
pub const FAILED_STATUSES: &[&str] = &["failed", "cancelled", "expired", "reversed"];

/// Where a payment stands, from its status string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "PaymentOutcome", rename_all = "lowercase"))]
pub enum Outcome {
    /// Final: the money was taken.
    Paid,
    /// Final: it will not be taken.
    Failed,
    /// Not final: `pending`, or a status this crate does not know.
    Pending,
}

/// Classifies a status string (case-sensitive, as sent). Unknown strings are
/// [`Outcome::Pending`]: never final, so nothing is shipped or cancelled on a guess.
pub fn outcome(status: &str) -> Outcome {
    if PAID_STATUSES.contains(&status) {
        Outcome::Paid
    } else if FAILED_STATUSES.contains(&status) {
        Outcome::Failed
    } else {
        Outcome::Pending
    }
}

/// A payment as returned by init, pay and the status endpoint, and as the
/// `data` of a webhook. Only `reference` and `status` are required: init
/// answers with few fields, the status endpoint with all of them. Unknown
/// fields are kept as sent (in `extra` here; on the JS object as they came).
/// Serialises back to the same JSON object, unknown fields included.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(optional_fields = nullable))]
pub struct Payment {
    /// The payment reference (`PY_…`, or the caller's own).
    pub reference: String,
    /// The status string exactly as sent; see [`outcome`] (`paymentOutcome` in JS).
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::PaymentStatus"))]
    pub status: String,
    /// Vesicash's id of the payment (a number in the documented example).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::NumberOrString>"))]
    pub id: Option<Value>,
    /// Amount in major units, as sent (a number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<f64>"))]
    pub amount: Option<Value>,
    /// What the record is: `"payment"`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::PaymentKind>"))]
    pub kind: Option<String>,
    /// The payment method: `"mobilemoney"` or `"card"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::PaymentMethodName>"))]
    pub method: Option<String>,
    /// ISO currency, as sent (`"ZMW"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The id of your business at Vesicash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::NumberOrString>"))]
    pub business_id: Option<Value>,
    /// When the payment was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When the payment last changed (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// `"test"` or `"live"`: which key made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::Environment>"))]
    pub environment: Option<String>,
    /// The `redirect_url` of the initialise call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_url: Option<String>,
    /// The customer's email, as given to pay (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The customer's first name, as given to pay (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_first_name: Option<String>,
    /// The customer's last name, as given to pay (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_last_name: Option<String>,
    /// The customer's mobile-money number, once pay has reached Vesicash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
    /// What the payment is for, as given to initialise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub narration: Option<String>,
    /// The mobile-money provider's id of the transaction (empty until final).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_transaction_id: Option<String>,
    /// Why a failed payment failed (`"declined"`, `"insufficient_funds"`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// `payment_link` of init/pay (empty in the non-checkout flow).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_link: Option<String>,
    /// `payment_id` of init/pay (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::NumberOrString>"))]
    pub payment_id: Option<Value>,
    /// Every other field, as sent.
    #[serde(flatten)]
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub extra: Map<String, Value>,
}

impl<'de> Deserialize<'de> for Payment {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Payment, D::Error> {
        use serde::de::{Error as _, Unexpected};
        let mut data = Map::<String, Value>::deserialize(d)?;
        let mut required = |key: &'static str| match data.remove(key) {
            Some(Value::String(s)) => Ok(s),
            None | Some(Value::Null) => Err(D::Error::missing_field(key)),
            Some(other) => Err(D::Error::invalid_type(unexpected(&other), &"a string")),
        };
        let (reference, status) = (required("reference")?, required("status")?);
        return Ok(Payment::from_members(reference, status, data));

        fn unexpected(v: &Value) -> Unexpected<'_> {
            match v {
                Value::Bool(b) => Unexpected::Bool(*b),
                Value::Number(n) => n.as_f64().map_or(Unexpected::Other("a number"), Unexpected::Float),
                Value::Array(_) => Unexpected::Seq,
                Value::Object(_) => Unexpected::Map,
                Value::String(s) => Unexpected::Str(s),
                Value::Null => Unexpected::Unit,
            }
        }
    }
}

impl Payment {
    /// A payment from its reference, status and every other member of its
    /// object. A typed optional field takes a value of its type; anything
    /// else stays in `extra` as sent, so nothing is refused or lost (the
    /// npm build hands the object over as `JSON.parse` made it).
    pub(crate) fn from_members(reference: String, status: String, mut data: Map<String, Value>) -> Payment {
        let mut string_field = |key: &str| match data.remove(key) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => {
                data.insert(key.to_owned(), other);
                None
            }
        };
        let mut payment = Payment {
            reference,
            status,
            kind: string_field("type"),
            method: string_field("method"),
            currency: string_field("currency"),
            created_at: string_field("created_at"),
            updated_at: string_field("updated_at"),
            environment: string_field("environment"),
            redirect_url: string_field("redirect_url"),
            email: string_field("email"),
            customer_first_name: string_field("customer_first_name"),
            customer_last_name: string_field("customer_last_name"),
            phone_number: string_field("phone_number"),
            narration: string_field("narration"),
            provider_transaction_id: string_field("provider_transaction_id"),
            failure_reason: string_field("failure_reason"),
            payment_link: string_field("payment_link"),
            ..Payment::default()
        };
        for (key, field) in [
            ("id", &mut payment.id),
            ("amount", &mut payment.amount),
            ("business_id", &mut payment.business_id),
            ("payment_id", &mut payment.payment_id),
        ] {
            *field = data.remove(key).filter(|v| !v.is_null());
        }
        payment.extra = data;
        payment
    }
}

impl Payment {
    /// Where this payment stands.
    pub fn outcome(&self) -> Outcome {
        outcome(&self.status)
    }
}

/// The fields of a payment the client's own rules read (idempotency checks,
/// whether a prompt landed), however the payment was parsed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PaymentHead {
    /// The payment reference.
    pub reference: String,
    /// The status string.
    pub status: String,
    /// The amount, as sent.
    #[serde(default)]
    pub amount: Option<Scalar>,
    /// The currency, as sent.
    #[serde(default)]
    pub currency: Option<Scalar>,
    /// The customer's phone number, once pay has reached Vesicash.
    #[serde(default)]
    pub phone_number: Option<Scalar>,
}

/// Parses an init, pay or status response into a [`Payment`].
///
/// Errors: an API error for an HTTP error status or an envelope whose
/// `status` is not `"success"`; `invalid_response` for a 2xx body that is not
/// a success envelope carrying a payment.
pub fn parse_payment(http_status: u16, body: &[u8]) -> Result<Payment, Error> {
    parse_payment_with(http_status, body, None)
}

/// [`parse_payment`], with the response's request id for its errors.
pub fn parse_payment_with(http_status: u16, body: &[u8], request_id: Option<&str>) -> Result<Payment, Error> {
    let data = check(http_status, read_body(body), request_id)?;
    if !data.is_object() {
        return Err(not_a_payment(http_status, "not a JSON object"));
    }
    serde_json::from_value(data).map_err(|e| not_a_payment(http_status, e))
}

impl Payment {
    /// The fields the client's rules read.
    pub fn head(&self) -> PaymentHead {
        PaymentHead {
            reference: self.reference.clone(),
            status: self.status.clone(),
            amount: self.amount.as_ref().map(Scalar::from),
            currency: self.currency.clone().map(Scalar::Str).or_else(|| self.extra.get("currency").map(Scalar::from)),
            phone_number: self.phone_number.clone().map(Scalar::Str).or_else(|| self.extra.get("phone_number").map(Scalar::from)),
        }
    }
}
