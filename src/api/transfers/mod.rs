//! Transfers, the calls that send money out: refunds of a payment and
//! payouts to a phone or a bank account. The request builders here; what
//! they answer and what their webhooks carry in [`answers`]; the reading of
//! their params objects in [`params`]. Each builder validates its input and
//! yields a [`Request`]; nothing here performs I/O.
//!
//! Neither request carries a key that lets Vesicash recognise a repeat, so
//! the engine never re-sends one that may have been processed
//! ([`crate::core::policy::CallKind::Transfer`]).

pub mod answers;
pub mod params;

use crate::core::amount::Amount;
use crate::core::config::Config;
use crate::core::error::Error;
use crate::core::fields::{self, MAX_TEXT_CHARS};
use crate::core::request::{both_keys, json_body, Method, Request};
use serde::Serialize;

/// Path of the refund call. \[doc\]
pub const REFUND_PATH: &str = "/v1/payment/refunds/process";
/// Path of the payout call. \[doc\]
pub const PAYOUT_PATH: &str = "/v1/payment/payouts/process";
/// Longest refund reason accepted, in characters. \[assumed\]: not documented.
pub const MAX_REASON_CHARS: usize = 255;
/// The one `transfer_to` of a refund the current "Initiate a Refund" page
/// documents ("currently supports `mobile_number`"). \[doc\]
pub const REFUND_TRANSFER_TO: &str = "mobile_number";
/// Whether a refund naming none of `country_id`, `transfer_to` and
/// `momo_phone_number` is sent with the older "Refund" page's body
/// (`amount`, `payment_reference`, `reason`, `webhook_url`) rather than
/// refused. \[assumed\]: the current page lists the three fields, but the
/// older page documents that body, a refund of a mobile-money payment can
/// only go back to the wallet Vesicash already holds for `payment_reference`,
/// and every caller written against 0.1 of this package sends it. Set it to
/// `false` once Vesicash confirms the fields are required.
pub const REFUND_LEGACY_BODY_ALLOWED: bool = true;
/// The name of the country field a payout body carries: the payout pages
/// write both `countryId` (the body's field list and example) and
/// `country_id`; the field list's spelling is sent. \[doc\], the choice \[assumed\].
pub const PAYOUT_COUNTRY_FIELD: &str = "countryId";
/// Whether a mobile-money payout must name `momo_phone_number`. \[assumed\]:
/// the contract marks it optional, but a mobile-money payout has nowhere to
/// go without it; refusing it here sends nothing that cannot succeed.
pub const MOMO_PHONE_REQUIRED: bool = true;

/// The body of `POST /v1/payment/refunds/process`: a full or partial refund.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RefundParams {
    /// The payment to refund (its `reference`).
    pub payment_reference: String,
    /// How much to refund, in major units: at most what is left of the
    /// payment (Vesicash checks; partial refunds are allowed). A number or a
    /// decimal string, exact to 2 decimals.
    #[cfg_attr(feature = "typescript", ts(type = "number | string"))]
    pub amount: Amount,
    /// Why, for the records.
    pub reason: String,
    /// Where Vesicash POSTs `refund.updated`.
    pub webhook_url: String,
    /// The `id` of the payment's country from `GET /v1/countries`, sent as
    /// a string (the current "Initiate a Refund" page). With
    /// `momo_phone_number`; both or neither.
    #[cfg_attr(feature = "typescript", ts(optional, type = "number | string"))]
    pub country_id: Option<String>,
    /// Where the refund goes: only `"mobile_number"` (the current page), the
    /// default when `momo_phone_number` is given.
    #[cfg_attr(feature = "typescript", ts(optional, type = "\"mobile_number\""))]
    pub transfer_to: Option<String>,
    /// The wallet to refund: E.164 digits without `+` (`233211111111`), per
    /// the current page. With `country_id`; both or neither.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub momo_phone_number: Option<String>,
}

/// Where a payout goes: in JavaScript, `transfer_to` with the fields of its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(tag = "transfer_to", rename_all = "snake_case"))]
pub enum TransferTo {
    /// `mobile_money`: to a wallet, by phone number.
    MobileMoney {
        /// The wallet's phone number (`momo_phone_number`).
        #[cfg_attr(feature = "typescript", ts(rename = "momo_phone_number", as = "String"))]
        phone_number: Option<String>,
    },
    /// `bank`: to a bank account.
    Bank {
        /// The bank's id (`bank_id`): a positive integer or a non-empty string.
        #[cfg_attr(feature = "typescript", ts(type = "number | string"))]
        bank_id: BankId,
        /// The account number.
        account_number: String,
    },
}

/// A bank's id as Vesicash gives it. \[assumed\]: the contract names the
/// field without its type; both forms are sent back as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankId {
    /// A numeric id.
    Number(u64),
    /// A textual id.
    Text(String),
}

