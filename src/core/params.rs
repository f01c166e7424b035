//! Reading request parameters from an object: a JS object in the npm build
//! (through `serde-wasm-bindgen`), JSON text natively (through `serde_json`).
//! Both arrive as [`Members`], so one set of rules applies everywhere. Each
//! resource's params type reads itself with a [`Fields`] (in `crate::api`).
//!
//! Every error names its field. Unknown keys are refused, naming the key: a
//! misspelt optional field such as `refrence` would otherwise be dropped
//! silently and, with it, the caller's idempotency.

use crate::core::amount::Amount;
use crate::core::error::Error;
use crate::core::scalar::{Members, Scalar};

/// The values of a params object, by field name: each read takes the value
/// of the name it is asked for, so no field is read under another's name.
pub(crate) struct Fields(Vec<(&'static str, Option<Scalar>)>);

impl Fields {
    /// The members of an object whose only known fields are `keys`.
    ///
    /// Errors: a validation error naming an unknown or duplicate key.
    pub(crate) fn read(members: Members, keys: &[&'static str]) -> Result<Fields, Error> {
        let mut values: Vec<(&'static str, Option<Scalar>)> = keys.iter().map(|k| (*k, None)).collect();
        for (key, value) in members.0 {
            let Some(slot) = values.iter_mut().find(|(k, _)| *k == key) else {
                return Err(Error::validation("params", format!("has an unknown field `{key}`; expected one of: {}", keys.join(", "))));
            };
            if slot.1.replace(value).is_some() {
                return Err(Error::validation("params", format!("has a duplicate field `{key}`")));
            }
        }
        Ok(Fields(values))
    }

    /// The value of `field`, `None` when absent or null. A name that is not
    /// one of the keys reads as absent: the table tests of each reader catch it.
    pub(crate) fn take(&mut self, field: &str) -> Option<Scalar> {
        self.0.iter_mut().find(|(k, _)| *k == field).and_then(|(_, v)| v.take()).filter(|v| *v != Scalar::Null)
    }

    /// An optional string.
    pub(crate) fn optional(&mut self, field: &'static str) -> Result<Option<String>, Error> {
        match self.take(field) {
            None => Ok(None),
            Some(Scalar::Str(s)) => Ok(Some(s)),
            Some(other) => Err(Error::validation(field, format!("must be a string, got {}", other.type_name()))),
        }
    }

    /// A required string.
    pub(crate) fn required(&mut self, field: &'static str) -> Result<String, Error> {
        self.optional(field)?.ok_or_else(|| Error::validation(field, "is required"))
    }

    /// An amount: a number or a decimal string in major units.
    pub(crate) fn amount(&mut self, field: &'static str) -> Result<Amount, Error> {
        match self.take(field) {
            None => Err(Error::validation(field, "is required: a number or decimal string in major units, like 1.30")),
            Some(Scalar::Str(text)) => text.parse(),
            Some(Scalar::Number(n)) => Amount::from_f64(n),
            Some(_) => Err(Error::validation(field, "must be a number or a decimal string, like 1.30")),
        }
    }

    /// A whole number (a JS number with no fraction, within 2^53).
    pub(crate) fn whole(&mut self, field: &'static str) -> Result<Option<u64>, Error> {
        match self.take(field) {
            None => Ok(None),
            Some(Scalar::Number(n)) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) => Ok(Some(n as u64)),
            Some(other) => Err(Error::validation(field, format!("must be a whole number, got {}", describe(&other)))),
        }
    }
}

/// Names a wrong value for a message: its type, or the number itself.
pub(crate) fn describe(value: &Scalar) -> String {
    match value {
        Scalar::Number(n) => format!("{n}"),
        other => other.type_name().to_owned(),
    }
}

/// The members of a params object, or the error for anything that is not one.
pub(crate) fn members<E: std::fmt::Display>(read: Result<Members, E>) -> Result<Members, Error> {
    read.map_err(|_| Error::validation("params", "must be a plain object"))
}

/// Reads any params type from JSON text, as the native tests and fuzz targets do.
pub fn from_json<P>(text: &str, read: fn(Members) -> Result<P, Error>) -> Result<P, Error> {
    read(members(serde_json::from_str(text))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payments::list::ListFilters;
    use crate::api::payments::params::charge_from_members;
    use crate::api::payments::{InitializeParams, PayParams};
    use crate::api::transfers::{BankId, PayoutParams, RefundParams, TransferTo};
    use crate::core::fields::PaymentMethod;

    #[test]
    fn reads_the_documented_example() {
        let p = InitializeParams::from_json(r#"{"currency":"ZMW","country":"ZM","narration":"payment for rice","method":"mobilemoney","amount":1.3,"webhook_url":"https://a.b/h","redirect_url":"https://a.b/d"}"#).unwrap();
        assert_eq!(p.amount.minor(), 130);
        assert_eq!(p.method, PaymentMethod::MobileMoney);
        assert_eq!(p.reference, None);
    }

    #[test]
    fn names_what_is_wrong() {
        let base = r#""country":"ZM","narration":"n","method":"mobilemoney","webhook_url":"https://a.b/h","redirect_url":"https://a.b/d""#;
        for (extra, field, says) in [
            (r#","currency":"ZMW","amount":"1.30""#, None, ""),
            (r#","currency":"ZMW","amount":1.30"#, None, ""),
            (r#","currency":"Z\u004DW","amount":1"#, None, ""),
            (r#","currency":"ZMW","amount":null"#, Some("amount"), "required"),
            (r#","currency":"ZMW","amount":true"#, Some("amount"), "number"),
            (r#","currency":"ZMW","amount":-1"#, Some("amount"), "positive"),
            (r#","currency":"ZMW","amount":1e3"#, None, ""),
            (r#","currency":"ZMW","amount":1.5e-1"#, None, ""),
            (r#","currency":"ZMW","amount":1e-3"#, Some("amount"), "2 decimal"),
            (r#","currency":"ZMW","amount":0.30000000000000004"#, Some("amount"), "2 decimal"),
            (r#","currency":"ZMW","amount":1,"refrence":"order-000001""#, Some("params"), "`refrence`"),
            (r#","currency":"ZMW","amount":1,"amount":2"#, Some("params"), "duplicate"),
            (r#","currency":"ZMW","amount":1,"reference":12345678901"#, Some("reference"), "string"),
            (r#","currency":["ZMW"],"amount":1"#, Some("currency"), "string"),
            (r#","amount":1"#, Some("currency"), "required"),
        ] {
            let r = InitializeParams::from_json(&format!("{{{base}{extra}}}"));
            match field {
                None => assert!(r.is_ok(), "{extra}: {r:?}"),
                Some(f) => {
                    let e = r.unwrap_err();
                    assert_eq!(e.field(), Some(f), "{extra}");
                    assert!(e.to_string().contains(says), "{e}");
                }
            }
        }
        for bad in ["[]", "null", "{", "", "{\"amount\":1"] {
            assert_eq!(InitializeParams::from_json(bad).unwrap_err().field(), Some("params"), "{bad}");
        }
        assert_eq!(PayParams::from_json("{}").unwrap_err().field(), Some("phone_number"));
        assert_eq!(PayParams::from_json(r#"{"phone_number":"260971234567","email":null}"#).unwrap().email, "");
        assert_eq!(PayParams::from_json(r#"{"phone_number":260971234567}"#).unwrap_err().field(), Some("phone_number"));
    }

    #[test]
    fn reads_the_other_endpoints_params() {
        let f = from_json(r#"{"page":2,"limit":50,"from":"2026-11-01","reference":null}"#, ListFilters::from_members).unwrap();
        assert_eq!((f.page, f.limit, f.from.as_deref(), f.reference), (Some(2), Some(50), Some("2026-11-01"), None));
        for (json, field) in [(r#"{"page":1.5}"#, "page"), (r#"{"limit":"10"}"#, "limit"), (r#"{"page":-1}"#, "page"), (r#"{"pag":1}"#, "params")] {
            assert_eq!(from_json(json, ListFilters::from_members).unwrap_err().field(), Some(field), "{json}");
        }
        let r = from_json(r#"{"payment_reference":"PY_1","amount":"0.10","reason":"r","webhook_url":"https://a.b/h"}"#, RefundParams::from_members)
            .unwrap();
        assert_eq!(r.amount.minor(), 10);
        assert_eq!(
            from_json(r#"{"payment_reference":"PY_1","amount":1,"reason":"r"}"#, RefundParams::from_members).unwrap_err().field(),
            Some("webhook_url")
        );
        let base = r#""amount":5,"countryId":1,"webhook_url":"https://a.b/h""#;
        let payout = |extra: &str| from_json(&format!("{{{base}{extra}}}"), PayoutParams::from_members);
        assert_eq!(
            payout(r#","transfer_to":"mobile_money","momo_phone_number":"260971234567""#).unwrap().transfer_to,
            TransferTo::MobileMoney { phone_number: Some("260971234567".into()) }
        );
        assert_eq!(
            payout(r#","transfer_to":"bank","bank_id":"ZANACO","account_number":"001""#).unwrap().transfer_to,
            TransferTo::Bank { bank_id: BankId::Text("ZANACO".into()), account_number: "001".into() }
        );
        for (extra, field) in [
            (r#","transfer_to":"wallet""#, "transfer_to"),
            (r#","transfer_to":"bank","account_number":"001""#, "bank_id"),
            (r#","transfer_to":"bank","bank_id":3"#, "account_number"),
            (r#","transfer_to":"bank","bank_id":3,"account_number":"1","momo_phone_number":"260971234567""#, "momo_phone_number"),
            (r#","transfer_to":"mobile_money","bank_id":3"#, "bank_id"),
            (r#","transfer_to":"bank","bank_id":true,"account_number":"1""#, "bank_id"),
            (r#""#, "transfer_to"),
        ] {
            assert_eq!(payout(extra).unwrap_err().field(), Some(field), "{extra}");
        }
        assert_eq!(from_json(r#"{"amount":5,"transfer_to":"bank"}"#, PayoutParams::from_members).unwrap_err().field(), Some("countryId"));
        // Either spelling of the payout's country; both only when they agree.
        let momo = r#","transfer_to":"mobile_money","momo_phone_number":"260971234567""#;
        let snake = |extra: &str| from_json(&format!(r#"{{"amount":5,"webhook_url":"https://a.b/h"{momo}{extra}}}"#), PayoutParams::from_members);
        assert_eq!(snake(r#","country_id":2"#).unwrap().country_id, 2);
        assert_eq!(snake(r#","country_id":2,"countryId":2"#).unwrap().country_id, 2);
        assert_eq!(snake(r#","country_id":2,"countryId":1"#).unwrap_err().field(), Some("country_id"));
        // A refund's destination: the country's id as a number or text.
        let refund = |extra: &str| {
            from_json(
                &format!(r#"{{"payment_reference":"PY_1","amount":1,"reason":"r","webhook_url":"https://a.b/h"{extra}}}"#),
                RefundParams::from_members,
            )
        };
        let r = refund(r#","country_id":2,"momo_phone_number":"233211111111","transfer_to":"mobile_number""#).unwrap();
        assert_eq!(
            (r.country_id.as_deref(), r.transfer_to.as_deref(), r.momo_phone_number.as_deref()),
            (Some("2"), Some("mobile_number"), Some("233211111111"))
        );
        assert_eq!(refund(r#","country_id":"2""#).unwrap().country_id.as_deref(), Some("2"));
        assert_eq!(refund(r#","country_id":1.5"#).unwrap_err().field(), Some("country_id"));
        assert_eq!(refund(r#","momo_phone_number":233211111111"#).unwrap_err().field(), Some("momo_phone_number"));
    }

    #[test]
    fn a_charge_splits_into_init_and_pay() {
        let json = r#"{"amount":1.3,"currency":"ZMW","country":"ZM","narration":"n","method":"mobilemoney","webhook_url":"https://a.b/h","redirect_url":"https://a.b/d","phone_number":"260971234567","email":"a@b.co"}"#;
        let (init, pay) = from_json(json, charge_from_members).unwrap();
        assert_eq!((init.amount.minor(), pay.phone_number.as_str(), pay.email.as_str()), (130, "260971234567", "a@b.co"));
        let e = from_json(&json.replace("\"email\"", "\"emial\""), charge_from_members).unwrap_err();
        assert_eq!(e.field(), Some("params"));
        assert!(e.to_string().contains("`emial`") && e.to_string().contains("phone_number"), "{e}");
        assert_eq!(
            from_json(&json.replace("\"phone_number\":\"260971234567\",", ""), charge_from_members).unwrap_err().field(),
            Some("phone_number")
        );
    }
}
