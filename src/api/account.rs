//! The account call: rotating the webhook secret, and the secret it answers.

use crate::core::config::{Config, SECRET_KEY_HEADER};
use crate::core::request::{Method, Request};
use serde::Deserialize;

/// Path of the call that creates or rotates the webhook secret. \[doc\]
pub const ROTATE_WEBHOOK_SECRET_PATH: &str = "/v1/account/generate-webhook-secret";

/// Builds `POST /v1/account/generate-webhook-secret` with the secret key only
/// (the contract lists no public key). The old secret stops working at once.
pub fn rotate_webhook_secret(config: &Config) -> Request {
    Request {
        method: Method::Post,
        url: format!("{}{ROTATE_WEBHOOK_SECRET_PATH}", config.base_url()),
        headers: vec![(SECRET_KEY_HEADER, config.secret_key().expose().to_string())],
        body: None,
    }
}

/// The new webhook secret. Its `Debug` shows no secret.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RotatedSecret {
    /// The secret every later delivery is signed with; the old one stopped working.
    pub webhook_secret: String,
}

impl std::fmt::Debug for RotatedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RotatedSecret").field("webhook_secret", &"[REDACTED]").finish()
    }
}

answer! {
    /// `POST /v1/account/generate-webhook-secret` answers the new secret.
    pub enum SecretAnswer { head: RotatedSecret, typed: RotatedSecret, what: "a webhook secret ({ webhook_secret })" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sends_the_secret_key_only() {
        let config = Config::new("morPub_test_p", "morSec_test_s").unwrap();
        let r = rotate_webhook_secret(&config);
        assert_eq!((r.method, r.url.as_str()), (Method::Post, "https://api.mor.vesicash.com/v1/account/generate-webhook-secret"));
        assert_eq!((r.header("secret-key"), r.header("public-key"), r.body.as_deref()), (Some("morSec_test_s"), None, None));
    }

    #[test]
    fn a_secret_never_shows_in_debug() {
        let s = RotatedSecret { webhook_secret: "whsec_do_not_show".into() };
        assert!(!format!("{s:?}").contains("do_not_show"));
    }
}
