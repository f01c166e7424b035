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

/// Declares an endpoint's answer: an uninhabited marker type and its
/// [`Answer`] impl, from its head, its typed form, its `WHAT`, and (when
/// not the defaults) `ARRAY` and `said`.
macro_rules! answer {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { head: $head:ty, typed: $typed:ty, what: $what:literal $(, array: $array:literal)? $(,)? }
        $(fn said($h:ident) $said:block)?
    ) => {
        $(#[$meta])*
        #[derive(Debug)]
        pub enum $name {}
        impl $crate::api::Answer for $name {
            type Head = $head;
            type Typed = $typed;
            const WHAT: &'static str = $what;
            $(const ARRAY: bool = $array;)?
            $(fn said($h: &$head) -> $crate::core::binding::Said<'_> $said)?
        }
    };
}

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
    /// What the answer says about the request it answers, for
    /// [`crate::core::binding::check`]; nothing by default (a list, a secret).
    fn said(_head: &Self::Head) -> crate::core::binding::Said<'_> {
        crate::core::binding::Said::default()
    }
}

answer! {
    /// Init, pay and status answer a payment.
    pub enum PaymentAnswer { head: PaymentHead, typed: Payment, what: "a payment object" }
    fn said(head) {
        crate::core::binding::Said { reference: Some(&head.reference), amount: head.amount.as_ref(), currency: head.currency.as_ref() }
    }
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
