//! Reading the params objects of initialise, pay and charge by field name.

use crate::api::payments::{InitializeParams, PayParams};
use crate::core::error::Error;
use crate::core::fields::PaymentMethod;
use crate::core::params::{from_json, Fields};
use crate::core::scalar::Members;

const INIT_KEYS: &[&str] = &["amount", "currency", "country", "narration", "method", "webhook_url", "redirect_url", "reference"];
const PAY_KEYS: &[&str] = &["phone_number", "email", "customer_first_name", "customer_last_name", "customer_city", "account_number"];

impl InitializeParams {
    /// Reads init parameters from an object's members. `amount` may be a
    /// number or a decimal string; `reference` may be absent or null.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<InitializeParams, Error> {
        let mut f = Fields::read(members, INIT_KEYS)?;
        Ok(InitializeParams {
            amount: f.amount("amount")?,
            currency: f.required("currency")?,
            country: f.required("country")?,
            narration: f.required("narration")?,
            method: PaymentMethod::parse(&f.required("method")?)?,
            webhook_url: f.required("webhook_url")?,
            redirect_url: f.required("redirect_url")?,
            reference: f.optional("reference")?,
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
        let phone_number = f.required("phone_number")?;
        let mut text = |field| f.optional(field).map(Option::unwrap_or_default);
        Ok(PayParams {
            phone_number,
            email: text("email")?,
            customer_first_name: text("customer_first_name")?,
            customer_last_name: text("customer_last_name")?,
            customer_city: text("customer_city")?,
            account_number: text("account_number")?,
        })
    }

    /// Reads pay parameters from JSON text (see [`PayParams::from_members`]).
    pub fn from_json(text: &str) -> Result<PayParams, Error> {
        from_json(text, PayParams::from_members)
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
