//! The account call: rotating the webhook secret.

use crate::config::{Config, SECRET_KEY_HEADER};
use crate::request::{Method, Request};

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
}
