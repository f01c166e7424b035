//! Parsing Vesicash's `{status, code, message, data}` envelope.
//!
//! Anything a proxy may answer (empty, HTML, truncated JSON, `data: null`)
//! becomes a typed [`Error`]; unknown fields and unknown status strings are
//! kept verbatim. Nothing here panics.

use crate::error::{ApiErrorKind, Error};
use crate::json::{self, JsonError};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The envelope `status` of a successful response. \[doc\]
pub const ENVELOPE_SUCCESS: &str = "success";
/// Payment statuses read as paid. \[assumed\]: only `pending` is documented.
pub const PAID_STATUSES: &[&str] = &["successful", "success", "completed"];
/// Payment statuses read as finally failed. \[assumed\]
pub const FAILED_STATUSES: &[&str] = &["failed", "cancelled", "expired", "reversed"];

/// Where a payment stands, from its status string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Final: the money was taken.
    Paid,
    /// Final: it will not be taken.
    Failed,
    /// Not final: `pending`, or a status this crate does not know.
    Pending,
}

/// Classifies a status string (case-sensitive, as sent). Unknown strings are
/// [`Outcome::Pending`]: never final, so nothing is shipped or cancelled on a guess.
pub fn outcome(status: &str) -> Outcome {
    if PAID_STATUSES.contains(&status) {
        Outcome::Paid
    } else if FAILED_STATUSES.contains(&status) {
        Outcome::Failed
    } else {
        Outcome::Pending
    }
}

/// A payment as returned by init, pay and the status endpoint. Only
/// `reference` and `status` are required; every other field, known or not,
/// is kept as sent.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Payment {
    /// The payment reference (`PY_…`, or the caller's own).
    pub reference: String,
    /// The status string exactly as sent; see [`outcome`].
    pub status: String,
    /// Amount in major units, as sent (usually a number).
    #[serde(default)]
    pub amount: Option<Value>,
    /// ISO currency, as sent.
    #[serde(default)]
    pub currency: Option<String>,
    /// `payment_link` of init/pay (empty in the non-checkout flow).
    #[serde(default)]
    pub payment_link: Option<String>,
    /// `payment_id` of init/pay.
    #[serde(default)]
    pub payment_id: Option<Value>,
    /// Every other field (`id`, `method`, `created_at`, `environment`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Payment {
    /// Where this payment stands.
    pub fn outcome(&self) -> Outcome {
        outcome(&self.status)
    }
}

/// Parses an init, pay or status response into a [`Payment`].
///
/// Errors: [`Error::Api`] for a non-2xx status or an envelope whose `status`
/// is not `"success"`; [`Error::InvalidResponse`] for a 2xx body that is not
/// a success envelope carrying a payment.
pub fn parse_payment(http_status: u16, body: &[u8]) -> Result<Payment, Error> {
    let data = payment_data(http_status, body)?;
    serde_json::from_str(data).map_err(|e| Error::InvalidResponse { status: http_status, message: format!("`data` is not a payment object ({e})") })
}

/// Checks the response like [`parse_payment`] and returns the `data` JSON
/// text exactly as received, for the JS layer to `JSON.parse` (no copy of
/// the payment is re-serialised, so unknown fields and number text survive).
pub(crate) fn payment_data(http_status: u16, body: &[u8]) -> Result<&str, Error> {
    let data = success_data(http_status, body)?;
    // Checked here so JS and Rust accept exactly the same responses.
    let shape = |message: &str| Error::InvalidResponse { status: http_status, message: format!("`data` is not a payment object: {message}") };
    let members = json::object(data).map_err(|_| shape("not a JSON object"))?;
    for key in ["reference", "status"] {
        if json::get(&members, key).and_then(json::string).is_none() {
            return Err(shape(&format!("`{key}` is missing or not a string")));
        }
    }
    Ok(data)
}

/// The `data` of a success envelope, or the error the response stands for.
fn success_data(http_status: u16, body: &[u8]) -> Result<&str, Error> {
    let ok = (200..300).contains(&http_status);
    let invalid = |message: String| {
        if ok || !(400..600).contains(&http_status) {
            Error::InvalidResponse { status: http_status, message }
        } else {
            api_error(http_status, None, message)
        }
    };
    let text = std::str::from_utf8(body).map_err(|_| invalid("body is not UTF-8 text".into()))?;
    if text.trim().is_empty() {
        return Err(invalid("body is empty".into()));
    }
    let envelope = json::object(text).map_err(|e| invalid(describe_non_json(text, e)))?;
    let field = |key| json::get(&envelope, key);
    let message = field("message").and_then(json::string).filter(|m| !m.is_empty()).map_or_else(|| "no message".into(), |m| m.into_owned());
    let api_code = field("code").and_then(|c| c.parse::<i64>().ok());
    if !ok {
        if !(400..600).contains(&http_status) {
            return Err(invalid(format!("unexpected HTTP status; message: {message}")));
        }
        return Err(api_error(http_status, api_code, message));
    }
    match field("status") {
        Some(s) if json::string(s).as_deref() == Some(ENVELOPE_SUCCESS) => {}
        Some(other) => {
            return Err(Error::Api { kind: ApiErrorKind::Server, status: http_status, api_code, message: format!("envelope status {other}: {message}") })
        }
        None => return Err(Error::InvalidResponse { status: http_status, message: "body is JSON but not a Vesicash envelope (no `status`)".into() }),
    }
    match field("data") {
        Some(raw) if raw != "null" => Ok(raw),
        _ => Err(Error::InvalidResponse { status: http_status, message: "`data` is missing or null in a success response".into() }),
    }
}

