//! A plain HTTP request value: what the builders produce and the transport
//! (fetch, `worker::Fetch`, your own client) sends unchanged.

use crate::core::config::{Config, PUBLIC_KEY_HEADER, SECRET_KEY_HEADER};
use crate::core::error::{Error, ErrorCode};
use serde::Serialize;
use std::fmt;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename = "HttpMethod", rename_all = "UPPERCASE"))]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl Method {
    /// The method as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// One request, ready to send. Header names are lowercase.
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename = "VesicashRequest"))]
pub struct Request {
    /// `GET` or `POST`.
    pub method: Method,
    /// The full URL, path segments percent-safe.
    pub url: String,
    /// Header name/value pairs, in a fixed order.
    #[cfg_attr(feature = "typescript", ts(type = "Record<string, string>"))]
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, for `POST`.
    pub body: Option<String>,
}

impl Request {
    /// The value of a header, by lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Request {
    /// Like a derived `Debug`, but the secret key's value is `[REDACTED]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> =
            self.headers.iter().map(|(n, v)| (*n, if *n == SECRET_KEY_HEADER { "[REDACTED]" } else { v.as_str() })).collect();
        f.debug_struct("Request").field("method", &self.method).field("url", &self.url).field("headers", &headers).field("body", &self.body).finish()
    }
}

/// The headers of a call that needs both keys, and a JSON content type when it has a body.
pub(crate) fn both_keys(config: &Config, json_body: bool) -> Vec<(&'static str, String)> {
    let mut headers = vec![(SECRET_KEY_HEADER, config.secret_key().expose().to_string()), (PUBLIC_KEY_HEADER, config.public_key().to_string())];
    if json_body {
        headers.push(("content-type", "application/json".into()));
    }
    headers
}

/// Percent-encodes everything but RFC 3986 unreserved characters. Validation
/// already limits references to those; this is the second line of defence
/// against a path that escapes its segment.
pub(crate) fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push_str(&hex::encode_upper([b]));
        }
    }
    out
}

/// A request body: `value` (a `Serialize` struct, fields in wire order) as
/// compact JSON. Fails only for a value JSON cannot hold (a map with
/// non-string keys), which no body of the crate has.
pub(crate) fn json_body<T: Serialize>(value: &T) -> Result<String, Error> {
    crate::core::wire::to_json(value).ok_or_else(|| Error::new(ErrorCode::Validation, "the request body cannot be written as JSON"))
}

/// The header of a call that sends the public key only.
pub(crate) fn public_key_only(config: &Config) -> Vec<(&'static str, String)> {
    vec![(PUBLIC_KEY_HEADER, config.public_key().to_string())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_secret_key() {
        let r = Request {
            method: Method::Get,
            url: "http://x.y/a".into(),
            headers: vec![("secret-key", "s".into()), ("public-key", "p".into())],
            body: None,
        };
        assert!(!format!("{r:?}").contains("\"s\""), "{r:?}");
    }
}
