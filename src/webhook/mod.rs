//! Webhook verification: `HMAC-SHA256(secret, timestamp + "." + raw_body)`
//! in `mor-signature`, checked against the raw bytes as received, then the
//! body read as a payment event.
//!
//! Pure: the clock is a parameter (`now`, Unix seconds), because
//! `SystemTime::now()` panics on wasm32; nothing here panics on any input.
//!
//! ```
//! use vesicash_edge::webhook::{self, VerifyOptions, WebhookSecret};
//!
//! let secret = WebhookSecret::new("whsec_test_5f2b0c")?;
//! let body = br#"{"event":"payment.updated","data":{"reference":"PY_1","status":"successful"}}"#;
//! let signed = webhook::sign(body, &secret, 1_767_225_600);
//! let headers = signed.headers(); // [("mor-signature", "…"), ("mor-timestamp", "1767225600")]
//!
//! let event = webhook::verify(body, &headers, &[secret], 1_767_225_610, &VerifyOptions::default())?;
//! assert_eq!(event.data.status, "successful");
//! # Ok::<(), vesicash_edge::webhook::WebhookError>(())
//! ```
//!
//! What the contract (`docs/contract.md`) does not document is a named
//! constant below, tagged \[assumed\].

mod error;
pub(crate) mod event;
pub(crate) mod hex;
mod mac;
mod sign;
mod verifier;
mod verify;

pub use error::WebhookError;
pub use event::WebhookEvent;
pub use sign::{sign, sign_legacy, SignedHeaders};
pub use verifier::Verifier;
// For the npm bindings' host-MAC verifier (wasm only).
pub use verify::{verify, verify_payload, verify_signature, HeaderSource};
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_imports))]
pub(crate) use {mac::DIGEST_LEN, verify::verify_payload_with};

use std::fmt;

/// Header carrying the signature. \[doc\]
pub const SIGNATURE_HEADER: &str = "mor-signature";
/// Header carrying the signing time, as Unix seconds in decimal digits. \[assumed\]
pub const TIMESTAMP_HEADER: &str = "mor-timestamp";
/// Joins the timestamp and the raw body in the signed text. \[doc\]
pub const SIGNED_PAYLOAD_SEPARATOR: &str = ".";
/// Encoding of the signature: the 32-byte HMAC as 64 lowercase hex digits.
/// \[assumed\]: upper-case or base64 signatures are refused.
pub const SIGNATURE_ENCODING: &str = "lowercase-hex";
/// Characters separating several signatures in one header (secret rotation,
/// or a header sent twice and joined with `", "`). \[assumed\]
pub const SIGNATURE_SEPARATORS: [char; 2] = [' ', ','];
/// Default largest gap between `mor-timestamp` and now, in seconds, in either
/// direction. \[assumed\]
pub const DEFAULT_TOLERANCE_SECS: u64 = 300;
/// The event sent when a payment's status changes. \[assumed\]; other event
/// names are kept as sent.
pub const PAYMENT_UPDATED_EVENT: &str = "payment.updated";

/// A webhook secret (from `POST /v1/account/generate-webhook-secret`).
///
/// Like [`crate::SecretKey`], its `Debug` prints `[REDACTED]` and it has no
/// `Display`. Unlike an API key it is never sent in a header, so any UTF-8
/// text is accepted; the HMAC key is its UTF-8 bytes as given, not decoded
/// from hex or base64 \[assumed\].
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(String);

impl WebhookSecret {
    /// Wraps a secret after checking it is not empty and not padded with
    /// whitespace (a secret read from a file or an env var often ends in a
    /// newline, and would then never match).
    ///
    /// Errors: [`WebhookError::InvalidSecret`].
    pub fn new(secret: impl Into<String>) -> Result<WebhookSecret, WebhookError> {
        let secret = secret.into();
        check_secret(&secret, None)?;
        Ok(WebhookSecret(secret))
    }

