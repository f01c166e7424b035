//! The one error type of the crate. Every failure is a value, never a panic:
//! a panic in wasm traps and can leave the module instance unusable.

use crate::json::ObjectWriter;
use std::fmt;

/// What went wrong, with enough detail for the caller to fix it.
///
/// The `Display` text is written for the developer reading a log: it says
/// what to change. It never contains a secret key or webhook secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An input failed validation; nothing was sent.
    Validation {
        /// The field at fault, as named on the wire (`amount`, `phone_number`, …).
        field: &'static str,
        /// What is wrong and what is expected.
        message: String,
    },
    /// Vesicash answered with an error status.
    Api {
        /// Which family of error the HTTP status belongs to.
        kind: ApiErrorKind,
        /// The HTTP status code.
        status: u16,
        /// The `code` field of the envelope, when the body had one.
        api_code: Option<i64>,
        /// The `message` of the envelope, or a description of the body.
        message: String,
    },
    /// The response could not be understood (not JSON, truncated, wrong shape).
    InvalidResponse {
        /// The HTTP status code of the response.
        status: u16,
        /// What was wrong with the body.
        message: String,
    },
}

/// The family of an API error, from its HTTP status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiErrorKind {
    /// 401: the public or secret key is missing or wrong.
    Authentication,
    /// 404: no such payment (or endpoint).
    NotFound,
    /// Any other 4xx, including "already exists".
    InvalidRequest,
    /// 5xx, or a 2xx envelope whose `status` is not `"success"`.
    Server,
}

impl Error {
    /// The stable string code shared with the JS package (`VesicashError.code`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation { .. } => "validation_error",
            Error::Api { kind, .. } => match kind {
                ApiErrorKind::Authentication => "authentication_error",
                ApiErrorKind::NotFound => "not_found",
                ApiErrorKind::InvalidRequest => "invalid_request",
                ApiErrorKind::Server => "api_error",
            },
            Error::InvalidResponse { .. } => "invalid_response",
        }
    }

    /// The HTTP status of the response behind this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Validation { .. } => None,
            Error::Api { status, .. } | Error::InvalidResponse { status, .. } => Some(*status),
        }
    }

    /// The field at fault, for validation errors.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Validation { field, .. } => Some(field),
            _ => None,
        }
    }

    pub(crate) fn validation(field: &'static str, message: impl Into<String>) -> Error {
        Error::Validation { field, message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation { field, message } => write!(f, "invalid `{field}`: {message}"),
            Error::Api { status, message, kind, .. } => {
                let hint = match kind {
                    ApiErrorKind::Authentication => {
                        " (check the public and secret keys, and that test keys are used with test payments)"
                    }
                    ApiErrorKind::NotFound => " (check the payment reference)",
                    ApiErrorKind::InvalidRequest => "",
                    ApiErrorKind::Server => " (Vesicash's side; safe to check the payment status and retry later)",
                };
                write!(f, "Vesicash answered HTTP {status}: {message}{hint}")
            }
            Error::InvalidResponse { status, message } => {
                write!(f, "unreadable response (HTTP {status}): {message}")
            }
        }
    }
}

impl std::error::Error for Error {}

impl Error {
    /// Serialises the error for the JS layer: `{"code","message","field"?,"status"?,"api_code"?}`.
    pub fn to_json(&self) -> String {
        let mut w = ObjectWriter::new().str("code", self.code()).str("message", &self.to_string());
        if let Some(field) = self.field() {
            w = w.str("field", field);
        }
        if let Some(status) = self.status() {
            w = w.raw("status", &status.to_string());
        }
        if let Error::Api { api_code: Some(c), .. } = self {
            w = w.raw("api_code", &c.to_string());
        }
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors() {
        let e = Error::validation("amount", "must be greater than 0");
        assert_eq!(e.to_json(), r#"{"code":"validation_error","message":"invalid `amount`: must be greater than 0","field":"amount"}"#);
        let e = Error::Api { kind: ApiErrorKind::NotFound, status: 404, api_code: Some(404), message: "no such payment".into() };
        assert_eq!(e.to_json(), r#"{"code":"not_found","message":"Vesicash answered HTTP 404: no such payment (check the payment reference)","status":404,"api_code":404}"#);
    }
}
