//! Client configuration: keys and base URL, checked once at construction.

use crate::core::error::Error;
use crate::core::fields;
use std::fmt;

/// Vesicash's API host. \[seen\] in code that calls the real API; one host
/// serves test and live, the key decides which. \[doc\]
pub const DEFAULT_BASE_URL: &str = "https://api.mor.vesicash.com";

/// Header carrying the public key. \[doc\]
pub const PUBLIC_KEY_HEADER: &str = "public-key";
/// Header carrying the secret key. \[doc\]
pub const SECRET_KEY_HEADER: &str = "secret-key";
/// Prefix of Vesicash secret keys (`morSec_live_…`). \[seen\]; used only to
/// catch a secret key passed where the public key belongs.
pub const SECRET_KEY_PREFIX: &str = "morSec_";

/// A secret key. Its `Debug` prints `[REDACTED]` and it has no `Display`,
/// so it cannot end up in a log line by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretKey(String);

impl SecretKey {
    /// Wraps a secret key after checking it is usable as a header value.
    pub fn new(key: impl Into<String>) -> Result<SecretKey, Error> {
        let key = key.into();
        header_value("secret_key", &key)?;
        Ok(SecretKey(key))
    }

    /// The key itself, for the one place that puts it in a header.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([REDACTED])")
    }
}

/// Checks a key is a non-empty header value without padding or control
/// characters: a key read from a file often carries a trailing newline, and a
/// newline in a header value is a header-injection hole. The message never
/// quotes the key.
fn header_value(field: &'static str, key: &str) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::validation(field, "is empty; pass the key from your Vesicash dashboard"));
    }
    if key.trim() != key {
        return Err(Error::validation(field, "has leading or trailing whitespace; trim it (keys read from files often end in a newline)"));
    }
    if !key.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(Error::validation(field, "must be printable ASCII without spaces"));
    }
    Ok(())
}

/// Keys and base URL for every request.
#[derive(Clone, Debug)]
pub struct Config {
    public_key: String,
    secret_key: SecretKey,
    base_url: String,
}

impl Config {
    /// A configuration for [`DEFAULT_BASE_URL`].
    ///
    /// Errors: `public_key`/`secret_key` empty, padded, or not printable
    /// ASCII; a secret key passed as the public key.
    pub fn new(public_key: impl Into<String>, secret_key: impl Into<String>) -> Result<Config, Error> {
        let public_key = public_key.into();
        header_value("public_key", &public_key)?;
        if public_key.starts_with(SECRET_KEY_PREFIX) {
            return Err(Error::validation(
                "public_key",
                "looks like a secret key (morSec_…); pass the public key (morPub_…) here and keep the secret key server-side",
            ));
        }
        Ok(Config { public_key, secret_key: SecretKey::new(secret_key)?, base_url: DEFAULT_BASE_URL.to_string() })
    }

    /// Replaces the base URL (the local sandbox, a proxy). A trailing `/` is
    /// dropped so paths join cleanly.
    ///
    /// Errors: not an absolute http(s) URL, one with a query or fragment,
    /// or one with a user name or password (`https://user:pw@host`):
    /// credentials belong in the keys, and a URL's user info would be sent
    /// to every host and shown in every hook's `url`. The message never
    /// repeats the URL.
    pub fn with_base_url(mut self, base_url: &str) -> Result<Config, Error> {
        fields::absolute_url("base_url", base_url)?;
        let authority = base_url.split_once("://").map_or("", |(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or_default());
        if authority.contains('@') {
            return Err(Error::validation(
                "base_url",
                "must not contain a user name or password (user:password@): credentials belong in the keys, not in the URL",
            ));
        }
        if base_url.contains(['?', '#']) {
            return Err(Error::validation("base_url", "must not have a query or fragment"));
        }
        self.base_url = base_url.trim_end_matches('/').to_string();
        Ok(self)
    }

    /// The public key.
    pub fn public_key(&self) -> &str {
        &self.public_key
    }

    /// The secret key (redacted in `Debug`).
    pub fn secret_key(&self) -> &SecretKey {
        &self.secret_key
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let c = Config::new("morPub_test_abc", "morSec_test_TOPSECRET").unwrap();
        let shown = format!("{c:?}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("[REDACTED]"));
    }

    #[test]
    fn bad_keys_are_named_and_not_quoted() {
        let e = Config::new("morPub_x", "morSec_secret\n").unwrap_err();
        assert_eq!(e.field(), Some("secret_key"));
        assert!(!e.to_string().contains("morSec_secret"));
        assert_eq!(Config::new("", "s").unwrap_err().field(), Some("public_key"));
        assert_eq!(Config::new("morSec_live_x", "s").unwrap_err().field(), Some("public_key"));
        assert_eq!(Config::new("p k", "s").unwrap_err().field(), Some("public_key"));
    }

    #[test]
    fn base_url() {
        let c = Config::new("p", "s").unwrap();
        assert_eq!(c.base_url(), DEFAULT_BASE_URL);
        let c = c.with_base_url("http://127.0.0.1:9000/").unwrap();
        assert_eq!(c.base_url(), "http://127.0.0.1:9000");
        assert!(c.clone().with_base_url("127.0.0.1:9000").is_err());
        assert!(c.clone().with_base_url("http://x.y/?a=1").is_err());
        for userinfo in ["http://user:hunter22@127.0.0.1:9000", "https://hunter22@x.y/v", "http://:hunter22@x.y"] {
            let e = c.clone().with_base_url(userinfo).unwrap_err();
            assert_eq!((e.code(), e.field()), (crate::ErrorCode::Validation, Some("base_url")));
            assert!(!e.message().contains("hunter22"), "{e}");
        }
        // An @ in the path is not user info.
        assert!(c.with_base_url("https://x.y/@team").is_ok());
    }
}
