//! Runs tests/vectors/webhook.json (computed outside the crate, with
//! Python's hmac) through the native verifier. The same file runs in Node
//! (ESM, CJS) and workerd against the packed npm package.

use serde_json::Value;
use vesicash_edge::webhook::{self, HeaderSource, Scheme, VerifyOptions, WebhookError, WebhookSecret};

fn vectors() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/webhook.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("bad base64"),
    };
    let digits: Vec<u8> = text.bytes().filter(|&c| c != b'=').map(value).collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, d)| n | u32::from(*d) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

fn body(case: &Value) -> Vec<u8> {
    if let Some(b) = case["body"].as_str() {
        b.as_bytes().to_vec()
    } else if let Some(b) = case["body_b64"].as_str() {
        base64(b)
    } else {
        let r = &case["body_repeat"];
        let mut s = r["prefix"].as_str().unwrap().to_owned();
        s.push_str(&r["unit"].as_str().unwrap().repeat(r["times"].as_u64().unwrap() as usize));
        s.push_str(r["suffix"].as_str().unwrap());
        s.into_bytes()
    }
}

fn options(case: &Value) -> VerifyOptions {
    let o = &case["options"];
    VerifyOptions {
        tolerance_secs: o["tolerance_seconds"].as_u64().unwrap_or(webhook::DEFAULT_TOLERANCE_SECS),
        scheme: if o["legacy_body_only"] == true { Scheme::LegacyBodyOnly } else { Scheme::Timestamped },
        ..VerifyOptions::default()
    }
}

/// `Ok((event, reference, status))` or `Err(error)`, through the typed API.
fn run(case: &Value) -> Result<(String, String, String), WebhookError> {
    let headers: Vec<(String, String)> =
        case["headers"].as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap().to_owned(), p[1].as_str().unwrap().to_owned())).collect();
    let secrets = WebhookSecret::list(case["secrets"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()))?;
    let body = body(case);
    let now = case["now"].as_u64().unwrap();
    let options = options(case);
    let typed = webhook::verify(&body, &headers, &secrets, now, &options);
    // The path the wasm bindings take must agree with the typed one.
    let raw = webhook::verify_payload(
        &body,
        headers.header(webhook::SIGNATURE_HEADER).as_deref(),
        headers.header(webhook::TIMESTAMP_HEADER).as_deref(),
        &secrets,
        now,
        &options,
    );
    assert_eq!(typed.as_ref().err(), raw.as_ref().err(), "{}: typed and raw paths disagree", case["name"]);
    typed.map(|e| (e.event, e.data.reference, e.data.status))
}

#[test]
fn every_vector() {
    let doc = vectors();
    assert_eq!(doc["signature_header"], webhook::SIGNATURE_HEADER);
    assert_eq!(doc["timestamp_header"], webhook::TIMESTAMP_HEADER);
    assert_eq!(doc["default_tolerance_seconds"], webhook::DEFAULT_TOLERANCE_SECS);
    let secrets: Vec<&str> = doc["secrets_used"].as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
    let (mut ran, mut skipped, mut failures) = (0, 0, Vec::new());
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        if case["js_only"] == true {
            skipped += 1;
            continue;
        }
        ran += 1;
        let expect = &case["expect"];
        match (run(case), expect["ok"].as_bool().unwrap()) {
            (Ok((event, reference, status)), true) => {
                if (event.as_str(), reference.as_str(), status.as_str())
                    != (expect["event"].as_str().unwrap(), expect["reference"].as_str().unwrap(), expect["status"].as_str().unwrap())
                {
                    failures.push(format!("{name}: got {event}/{reference}/{status}"));
                }
            }
            (Ok(_), false) => failures.push(format!("{name}: accepted, expected {}", expect["code"])),
            (Err(e), true) => failures.push(format!("{name}: refused with {}: {e}", e.code())),
            (Err(e), false) => {
                if e.code() != expect["code"] {
                    failures.push(format!("{name}: got {} ({e}), expected {}", e.code(), expect["code"]));
                }
                let message = e.to_json();
                for s in &secrets {
                    assert!(!message.contains(s), "{name}: message contains a secret");
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {ran} vectors failed:\n{}", failures.len(), failures.join("\n"));
    assert!(ran >= 80, "only {ran} vectors ran");
    eprintln!("webhook vectors: {ran} ran natively, {skipped} JS-only skipped");
}

#[test]
fn sign_matches_the_vectors() {
    let doc = vectors();
    let case = &doc["cases"][0];
    let secret = WebhookSecret::new(case["secrets"][0].as_str().unwrap()).unwrap();
    let signed = webhook::sign(&body(case), &secret, case["now"].as_u64().unwrap());
    let headers = signed.headers();
    assert_eq!(headers[0], ("mor-signature", case["headers"][0][1].as_str().unwrap().to_owned()));
    assert_eq!(headers[1], ("mor-timestamp", case["headers"][1][1].as_str().unwrap().to_owned()));
    assert_eq!(signed.to_json(), format!(r#"{{"mor-signature":"{}","mor-timestamp":"{}"}}"#, headers[0].1, headers[1].1));
}
