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
use crate::payments::{InitializeParams, PayParams};
use crate::scalar::{Members, Scalar};

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
        let amount = match f.take(0) {
            None => return Err(Error::validation("amount", "is required: a number or decimal string in major units, like 1.30")),
            Some(Scalar::Str(text)) => text.parse()?,
            Some(Scalar::Number(n)) => Amount::from_f64(n)?,
            Some(_) => return Err(Error::validation("amount", "must be a number or a decimal string, like 1.30")),
        };
        Ok(InitializeParams {
            amount,
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
        InitializeParams::from_members(members(serde_json::from_str(text))?)
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
        PayParams::from_members(members(serde_json::from_str(text))?)
    }
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
}
