//! Verification against the raw bytes as received.

use super::hex::{ct_eq, encode, is_lower_hex_digest, HEX_LEN};
use super::mac::{hmac_prepared, PreparedKey, DIGEST_LEN};
use super::{
    event, Scheme, Verifier, VerifyOptions, WebhookError, WebhookEvent, WebhookSecret, SIGNATURE_HEADER, SIGNATURE_SEPARATORS,
    SIGNED_PAYLOAD_SEPARATOR, TIMESTAMP_HEADER,
};

/// Timestamps at or above this (year 5138 in seconds) are taken for
/// milliseconds in error hints only.
const MILLIS_HINT_THRESHOLD: u64 = 100_000_000_000;

/// Request headers, looked up by lower-case name.
pub trait HeaderSource {
    /// Every value of header `name`, matched case-insensitively and joined
    /// with `", "` as HTTP joins repeated headers; `None` when absent.
    fn header(&self, name: &str) -> Option<String>;
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderSource for [(K, V)] {
    fn header(&self, name: &str) -> Option<String> {
        let mut values = self.iter().filter(|(k, _)| k.as_ref().eq_ignore_ascii_case(name)).map(|(_, v)| v.as_ref());
        let first = values.next()?;
        Some(values.fold(first.to_owned(), |mut all, v| {
            all.push_str(", ");
            all.push_str(v);
            all
        }))
    }
}

impl<K: AsRef<str>, V: AsRef<str>> HeaderSource for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<String> {
        self.as_slice().header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> HeaderSource for [(K, V); N] {
    fn header(&self, name: &str) -> Option<String> {
        self.as_slice().header(name)
    }
}

/// Verifies a delivery and returns its typed event.
///
/// `body` is the raw request body exactly as received; `now` is the current
/// Unix time in seconds (take it from your runtime's clock). Any signature
/// in [`SIGNATURE_HEADER`] matching under any of `secrets` is enough.
///
/// Errors, in the order checked: [`WebhookError::InvalidSecret`] (empty
/// list), `MissingSignature`, `MissingTimestamp`, `InvalidTimestamp`,
/// `SignatureMismatch`, `TimestampTooOld`/`TimestampTooNew` (only for an
/// authentic signature), `InvalidPayload`.
pub fn verify<H: HeaderSource + ?Sized>(
    body: &[u8],
    headers: &H,
    secrets: &[WebhookSecret],
    now: u64,
    options: &VerifyOptions,
) -> Result<WebhookEvent, WebhookError> {
    verify_signature(body, headers.header(SIGNATURE_HEADER).as_deref(), headers.header(TIMESTAMP_HEADER).as_deref(), secrets, now, options)?;
    event::parse(body)
}

/// Like [`verify`] with the two header values already looked up; returns the
/// checked body text (for callers that parse JSON themselves, like the JS layer).
pub fn verify_payload<'a>(
    body: &'a [u8],
    signature: Option<&str>,
    timestamp: Option<&str>,
    secrets: &[WebhookSecret],
    now: u64,
    options: &VerifyOptions,
) -> Result<&'a str, WebhookError> {
    verify_signature(body, signature, timestamp, secrets, now, options)?;
    event::check(body)
}

/// Checks the signature and timestamp only; the body is not read as JSON.
///
/// The one-shot form of [`Verifier::verify_signature`]: the body's size is
/// checked first, then the secrets are prepared for this one call.
pub fn verify_signature(
    body: &[u8],
    signature: Option<&str>,
    timestamp: Option<&str>,
    secrets: &[WebhookSecret],
    now: u64,
    options: &VerifyOptions,
) -> Result<(), WebhookError> {
    check_size(body, options)?;
    Verifier::new(secrets, *options)?.verify_signature(body, signature, timestamp, now)
}

/// Refuses a body over [`VerifyOptions::max_body_bytes`], before any hashing.
pub(super) fn check_size(body: &[u8], options: &VerifyOptions) -> Result<(), WebhookError> {
    let size = body.len() as u64;
    if size > options.max_body_bytes {
        return Err(WebhookError::BodyTooLarge { size, limit: options.max_body_bytes });
    }
    Ok(())
}

