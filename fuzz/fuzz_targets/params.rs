//! Params from arbitrary JSON text, then the request builders: never panics;
//! a built request's URL is the base URL followed by the call's path, its
//! reference segment percent-safe, and an init body is JSON carrying the
//! exact amount.
//!
//! Input: `reference \n json…` (the reference is the path segment of pay/get).
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use vesicash_edge::{payments, Config, InitializeParams, PayParams};

/// A path segment holds only RFC 3986 unreserved characters and `%XX` escapes.
fn percent_safe(segment: &str) -> bool {
    let b = segment.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => i += 1,
            b'%' if i + 2 < b.len() + 0 && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() => i += 3,
            _ => return false,
        }
    }
    !segment.is_empty() && segment != "." && segment != ".."
}

fuzz_target!(|data: &[u8]| {
    let (reference, json) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (String::from_utf8_lossy(&data[..i]).into_owned(), &data[i + 1..]),
        None => (String::new(), data),
    };
    let Ok(text) = std::str::from_utf8(json) else { return };
    let configs = [
        Config::new("morPub_test_f", "morSec_test_f").expect("config"),
        Config::new("morPub_test_f", "morSec_test_f").and_then(|c| c.with_base_url("http://127.0.0.1:8790/base/")).expect("config"),
    ];
    for config in &configs {
        let base = config.base_url();
        if let Ok(p) = InitializeParams::from_json(text) {
            if let Ok(r) = payments::initialize(config, &p) {
                assert_eq!(r.url, format!("{base}{}", payments::INIT_PATH));
                let body: Value = serde_json::from_str(r.body.as_deref().expect("init has a body")).expect("init body is not JSON");
                let amount = body["amount"].to_string();
                assert_eq!(amount.parse::<vesicash_edge::Amount>().expect("amount on the wire"), p.amount, "{amount}");
                assert_eq!(body["narration"].as_str(), Some(p.narration.as_str()));
                assert_eq!(body.get("reference").and_then(Value::as_str), p.reference.as_deref());
            }
        }
        if let Ok(p) = PayParams::from_json(text) {
            if let Ok(r) = payments::pay(config, &reference, &p) {
                let prefix = format!("{base}{}", payments::PAY_PATH);
                let segment = r.url.strip_prefix(&prefix).unwrap_or_else(|| panic!("{} does not start with {prefix}", r.url));
                assert!(percent_safe(segment), "pay path segment {segment:?} is not percent-safe");
                let body: Value = serde_json::from_str(r.body.as_deref().expect("pay has a body")).expect("pay body is not JSON");
                assert_eq!(body["phone_number"].as_str(), Some(p.phone_number.as_str()));
            }
        }
        if let Ok(r) = payments::get(config, &reference) {
            let prefix = format!("{base}{}", payments::GET_PATH);
            let segment = r.url.strip_prefix(&prefix).unwrap_or_else(|| panic!("{} does not start with {prefix}", r.url));
            assert!(percent_safe(segment) && !segment.contains('/'), "get path segment {segment:?} is not percent-safe");
        }
    }
});
