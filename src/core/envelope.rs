//! Reading Vesicash's `{status, code, message, data}` envelope.
//!
//! One set of rules holds in every build:
//! - what is JSON is decided by [`json_text`] alone: UTF-8 text that
//!   `serde_json` reads (RFC 8259, and no lone surrogate escape, no number
//!   beyond an f64 such as `1e400`, nesting below 128 levels). `JSON.parse`
//!   accepts all three, but their results cannot be kept natively (a Rust
//!   string holds no lone surrogate, a `serde_json` number no infinity), so
//!   the npm build asks the same question before `JSON.parse` builds the
//!   object, and both builds refuse the same bodies;
//! - a duplicate key: the last one wins (as in `JSON.parse` and `serde_json`);
//! - a `null` member reads as an absent one;
//! - in a payment only `reference` and `status` must be strings; a typed
//!   optional field (`currency`, `payment_link`) of another type is kept in
//!   `extra` as sent (as the webhook event does), never refused.
//!
//! The envelope rules live in [`check`], over an envelope however it was
//! parsed: by `serde_json` natively ([`parse_payment`]), by the host's
//! `JSON.parse` in the npm build. Anything a proxy may answer (empty, HTML, truncated JSON,
//! `data: null`) becomes a typed [`Error`]; unknown fields and unknown status
//! strings are kept verbatim. Nothing here panics.

use crate::core::error::{Error, ErrorCode};
use crate::core::scalar::Scalar;

use serde_json::Value;

/// The envelope `status` of a successful response. \[doc\]
pub const ENVELOPE_SUCCESS: &str = "success";
/// Words of a 400 answer to an initialise whose reference is taken. \[assumed\]
pub const ALREADY_EXISTS_MARKER: &str = "already exists";
/// Words of a 400 answer to pay on a payment already prompted. \[assumed\]
pub const IN_PROGRESS_MARKERS: &[&str] = &["already in progress", "already been prompted"];
/// Words of a 400 answer to pay on a payment already final (`payment is already failed`). \[assumed\]
pub const ALREADY_FINAL_MARKER: &str = "is already";
/// Words of a 404 for an unknown route (a wrong base URL), as opposed to an
/// unknown payment. \[assumed\]; a 404 that is not a Vesicash envelope at all
/// (a proxy's or framework's page) also counts as an unknown route.
pub const ROUTE_NOT_FOUND_MARKERS: &[&str] = &["route not found", "page not found"];
/// Header carrying the id of a request, for Vesicash's support. \[assumed\]
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// An envelope's members, however it was parsed; `data` in the caller's form.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope<D> {
    /// `status`: `"success"` or anything else.
    pub status: Option<Scalar>,
    /// `code`: usually the HTTP status.
    pub code: Option<Scalar>,
    /// `message`.
    pub message: Option<Scalar>,
    /// `data`, absent when missing or null.
    pub data: Option<D>,
}

/// What a response body turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Body<D> {
    /// Empty or only white space.
    Empty,
    /// Not JSON; the text says how (HTML, truncated, …).
    NotJson(String),
    /// JSON, but not an object.
    NotObject,
    /// A JSON object, read as an envelope.
    Envelope(Envelope<D>),
}

/// Says what a body that is not JSON looks like, without echoing it: it may
/// be a large HTML page, or hold data that does not belong in a log.
pub fn describe_non_json(text: &str, truncated: bool) -> String {
    if text.trim_start().starts_with('<') {
        "body is HTML, not JSON (probably a proxy or gateway error page)".into()
    } else if truncated {
        format!("body is truncated JSON ({} bytes)", text.len())
    } else {
        "body is not valid JSON".into()
    }
}

/// The `data` of a success envelope, or the error the response stands for.
/// `request_id` is the response's [`REQUEST_ID_HEADER`], carried by errors.
pub fn check<D>(http_status: u16, body: Body<D>, request_id: Option<&str>) -> Result<D, Error> {
    let ok = (200..300).contains(&http_status);
    let error_status = (400..600).contains(&http_status);
    let details = |e: Error, api_code| e.with_status(http_status).with_api_details(api_code, request_id.map(str::to_owned));
    let unreadable = |what: String| {
        if error_status {
            // A proxy's page in place of Vesicash's error: the status still says what happened.
            details(api_error(http_status, None, &what), None)
        } else {
            details(Error::new(ErrorCode::InvalidResponse, format!("unreadable response (HTTP {http_status}): {what}")), None)
        }
    };
    let envelope = match body {
        Body::Empty => return Err(unreadable("body is empty".into())),
        Body::NotJson(what) => return Err(unreadable(what)),
        Body::NotObject => return Err(unreadable("body is not a JSON object".into())),
        Body::Envelope(e) => e,
    };
    let message = match envelope.message.as_ref().and_then(Scalar::as_str) {
        // Bounded: a gateway's message may be a whole page (the engine also
        // scrubs the client's keys from it).
        Some(m) if !m.is_empty() => crate::core::redact::cut(m),
        _ => "no message".to_owned(),
    };
    let api_code = match envelope.code {
        Some(Scalar::Number(n)) if n.fract() == 0.0 && n.abs() < 1e15 => Some(n as i64),
        Some(Scalar::Str(ref s)) => s.parse().ok(),
        _ => None,
    };
    if error_status {
        return Err(details(api_error(http_status, Some(&message), &message), api_code));
    }
    if !ok {
        return Err(unreadable(format!("unexpected HTTP status; message: {message}")));
    }
    match envelope.status {
        Some(Scalar::Str(ref s)) if s == ENVELOPE_SUCCESS => {}
        Some(other) => {
            let shown = match other {
                Scalar::Str(s) => format!("{:?}", crate::core::redact::cut(&s)),
                other => other.type_name().to_owned(),
            };
            let e = Error::new(ErrorCode::Api, format!("Vesicash answered HTTP {http_status} with envelope status {shown}: {message}"));
            return Err(details(e, api_code));
        }
        None => return Err(unreadable("body is JSON but not a Vesicash envelope (no `status`)".into())),
    }
    envelope.data.ok_or_else(|| unreadable("`data` is missing or null in a success response".into()))
}

