//! The native Rust verifier (`webhook::Verifier`, the same code the wasm
//! module runs), timed on the benchmark's bodies. Run by `node benches/run.mjs`
//! through `cargo bench --bench native`; prints one JSON line per body size:
//! `{"size": bytes, "ns": median nanoseconds per verification}`.

use std::hint::black_box;
use std::time::Instant;
use vesicash_edge::webhook::{self, Verifier, VerifyOptions, WebhookSecret};

const SECRET: &str = "whsec_bench_0123456789abcdef";
const NOW: u64 = 1_800_000_000;

/// The same `payment.updated` body as benches/verifiers.mjs, `bytes` long.
fn body(bytes: usize) -> Vec<u8> {
    let head = r#"{"event":"payment.updated","data":{"reference":"PY_bench_000001","status":"successful","amount":1.3,"currency":"ZMW","note":""#;
    let tail = r#""}}"#;
    let pad = bytes.saturating_sub(head.len() + tail.len());
    [head.as_bytes(), &vec![b'x'; pad], tail.as_bytes()].concat()
}

fn main() {
    let secret = WebhookSecret::new(SECRET).expect("bench secret");
    let verifier = Verifier::new(std::slice::from_ref(&secret), VerifyOptions::default()).expect("verifier");
    for size in [1024usize, 16 << 10, 64 << 10, 1 << 20] {
        let body = body(size);
        let signed = webhook::sign(&body, &secret, NOW);
        let (sig, ts) = (signed.signature.as_str(), signed.timestamp.as_deref());
        verifier.verify_payload(&body, Some(sig), ts, NOW).expect("verifies");
        let n = if size >= 1 << 20 { 20 } else { (4_000_000 / size).max(50) };
        let full = median(n, || verifier.verify_payload(black_box(&body), Some(sig), ts, NOW).is_ok());
        // The signature alone: what the JSON check adds is the difference.
        let mac = median(n, || verifier.verify_signature(black_box(&body), Some(sig), ts, NOW).is_ok());
        println!("{{\"size\": {size}, \"ns\": {full:.0}, \"signature_ns\": {mac:.0}}}");
    }
}

/// Median nanoseconds per call of `f` over 11 batches of `n` calls.
fn median(n: usize, mut f: impl FnMut() -> bool) -> f64 {
    let mut samples: Vec<f64> = (0..11)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..n {
                black_box(f());
            }
            t.elapsed().as_nanos() as f64 / n as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}
