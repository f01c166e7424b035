//! A reusable verifier: the secrets' HMAC key schedules are computed once,
//! when it is built, and every delivery clones the prepared state.

use super::mac::{prepare, PreparedKey};
use super::verify::{check_signature, HeaderSource};
use super::{event, VerifyOptions, WebhookError, WebhookEvent, WebhookSecret, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use std::fmt;

/// Verifies deliveries under fixed secrets and options.
///
/// Same rules, errors and order of checks as [`super::verify`], without
/// re-keying the HMAC per call: build one per process (or per Worker
/// isolate) and reuse it.
///
/// ```
/// use vesicash_edge::webhook::{self, Verifier, VerifyOptions, WebhookSecret};
///
/// let secret = WebhookSecret::new("whsec_test_5f2b0c")?;
/// let verifier = Verifier::new(std::slice::from_ref(&secret), VerifyOptions::default())?;
/// let body = br#"{"event":"payment.updated","data":{"reference":"PY_1","status":"successful"}}"#;
/// let headers = webhook::sign(body, &secret, 1_767_225_600).headers();
/// assert_eq!(verifier.verify(body, &headers, 1_767_225_610)?.data.reference, "PY_1");
/// # Ok::<(), vesicash_edge::webhook::WebhookError>(())
/// ```
#[derive(Clone)]
pub struct Verifier {
    keys: Vec<PreparedKey>,
    options: VerifyOptions,
}

impl Verifier {
    /// Prepares one key per secret (old and new while rotating).
    ///
    /// Errors: [`WebhookError::InvalidSecret`] for an empty list.
    pub fn new(secrets: &[WebhookSecret], options: VerifyOptions) -> Result<Verifier, WebhookError> {
        if secrets.is_empty() {
            return Err(WebhookError::InvalidSecret { reason: "list is empty: pass at least one secret", index: None });
        }
        Ok(Verifier { keys: secrets.iter().map(|s| prepare(s.expose().as_bytes())).collect(), options })
    }

    /// How many secrets it checks against (old and new while rotating).
    pub fn secrets(&self) -> usize {
        self.keys.len()
    }

    /// The options in force.
    pub fn options(&self) -> &VerifyOptions {
        &self.options
    }

    /// Checks the signature and timestamp only; the body is not read as JSON.
    /// See [`super::verify_signature`].
    pub fn verify_signature(&self, body: &[u8], signature: Option<&str>, timestamp: Option<&str>, now: u64) -> Result<(), WebhookError> {
        check_signature(body, signature, timestamp, &self.keys, now, &self.options)
    }

    /// Checks the signature, then that the body is a payment event; returns
    /// the checked text. See [`super::verify_payload`].
    pub fn verify_payload<'a>(&self, body: &'a [u8], signature: Option<&str>, timestamp: Option<&str>, now: u64) -> Result<&'a str, WebhookError> {
        self.verify_signature(body, signature, timestamp, now)?;
        event::check(body)
    }

    /// Verifies a delivery and returns its typed event. See [`super::verify`].
    pub fn verify<H: HeaderSource + ?Sized>(&self, body: &[u8], headers: &H, now: u64) -> Result<WebhookEvent, WebhookError> {
        self.verify_signature(body, headers.header(SIGNATURE_HEADER).as_deref(), headers.header(TIMESTAMP_HEADER).as_deref(), now)?;
        event::parse(body)
    }
}

impl fmt::Debug for Verifier {
    /// The prepared keys are derived from the secrets: never printed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier").field("keys", &"[REDACTED]").field("options", &self.options).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{sign, verify_payload};
    use super::*;

    const NOW: u64 = 1_767_225_600;

    #[test]
    fn agrees_with_the_one_shot_and_keeps_working() {
        let secrets = WebhookSecret::list(["whsec_old", "whsec_new"]).unwrap();
        let v = Verifier::new(&secrets, VerifyOptions::default()).unwrap();
        let body = br#"{"event":"payment.updated","data":{"reference":"PY_1","status":"pending"}}"#;
        for secret in &secrets {
            let h = sign(body, secret, NOW);
            for now in [NOW, NOW + 301, NOW - 301] {
                let (sig, ts) = (Some(h.signature.as_str()), h.timestamp.as_deref());
                assert_eq!(v.verify_payload(body, sig, ts, now), verify_payload(body, sig, ts, &secrets, now, &VerifyOptions::default()));
                assert_eq!(v.verify_payload(b"nope", sig, ts, now).unwrap_err().code(), "signature_mismatch");
            }
        }
        assert_eq!(Verifier::new(&[], VerifyOptions::default()).unwrap_err().code(), "invalid_secret");
        let small = Verifier::new(&secrets, VerifyOptions { max_body_bytes: 3, ..Default::default() }).unwrap();
        assert_eq!(small.verify_payload(body, None, None, NOW).unwrap_err().code(), "body_too_large");
    }

    #[test]
    fn debug_hides_the_keys() {
        let v = Verifier::new(&[WebhookSecret::new("whsec_TOPSECRET").unwrap()], VerifyOptions::default()).unwrap();
        let d = format!("{v:?}");
        assert!(d.contains("[REDACTED]") && !d.contains("TOPSECRET"), "{d}");
    }
}
