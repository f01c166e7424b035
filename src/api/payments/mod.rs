//! Payments: the request builders of the three calls of the non-checkout
//! flow, initialise, pay (the push prompt) and get (status), here; the
//! [`Payment`](answer::Payment) they answer in [`answer`]; the list of
//! payments in [`list`]; the reading of their params objects in [`params`].
//! Each builder validates its input and yields a [`Request`]; nothing here
//! performs I/O.

pub mod answer;
pub mod list;
pub mod params;

use crate::core::amount::Amount;
use crate::core::config::{Config, PUBLIC_KEY_HEADER};
use crate::core::error::Error;
use crate::core::fields::{self, PaymentMethod, MAX_TEXT_CHARS};
use crate::core::request::{both_keys, encode_path_segment, json_body, Method, Request};
use serde::Serialize;

/// Path of the initialise call. \[doc\]
pub const INIT_PATH: &str = "/v1/payment/init";
/// Path prefix of the pay call, followed by the reference. \[doc\]
pub const PAY_PATH: &str = "/v1/payment/pay/";
/// Path prefix of the status call, followed by the reference. \[doc\]
pub const GET_PATH: &str = "/v1/payment/";
/// Whether pay fills an absent `account_number` with the phone number.
/// \[assumed\]: for mobile money the wallet number is the phone number, and
/// some operators read `account_number`.
pub const ACCOUNT_NUMBER_DEFAULTS_TO_PHONE: bool = true;

/// Whether the status endpoint shows the `phone_number` of a payment once pay
/// has reached Vesicash. \[assumed\]: the documented status response carries
/// `phone_number`; an ambiguous pay that reads it back recorded counts as landed.
pub const PAY_RECORDS_PHONE_NUMBER: bool = true;

/// The body of `POST /v1/payment/init`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct InitializeParams {
    /// Amount in major units, at most 2 decimals: `1.3` or `"1.30"` (a
    /// string keeps the exact decimal digits; a number is read from its
    /// shortest decimal text, so `0.1 + 0.2` is refused, never rounded).
    #[cfg_attr(feature = "typescript", ts(type = "number | string"))]
    pub amount: Amount,
    /// ISO currency, three uppercase letters (`ZMW`, `GHS`).
    pub currency: String,
    /// ISO country, two uppercase letters (`ZM`, `GH`).
    pub country: String,
    /// What the payment is for; shown to the customer.
    pub narration: String,
    /// `mobilemoney` or `card`.
    pub method: PaymentMethod,
    /// Where Vesicash POSTs status changes.
    pub webhook_url: String,
    /// Where a checkout would send the customer afterwards.
    pub redirect_url: String,
    /// Your own reference (10–100 of `A-Za-z0-9-_.~`). Choose it before the
    /// first attempt and reuse it on retries: that makes init safe to retry.
    /// When omitted, the JS client generates one (`vx_…`) before the first
    /// attempt; a failed call's `err.reference` carries it either way.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub reference: Option<String>,
}

/// The body of `POST /v1/payment/pay/:reference`. Only `phone_number` is required.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PayParams {
    /// The customer's mobile-money number: 9–15 digits, optional leading `+`.
    pub phone_number: String,
    /// The customer's email, or empty.
    #[cfg_attr(feature = "typescript", ts(as = "Option<String>", optional))]
    pub email: String,
    /// The customer's first name, or empty.
    #[cfg_attr(feature = "typescript", ts(as = "Option<String>", optional))]
    pub customer_first_name: String,
    /// The customer's last name, or empty.
    #[cfg_attr(feature = "typescript", ts(as = "Option<String>", optional))]
    pub customer_last_name: String,
    /// The customer's city, or empty.
    #[cfg_attr(feature = "typescript", ts(as = "Option<String>", optional))]
    pub customer_city: String,
    /// The wallet/account number; empty or absent means the phone number
    /// (see [`ACCOUNT_NUMBER_DEFAULTS_TO_PHONE`]).
    #[cfg_attr(feature = "typescript", ts(as = "Option<String>", optional))]
    pub account_number: String,
}

