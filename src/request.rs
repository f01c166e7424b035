//! A plain HTTP request value: what the builders produce and the transport
//! (fetch, `worker::Fetch`, your own client) sends unchanged.

use crate::config::SECRET_KEY_HEADER;
use std::fmt;

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
pub struct Request {
    /// `GET` or `POST`.
    pub method: Method,
    /// The full URL, path segments percent-safe.
    pub url: String,
    /// Header name/value pairs, in a fixed order.
    pub headers: Vec<(&'static str, String)>,
    /// The JSON body, for `POST`.
    pub body: Option<String>,
}

impl Request {
    /// The value of a header, by lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    /// The request as JSON for the JS layer:
    /// `{"method","url","headers":{…},"body":string|null}`.
    pub fn to_json(&self) -> String {
        let headers: serde_json::Map<String, serde_json::Value> =
            self.headers.iter().map(|(n, v)| ((*n).to_string(), v.as_str().into())).collect();
        serde_json::json!({
            "method": self.method.as_str(),
            "url": self.url,
            "headers": headers,
            "body": self.body,
        })
        .to_string()
    }
}

impl fmt::Debug for Request {
    /// Like a derived `Debug`, but the secret key's value is `[REDACTED]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (*n, if *n == SECRET_KEY_HEADER { "[REDACTED]" } else { v.as_str() }))
            .collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}
