//! The native reader on the shared corpus of response bodies
//! (tests/vectors/envelopes.json): each body classified as the npm build's
//! reader classifies it (tests/consumers/node-esm/parse-agreement.test.mjs
//! runs the same corpus through the packed package), so one set of rules holds
//! in both builds. The rules are in `vesicash_edge::response`'s documentation.

use serde_json::Value;
use vesicash_edge::response;

#[test]
fn the_native_reader_classifies_the_corpus_as_the_npm_build_does() {
    let corpus: Value = serde_json::from_str(include_str!("vectors/envelopes.json")).unwrap();
    let cases = corpus["cases"].as_array().unwrap();
    assert!(cases.len() >= 40, "the corpus lost cases");
    let mut wrong = Vec::new();
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let status = case["status"].as_u64().unwrap() as u16;
        let body = match (case["body"].as_str(), case["body_hex"].as_str()) {
            (Some(text), None) => text.as_bytes().to_vec(),
            (None, Some(hex)) => hex::decode(hex).unwrap(),
            _ => panic!("{name}: body or body_hex"),
        };
        let got = match response::parse_payment(status, &body) {
            Ok(p) => {
                let (reference, status) = (case["reference"].as_str().unwrap(), case["payment_status"].as_str().unwrap());
                if (p.reference.as_str(), p.status.as_str()) != (reference, status) {
                    wrong.push(format!("{name}: read reference {:?} status {:?}", p.reference, p.status));
                }
                "ok".to_owned()
            }
            Err(e) => e.code().as_str().to_owned(),
        };
        if got != case["expect"].as_str().unwrap() {
            wrong.push(format!("{name}: {got}, expected {}", case["expect"]));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_wrong_typed_optional_field_is_kept_as_sent() {
    let body = br#"{"status":"success","data":{"reference":"PY_1","status":"pending","currency":5,"payment_link":{},"amount":"x"}}"#;
    let p = response::parse_payment(200, body).unwrap();
    assert_eq!((p.currency.as_deref(), p.payment_link.as_deref()), (None, None));
    assert_eq!((p.extra["currency"].clone(), p.extra["payment_link"].clone()), (serde_json::json!(5), serde_json::json!({})));
    assert_eq!(p.amount, Some(serde_json::json!("x")));
    assert_eq!(p.head().currency, Some(vesicash_edge::scalar::Scalar::Number(5.0)), "the head reads what the npm build's head reads");
}