/// The signature check of [`Verifier`], over keys already prepared.
pub(super) fn check_signature(
    body: &[u8],
    signature: Option<&str>,
    timestamp: Option<&str>,
    keys: &[PreparedKey],
    now: u64,
    options: &VerifyOptions,
) -> Result<(), WebhookError> {
    let mut wasm = |i: usize, ts: Option<&str>| {
        let key = keys.get(i)?;
        Some(match ts {
            Some(text) => hmac_prepared(key, &[text.as_bytes(), SIGNED_PAYLOAD_SEPARATOR.as_bytes(), body]),
            None => hmac_prepared(key, &[body]),
        })
    };
    // `keys.get(i)` is never `None` for `i < keys.len()`; were it, nothing would match.
    let failed = WebhookError::SignatureMismatch { reason: "no signature could be computed" };
    check_signature_with(body, signature, timestamp, keys.len(), &mut wasm, now, options).unwrap_or(Err(failed))
}

/// The MAC source of [`check_signature_with`] failed (the source keeps the detail).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MacFailed;

/// A source of MACs: `mac(key, timestamp)`, see [`check_signature_with`];
/// `None` when it failed. One type for every source (not a generic): one
/// copy of the checks in the wasm module.
pub(crate) type MacSource<'a> = dyn FnMut(usize, Option<&str>) -> Option<[u8; DIGEST_LEN]> + 'a;

/// The signature check over any source of MACs: `mac(key, timestamp)` is
/// HMAC-SHA256 under secret number `key` of `timestamp + "." + body` (or of `body` alone
/// when `timestamp` is `None`, the legacy scheme). Everything else (the
/// headers, the order of checks, the constant-time comparison, the
/// tolerance) is decided here, whoever computes the MAC: the wasm SHA-256
/// above, or the host's (`node:crypto`) through the npm bindings.
///
/// `keys` is the number of secrets. The outer `Err`: the MAC source failed, and holds why.
pub(crate) fn check_signature_with(
    body: &[u8],
    signature: Option<&str>,
    timestamp: Option<&str>,
    keys: usize,
    mac: &mut MacSource<'_>,
    now: u64,
    options: &VerifyOptions,
) -> Result<Result<(), WebhookError>, MacFailed> {
    if let Err(e) = check_size(body, options) {
        return Ok(Err(e));
    }
    let signature = signature.unwrap_or_default();
    let tokens = || signature.split(SIGNATURE_SEPARATORS).filter(|t| !t.is_empty());
    if tokens().next().is_none() {
        return Ok(Err(WebhookError::MissingSignature));
    }
    let timestamp = match options.scheme {
        Scheme::LegacyBodyOnly => None,
        Scheme::Timestamped => {
            let Some(text) = timestamp.map(trim_ows).filter(|t| !t.is_empty()) else {
                return Ok(Err(WebhookError::MissingTimestamp));
            };
            match parse_timestamp(text) {
                Ok(ts) => Some((text, ts)),
                Err(e) => return Ok(Err(e)),
            }
        }
    };
    let mut matched = false;
    for key in 0..keys {
        let expected = encode(&mac(key, timestamp.map(|(text, _)| text)).ok_or(MacFailed)?);
        for token in tokens() {
            // No early exit: every comparison runs, whichever matches.
            matched |= ct_eq(token.as_bytes(), &expected);
        }
    }
    if !matched {
        return Ok(Err(WebhookError::SignatureMismatch { reason: mismatch_reason(tokens(), options.scheme) }));
    }
    if let Some((_, ts)) = timestamp {
        if let Err(e) = check_tolerance(ts, now, options.tolerance_secs) {
            return Ok(Err(e));
        }
    }
    Ok(Ok(()))
}

/// [`verify_payload`] with the MACs from `mac` (see [`check_signature_with`]):
/// the same checks in the same order, then the event check; returns the
/// checked text. `keys` stands for the secrets, one per secret, in order.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the npm bindings' (and the tests')
pub(crate) fn verify_payload_with<'a>(
    body: &'a [u8],
    signature: Option<&str>,
    timestamp: Option<&str>,
    keys: usize,
    mac: &mut MacSource<'_>,
    now: u64,
    options: &VerifyOptions,
) -> Result<Result<&'a str, WebhookError>, MacFailed> {
    Ok(check_signature_with(body, signature, timestamp, keys, mac, now, options)?.and_then(|()| event::check(body)))
}