/// The error for an HTTP error status. `envelope_message` is the message of
/// a Vesicash envelope, `None` when the body was not one.
fn api_error(status: u16, envelope_message: Option<&str>, message: &str) -> Error {
    let says = |marker: &str| envelope_message.is_some_and(|m| m.to_ascii_lowercase().contains(marker));
    let (code, hint) = match status {
        401 => (ErrorCode::Authentication, " (check the public and secret keys, and that test keys are used with test payments)"),
        404 if envelope_message.is_none() || ROUTE_NOT_FOUND_MARKERS.iter().any(|m| says(m)) => {
            (ErrorCode::RouteNotFound, " (no such route: check the client's baseUrl)")
        }
        404 => (ErrorCode::NotFound, " (check the payment reference)"),
        429 => (ErrorCode::RateLimited, " (rate limited: wait before calling again)"),
        400..=499 if says(ALREADY_EXISTS_MARKER) => {
            (ErrorCode::ReferenceExists, " (the reference is taken: read that payment with payments.get, or use a new reference)")
        }
        400..=499 if IN_PROGRESS_MARKERS.iter().any(|m| says(m)) => {
            (ErrorCode::PaymentInProgress, " (the customer has already been prompted: wait for the webhook or check payments.get)")
        }
        400..=499 if says(ALREADY_FINAL_MARKER) => (ErrorCode::PaymentAlreadyFinal, " (the payment is final: check payments.get)"),
        400..=499 => (ErrorCode::InvalidRequest, ""),
        _ => (ErrorCode::Api, " (Vesicash's side)"),
    };
    Error::new(code, format!("Vesicash answered HTTP {status}: {message}{hint}"))
}

/// The text of a body that is JSON under the crate's one rule (see the
/// module's documentation), or the [`Body`] it stands for: the one judge of
/// "is this JSON" for the native reader and the npm build's alike.
pub fn json_text<D>(body: &[u8]) -> Result<&str, Body<D>> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Err(Body::NotJson("body is not UTF-8 text".into()));
    };
    if text.trim().is_empty() {
        return Err(Body::Empty);
    }
    match serde_json::from_str::<crate::core::scalar::Checked>(text) {
        Ok(_) => Ok(text),
        Err(e) => Err(Body::NotJson(describe_non_json(text, e.is_eof()))),
    }
}

/// Reads a body natively with `serde_json`, under [`json_text`]'s rule.
pub fn read_body(body: &[u8]) -> Body<Value> {
    let text = match json_text(body) {
        Ok(text) => text,
        Err(refused) => return refused,
    };
    match serde_json::from_str::<Value>(text) {
        // json_text read it already; kept for a reader that ever disagrees.
        Err(e) => Body::NotJson(describe_non_json(text, e.is_eof())),
        Ok(Value::Object(mut members)) => {
            // `null` reads as absent, as `Option` does in the npm build's reader.
            let mut member = |key: &str| members.remove(key).filter(|v| !v.is_null());
            Body::Envelope(Envelope {
                status: member("status").as_ref().map(Scalar::from),
                code: member("code").as_ref().map(Scalar::from),
                message: member("message").as_ref().map(Scalar::from),
                data: member("data"),
            })
        }
        Ok(_) => Body::NotObject,
    }
}

/// The error for a success `data` that is not a payment object.
pub fn not_a_payment(http_status: u16, why: impl std::fmt::Display) -> Error {
    not_a(http_status, "a payment object", why)
}

