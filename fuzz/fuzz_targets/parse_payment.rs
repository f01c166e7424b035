//! Response parsing on an arbitrary HTTP status and body: never panics, and
//! succeeds only for a 2xx success envelope whose `data.status` and
//! `data.reference` are what the payment reports (checked with serde_json).
//! The npm build's "is this JSON" check (`json_text`, before `JSON.parse`)
//! accepts exactly the bodies the native reader parses.
//!
//! Input: `status \n body…` (the status line in decimal; unparseable is 200).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vesicash_edge::response;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (std::str::from_utf8(&data[..i]).ok().and_then(|s| s.trim().parse::<u16>().ok()).unwrap_or(200), &data[i + 1..]),
        None => (200, data),
    };
    if let Ok(text) = std::str::from_utf8(body) {
        let checked = response::json_text::<Value>(body).is_ok();
        let native = !text.trim().is_empty() && serde_json::from_str::<Value>(text).is_ok();
        assert_eq!(checked, native, "the npm build's JSON check and the native reader disagree");
    }
    let result = response::parse_payment(status, body);
    let with_id = response::parse_payment_with(status, body, Some("req_fuzz"));
    assert_eq!(result.is_ok(), with_id.is_ok());
    if let Ok(payment) = result {
        assert!((200..300).contains(&status), "accepted HTTP {status}");
        let v: Value = serde_json::from_slice(body).expect("accepted a body that is not JSON");
        assert_eq!(v["status"], "success", "accepted an envelope whose status is not \"success\"");
        assert_eq!(v["data"]["status"].as_str(), Some(payment.status.as_str()));
        assert_eq!(v["data"]["reference"].as_str(), Some(payment.reference.as_str()));
        let _ = payment.outcome();
        let _ = payment.head();
    } else if let Err(e) = result {
        let _ = e.to_string();
        let _ = e.code();
    }
});
