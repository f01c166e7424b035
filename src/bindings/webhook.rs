//! Bindings for webhook verification and signing. The body crosses the
//! boundary once, written by JS straight into a reusable input buffer in
//! wasm memory (see [`input`]); on success nothing comes back: JS already
//! holds the text and parses it itself. Secrets come
//! as one JSON array `["old", "new"]` (a non-string is `null`), read by
//! `serde_json` like the events (not serde-wasm-bindgen: a JS string holding a lone
//! surrogate would be replaced, not refused); the clock comes from JS (`now`, whole).

// The exports take flat arguments: one JS call, no options object to read.
#![allow(clippy::too_many_arguments)]

use crate::webhook::{self, Scheme, Verifier, VerifyOptions, WebhookError, WebhookSecret, DIGEST_LEN};
use js_sys::Function;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;

fn throw(e: WebhookError) -> JsValue {
    JsValue::from_str(&e.to_json())
}

/// A JS number (seconds, bytes) already checked by the JS layer, as `u64`
/// (`as` saturates: NaN → 0, never a trap).
fn whole(n: f64) -> u64 {
    n as u64
}

fn secrets(secrets_json: &str) -> Result<Vec<WebhookSecret>, WebhookError> {
    let not_strings = WebhookError::InvalidSecret { reason: "must be a string, or an array of strings while rotating", index: None };
    let items = crate::webhook::event::string_list(secrets_json).ok_or_else(|| not_strings.clone())?;
    let items: Option<Vec<String>> = items.into_iter().collect();
    WebhookSecret::list(items.ok_or(not_strings)?)
}

fn options(tolerance: Option<f64>, legacy: bool, max_body: Option<f64>) -> VerifyOptions {
    let scheme = if legacy { Scheme::LegacyBodyOnly } else { Scheme::Timestamped };
    let tolerance_secs = tolerance.map_or(webhook::DEFAULT_TOLERANCE_SECS, whole);
    let max_body_bytes = max_body.map_or(webhook::DEFAULT_MAX_BODY_BYTES, whole);
    VerifyOptions { tolerance_secs, scheme, max_body_bytes }
}

