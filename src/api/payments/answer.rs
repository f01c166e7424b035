//! A payment as Vesicash answers it (init, pay, status, the `data` of a
//! `payment.updated` webhook), the statuses and what they mean, and the
//! reading of a payment response. The envelope around it is
//! [`crate::core::envelope`]'s.

use crate::core::envelope::{check, not_a_payment, read_body};
use crate::core::error::Error;
use crate::core::scalar::Scalar;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

pub use crate::core::status::{outcome, PaymentOutcome, FAILED_STATUSES, PAID_STATUSES};

/// The former name of [`PaymentOutcome`], kept for Rust callers.
pub type Outcome = PaymentOutcome;

/// Declares [`Payment`] with each typed optional field's wire name written
/// once, beside it: the serde attributes (`rename`, `default`, skipped when
/// `None`) and the reading of a member object ([`Payment::from_members`])
/// both come from that one list; `extra` ends the struct.
macro_rules! payment_fields {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(#[$rm:meta])* pub reference: String,
            $(#[$sm:meta])* pub status: String,
            $($(#[$fm:meta])* pub $field:ident: Option<$ty:ty> = $wire:literal,)*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(#[$rm])* pub reference: String,
            $(#[$sm])* pub status: String,
            $($(#[$fm])* #[serde(default, rename = $wire, skip_serializing_if = "Option::is_none")] pub $field: Option<$ty>,)*
            /// Every other field, as sent.
            #[serde(flatten)]
            #[cfg_attr(feature = "typescript", ts(skip))]
            pub extra: Map<String, Value>,
        }

        impl $name {
            /// A payment from its reference, status and every other member of its
            /// object. A typed optional field takes a value of its type; anything
            /// else stays in `extra` as sent, so nothing is refused or lost (the
            /// npm build hands the object over as `JSON.parse` made it).
            pub(crate) fn from_members(reference: String, status: String, mut data: Map<String, Value>) -> $name {
                $(let $field = <$ty as Member>::take(&mut data, $wire);)*
                $name { reference, status, $($field,)* extra: data }
            }
        }
    };
}

/// How a typed optional field of [`Payment`] takes its member.
trait Member: Sized {
    fn take(data: &mut Map<String, Value>, key: &str) -> Option<Self>;
}

impl Member for String {
    /// A string; `null` is absent; another type stays in `extra`.
    fn take(data: &mut Map<String, Value>, key: &str) -> Option<String> {
        match data.remove(key) {
            Some(Value::String(s)) => Some(s),
            Some(Value::Null) | None => None,
            Some(other) => {
                data.insert(key.to_owned(), other);
                None
            }
        }
    }
}

impl Member for Value {
    /// Any value but `null`, as sent.
    fn take(data: &mut Map<String, Value>, key: &str) -> Option<Value> {
        data.remove(key).filter(|v| !v.is_null())
    }
}

payment_fields! {
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
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::NumberOrString>"))]
    pub id: Option<Value> = "id",
    /// Amount in major units, as sent (a number).
    #[cfg_attr(feature = "typescript", ts(as = "Option<f64>"))]
    pub amount: Option<Value> = "amount",
    /// What the record is: `"payment"`.
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::PaymentKind>"))]
    pub kind: Option<String> = "type",
    /// The payment method: `"mobilemoney"` or `"card"`.
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::PaymentMethodName>"))]
    pub method: Option<String> = "method",
    /// ISO currency, as sent (`"ZMW"`).
    pub currency: Option<String> = "currency",
    /// The id of your business at Vesicash.
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::NumberOrString>"))]
    pub business_id: Option<Value> = "business_id",
    /// When the payment was created (RFC 3339).
    pub created_at: Option<String> = "created_at",
    /// When the payment last changed (RFC 3339).
    pub updated_at: Option<String> = "updated_at",
    /// `"test"` or `"live"`: which key made it.
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::Environment>"))]
    pub environment: Option<String> = "environment",
    /// The `redirect_url` of the initialise call.
    pub redirect_url: Option<String> = "redirect_url",
    /// The customer's email, as given to pay (may be empty).
    pub email: Option<String> = "email",
    /// The customer's first name, as given to pay (may be empty).
    pub customer_first_name: Option<String> = "customer_first_name",
    /// The customer's last name, as given to pay (may be empty).
    pub customer_last_name: Option<String> = "customer_last_name",
    /// The customer's mobile-money number, once pay has reached Vesicash.
    pub phone_number: Option<String> = "phone_number",
    /// What the payment is for, as given to initialise.
    pub narration: Option<String> = "narration",
    /// The mobile-money provider's id of the transaction (empty until final).
    pub provider_transaction_id: Option<String> = "provider_transaction_id",
    /// Why a failed payment failed (`"INSUFFICIENT_FUNDS"`, …): see
    /// `failureAdvice` for what each documented code means to a merchant.
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::FailureReasonCode>"))]
    pub failure_reason: Option<String> = "failure_reason",
    /// `payment_link` of init/pay (empty in the non-checkout flow).
    pub payment_link: Option<String> = "payment_link",
    /// `payment_id` of init/pay (may be empty).
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::NumberOrString>"))]
    pub payment_id: Option<Value> = "payment_id",
    // `extra`, every other field as sent, is declared by the macro.
}
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
    /// Where this payment stands.
    pub fn outcome(&self) -> PaymentOutcome {
        outcome(&self.status)
    }
}

/// The fields of a payment the client's own rules read (idempotency checks,
/// whether a prompt landed), however the payment was parsed.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PaymentHead {
    /// The payment reference.
    #[serde(deserialize_with = "reference_string")]
    pub reference: String,
    /// The status string.
    #[serde(deserialize_with = "status_string")]
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

fn reference_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    named_string(d, "reference")
}

fn status_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    named_string(d, "status")
}

/// A required string member, or an error naming the member and the type
/// that came (never its value: it may be anything a server echoed).
fn named_string<'de, D: serde::Deserializer<'de>>(d: D, field: &str) -> Result<String, D::Error> {
    match Scalar::deserialize(d)? {
        Scalar::Str(s) => Ok(s),
        other => Err(serde::de::Error::custom(format_args!("`{field}` must be a string, got {}", other.type_name()))),
    }
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
