//! The one error type of the payment calls. Every failure is a value, never a
//! panic: a panic in wasm traps and can leave the module instance unusable.

use serde::Serialize;
use std::fmt;

/// Declares [`ErrorCode`] with each variant's wire string written once,
/// beside it: `as_str`, [`ErrorCode::ALL`] and the TypeScript union
/// (`ts(rename)`, and tools/typegen reads the variants' docs from this
/// invocation) all come from that one list.
macro_rules! error_codes {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[doc = $doc:literal])* $variant:ident = $wire:literal,)* }) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[doc = $doc])* #[cfg_attr(feature = "typescript", ts(rename = $wire))] $variant,)*
        }

        impl $name {
            /// Every code, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The code as a string, shared with the JS package.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)*
                }
            }
        }
    };
}

error_codes! {
/// The stable machine-readable kind of an [`Error`] (`VesicashError.code` in
/// JS). Whether the same call may be made again is on the error itself: read
/// `retryable` ([`Error::retryable`]), never infer it from the code alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename = "VesicashErrorCode"))]
pub enum ErrorCode {
    /// An input failed validation (`field` names it); nothing was sent. Never
    /// retryable: fix the input.
    Validation = "validation_error",
    /// 401: the public or secret key is missing or wrong (or a test key used
    /// with a live payment). Never retryable.
    Authentication = "authentication_error",
    /// 404 for a payment: no payment with that reference. Never retryable.
    NotFound = "not_found",
    /// 404 for the route itself: the base URL (or a proxy in front of it) is
    /// wrong. Never retryable.
    RouteNotFound = "route_not_found",
    /// Any other 4xx Vesicash gave no more specific meaning (`apiCode` and the
    /// message say more). Never retryable.
    InvalidRequest = "invalid_request",
    /// initialize: the reference already belongs to a payment. Never
    /// retryable. When retrying with `err.reference` of an earlier failed
    /// call, that call's request probably landed: read the payment with
    /// `payments.get(reference)` (check its amount and currency) instead of
    /// creating a new one.
    ReferenceExists = "reference_exists",
    /// pay: the customer has already been prompted for this payment. Never
    /// retryable: wait for the webhook or check `payments.get`.
    PaymentInProgress = "payment_in_progress",
    /// pay: the payment is already final. Never retryable: check `payments.get`.
    PaymentAlreadyFinal = "payment_already_final",
    /// initialize: a retried attempt found a payment under the reference whose
    /// amount or currency is not the one asked for, so this call did not
    /// create it. Never retryable.
    PaymentMismatch = "payment_mismatch",
    /// 5xx, or a response envelope whose `status` is not `"success"`.
    /// Retryable, except after an ambiguous pay.
    Api = "api_error",
    /// The response could not be understood (not JSON, wrong shape), or it
    /// is not about this request: its `data` names another payment, or an
    /// initialise was answered with another amount or currency (a proxy or
    /// cache mixed answers up). Retryable, except after an ambiguous pay.
    InvalidResponse = "invalid_response",
    /// The answer was a redirect (a 3xx, or a browser's opaque redirect).
    /// Redirects are never followed: one would carry the secret key wherever
    /// it points. The message names the `Location` host. Check `baseUrl`
    /// and any proxy in front of it. Never retryable (for pay, refunds and
    /// payouts the call ends in `outcome_unknown` instead: the request may
    /// have been processed before the redirect).
    Redirected = "redirected",
    /// The answer's body is larger than `maxResponseBytes` (default 1 MiB);
    /// it was not read past the limit. Never retryable (for pay, refunds and
    /// payouts: `outcome_unknown`).
    ResponseTooLarge = "response_too_large",
    /// The connection failed or the response was cut short. Retryable, except
    /// after an ambiguous pay.
    Connection = "connection_error",
    /// An attempt (`timeoutMs`) or the whole call (`deadlineMs`) ran out of
    /// time. Retryable, except after an ambiguous pay.
    Timeout = "timeout",
    /// The caller's signal cancelled the call. Retryable, except for a pay
    /// aborted while its request was in flight (the prompt may have been
    /// sent: wait for the webhook or check `payments.get`).
    Aborted = "aborted",
    /// 429 on every attempt allowed, or a `Retry-After` longer than the call
    /// may wait (`retryAfter` has the wait, in seconds). Retryable, after that
    /// wait.
    RateLimited = "rate_limited",
    /// pay only: the push prompt may or may not have reached Vesicash (a
    /// timeout, a dropped connection, a 5xx), and reading the payment back did
    /// not show that it landed. pay is never re-sent after such a failure, and
    /// this is never retryable: wait for the webhook or check `payments.get`
    /// before calling pay again, or the customer may be prompted twice.
    OutcomeUnknown = "outcome_unknown",
}
}

