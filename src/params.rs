//! Reading request parameters from an object: a JS object in the npm build
//! (through `serde-wasm-bindgen`), JSON text natively (through `serde_json`).
//! Both arrive as [`Members`], so one set of rules applies everywhere.
//!
//! Every error names its field. Unknown keys are refused, naming the key: a
//! misspelt optional field such as `refrence` would otherwise be dropped
//! silently and, with it, the caller's idempotency.

use crate::amount::Amount;
use crate::error::Error;
use crate::fields::PaymentMethod;
use crate::listing::ListFilters;
use crate::payments::{InitializeParams, PayParams};
use crate::scalar::{Members, Scalar};
use crate::transfers::{BankId, PayoutParams, RefundParams, TransferTo};

const INIT_KEYS: &[&str] = &["amount", "currency", "country", "narration", "method", "webhook_url", "redirect_url", "reference"];
const PAY_KEYS: &[&str] = &["phone_number", "email", "customer_first_name", "customer_last_name", "customer_city", "account_number"];

/// The values of a params object, indexed like its list of keys.
struct Fields(Vec<Option<Scalar>>);

impl Fields {
    fn read(members: Members, keys: &[&'static str]) -> Result<Fields, Error> {
        let mut values = vec![None; keys.len()];
        for (key, value) in members.0 {
            let Some(i) = keys.iter().position(|k| *k == key) else {
                return Err(Error::validation("params", format!("has an unknown field `{key}`; expected one of: {}", keys.join(", "))));
            };
            if values.get_mut(i).and_then(|v| v.replace(value)).is_some() {
                return Err(Error::validation("params", format!("has a duplicate field `{key}`")));
            }
        }
        Ok(Fields(values))
    }

    fn take(&mut self, i: usize) -> Option<Scalar> {
        self.0.get_mut(i).and_then(Option::take).filter(|v| *v != Scalar::Null)
    }

    fn optional(&mut self, i: usize, field: &'static str) -> Result<Option<String>, Error> {
        match self.take(i) {
            None => Ok(None),
            Some(Scalar::Str(s)) => Ok(Some(s)),
            Some(other) => Err(Error::validation(field, format!("must be a string, got {}", other.type_name()))),
        }
    }

    fn required(&mut self, i: usize, field: &'static str) -> Result<String, Error> {
        self.optional(i, field)?.ok_or_else(|| Error::validation(field, "is required"))
    }
}

/// The members of a params object, or the error for anything that is not one.
pub(crate) fn members<E: std::fmt::Display>(read: Result<Members, E>) -> Result<Members, Error> {
    read.map_err(|_| Error::validation("params", "must be a plain object"))
}

impl InitializeParams {
    /// Reads init parameters from an object's members. `amount` may be a
    /// number or a decimal string; `reference` may be absent or null.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<InitializeParams, Error> {
        let mut f = Fields::read(members, INIT_KEYS)?;
        Ok(InitializeParams {
            amount: f.amount(0)?,
            currency: f.required(1, "currency")?,
            country: f.required(2, "country")?,
            narration: f.required(3, "narration")?,
            method: PaymentMethod::parse(&f.required(4, "method")?)?,
            webhook_url: f.required(5, "webhook_url")?,
            redirect_url: f.required(6, "redirect_url")?,
            reference: f.optional(7, "reference")?,
        })
    }

    /// Reads init parameters from JSON text (see [`InitializeParams::from_members`]).
    pub fn from_json(text: &str) -> Result<InitializeParams, Error> {
        from_json(text, InitializeParams::from_members)
    }
}

impl PayParams {
    /// Reads pay parameters from an object's members; only `phone_number` is required.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<PayParams, Error> {
        let mut f = Fields::read(members, PAY_KEYS)?;
        let phone_number = f.required(0, "phone_number")?;
        let mut text = |i, field| f.optional(i, field).map(Option::unwrap_or_default);
        Ok(PayParams {
            phone_number,
            email: text(1, "email")?,
            customer_first_name: text(2, "customer_first_name")?,
            customer_last_name: text(3, "customer_last_name")?,
            customer_city: text(4, "customer_city")?,
            account_number: text(5, "account_number")?,
        })
    }

    /// Reads pay parameters from JSON text (see [`PayParams::from_members`]).
    pub fn from_json(text: &str) -> Result<PayParams, Error> {
        from_json(text, PayParams::from_members)
    }
}

const LIST_KEYS: &[&str] = &["page", "limit", "reference", "from", "to"];
const REFUND_KEYS: &[&str] = &["payment_reference", "amount", "reason", "webhook_url", "country_id", "transfer_to", "momo_phone_number"];
// `countryId` and `country_id`: the payout pages write both; either is read.
const PAYOUT_KEYS: &[&str] =
    &["amount", "countryId", "transfer_to", "webhook_url", "narration", "momo_phone_number", "bank_id", "account_number", "country_id"];

impl Fields {
    /// An amount: a number or a decimal string in major units.
    fn amount(&mut self, i: usize) -> Result<Amount, Error> {
        match self.take(i) {
            None => Err(Error::validation("amount", "is required: a number or decimal string in major units, like 1.30")),
            Some(Scalar::Str(text)) => text.parse(),
            Some(Scalar::Number(n)) => Amount::from_f64(n),
            Some(_) => Err(Error::validation("amount", "must be a number or a decimal string, like 1.30")),
        }
    }

    /// A whole number (a JS number with no fraction, within 2^53).
    fn whole(&mut self, i: usize, field: &'static str) -> Result<Option<u64>, Error> {
        match self.take(i) {
            None => Ok(None),
            Some(Scalar::Number(n)) if n.fract() == 0.0 && (0.0..=9_007_199_254_740_991.0).contains(&n) => Ok(Some(n as u64)),
            Some(other) => Err(Error::validation(field, format!("must be a whole number, got {}", describe(&other)))),
        }
    }
}