/// The body of `POST /v1/payment/payouts/process`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PayoutParams {
    /// How much to pay out, in major units: a number or a decimal string.
    #[cfg_attr(feature = "typescript", ts(type = "number | string"))]
    pub amount: Amount,
    /// The `id` of a country from `GET /v1/countries`.
    // Declared for TypeScript by `crate::typescript::PayoutCountry`: JS
    // may spell it `countryId` or `country_id` (see `params`).
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub country_id: u64,
    /// Where the money goes.
    #[cfg_attr(feature = "typescript", ts(flatten))]
    pub transfer_to: TransferTo,
    /// Where Vesicash POSTs `payout.updated`.
    pub webhook_url: String,
    /// What the payout is for, if you say.
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub narration: Option<String>,
}

/// Builds `POST /v1/payment/refunds/process` with both keys.
///
/// Errors: a validation error naming the first invalid field.
pub fn refund(config: &Config, params: &RefundParams) -> Result<Request, Error> {
    fields::reference_in("payment_reference", &params.payment_reference, 1)?;
    fields::text("reason", &params.reason, MAX_REASON_CHARS, true)?;
    fields::absolute_url("webhook_url", &params.webhook_url)?;
    let body = match refund_destination(params)? {
        // Field order as in the older "Refund" page's example.
        None => json_body(&RefundBody {
            amount: params.amount,
            payment_reference: &params.payment_reference,
            reason: &params.reason,
            webhook_url: &params.webhook_url,
        })?,
        // Field order as the current "Initiate a Refund" page lists them.
        Some((country_id, phone)) => json_body(&RefundToBody {
            amount: params.amount,
            payment_reference: &params.payment_reference,
            country_id,
            transfer_to: REFUND_TRANSFER_TO,
            momo_phone_number: phone,
            webhook_url: &params.webhook_url,
            reason: &params.reason,
        })?,
    };
    Ok(Request { method: Method::Post, url: format!("{}{REFUND_PATH}", config.base_url()), headers: both_keys(config, true), body: Some(body) })
}

/// The current page's destination of a refund, `(country_id, momo_phone_number)`
/// once checked; none for the older body.
fn refund_destination(params: &RefundParams) -> Result<Option<(&str, &str)>, Error> {
    if let Some(to) = &params.transfer_to {
        if to != REFUND_TRANSFER_TO {
            return Err(Error::validation(
                "transfer_to",
                format!("must be \"{REFUND_TRANSFER_TO}\" (the only destination Vesicash documents for refunds)"),
            ));
        }
    }
    match (params.country_id.as_deref(), params.momo_phone_number.as_deref()) {
        (None, None) if params.transfer_to.is_none() && REFUND_LEGACY_BODY_ALLOWED => Ok(None),
        (None, _) => {
            Err(Error::validation("country_id", "is required with momo_phone_number: the id of the payment's country from countries.list()"))
        }
        (Some(_), None) => Err(Error::validation("momo_phone_number", "is required with country_id: the wallet to refund, E.164 digits without +")),
        (Some(country), Some(phone)) => {
            if country.is_empty() || country.len() > 19 || !country.bytes().all(|b| b.is_ascii_digit()) || country.bytes().all(|b| b == b'0') {
                return Err(Error::validation("country_id", "must be the id of a country from countries.list() (a positive whole number)"));
            }
            e164_digits("momo_phone_number", phone)?;
            Ok(Some((country, phone)))
        }
    }
}

/// A phone number as E.164 digits without `+`: a country code (never 0) then 8 to 15 digits in all.
fn e164_digits(field: &'static str, phone: &str) -> Result<(), Error> {
    let ok = (8..=15).contains(&phone.len()) && phone.bytes().all(|b| b.is_ascii_digit()) && !phone.starts_with('0');
    if ok {
        Ok(())
    } else {
        Err(Error::validation(field, "must be E.164 digits without + (country code first, 8 to 15 digits, e.g. 233211111111)"))
    }
}

