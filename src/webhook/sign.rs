//! Signing, for tests and for the local sandbox: the exact headers Vesicash
//! sends for a body.

use super::hex::encode;
use super::mac::hmac_sha256;
use super::{WebhookSecret, SIGNATURE_HEADER, SIGNED_PAYLOAD_SEPARATOR, TIMESTAMP_HEADER};

/// The signature headers of one delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    /// Value of [`SIGNATURE_HEADER`]: 64 lowercase hex digits.
    pub signature: String,
    /// Value of [`TIMESTAMP_HEADER`]; `None` for the legacy body-only scheme.
    pub timestamp: Option<String>,
}

impl SignedHeaders {
    /// `(name, value)` pairs, ready for any HTTP client or for [`super::verify`].
    pub fn headers(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![(SIGNATURE_HEADER, self.signature.clone())];
        if let Some(t) = &self.timestamp {
            out.push((TIMESTAMP_HEADER, t.clone()));
        }
        out
    }

    /// The headers as a JSON object, `{"mor-signature": "…", "mor-timestamp": "…"}`.
    pub fn to_json(&self) -> String {
        let headers: Vec<(&str, &str)> = self.headers_ref().collect();
        crate::core::wire::to_json(&WireHeaders(&headers)).unwrap_or_default()
    }

    fn headers_ref(&self) -> impl Iterator<Item = (&'static str, &str)> {
        std::iter::once((SIGNATURE_HEADER, self.signature.as_str())).chain(self.timestamp.as_deref().map(|t| (TIMESTAMP_HEADER, t)))
    }
}

/// Header pairs written as one JSON object, in order.
struct WireHeaders<'a>(&'a [(&'a str, &'a str)]);

impl serde::Serialize for WireHeaders<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().copied())
    }
}

/// Signs `body` as sent at `timestamp` (Unix seconds).
pub fn sign(body: &[u8], secret: &WebhookSecret, timestamp: u64) -> SignedHeaders {
    let mut text = String::new();
    super::error::push_u64(&mut text, timestamp);
    let timestamp = text;
    SignedHeaders { signature: signature(secret, &[timestamp.as_bytes(), SIGNED_PAYLOAD_SEPARATOR.as_bytes(), body]), timestamp: Some(timestamp) }
}

/// Signs `body` with the older body-only scheme (no timestamp).
pub fn sign_legacy(body: &[u8], secret: &WebhookSecret) -> SignedHeaders {
    SignedHeaders { signature: signature(secret, &[body]), timestamp: None }
}

fn signature(secret: &WebhookSecret, parts: &[&[u8]]) -> String {
    encode(&hmac_sha256(secret.expose().as_bytes(), parts)).iter().map(|&b| char::from(b)).collect()
}