/// Names a wrong value for a message: its type, or the number itself.
fn describe(value: &Scalar) -> String {
    match value {
        Scalar::Number(n) => format!("{n}"),
        other => other.type_name().to_owned(),
    }
}

impl ListFilters {
    /// Reads list filters from an object's members; every field is optional.
    ///
    /// Errors: a validation error naming the mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<ListFilters, Error> {
        let mut f = Fields::read(members, LIST_KEYS)?;
        Ok(ListFilters {
            page: f.whole(0, "page")?,
            limit: f.whole(1, "limit")?,
            reference: f.optional(2, "reference")?,
            from: f.optional(3, "from")?,
            to: f.optional(4, "to")?,
        })
    }
}

impl RefundParams {
    /// Reads refund parameters from an object's members; all are required.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<RefundParams, Error> {
        let mut f = Fields::read(members, REFUND_KEYS)?;
        Ok(RefundParams {
            payment_reference: f.required(0, "payment_reference")?,
            amount: f.amount(1)?,
            reason: f.required(2, "reason")?,
            webhook_url: f.required(3, "webhook_url")?,
            // A country's id as countries.list() gives it (a number) or as text.
            country_id: match f.take(4) {
                None => None,
                Some(Scalar::Str(s)) => Some(s),
                Some(Scalar::Number(n)) if n.fract() == 0.0 && (1.0..=9_007_199_254_740_991.0).contains(&n) => Some((n as u64).to_string()),
                Some(other) => {
                    return Err(Error::validation("country_id", format!("must be a country's id from countries.list(), got {}", describe(&other))))
                }
            },
            transfer_to: f.optional(5, "transfer_to")?,
            momo_phone_number: f.optional(6, "momo_phone_number")?,
        })
    }
}

impl PayoutParams {
    /// Reads payout parameters from an object's members. `transfer_to`
    /// decides which of `momo_phone_number` or `bank_id` and
    /// `account_number` apply; a field of the other kind is refused, so a
    /// payout never goes somewhere the caller did not mean.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<PayoutParams, Error> {
        let mut f = Fields::read(members, PAYOUT_KEYS)?;
        let amount = f.amount(0)?;
        let country_id = match (f.whole(1, "countryId")?, f.whole(8, "country_id")?) {
            (Some(a), Some(b)) if a != b => return Err(Error::validation("country_id", "and countryId name different countries; give one")),
            (a, b) => a.or(b).ok_or_else(|| Error::validation("countryId", "is required: the id of a country from countries.list()"))?,
        };
        let kind = f.required(2, "transfer_to")?;
        let webhook_url = f.required(3, "webhook_url")?;
        let narration = f.optional(4, "narration")?;
        let phone_number = f.optional(5, "momo_phone_number")?;
        let bank_id = match f.take(6) {
            None => None,
            Some(Scalar::Str(s)) => Some(BankId::Text(s)),
            Some(Scalar::Number(n)) if n.fract() == 0.0 && (1.0..=9_007_199_254_740_991.0).contains(&n) => Some(BankId::Number(n as u64)),
            Some(other) => {
                return Err(Error::validation("bank_id", format!("must be a positive whole number or a string, got {}", describe(&other))))
            }
        };
        let account_number = f.optional(7, "account_number")?;
        let transfer_to = match kind.as_str() {
            "mobile_money" => {
                if let Some(field) = [(bank_id.is_some(), "bank_id"), (account_number.is_some(), "account_number")].iter().find(|c| c.0).map(|c| c.1)
                {
                    return Err(Error::validation(field, "applies to transfer_to \"bank\" only; this payout is \"mobile_money\""));
                }
                TransferTo::MobileMoney { phone_number }
            }
            "bank" => {
                if phone_number.is_some() {
                    return Err(Error::validation("momo_phone_number", "applies to transfer_to \"mobile_money\" only; this payout is \"bank\""));
                }
                TransferTo::Bank {
                    bank_id: bank_id.ok_or_else(|| Error::validation("bank_id", "is required when transfer_to is \"bank\""))?,
                    account_number: account_number.ok_or_else(|| Error::validation("account_number", "is required when transfer_to is \"bank\""))?,
                }
            }
            _ => return Err(Error::validation("transfer_to", "must be \"mobile_money\" or \"bank\"")),
        };
        Ok(PayoutParams { amount, country_id, transfer_to, webhook_url, narration })
    }
}

/// Splits the params of a charge (init and pay fields in one object) into
/// the two, refusing a key that belongs to neither.
///
/// Errors: a validation error naming the unknown, missing or mistyped field.
pub fn charge_from_members(members: Members) -> Result<(InitializeParams, PayParams), Error> {
    let (mut init, mut pay) = (Members::default(), Members::default());
    for (key, value) in members.0 {
        if INIT_KEYS.contains(&key.as_str()) {
            init.0.push((key, value));
        } else if PAY_KEYS.contains(&key.as_str()) {
            pay.0.push((key, value));
        } else {
            let expected = INIT_KEYS.iter().chain(PAY_KEYS).copied().collect::<Vec<_>>().join(", ");
            return Err(Error::validation("params", format!("has an unknown field `{key}`; expected one of: {expected}")));
        }
    }
    Ok((InitializeParams::from_members(init)?, PayParams::from_members(pay)?))
}

/// Reads any params type from JSON text, as the native tests and fuzz targets do.
pub fn from_json<P>(text: &str, read: fn(Members) -> Result<P, Error>) -> Result<P, Error> {
    read(members(serde_json::from_str(text))?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