/// Builds `POST /v1/payment/payouts/process` with both keys.
///
/// Errors: a validation error naming the first invalid field.
pub fn payout(config: &Config, params: &PayoutParams) -> Result<Request, Error> {
    if params.country_id == 0 {
        return Err(Error::validation("countryId", "must be the id of a country from countries.list() (a positive integer)"));
    }
    fields::absolute_url("webhook_url", &params.webhook_url)?;
    if let Some(narration) = &params.narration {
        fields::text("narration", narration, fields::MAX_NARRATION_CHARS, false)?;
    }
    let mut body = PayoutBody {
        amount: params.amount,
        country_id: params.country_id,
        transfer_to: params.transfer_to.as_str(),
        webhook_url: &params.webhook_url,
        narration: params.narration.as_deref(),
        momo_phone_number: None,
        bank_id: None,
        account_number: None,
    };
    match &params.transfer_to {
        TransferTo::MobileMoney { phone_number: Some(phone) } => {
            fields::phone_in("momo_phone_number", phone)?;
            body.momo_phone_number = Some(phone);
        }
        TransferTo::MobileMoney { phone_number: None } if MOMO_PHONE_REQUIRED => {
            return Err(Error::validation("momo_phone_number", "is required when transfer_to is \"mobile_money\""));
        }
        TransferTo::MobileMoney { phone_number: None } => {}
        TransferTo::Bank { bank_id, account_number } => {
            body.bank_id = Some(match bank_id {
                BankId::Number(0) => return Err(Error::validation("bank_id", "must be a positive integer or a non-empty string")),
                BankId::Number(n) => WireBankId::Number(*n),
                BankId::Text(t) => {
                    fields::text("bank_id", t, MAX_TEXT_CHARS, true)?;
                    WireBankId::Text(t)
                }
            });
            fields::text("account_number", account_number, MAX_TEXT_CHARS, true)?;
            body.account_number = Some(account_number);
        }
    }
    Ok(Request {
        method: Method::Post,
        url: format!("{}{PAYOUT_PATH}", config.base_url()),
        headers: both_keys(config, true),
        body: Some(json_body(&body)?),
    })
}

/// The wire body of the refund call without a destination (the older page's).
#[derive(Serialize)]
struct RefundBody<'a> {
    amount: Amount,
    payment_reference: &'a str,
    reason: &'a str,
    webhook_url: &'a str,
}

/// The wire body of the refund call to a wallet (the current page's order).
#[derive(Serialize)]
struct RefundToBody<'a> {
    amount: Amount,
    payment_reference: &'a str,
    country_id: &'a str,
    transfer_to: &'a str,
    momo_phone_number: &'a str,
    webhook_url: &'a str,
    reason: &'a str,
}

/// The wire body of the payout call, members in this order; the last three
/// depend on `transfer_to`.
#[derive(Serialize)]
struct PayoutBody<'a> {
    amount: Amount,
    // PAYOUT_COUNTRY_FIELD: serde's `rename` takes only a literal, so the
    // test `the_payout_country_field_is_the_constant` ties the two.
    #[serde(rename = "countryId")]
    country_id: u64,
    transfer_to: &'a str,
    webhook_url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    narration: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    momo_phone_number: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bank_id: Option<WireBankId<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_number: Option<&'a str>,
}

/// A bank id as sent: a JSON number or string, as received.
#[derive(Serialize)]
#[serde(untagged)]
enum WireBankId<'a> {
    Number(u64),
    Text(&'a str),
}

impl TransferTo {
    /// The wire spelling of `transfer_to`.
    pub fn as_str(&self) -> &'static str {
        match self {
            TransferTo::MobileMoney { .. } => "mobile_money",
            TransferTo::Bank { .. } => "bank",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new("morPub_test_p", "morSec_test_s").unwrap().with_base_url("http://127.0.0.1:9").unwrap()
    }

    #[test]
    fn refund_matches_the_documented_example() {
        let p = RefundParams {
            payment_reference: "PY_c77f7bff21514bdf9dfe9f1b2".into(),
            amount: "0.10".parse().unwrap(),
            reason: "damaged".into(),
            webhook_url: "https://shop.example/hooks/vesicash".into(),
            country_id: None,
            transfer_to: None,
            momo_phone_number: None,
        };
        let r = refund(&config(), &p).unwrap();
        assert_eq!((r.method, r.url.as_str()), (Method::Post, "http://127.0.0.1:9/v1/payment/refunds/process"));
        assert_eq!(r.header("secret-key"), Some("morSec_test_s"));
        assert_eq!(r.header("public-key"), Some("morPub_test_p"));
        assert_eq!(
            r.body.as_deref().unwrap(),
            r#"{"amount":0.1,"payment_reference":"PY_c77f7bff21514bdf9dfe9f1b2","reason":"damaged","webhook_url":"https://shop.example/hooks/vesicash"}"#
        );
        for (field, mutate) in [
            ("payment_reference", (|p: &mut RefundParams| p.payment_reference = "PY/../x".into()) as fn(&mut RefundParams)),
            ("reason", |p| p.reason = " ".into()),
            ("webhook_url", |p| p.webhook_url = "/hooks".into()),
        ] {
            let mut bad = p.clone();
            mutate(&mut bad);
            assert_eq!(refund(&config(), &bad).unwrap_err().field(), Some(field));
        }
    }