impl ErrorCode {
    /// Whether the failure may pass if the same request is made again
    /// (Vesicash's side, the network, time, rate limits), as opposed to one
    /// that needs a change first (input, keys, reference, state).
    pub fn is_transient(self) -> bool {
        matches!(self, ErrorCode::Api | ErrorCode::InvalidResponse | ErrorCode::Connection | ErrorCode::Timeout | ErrorCode::RateLimited)
    }
}

/// What went wrong, with enough detail for the caller to fix it or to decide
/// whether to try again.
///
/// The `Display` text is written for the developer reading a log: it says what
/// to change. It never contains a secret key or webhook secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(Box<Details>);

/// The contents of an [`Error`], boxed so that `Result<T, Error>` stays one
/// pointer wide on the success path.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    code: ErrorCode,
    message: String,
    field: Option<&'static str>,
    status: Option<u16>,
    api_code: Option<i64>,
    request_id: Option<String>,
    retry_after_ms: Option<u64>,
    attempts: u32,
    retryable: bool,
    reference: Option<String>,
}

impl Error {
    /// A new error of `code` with `message`; every other detail empty.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error(Box::new(Details {
            code,
            message: message.into(),
            field: None,
            status: None,
            api_code: None,
            request_id: None,
            retry_after_ms: None,
            attempts: 0,
            retryable: false,
            reference: None,
        }))
    }

    /// A validation error naming the wire field at fault.
    pub fn validation(field: &'static str, message: impl Into<String>) -> Error {
        let mut e = Error::new(ErrorCode::Validation, format!("invalid `{field}`: {}", message.into()));
        e.0.field = Some(field);
        e
    }

    /// The kind of failure.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// What went wrong and what to do, without any secret.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The HTTP status of the response behind this error, if there was one.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The field at fault, for validation errors.
    pub fn field(&self) -> Option<&'static str> {
        self.0.field
    }

    /// The `code` of Vesicash's error envelope, when it sent one.
    pub fn api_code(&self) -> Option<i64> {
        self.0.api_code
    }

    /// The request id Vesicash sent with the response, for its support.
    pub fn request_id(&self) -> Option<&str> {
        self.0.request_id.as_deref()
    }

    /// How long Vesicash asked to wait (429 `Retry-After`), in milliseconds.
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.0.retry_after_ms
    }

    /// How many HTTP attempts the call made (0: nothing was sent).
    pub fn attempts(&self) -> u32 {
        self.0.attempts
    }

    /// Whether making the same call again is safe: it cannot move money twice
    /// (for initialise: when made with [`Error::reference`]).
    pub fn retryable(&self) -> bool {
        self.0.retryable
    }

    /// The payment reference an initialise used (the caller's, or the one the
    /// client generated): pass it again to retry without a second payment.
    pub fn reference(&self) -> Option<&str> {
        self.0.reference.as_deref()
    }

    pub(crate) fn with_status(mut self, status: u16) -> Error {
        self.0.status = Some(status);
        self
    }

    pub(crate) fn with_api_details(mut self, api_code: Option<i64>, request_id: Option<String>) -> Error {
        self.0.api_code = api_code;
        self.0.request_id = request_id;
        self
    }

    pub(crate) fn with_retry_after(mut self, ms: Option<u64>) -> Error {
        self.0.retry_after_ms = ms;
        self
    }

    pub(crate) fn with_call(mut self, attempts: u32, retryable: bool) -> Error {
        self.0.attempts = attempts;
        self.0.retryable = retryable;
        self
    }

    pub(crate) fn with_reference(mut self, reference: &str) -> Error {
        self.0.reference = Some(reference.to_string());
        self
    }

    /// This error with the keys scrubbed from everything a server may have
    /// put in it (message, request id) and the request id bounded
    /// ([`crate::core::redact`]).
    pub(crate) fn redacted(mut self, keys: &[&str]) -> Error {
        self.0.message = crate::core::redact::scrub(&self.0.message, keys);
        self.0.request_id = self.0.request_id.take().map(|id| crate::core::redact::server_text(&id, keys));
        self
    }

    pub(crate) fn with_message(mut self, message: String) -> Error {
        self.0.message = message;
        self
    }

    /// The error as the JS layer receives it: `{code, message, retryable,
    /// attempts, field?, status?, apiCode?, requestId?, retryAfter? (seconds),
    /// reference?}`.
    pub fn descriptor(&self) -> Descriptor<'_> {
        Descriptor {
            code: self.0.code.as_str(),
            message: &self.0.message,
            retryable: self.0.retryable,
            attempts: self.0.attempts,
            field: self.0.field,
            status: self.0.status,
            api_code: self.0.api_code,
            request_id: self.0.request_id.as_deref(),
            retry_after: self.0.retry_after_ms.map(|ms| ms as f64 / 1000.0),
            reference: self.0.reference.as_deref(),
        }
    }
}