    /// Wraps each secret of a rotation list (old and new); errors name the
    /// secret at fault by position. An empty list is an error.
    pub fn list<I, S>(secrets: I) -> Result<Vec<WebhookSecret>, WebhookError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let secrets: Vec<String> = secrets.into_iter().map(Into::into).collect();
        if secrets.is_empty() {
            return Err(WebhookError::InvalidSecret { reason: "list is empty: pass at least one secret", index: None });
        }
        let several = secrets.len() > 1;
        secrets.into_iter().enumerate().map(|(i, s)| check_secret(&s, several.then_some(i)).map(|()| WebhookSecret(s))).collect()
    }

    /// The secret itself, for the HMAC key.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn check_secret(secret: &str, index: Option<usize>) -> Result<(), WebhookError> {
    let reason = if secret.is_empty() {
        "is empty"
    } else if secret.trim() != secret {
        "has leading or trailing whitespace; trim it (values read from files or env vars often end in a newline)"
    } else {
        return Ok(());
    };
    Err(WebhookError::InvalidSecret { reason, index })
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret([REDACTED])")
    }
}

/// Which signed text the verifier expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scheme {
    /// `timestamp + "." + raw_body`, with the timestamp in [`TIMESTAMP_HEADER`]
    /// checked against the tolerance. The default.
    #[default]
    Timestamped,
    /// The raw body alone, as an older doc revision described. Explicit
    /// opt-in only, never a fallback: it has no replay protection, and
    /// [`TIMESTAMP_HEADER`] is neither required nor checked.
    LegacyBodyOnly,
}

/// Options of [`verify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyOptions {
    /// Largest gap between the timestamp and now, in seconds, in either
    /// direction. `0` means the timestamp must equal now; it never disables
    /// the check. Default [`DEFAULT_TOLERANCE_SECS`].
    pub tolerance_secs: u64,
    /// The signed text; default [`Scheme::Timestamped`].
    pub scheme: Scheme,
    /// Largest body accepted, in bytes; a larger one is refused with
    /// [`WebhookError::BodyTooLarge`] before any hashing. Default
    /// [`DEFAULT_MAX_BODY_BYTES`].
    pub max_body_bytes: u64,
}

/// Default largest webhook body, in bytes. \[assumed\]: a `payment.updated`
/// event is about 1 KB; 2 MiB leaves room for any event Vesicash may add while
/// bounding what an anonymous sender can make a verifier hash.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 2 * 1024 * 1024;

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions { tolerance_secs: DEFAULT_TOLERANCE_SECS, scheme: Scheme::Timestamped, max_body_bytes: DEFAULT_MAX_BODY_BYTES }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = WebhookSecret::new("whsec_TOPSECRET").unwrap();
        assert_eq!(format!("{s:?}"), "WebhookSecret([REDACTED])");
        assert!(!format!("{:?}", std::slice::from_ref(&s)).contains("TOPSECRET"));
    }

    #[test]
    fn bad_secrets_are_named_not_quoted() {
        for bad in ["", " whsec", "whsec\n", "\t"] {
            let e = WebhookSecret::new(bad).unwrap_err();
            assert_eq!(e.code(), "invalid_secret");
        }
        let e = WebhookSecret::list(["whsec_old", "whsec_new\n"]).unwrap_err();
        assert_eq!(e, WebhookError::InvalidSecret { reason: e_reason(&e), index: Some(1) });
        assert!(e.to_string().starts_with("webhook secret #2 has leading"), "{e}");
        assert!(!e.to_string().contains("whsec_new"));
        assert_eq!(WebhookSecret::list(Vec::<String>::new()).unwrap_err().code(), "invalid_secret");
        assert_eq!(WebhookSecret::list(["a", "b"]).unwrap().len(), 2);
    }

    fn e_reason(e: &WebhookError) -> &'static str {
        match e {
            WebhookError::InvalidSecret { reason, .. } => reason,
            _ => "",
        }
    }
}