    #[test]
    fn refund_with_the_current_pages_destination() {
        // The current "Initiate a Refund" page's fields, its example wallet (docs/contract.md).
        let p = RefundParams {
            payment_reference: "PY_c77f7bff21514bdf9dfe9f1b2".into(),
            amount: "0.10".parse().unwrap(),
            reason: "damaged".into(),
            webhook_url: "https://shop.example/hooks/vesicash".into(),
            country_id: Some("2".into()),
            transfer_to: None,
            momo_phone_number: Some("233211111111".into()),
        };
        assert_eq!(
            refund(&config(), &p).unwrap().body.as_deref().unwrap(),
            r#"{"amount":0.1,"payment_reference":"PY_c77f7bff21514bdf9dfe9f1b2","country_id":"2","transfer_to":"mobile_number","momo_phone_number":"233211111111","webhook_url":"https://shop.example/hooks/vesicash","reason":"damaged"}"#
        );
        let with_to = RefundParams { transfer_to: Some("mobile_number".into()), ..p.clone() };
        assert_eq!(refund(&config(), &with_to).unwrap().body, refund(&config(), &p).unwrap().body);
        for (field, mutate) in [
            ("transfer_to", (|p: &mut RefundParams| p.transfer_to = Some("mobile_money".into())) as fn(&mut RefundParams)),
            ("momo_phone_number", |p| p.momo_phone_number = Some("+233211111111".into())),
            ("momo_phone_number", |p| p.momo_phone_number = Some("0211111111".into())),
            ("momo_phone_number", |p| p.momo_phone_number = Some("2332111".into())),
            ("momo_phone_number", |p| p.momo_phone_number = None),
            ("country_id", |p| p.country_id = None),
            ("country_id", |p| p.country_id = Some("GH".into())),
            ("country_id", |p| p.country_id = Some("0".into())),
            ("country_id", |p| {
                p.country_id = None;
                p.momo_phone_number = None;
                p.transfer_to = Some("mobile_number".into());
            }),
        ] {
            let mut bad = p.clone();
            mutate(&mut bad);
            assert_eq!(refund(&config(), &bad).unwrap_err().field(), Some(field), "{bad:?}");
        }
    }

    #[test]
    fn payouts_to_a_phone_and_to_a_bank() {
        let mut p = PayoutParams {
            amount: "25".parse().unwrap(),
            country_id: 1,
            transfer_to: TransferTo::MobileMoney { phone_number: Some("260971234567".into()) },
            webhook_url: "https://shop.example/hooks/vesicash".into(),
            narration: Some("weekly payout".into()),
        };
        let r = payout(&config(), &p).unwrap();
        assert_eq!(r.url, "http://127.0.0.1:9/v1/payment/payouts/process");
        assert_eq!(
            r.body.as_deref().unwrap(),
            r#"{"amount":25,"countryId":1,"transfer_to":"mobile_money","webhook_url":"https://shop.example/hooks/vesicash","narration":"weekly payout","momo_phone_number":"260971234567"}"#
        );
        p.transfer_to = TransferTo::MobileMoney { phone_number: None };
        assert_eq!(payout(&config(), &p).unwrap_err().field(), Some("momo_phone_number"));
        p.transfer_to = TransferTo::MobileMoney { phone_number: Some("12 34".into()) };
        assert_eq!(payout(&config(), &p).unwrap_err().field(), Some("momo_phone_number"));
        p.transfer_to = TransferTo::Bank { bank_id: BankId::Number(44), account_number: "0012345678".into() };
        p.narration = None;
        assert_eq!(
            payout(&config(), &p).unwrap().body.as_deref().unwrap(),
            r#"{"amount":25,"countryId":1,"transfer_to":"bank","webhook_url":"https://shop.example/hooks/vesicash","bank_id":44,"account_number":"0012345678"}"#
        );
        p.transfer_to = TransferTo::Bank { bank_id: BankId::Text("ZANACO".into()), account_number: "".into() };
        assert_eq!(payout(&config(), &p).unwrap_err().field(), Some("account_number"));
        p.transfer_to = TransferTo::Bank { bank_id: BankId::Number(0), account_number: "1".into() };
        assert_eq!(payout(&config(), &p).unwrap_err().field(), Some("bank_id"));
        p.country_id = 0;
        assert_eq!(payout(&config(), &p).unwrap_err().field(), Some("countryId"));
    }

    #[test]
    fn the_payout_country_field_is_the_constant() {
        let body = PayoutBody {
            amount: "1".parse().unwrap(),
            country_id: 7,
            transfer_to: "bank",
            webhook_url: "https://shop.example/hooks/vesicash",
            narration: None,
            momo_phone_number: None,
            bank_id: None,
            account_number: None,
        };
        let json: serde_json::Value = serde_json::from_str(&crate::core::wire::to_json(&body).unwrap()).unwrap();
        assert_eq!(json.get(PAYOUT_COUNTRY_FIELD), Some(&serde_json::Value::from(7)), "{json}");
    }
}