/// An error with JS field names, as the JS layer receives it (serialised from
/// an [`Error`]): the members every `VesicashError` carries.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "VesicashErrorDescriptor", optional_fields))]
pub struct Descriptor<'a> {
    /// Stable machine-readable code: see `VesicashErrorCode`.
    #[cfg_attr(feature = "typescript", ts(as = "ErrorCode"))]
    pub code: &'static str,
    /// What went wrong and what to do, without any secret.
    pub message: &'a str,
    /// Whether making the same call again is safe: it cannot move money
    /// twice. For initialize, only when made again with `reference`. True
    /// for the transient failures (`api_error`, `invalid_response`,
    /// `connection_error`, `timeout`, `rate_limited`, `aborted`) of
    /// initialize, get, and of a pay proven not processed (a 429, a refused
    /// connection); false for every other error, and for a pay that may have
    /// reached Vesicash.
    pub retryable: bool,
    /// HTTP attempts the call made, read-backs included (0: nothing was sent).
    pub attempts: u32,
    /// Wire name of the invalid field, for `validation_error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// HTTP status of the response behind the error, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The `code` of Vesicash's error envelope, when it sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_code: Option<i64>,
    /// The `x-request-id` Vesicash sent with the response, for its support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<&'a str>,
    /// How long Vesicash asked to wait (429 `Retry-After`), in seconds (may be fractional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<f64>,
    /// initialize only: the payment reference it used, yours or the one the
    /// client generated when `params.reference` was omitted. To retry
    /// safely, pass it again as `params.reference`: an earlier attempt that
    /// landed is then never duplicated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<&'a str>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors() {
        let e = Error::validation("amount", "must be greater than 0");
        assert_eq!(
            serde_json::to_string(&e.descriptor()).unwrap(),
            r#"{"code":"validation_error","message":"invalid `amount`: must be greater than 0","retryable":false,"attempts":0,"field":"amount"}"#
        );
        let e = Error::new(ErrorCode::RateLimited, "slow down").with_status(429).with_retry_after(Some(1500)).with_call(3, true);
        assert_eq!(
            serde_json::to_string(&e.descriptor()).unwrap(),
            r#"{"code":"rate_limited","message":"slow down","retryable":true,"attempts":3,"status":429,"retryAfter":1.5}"#
        );
    }
}