/// HTTP's optional whitespace around a field value.
fn trim_ows(s: &str) -> &str {
    s.trim_matches([' ', '\t'])
}

fn parse_timestamp(text: &str) -> Result<u64, WebhookError> {
    let invalid = |reason| WebhookError::InvalidTimestamp { reason };
    if text.contains(',') {
        return Err(invalid("holds several values (was the header sent twice?)"));
    }
    if text.starts_with('-') {
        return Err(invalid("is negative"));
    }
    if text.contains('.') {
        return Err(invalid("has a fractional part"));
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("holds characters other than digits (a space, a sign or a date format)"));
    }
    text.bytes().try_fold(0u64, |n, b| n.checked_mul(10)?.checked_add(u64::from(b - b'0'))).ok_or(invalid("is too large to be a time"))
}

fn check_tolerance(ts: u64, now: u64, tolerance: u64) -> Result<(), WebhookError> {
    if ts < now {
        let age = now - ts;
        if age > tolerance {
            let now_in_millis = now >= MILLIS_HINT_THRESHOLD && ts < MILLIS_HINT_THRESHOLD;
            return Err(WebhookError::TimestampTooOld { age, tolerance, now_in_millis });
        }
    } else {
        let ahead = ts - now;
        if ahead > tolerance {
            let timestamp_in_millis = ts >= MILLIS_HINT_THRESHOLD && now < MILLIS_HINT_THRESHOLD;
            return Err(WebhookError::TimestampTooNew { ahead, tolerance, timestamp_in_millis });
        }
    }
    Ok(())
}

/// Why nothing matched, told from the header's shape alone (never from the
/// expected signature, which must not leak into a log or response).
fn mismatch_reason<'a>(mut tokens: impl Iterator<Item = &'a str> + Clone, scheme: Scheme) -> &'static str {
    if tokens.clone().any(is_lower_hex_digest) {
        return match scheme {
            Scheme::Timestamped => "no signature in the header equals HMAC-SHA256(secret, timestamp + \".\" + body) under any secret given",
            Scheme::LegacyBodyOnly => "no signature in the header equals HMAC-SHA256(secret, body) (legacy body-only scheme) under any secret given",
        };
    }
    let t = tokens.next().unwrap_or_default();
    if t.len() == HEX_LEN && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        "the signature is upper-case hex; Vesicash signatures are lowercase hex"
    } else if t.contains('=') && t.len() > HEX_LEN {
        "the signature carries a prefix (like `sha256=`); expected the bare lowercase hex digest"
    } else if (43..=44).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_')) {
        "the signature looks like base64; expected 64 lowercase hex digits"
    } else {
        "the header holds no 64-digit lowercase hex signature (truncated or malformed)"
    }
}

#[cfg(test)]
mod tests {
    use super::super::sign;
    use super::*;
    use crate::webhook::DEFAULT_MAX_BODY_BYTES;

    const NOW: u64 = 1_767_225_600;
    const BODY: &[u8] = br#"{"event":"payment.updated","data":{"reference":"PY_1","status":"pending"}}"#;

    fn secret() -> Vec<WebhookSecret> {
        vec![WebhookSecret::new("whsec_unit").unwrap()]
    }

    fn check(sig: Option<&str>, ts: Option<&str>, now: u64, tol: u64) -> Result<(), WebhookError> {
        verify_signature(BODY, sig, ts, &secret(), now, &VerifyOptions { tolerance_secs: tol, ..Default::default() })
    }

    #[test]
    fn a_body_over_the_limit_is_refused_before_hashing() {
        let h = sign(BODY, &secret()[0], NOW);
        let exact = VerifyOptions { max_body_bytes: BODY.len() as u64, ..Default::default() };
        assert_eq!(verify_signature(BODY, Some(&h.signature), h.timestamp.as_deref(), &secret(), NOW, &exact), Ok(()));
        let smaller = VerifyOptions { max_body_bytes: BODY.len() as u64 - 1, ..Default::default() };
        let e = verify_signature(BODY, Some(&h.signature), h.timestamp.as_deref(), &secret(), NOW, &smaller).unwrap_err();
        assert_eq!(e, WebhookError::BodyTooLarge { size: BODY.len() as u64, limit: BODY.len() as u64 - 1 });
        assert_eq!(e.code(), "body_too_large");
        // Checked first: even without a secret or a signature, the size decides.
        let big = vec![b'x'; (DEFAULT_MAX_BODY_BYTES + 1) as usize];
        let e = verify_signature(&big, None, None, &[], NOW, &VerifyOptions::default()).unwrap_err();
        assert_eq!(e.code(), "body_too_large");
    }

