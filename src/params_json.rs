//! Reading request parameters from JSON text: the form in which the JS
//! package hands them over (`JSON.stringify(params)`), also usable from Rust.
//!
//! Unknown keys are refused, naming the key: a misspelt optional field such
//! as `refrence` would otherwise be dropped silently and, with it, the
//! caller's idempotency.

use crate::amount::Amount;
use crate::error::Error;
use crate::fields::PaymentMethod;
use crate::payments::{InitializeParams, PayParams};
use serde_json::{Map, Value};

const INIT_KEYS: &[&str] = &["amount", "currency", "country", "narration", "method", "webhook_url", "redirect_url", "reference"];
const PAY_KEYS: &[&str] = &["phone_number", "email", "customer_first_name", "customer_last_name", "customer_city", "account_number"];

impl InitializeParams {
    /// Reads init parameters from a JSON object. `amount` may be a number or
    /// a decimal string; `reference` may be absent or null.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_json(json: &str) -> Result<InitializeParams, Error> {
        let o = object(json, "params", INIT_KEYS)?;
        let amount = match o.get("amount") {
            Some(Value::Number(n)) => match n.as_f64() {
                Some(f) => Amount::from_f64(f)?,
                None => return Err(Error::validation("amount", "must be a finite number")),
            },
            Some(Value::String(s)) => s.parse()?,
            None | Some(Value::Null) => return Err(Error::validation("amount", "is required: a number or decimal string in major units, like 1.30")),
            Some(_) => return Err(Error::validation("amount", "must be a number or a decimal string, like 1.30")),
        };
        Ok(InitializeParams {
            amount,
            currency: required(&o, "currency")?,
            country: required(&o, "country")?,
            narration: required(&o, "narration")?,
            method: PaymentMethod::parse(&required(&o, "method")?)?,
            webhook_url: required(&o, "webhook_url")?,
            redirect_url: required(&o, "redirect_url")?,
            reference: optional(&o, "reference")?,
        })
    }
}

impl PayParams {
    /// Reads pay parameters from a JSON object; only `phone_number` is required.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_json(json: &str) -> Result<PayParams, Error> {
        let o = object(json, "params", PAY_KEYS)?;
        let text = |k| optional(&o, k).map(Option::unwrap_or_default);
        Ok(PayParams {
            phone_number: required(&o, "phone_number")?,
            email: text("email")?,
            customer_first_name: text("customer_first_name")?,
            customer_last_name: text("customer_last_name")?,
            customer_city: text("customer_city")?,
            account_number: text("account_number")?,
        })
    }
}

fn object(json: &str, what: &'static str, allowed: &[&'static str]) -> Result<Map<String, Value>, Error> {
    let o = match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(o)) => o,
        _ => return Err(Error::validation(what, "must be a plain object")),
    };
    if let Some(unknown) = o.keys().find(|k| !allowed.contains(&k.as_str())) {
        let mut message = format!("has an unknown field `{unknown}`; expected");
        for (i, k) in allowed.iter().enumerate() {
            message.push_str(if i == 0 { " " } else { ", " });
            message.push_str(k);
        }
        return Err(Error::validation(what, message));
    }
    Ok(o)
}

fn required(o: &Map<String, Value>, key: &'static str) -> Result<String, Error> {
    optional(o, key)?.ok_or_else(|| Error::validation(key, "is required"))
}

fn optional(o: &Map<String, Value>, key: &'static str) -> Result<Option<String>, Error> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Error::validation(key, "must be a string")),
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
        let base = r#""currency":"ZMW","country":"ZM","narration":"n","method":"mobilemoney","webhook_url":"https://a.b/h","redirect_url":"https://a.b/d""#;
        for (extra, field, says) in [
            (r#","amount":"1.30""#, None, ""),
            (r#","amount":null"#, Some("amount"), "required"),
            (r#","amount":true"#, Some("amount"), "number"),
            (r#","amount":0.30000000000000004"#, Some("amount"), "2 decimal"),
            (r#","amount":1,"refrence":"order-000001""#, Some("params"), "`refrence`"),
            (r#","amount":1,"reference":12345678901"#, Some("reference"), "string"),
        ] {
            let r = InitializeParams::from_json(&format!("{{{base}{extra}}}"));
            match field {
                None => assert!(r.is_ok(), "{extra}"),
                Some(f) => {
                    let e = r.unwrap_err();
                    assert_eq!(e.field(), Some(f), "{extra}");
                    assert!(e.to_string().contains(says), "{e}");
                }
            }
        }
        assert_eq!(InitializeParams::from_json("[]").unwrap_err().field(), Some("params"));
        assert_eq!(InitializeParams::from_json("{").unwrap_err().field(), Some("params"));
        assert_eq!(PayParams::from_json("{}").unwrap_err().field(), Some("phone_number"));
        assert_eq!(PayParams::from_json(r#"{"phone_number":"260971234567","email":null}"#).unwrap().email, "");
    }
}