/// The error for a success `data` that is not `what` ("a payment object").
/// `why` is a deserialiser's message, of which only the shape is kept
/// ([`crate::core::redact::shape`]): the value that came is never echoed.
pub fn not_a(http_status: u16, what: &str, why: impl std::fmt::Display) -> Error {
    let why = crate::core::redact::shape(&why.to_string());
    Error::new(ErrorCode::InvalidResponse, format!("unreadable response (HTTP {http_status}): `data` is not {what} ({why})")).with_status(http_status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::payments::answer::{parse_payment, parse_payment_with};
    use crate::core::status::{outcome, PaymentOutcome};

    const INIT_OK: &str = r#"{ "status": "success", "code": 200, "message": "success",
  "data": { "payment_link": "", "reference": "PY_c77f7bff21514bdf9dfe9f1b2", "payment_id": "", "status": "pending" } }"#;

    #[test]
    fn documented_init_response() {
        let p = parse_payment(200, INIT_OK.as_bytes()).unwrap();
        assert_eq!(p.reference, "PY_c77f7bff21514bdf9dfe9f1b2");
        assert_eq!(p.status, "pending");
        assert_eq!(p.payment_link.as_deref(), Some(""));
        assert_eq!(p.outcome(), PaymentOutcome::Pending);
    }

    #[test]
    fn documented_status_response_keeps_every_field() {
        let body = r#"{"status":"success","code":200,"message":"success","data":{"id":12,"amount":1.3,"type":"payment","method":"mobilemoney","status":"successful","currency":"ZMW","reference":"PY_x","business_id":7,"created_at":"2026-11-27T10:00:00Z","environment":"test","redirect_url":"https://shop.example/done","email":"","customer_first_name":"Ada","customer_last_name":"","phone_number":"260971234567","brand_new_field":[1]}}"#;
        let p = parse_payment(200, body.as_bytes()).unwrap();
        assert_eq!(p.outcome(), PaymentOutcome::Paid);
        assert_eq!(p.amount, Some(serde_json::json!(1.3)));
        assert_eq!(p.environment.as_deref(), Some("test"));
        assert_eq!(p.customer_first_name.as_deref(), Some("Ada"));
        assert_eq!((p.id.as_ref(), p.business_id.as_ref()), (Some(&serde_json::json!(12)), Some(&serde_json::json!(7))));
        assert_eq!((p.kind.as_deref(), p.failure_reason.as_deref()), (Some("payment"), None));
        // Back to JSON: the same object, every field, known or not.
        let data = serde_json::from_str::<Value>(body).unwrap()["data"].clone();
        assert_eq!(serde_json::to_value(&p).unwrap(), data);
        assert_eq!(p.extra["brand_new_field"], serde_json::json!([1]));
    }

    #[test]
    fn statuses() {
        assert_eq!(outcome("failed"), PaymentOutcome::Failed);
        assert_eq!(outcome("completed"), PaymentOutcome::Paid);
        assert_eq!(outcome("weird_new_state"), PaymentOutcome::Pending);
        assert_eq!(outcome("SUCCESSFUL"), PaymentOutcome::Pending);
    }

    #[test]
    fn error_statuses_map_to_codes() {
        let body = br#"{"status":"error","code":401,"message":"invalid secret key","data":null}"#;
        let e = parse_payment(401, body).unwrap_err();
        assert_eq!((e.code().as_str(), e.status()), ("authentication_error", Some(401)));
        assert!(e.to_string().contains("invalid secret key"));
        let code = |status, body: &[u8]| parse_payment(status, body).unwrap_err().code();
        assert_eq!(code(404, br#"{"status":"error","message":"payment not found: PY_1"}"#), ErrorCode::NotFound);
        assert_eq!(code(404, br#"{"status":"error","message":"route not found: GET /v2/x"}"#), ErrorCode::RouteNotFound);
        assert_eq!(code(404, b"404 page not found"), ErrorCode::RouteNotFound);
        assert_eq!(code(404, b"<html>Not Found</html>"), ErrorCode::RouteNotFound);
        assert_eq!(code(429, br#"{"status":"error","message":"slow down"}"#), ErrorCode::RateLimited);
        assert_eq!(code(400, br#"{"status":"error","message":"payment already in progress: prompted"}"#), ErrorCode::PaymentInProgress);
        assert_eq!(code(400, br#"{"status":"error","message":"payment is already successful"}"#), ErrorCode::PaymentAlreadyFinal);
        assert_eq!(code(400, br#"{"status":"error","message":"amount must be positive"}"#), ErrorCode::InvalidRequest);
        let e = parse_payment_with(400, br#"{"status":"error","code":400,"message":"payment reference already exists","data":null}"#, Some("req_1"))
            .unwrap_err();
        assert_eq!((e.code(), e.api_code(), e.request_id()), (ErrorCode::ReferenceExists, Some(400), Some("req_1")));
        assert_eq!(code(503, b""), ErrorCode::Api);
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
            assert_eq!(e.code().as_str(), *code, "{}", String::from_utf8_lossy(body));
            assert!(e.to_string().contains(says), "{e} should say {says}");
        }
    }
}