/// Builds `POST /v1/payment/init` with both keys.
///
/// Errors: a validation error naming the first invalid field.
pub fn initialize(config: &Config, params: &InitializeParams) -> Result<Request, Error> {
    fields::currency(&params.currency)?;
    fields::country(&params.country)?;
    fields::narration(&params.narration)?;
    fields::absolute_url("webhook_url", &params.webhook_url)?;
    fields::absolute_url("redirect_url", &params.redirect_url)?;
    if let Some(reference) = &params.reference {
        fields::new_reference(reference)?;
    }
    let body = InitBody {
        currency: &params.currency,
        country: &params.country,
        narration: &params.narration,
        method: params.method.as_str(),
        amount: params.amount,
        webhook_url: &params.webhook_url,
        redirect_url: &params.redirect_url,
        reference: params.reference.as_deref(),
    };
    Ok(Request {
        method: Method::Post,
        url: format!("{}{INIT_PATH}", config.base_url()),
        headers: both_keys(config, true),
        body: Some(json_body(&body)?),
    })
}

/// The wire body of the initialise call, in the field order of Vesicash's
/// documented example; the amount is a JSON number with its exact decimal digits.
#[derive(Serialize)]
struct InitBody<'a> {
    currency: &'a str,
    country: &'a str,
    narration: &'a str,
    method: &'a str,
    amount: Amount,
    webhook_url: &'a str,
    redirect_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<&'a str>,
}

/// The wire body of the pay call, in the field order of Vesicash's
/// documented mobile-money example; every key is sent, empty when unknown,
/// as that example does.
#[derive(Serialize)]
struct PayBody<'a> {
    email: &'a str,
    customer_first_name: &'a str,
    customer_last_name: &'a str,
    customer_city: &'a str,
    account_number: &'a str,
    phone_number: &'a str,
}

/// Builds `POST /v1/payment/pay/:reference`, which sends the push prompt.
/// Only the public key is sent: Vesicash's non-checkout page lists no secret
/// key for this call (docs/contract.md), and a secret never goes where it is not needed.
///
/// Errors: a validation error for the reference or any customer field.
pub fn pay(config: &Config, reference: &str, params: &PayParams) -> Result<Request, Error> {
    fields::existing_reference(reference)?;
    fields::phone_number(&params.phone_number)?;
    fields::email(&params.email)?;
    fields::text("customer_first_name", &params.customer_first_name, MAX_TEXT_CHARS, false)?;
    fields::text("customer_last_name", &params.customer_last_name, MAX_TEXT_CHARS, false)?;
    fields::text("customer_city", &params.customer_city, MAX_TEXT_CHARS, false)?;
    let account_number = if params.account_number.is_empty() && ACCOUNT_NUMBER_DEFAULTS_TO_PHONE {
        &params.phone_number
    } else {
        fields::text("account_number", &params.account_number, MAX_TEXT_CHARS, false)?;
        &params.account_number
    };
    let body = PayBody {
        email: &params.email,
        customer_first_name: &params.customer_first_name,
        customer_last_name: &params.customer_last_name,
        customer_city: &params.customer_city,
        account_number,
        phone_number: &params.phone_number,
    };
    Ok(Request {
        method: Method::Post,
        url: format!("{}{PAY_PATH}{}", config.base_url(), encode_path_segment(reference)),
        headers: vec![(PUBLIC_KEY_HEADER, config.public_key().to_string()), ("content-type", "application/json".into())],
        body: Some(json_body(&body)?),
    })
}

