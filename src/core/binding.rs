//! Every answer bound to the request that produced it: a pure rule of what
//! the request asked about and what the parsed answer says. A caching proxy,
//! a misrouted load balancer or an API bug can answer a request with another
//! payment's data; such an answer is refused (`invalid_response`) and never
//! resolves a call. In the engine, a refused 2xx counts as an unreadable
//! answer: a read retries it, pay and transfers take it as ambiguous (the
//! request may have been processed), and a poll of `waitForFinal` takes it
//! as a failed poll.

use crate::core::amount::Amount;
use crate::core::error::{Error, ErrorCode};
use crate::core::scalar::Scalar;

/// What a request asked about, as far as its answer can be checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Asked {
    /// The payment the request names (init, pay, get, the payment a refund is for).
    pub reference: Option<String>,
    /// The amount an initialise asked for.
    pub amount: Option<Amount>,
    /// The currency an initialise asked for.
    pub currency: Option<String>,
}

/// What an answer says about the request it answers, as parsed (absent
/// fields are `None`: init's documented answer carries no amount).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Said<'a> {
    /// The payment the answer names (a member that is not a string reads
    /// as `""`, which no request names).
    pub reference: Option<&'a str>,
    /// The answer's amount.
    pub amount: Option<&'a Scalar>,
    /// The answer's currency.
    pub currency: Option<&'a Scalar>,
}

/// Why an answer does not belong to its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// It names another payment.
    Reference,
    /// It carries another amount than the one initialised.
    Amount,
    /// It carries another currency than the one initialised.
    Currency,
}

/// Whether `said` answers `asked`. A field the request fixes and the answer
/// carries must agree; a field the answer leaves out is not evidence either
/// way (init's answer has no amount). The answer's strings are compared,
/// never echoed: the error names the field and what was asked.
pub fn check(asked: &Asked, said: &Said<'_>) -> Result<(), Refusal> {
    if let (Some(want), Some(got)) = (&asked.reference, said.reference) {
        if got != want {
            return Err(Refusal::Reference);
        }
    }
    if let (Some(want), Some(got)) = (asked.amount, said.amount) {
        let got = match got {
            Scalar::Number(n) => Amount::from_f64(*n).ok(),
            Scalar::Str(s) => s.parse().ok(),
            _ => None,
        };
        if got != Some(want) {
            return Err(Refusal::Amount);
        }
    }
    if let (Some(want), Some(got)) = (&asked.currency, said.currency) {
        if got.as_str() != Some(want.as_str()) {
            return Err(Refusal::Currency);
        }
    }
    Ok(())
}

/// The error for a refused answer of HTTP `status` (`invalid_response`).
pub fn refused(refusal: Refusal, asked: &Asked, status: u16) -> Error {
    let reference = asked.reference.as_deref().unwrap_or("?");
    let why = match refusal {
        Refusal::Reference => format!("its `data.reference` names another payment than {reference}"),
        Refusal::Amount => format!("its `data.amount` is not the {} asked for", asked.amount.map_or(String::new(), |a| a.to_string())),
        Refusal::Currency => format!("its `data.currency` is not the {} asked for", asked.currency.as_deref().unwrap_or("?")),
    };
    Error::new(
        ErrorCode::InvalidResponse,
        format!(
            "refused an answer (HTTP {status}) that is not about this request: {why} (a proxy, cache or load balancer may have mixed answers up)"
        ),
    )
    .with_status(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Scalar {
        Scalar::Str(v.into())
    }

    #[test]
    fn table() {
        let init = Asked { reference: Some("order-0000001".into()), amount: Some("7.00".parse().unwrap()), currency: Some("ZMW".into()) };
        let get = Asked { reference: Some("order-0000001".into()), ..Asked::default() };
        let (me, other) = ("order-0000001", "PY_other");
        let (n7, n7s, big, zmw, ghs) = (Scalar::Number(7.0), s("7.00"), Scalar::Number(999_999.99), s("ZMW"), s("GHS"));
        let said = |r, a, c| Said { reference: r, amount: a, currency: c };
        let cases: &[(&Asked, Said, Result<(), Refusal>)] = &[
            (&init, said(Some(me), None, None), Ok(())), // init's documented answer
            (&init, said(Some(me), Some(&n7), Some(&zmw)), Ok(())),
            (&init, said(Some(me), Some(&n7s), Some(&zmw)), Ok(())),
            (&init, said(Some(other), None, None), Err(Refusal::Reference)),
            (&init, said(Some(me), Some(&big), Some(&ghs)), Err(Refusal::Amount)),
            (&init, said(Some(me), Some(&n7), Some(&ghs)), Err(Refusal::Currency)),
            (&init, said(Some(me), Some(&Scalar::Null), None), Err(Refusal::Amount)),
            (&init, said(Some(me), Some(&Scalar::Object), None), Err(Refusal::Amount)),
            (&init, said(Some(""), None, None), Err(Refusal::Reference)), // not a string
            (&init, said(Some("order-0000001 "), None, None), Err(Refusal::Reference)),
            (&get, said(Some(me), Some(&big), Some(&ghs)), Ok(())), // a read fixes no amount
            (&get, said(Some(other), None, None), Err(Refusal::Reference)),
            (&get, said(Some("ORDER-0000001"), None, None), Err(Refusal::Reference)), // exact, as sent
            (&get, said(None, None, None), Ok(())),                                   // nothing named: nothing to bind
            (&Asked::default(), said(Some(other), Some(&big), Some(&ghs)), Ok(())),   // a list asks about nothing
        ];
        for (asked, said, want) in cases {
            assert_eq!(check(asked, said), *want, "{asked:?} {said:?}");
        }
    }

    #[test]
    fn the_error_names_the_field_never_the_answer() {
        let asked = Asked { reference: Some("order-0000001".into()), amount: Some("7.00".parse().unwrap()), currency: Some("ZMW".into()) };
        for (refusal, field) in [(Refusal::Reference, "data.reference"), (Refusal::Amount, "data.amount"), (Refusal::Currency, "data.currency")] {
            let e = refused(refusal, &asked, 200);
            assert_eq!((e.code(), e.status()), (ErrorCode::InvalidResponse, Some(200)));
            assert!(e.message().contains(field), "{e}");
        }
        let asked = Asked { amount: Some("7.50".parse().unwrap()), ..asked };
        assert!(refused(Refusal::Amount, &asked, 200).message().contains("7.5"), "{}", refused(Refusal::Amount, &asked, 200));
    }
}