thread_local! {
    /// Where JS writes the body before a verification: kept and reused, so
    /// a delivery costs no allocation. It grows to the largest body seen
    /// (at most 3 × `maxBodyBytes` for a non-ASCII string) and stays there,
    /// as wasm memory never shrinks anyway.
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The address of an input buffer of at least `len` bytes, for JS to write
/// the body into (`TextEncoder.encodeInto` for a string, `set` for bytes).
///
/// Measured reason (benches/run.mjs, Node 20, a 64 KB string): passing the
/// body as a `&str` costs 470 µs of wasm-bindgen's per-character copy loop
/// against ~15 µs for `encodeInto` here; as `&[u8]`, one allocation and
/// free per call.
#[wasm_bindgen(js_name = webhookInput)]
pub fn input(len: usize) -> *mut u8 {
    INPUT.with_borrow_mut(|buf| {
        if buf.len() < len {
            buf.resize(len, 0);
        }
        buf.as_mut_ptr()
    })
}

/// The module's memory, for JS to view the input buffer.
#[wasm_bindgen(js_name = webhookMemory)]
pub fn memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Runs `f` on the first `len` bytes of the input buffer.
fn with_input<T>(len: usize, f: impl FnOnce(&[u8]) -> Result<T, WebhookError>) -> Result<T, JsValue> {
    INPUT
        .with_borrow(|buf| {
            // JS wrote `len` bytes after asking for at least that many; a shorter buffer is a bug, refused as such.
            let body = buf.get(..len).ok_or(WebhookError::InvalidPayload { reason: "the body was not written into the input buffer".into() })?;
            f(body)
        })
        .map_err(throw)
}

/// Verifies the `len` bytes in the input buffer under secrets given for
/// this one call: `verify_payload` builds the same [`Verifier`] as the
/// class below. Throws a descriptor; returns nothing on success.
#[wasm_bindgen(js_name = webhookVerifyInput)]
pub fn verify_input(
    len: usize,
    signature: Option<String>,
    timestamp: Option<String>,
    secrets_json: &str,
    now: f64,
    tolerance: Option<f64>,
    legacy: bool,
    max_body: Option<f64>,
) -> Result<(), JsValue> {
    let secrets = secrets(secrets_json).map_err(throw)?;
    let options = options(tolerance, legacy, max_body);
    with_input(len, |body| webhook::verify_payload(body, signature.as_deref(), timestamp.as_deref(), &secrets, whole(now), &options).map(|_| ()))
}

/// A verifier holding prepared HMAC keys in wasm memory (`WebhookVerifier`
/// in JS wraps it). Freed by `free()`, or by the glue's FinalizationRegistry
/// once the JS object is collected.
#[wasm_bindgen(js_name = WebhookVerifierCore)]
pub struct VerifierCore(Verifier);

/// The digest buffer's content before the host's MAC callback writes it.
const NO_DIGEST: [u8; DIGEST_LEN] = [0; DIGEST_LEN];

thread_local! {
    /// Where the host's MAC callback writes the 32 bytes of one digest.
    static DIGEST: Cell<[u8; DIGEST_LEN]> = const { Cell::new([0; DIGEST_LEN]) };
}

/// The address of the digest buffer, for the host's MAC callback to write into.
#[wasm_bindgen(js_name = webhookDigest)]
pub fn digest() -> *mut u8 {
    DIGEST.with(|d| d.as_ptr().cast::<u8>())
}

#[wasm_bindgen(js_class = WebhookVerifierCore)]
impl VerifierCore {
    /// Prepares the keys; throws an `invalid_secret` descriptor.
    #[wasm_bindgen(constructor)]
    pub fn new(secrets_json: &str, tolerance: Option<f64>, legacy: bool, max_body: Option<f64>) -> Result<VerifierCore, JsValue> {
        let secrets = secrets(secrets_json).map_err(throw)?;
        Verifier::new(&secrets, options(tolerance, legacy, max_body)).map(VerifierCore).map_err(throw)
    }

    /// Verifies the `len` bytes in the input buffer with the wasm SHA-256;
    /// throws a descriptor, returns nothing on success.
    #[wasm_bindgen(js_name = verifyInput)]
    pub fn verify_input(&self, len: usize, signature: Option<String>, timestamp: Option<String>, now: f64) -> Result<(), JsValue> {
        with_input(len, |body| self.0.verify_payload(body, signature.as_deref(), timestamp.as_deref(), whole(now)).map(|_| ()))
    }

    /// Verifies the `len` bytes in the input buffer with the host's HMAC:
    /// every check is made here, only the MAC is asked of `mac(index,
    /// timestamp)`, which writes HMAC-SHA256 under secret `index` of
    /// `timestamp + "." + body` (of the body alone when `timestamp` is
    /// `undefined`: legacy scheme) into the digest buffer. Throws a
    /// descriptor, or what `mac` threw; returns nothing on success.
    #[wasm_bindgen(js_name = verifyHost)]
    pub fn verify_host(&self, len: usize, signature: Option<String>, timestamp: Option<String>, now: f64, mac: &Function) -> Result<(), JsValue> {
        let (keys, options) = (self.0.secrets(), self.0.options());
        // What `mac` threw, handed back to JS as it is.
        let mut thrown = None;
        let mut host = |key: usize, ts: Option<&str>| {
            // Cleared first, so a callback that returns without writing can
            // never leave an earlier delivery's digest to be matched; an
            // HMAC of all zeros (chance 2^-256) is taken for that failure.
            DIGEST.with(|d| d.set(NO_DIGEST));
            let called = mac.call2(&JsValue::UNDEFINED, &JsValue::from(key as u32), &ts.map_or(JsValue::UNDEFINED, JsValue::from_str));
            match called.map(|_| DIGEST.with(Cell::get)) {
                Ok(digest) if digest != NO_DIGEST => Some(digest),
                Ok(_) => {
                    thrown = Some(JsValue::from_str("the host's HMAC wrote no digest"));
                    None
                }
                Err(e) => {
                    thrown = Some(e);
                    None
                }
            }
        };
        let checked = INPUT.with_borrow(|buf| match buf.get(..len) {
            Some(body) => webhook::verify_payload_with(body, signature.as_deref(), timestamp.as_deref(), keys, &mut host, whole(now), options)
                .map(|r| r.map(|_| ())),
            None => Ok(Err(WebhookError::InvalidPayload { reason: "the body was not written into the input buffer".into() })),
        });
        match checked {
            Ok(checked) => checked.map_err(throw),
            Err(_) => Err(thrown.unwrap_or(JsValue::UNDEFINED)),
        }
    }
}

/// The two header names, `"<signature> <timestamp>"`, so JS looks up the
/// same names the core defines.
#[wasm_bindgen(js_name = webhookHeaderNames)]
pub fn header_names() -> String {
    let mut names = String::from(webhook::SIGNATURE_HEADER);
    names.push(' ');
    names + webhook::TIMESTAMP_HEADER
}

/// The limit in force for `maxBodyBytes` (`undefined`: the default), so JS
/// can refuse an oversized body before copying it into wasm memory.
#[wasm_bindgen(js_name = webhookMaxBody)]
pub fn max_body(max_body: Option<f64>) -> f64 {
    max_body.map_or(webhook::DEFAULT_MAX_BODY_BYTES, whole) as f64
}

/// The `body_too_large` descriptor for a body of at least `size` bytes.
#[wasm_bindgen(js_name = webhookBodyTooLarge)]
pub fn body_too_large(size: f64, limit: f64) -> String {
    WebhookError::BodyTooLarge { size: whole(size), limit: whole(limit) }.to_json()
}

/// The `body_not_raw` descriptor for a body of JS type `got`.
#[wasm_bindgen(js_name = webhookBodyNotRaw)]
pub fn body_not_raw(got: &str) -> String {
    WebhookError::BodyNotRaw { got: got.into() }.to_json()
}

/// Signs a body (string or bytes); returns the headers as a JSON object.
#[wasm_bindgen(js_name = webhookSign)]
pub fn sign(text: Option<String>, bytes: Option<Vec<u8>>, secret: &str, timestamp: f64, legacy: bool) -> Result<String, JsValue> {
    let secret = WebhookSecret::new(secret).map_err(throw)?;
    let body = match (&text, &bytes) {
        (Some(t), _) => t.as_bytes(),
        (None, Some(b)) => b.as_slice(),
        (None, None) => &[],
    };
    let signed = if legacy { webhook::sign_legacy(body, &secret) } else { webhook::sign(body, &secret, whole(timestamp)) };
    Ok(signed.to_json())
}