fn api_error(status: u16, api_code: Option<i64>, message: String) -> Error {
    let kind = match status {
        401 => ApiErrorKind::Authentication,
        404 => ApiErrorKind::NotFound,
        400..=499 => ApiErrorKind::InvalidRequest,
        _ => ApiErrorKind::Server,
    };
    Error::Api { kind, status, api_code, message }
}

/// Says what a non-JSON body looks like, without echoing it: it may be a
/// large HTML page, or hold data that does not belong in a log.
fn describe_non_json(text: &str, e: JsonError) -> String {
    match e {
        _ if text.trim_start().starts_with('<') => "body is HTML, not JSON (probably a proxy or gateway error page)".into(),
        JsonError::NotObject => "body is not a JSON object".into(),
        JsonError::Truncated => format!("body is truncated JSON ({} bytes)", text.len()),
        e => format!("body is not valid JSON ({})", e.describe()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INIT_OK: &str = r#"{ "status": "success", "code": 200, "message": "success",
  "data": { "payment_link": "", "reference": "PY_c77f7bff21514bdf9dfe9f1b2", "payment_id": "", "status": "pending" } }"#;

    #[test]
    fn documented_init_response() {
        let p = parse_payment(200, INIT_OK.as_bytes()).unwrap();
        assert_eq!(p.reference, "PY_c77f7bff21514bdf9dfe9f1b2");
        assert_eq!(p.status, "pending");
        assert_eq!(p.payment_link.as_deref(), Some(""));
        assert_eq!(p.outcome(), Outcome::Pending);
        assert!(payment_data(200, INIT_OK.as_bytes()).unwrap().starts_with("{ \"payment_link\""));
    }

    #[test]
    fn documented_status_response_keeps_every_field() {
        let body = r#"{"status":"success","code":200,"message":"success","data":{"id":12,"amount":1.3,"type":"payment","method":"mobilemoney","status":"successful","currency":"ZMW","reference":"PY_x","business_id":7,"created_at":"2026-11-27T10:00:00Z","environment":"test","redirect_url":"https://shop.example/done","email":"","customer_first_name":"Ada","customer_last_name":"","phone_number":"260971234567","brand_new_field":[1]}}"#;
        let p = parse_payment(200, body.as_bytes()).unwrap();
        assert_eq!(p.outcome(), Outcome::Paid);
        assert_eq!(p.amount, Some(serde_json::json!(1.3)));
        assert_eq!(p.extra["environment"], "test");
        assert_eq!(p.extra["brand_new_field"], serde_json::json!([1]));
    }

    #[test]
    fn statuses() {
        assert_eq!(outcome("failed"), Outcome::Failed);
        assert_eq!(outcome("completed"), Outcome::Paid);
        assert_eq!(outcome("weird_new_state"), Outcome::Pending);
        assert_eq!(outcome("SUCCESSFUL"), Outcome::Pending);
    }

    #[test]
    fn error_statuses_map_to_codes() {
        let body = br#"{"status":"error","code":401,"message":"invalid secret key","data":null}"#;
        let e = parse_payment(401, body).unwrap_err();
        assert_eq!((e.code(), e.status()), ("authentication_error", Some(401)));
        assert!(e.to_string().contains("invalid secret key"));
        assert_eq!(parse_payment(404, br#"{"status":"error","message":"not found"}"#).unwrap_err().code(), "not_found");
        let e = parse_payment(400, br#"{"status":"error","code":400,"message":"reference already exists","data":null}"#).unwrap_err();
        assert_eq!(e.code(), "invalid_request");
        assert!(matches!(e, Error::Api { api_code: Some(400), .. }));
        assert_eq!(parse_payment(503, b"").unwrap_err().code(), "api_error");
    }

    #[test]
    fn proxy_bodies_are_typed_errors() {
        let cases: &[(u16, &[u8], &str, &str)] = &[
            (200, b"", "invalid_response", "empty"),
            (200, b"  \n", "invalid_response", "empty"),
            (502, b"<html><body>Bad gateway</body></html>", "api_error", "HTML"),
            (200, b"<!doctype html>", "invalid_response", "HTML"),
            (200, br#"{"status":"success","data":{"refer"#, "invalid_response", "truncated"),
            (200, br#"{"status":"success","code":200,"message":"success","data":null}"#, "invalid_response", "null"),
            (200, br#"{"status":"success"}"#, "invalid_response", "null"),
            (200, br#"{"status":"success","data":{"reference":"PY_1"}}"#, "invalid_response", "status"),
            (200, br#"{"status":"success","data":[1,2]}"#, "invalid_response", "payment object"),
            (200, br#"{"status":"failed","message":"nope","data":null}"#, "api_error", "nope"),
            (200, br#"[1,2,3]"#, "invalid_response", "not a JSON object"),
            (200, br#"{"status":"success","data":{"reference":"PY_1","status":"pending"}"#, "invalid_response", "truncated"),
            (200, br#"{"status":"success",}"#, "invalid_response", "not valid JSON"),
            (200, br#"{"data":{}}"#, "invalid_response", "no `status`"),
            (200, b"\xff\xfe", "invalid_response", "UTF-8"),
            (302, b"", "invalid_response", "empty"),
        ];
        for (status, body, code, says) in cases {
            let e = parse_payment(*status, body).unwrap_err();
            assert_eq!(e.code(), *code, "{}", String::from_utf8_lossy(body));
            assert!(e.to_string().contains(says), "{e} should say {says}");
        }
    }
}