/// Builds `GET /v1/payment/:reference` (payment details and status) with both keys.
///
/// Errors: a validation error for the reference.
pub fn get(config: &Config, reference: &str) -> Result<Request, Error> {
    fields::existing_reference(reference)?;
    Ok(Request {
        method: Method::Get,
        url: format!("{}{GET_PATH}{}", config.base_url(), encode_path_segment(reference)),
        headers: both_keys(config, false),
        body: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new("morPub_test_p", "morSec_test_s").unwrap().with_base_url("http://127.0.0.1:9").unwrap()
    }

    pub(crate) fn rice() -> InitializeParams {
        InitializeParams {
            amount: "1.3".parse().unwrap(),
            currency: "ZMW".into(),
            country: "ZM".into(),
            narration: "payment for rice".into(),
            method: PaymentMethod::MobileMoney,
            webhook_url: "https://shop.example/hooks/vesicash".into(),
            redirect_url: "https://shop.example/done".into(),
            reference: None,
        }
    }

    #[test]
    fn initialize_matches_the_documented_example() {
        let r = initialize(&config(), &rice()).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "http://127.0.0.1:9/v1/payment/init");
        assert_eq!(
            r.headers,
            vec![
                ("secret-key", "morSec_test_s".to_string()),
                ("public-key", "morPub_test_p".to_string()),
                ("content-type", "application/json".to_string())
            ]
        );
        assert_eq!(
            r.body.as_deref().unwrap(),
            r#"{"currency":"ZMW","country":"ZM","narration":"payment for rice","method":"mobilemoney","amount":1.3,"webhook_url":"https://shop.example/hooks/vesicash","redirect_url":"https://shop.example/done"}"#
        );
    }

    #[test]
    fn initialize_sends_a_caller_reference_and_escapes_text() {
        let mut p = rice();
        p.reference = Some("order-0000001".into());
        p.narration = "rice \"basmati\" ✓".into();
        p.amount = "250.00".parse().unwrap();
        let body = initialize(&config(), &p).unwrap().body.unwrap();
        assert!(body.ends_with(r#","reference":"order-0000001"}"#), "{body}");
        assert!(body.contains(r#""narration":"rice \"basmati\" ✓""#), "{body}");
        assert!(body.contains(r#""amount":250,"#), "{body}");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Mutation = fn(&mut InitializeParams);
        let cases: Vec<(&str, Mutation)> = vec![
            ("currency", |p| p.currency = "zmw".into()),
            ("country", |p| p.country = "ZMB".into()),
            ("narration", |p| p.narration = "".into()),
            ("webhook_url", |p| p.webhook_url = "/hooks".into()),
            ("redirect_url", |p| p.redirect_url = "done".into()),
            ("reference", |p| p.reference = Some("short".into())),
        ];
        for (field, mutate) in cases {
            let mut p = rice();
            mutate(&mut p);
            assert_eq!(initialize(&config(), &p).unwrap_err().field(), Some(field));
        }
    }

    #[test]
    fn pay_sends_the_public_key_only() {
        let p = PayParams { phone_number: "260971234567".into(), customer_first_name: "Ada".into(), ..Default::default() };
        let r = pay(&config(), "PY_c77f7bff21514bdf9dfe9f1b2", &p).unwrap();
        assert_eq!(r.url, "http://127.0.0.1:9/v1/payment/pay/PY_c77f7bff21514bdf9dfe9f1b2");
        assert_eq!(r.header("secret-key"), None);
        assert_eq!(r.header("public-key"), Some("morPub_test_p"));
        assert_eq!(
            r.body.as_deref().unwrap(),
            r#"{"email":"","customer_first_name":"Ada","customer_last_name":"","customer_city":"","account_number":"260971234567","phone_number":"260971234567"}"#
        );
        assert_eq!(pay(&config(), "PY/../x", &p).unwrap_err().field(), Some("reference"));
        let bad = PayParams { phone_number: "097 123".into(), ..Default::default() };
        assert_eq!(pay(&config(), "PY_1", &bad).unwrap_err().field(), Some("phone_number"));
    }

    #[test]
    fn get_is_a_bodyless_get_with_both_keys() {
        let r = get(&config(), "PY_abc").unwrap();
        assert_eq!((r.method, r.url.as_str(), r.body.as_deref()), (Method::Get, "http://127.0.0.1:9/v1/payment/PY_abc", None));
        assert_eq!(r.headers.len(), 2);
        assert!(!format!("{r:?}").contains("morSec_test_s"));
        assert_eq!(get(&config(), "").unwrap_err().field(), Some("reference"));
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(encode_path_segment("a b/c%é"), "a%20b%2Fc%25%C3%A9");
        assert_eq!(encode_path_segment("PY_a-b.c~d"), "PY_a-b.c~d");
    }
}
