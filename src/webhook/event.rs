//! The payload of a verified webhook: `{ "event": …, "data": <payment> }`
//! \[assumed\]. Unknown events, statuses and fields are kept, never refused.

use super::WebhookError;
use crate::json;
use crate::response::{Outcome, Payment};
use serde_json::{Map, Value};

/// A verified webhook event: `{ event, data }` with the wire's snake_case
/// fields; unknown fields are kept.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct WebhookEvent {
    /// The event name as sent (`payment.updated`, or one this crate does not know).
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::WebhookEventName"))]
    pub event: String,
    /// The payment, in the shape of the status endpoint's `data`.
    pub data: Payment,
    /// Every other top-level field, as sent.
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub extra: Map<String, Value>,
}

impl WebhookEvent {
    /// Where the payment stands. The status endpoint stays the source of
    /// truth: deliveries can repeat and arrive out of order.
    pub fn outcome(&self) -> Outcome {
        self.data.outcome()
    }
}

fn invalid(reason: impl Into<String>) -> WebhookError {
    WebhookError::InvalidPayload { reason: reason.into() }
}

/// Checks the body is a payment event and returns it as text. The wasm
/// bindings stop here (JS parses the text it already holds); [`parse`]
/// builds the typed event from the same checked text, so both accept
/// exactly the same bodies. Duplicate keys: the last wins, as in `JSON.parse`.
pub(crate) fn check(body: &[u8]) -> Result<&str, WebhookError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        let mut m = String::from("the body is not UTF-8 text (invalid byte at offset ");
        super::error::push_u64(&mut m, e.valid_up_to() as u64);
        invalid(m + ")")
    })?;
    if text.trim().is_empty() {
        return Err(invalid("the body is empty"));
    }
    let members = json::object(text).map_err(|e| invalid(String::from("the body is ") + &e.describe()))?;
    let event = json::get(&members, "event").ok_or_else(|| invalid("`event` is missing"))?;
    if json::string(event).is_none() {
        return Err(invalid("`event` is not a string"));
    }
    let data = json::get(&members, "data").ok_or_else(|| invalid("`data` is missing"))?;
    let data = json::object(data).map_err(|_| invalid("`data` is not an object"))?;
    for (field, missing, not_string) in [
        ("reference", "`data.reference` is missing", "`data.reference` is not a string"),
        ("status", "`data.status` is missing", "`data.status` is not a string"),
    ] {
        match json::get(&data, field) {
            None => return Err(invalid(missing)),
            Some(raw) if json::string(raw).is_none() => return Err(invalid(not_string)),
            Some(_) => {}
        }
    }
    Ok(text)
}

/// Checks the body like [`check`] and builds the typed event.
pub(crate) fn parse(body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    let text = check(body)?;
    let reparse = |e: serde_json::Error| invalid(format!("the body is not valid JSON ({e})")); // native only
    let mut top: Map<String, Value> = serde_json::from_str(text).map_err(reparse)?;
    let (Some(Value::String(event)), Some(Value::Object(mut data))) = (top.remove("event"), top.remove("data")) else {
        return Err(invalid("`event` or `data` has the wrong type"));
    };
    let (Some(Value::String(reference)), Some(Value::String(status))) = (data.remove("reference"), data.remove("status")) else {
        return Err(invalid("`data.reference` or `data.status` is not a string"));
    };
    let data = Payment::from_members(reference, status, data);
    Ok(WebhookEvent { event, data, extra: top })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unknowns() {
        let body = br#"{"event":"payout.later","id":"evt_1","data":{"reference":"PY_1","status":"on_hold","currency":7,"amount":1.3,"new":[1]}}"#;
        let e = parse(body).unwrap();
        assert_eq!((e.event.as_str(), e.data.status.as_str()), ("payout.later", "on_hold"));
        assert_eq!(e.outcome(), Outcome::Pending);
        assert_eq!(e.extra["id"], "evt_1");
        assert_eq!(e.data.currency, None);
        assert_eq!(e.data.extra["currency"], 7);
        assert_eq!(e.data.extra["new"], serde_json::json!([1]));
        assert_eq!(e.data.amount, Some(serde_json::json!(1.3)));
    }

    #[test]
    fn refuses_non_events() {
        for (body, says) in [
            (&b"\xff{}"[..], "UTF-8"),
            (b"", "empty"),
            (b"{}", "`event` is missing"),
            (br#"{"event":1,"data":{}}"#, "`event` is not a string"),
            (br#"{"event":"x"}"#, "`data` is missing"),
            (br#"{"event":"x","data":[1]}"#, "`data` is not an object"),
            (br#"{"event":"x","data":{"status":"pending"}}"#, "`data.reference` is missing"),
            (br#"{"event":"x","data":{"reference":"r","status":null}}"#, "`data.status` is not a string"),
            (br#"[{"event":"x"}]"#, "not an object"),
            (br#"{"event":"x","data":{"reference":"r","status":"s"}"#, "truncated"),
        ] {
            let e = parse(body).unwrap_err();
            assert_eq!(e.code(), "invalid_payload");
            assert!(e.to_string().contains(says), "{e} should say {says}");
        }
    }

    #[test]
    fn last_duplicate_wins_like_json_parse() {
        let e = parse(br#"{"event":"a","event":"b","data":{"reference":1,"reference":"r","status":"s"}}"#).unwrap();
        assert_eq!((e.event.as_str(), e.data.reference.as_str()), ("b", "r"));
    }
}