    #[test]
    fn tolerance_is_two_sided_and_zero_means_now() {
        let h = sign(BODY, &secret()[0], NOW);
        let sig = Some(h.signature.as_str());
        let ts = h.timestamp.as_deref();
        assert_eq!(check(sig, ts, NOW, 0), Ok(()));
        assert_eq!(check(sig, ts, NOW + 300, 300), Ok(()));
        assert_eq!(check(sig, ts, NOW - 300, 300), Ok(()));
        assert_eq!(check(sig, ts, NOW + 1, 0).unwrap_err().code(), "timestamp_too_old");
        assert_eq!(check(sig, ts, NOW - 1, 0).unwrap_err().code(), "timestamp_too_new");
        assert_eq!(check(sig, ts, u64::MAX, 300).unwrap_err().code(), "timestamp_too_old");
        assert_eq!(check(sig, ts, 0, 300).unwrap_err().code(), "timestamp_too_new");
        let e = check(sig, ts, NOW * 1000, 300).unwrap_err();
        assert!(e.to_string().contains("milliseconds"), "{e}");
    }

    #[test]
    fn messages_never_leak_the_expected_signature_or_secret() {
        let h = sign(BODY, &secret()[0], NOW);
        let tampered = sign(b"other", &secret()[0], NOW);
        let e = check(Some(&tampered.signature), h.timestamp.as_deref(), NOW, 300).unwrap_err();
        assert!(!e.to_string().contains(&h.signature));
        assert!(!e.to_string().contains("whsec_unit"));
        assert!(!e.to_json().contains(&h.signature));
    }

    #[test]
    fn an_outside_mac_gives_the_same_answers_as_the_prepared_keys() {
        use crate::webhook::mac::hmac_sha256;
        let secrets = WebhookSecret::list(["whsec_old", "whsec_unit"]).unwrap();
        let mut outside = |i: usize, ts: Option<&str>| {
            let s = secrets.get(i)?;
            Some(match ts {
                Some(t) => hmac_sha256(s.expose().as_bytes(), &[t.as_bytes(), b".", BODY]),
                None => hmac_sha256(s.expose().as_bytes(), &[BODY]),
            })
        };
        let h = sign(BODY, &secrets[1], NOW);
        let legacy = VerifyOptions { scheme: Scheme::LegacyBodyOnly, ..Default::default() };
        let legacy_sig = super::super::sign_legacy(BODY, &secrets[0]).signature;
        for (sig, ts, now, options) in [
            (Some(h.signature.as_str()), h.timestamp.as_deref(), NOW, VerifyOptions::default()),
            (Some(h.signature.as_str()), Some(" 1767225600\t"), NOW + 400, VerifyOptions::default()),
            (Some("00"), h.timestamp.as_deref(), NOW, VerifyOptions::default()),
            (None, h.timestamp.as_deref(), NOW, VerifyOptions::default()),
            (Some(h.signature.as_str()), Some("12a"), NOW, VerifyOptions::default()),
            (Some(legacy_sig.as_str()), None, NOW, legacy),
        ] {
            let want = verify_payload(BODY, sig, ts, &secrets, now, &options);
            assert_eq!(verify_payload_with(BODY, sig, ts, secrets.len(), &mut outside, now, &options), Ok(want));
        }
        // The MAC source's own failure is passed through, not turned into a refusal.
        let mut failing = |_: usize, _: Option<&str>| None;
        assert_eq!(
            verify_payload_with(BODY, Some(&h.signature), h.timestamp.as_deref(), 2, &mut failing, NOW, &VerifyOptions::default()),
            Err(MacFailed)
        );
    }

    #[test]
    fn header_lookup_is_case_insensitive_and_joins_repeats() {
        let h = [("Mor-Signature", "a"), ("X", "b"), ("MOR-SIGNATURE", "c")];
        assert_eq!(h.header("mor-signature").as_deref(), Some("a, c"));
        assert_eq!(h.header("mor-timestamp"), None);
    }
}
