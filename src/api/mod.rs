//! The API, one module per resource: each holds its request builders, the
//! reading of its params objects, and its answers.
//!
//! What each endpoint answers in the `data` of a success envelope: the typed
//! form a native caller receives, and the fields the client checks before it
//! hands any answer over (so a proxy's wrong-shaped 200 is an
//! `invalid_response`, never a value that breaks the caller later).
//!
//! The npm build checks the same fields but returns the very object
//! `JSON.parse` made, unknown fields included.

pub mod account;
pub mod countries;
pub mod payments;
pub mod transfers;

use crate::api::payments::answer::{Payment, PaymentHead};
use serde::de::DeserializeOwned;
use serde::Deserialize;

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
}

/// Init, pay and status answer a payment.
#[derive(Debug)]
pub enum PaymentAnswer {}
impl Answer for PaymentAnswer {
    type Head = PaymentHead;
    type Typed = Payment;
    const WHAT: &'static str = "a payment object";
}

/// A whole number however the JSON wrote it (`2`, `2.0`, `2e0`), as `JSON.parse`
/// reads it in the npm build: both builds accept the same answers.
pub(crate) fn whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let n = f64::deserialize(d)?;
    if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) {
        Ok(n as u64)
    } else {
        Err(serde::de::Error::custom(format_args!("expected a whole number, got {n}")))
    }
}

#[cfg(test)]
mod tests {
    use crate::api::countries::Country;
    use crate::api::payments::list::PageHead;

    #[test]
    fn whole_numbers_in_any_form() {
        let c: Country = serde_json::from_str(r#"{"id":2.0,"name":"Ghana","country_code":"GH","currency_code":"GHS"}"#).unwrap();
        assert_eq!(c.id, 2);
        assert!(serde_json::from_str::<Country>(r#"{"id":1.5,"name":"x","country_code":"GH","currency_code":"GHS"}"#).is_err());
        let p: PageHead = serde_json::from_str(r#"{"items":[],"page":1e0,"limit":20,"total":0}"#).unwrap();
        assert_eq!((p.page, p.limit, p.total), (1, 20, 0));
    }
}
