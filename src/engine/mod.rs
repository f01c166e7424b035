//! The payment flow as async Rust over two seams: a [`Transport`] that sends
//! one request within a time limit, and a [`Clock`] that tells the time,
//! sleeps and draws random bytes. The engine owns attempts, backoff,
//! deadlines, cancellation and the idempotency rules; the decisions
//! themselves are the pure functions of [`crate::core::policy`] and
//! [`crate::core::envelope`].
//!
//! Runtimes plug in their own seams: `fetch` in the npm build, `worker::Fetch`
//! with the `worker` feature, a scripted transport and a virtual clock in the
//! tests. Futures are not `Send`: on wasm nothing is.

mod attempts;
mod calls;
mod flows;
pub mod options;
pub mod refresh;
pub mod wait;

pub use options::{CallOptions, ClientOptions};
pub use refresh::{RefreshItem, RefreshOptions};
pub use wait::{WaitFailure, WaitOptions};

use crate::api::{Answer, PaymentAnswer};
use crate::core::config::Config;
use crate::core::error::Error;
use crate::core::policy::{FailureKind, Sent};
use crate::core::request::Request;

/// A response as the transport received it: status, the headers the engine
/// reads, and the body in whatever form the runtime holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse<B> {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<String>,
    /// The [`crate::core::envelope::REQUEST_ID_HEADER`] header, if any.
    pub request_id: Option<String>,
    /// The `Location` header, if any: named (its host only) in the error
    /// for a redirect, which is never followed.
    pub location: Option<String>,
    /// The whole body (read within the attempt's time limit).
    pub body: B,
}

/// Why a transport produced no response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// The caller's signal fired.
    Aborted,
    /// The attempt failed.
    Failed {
        /// How: connection, time limit, or a body cut short.
        kind: FailureKind,
        /// Whether the request may have reached the server.
        sent: Sent,
        /// What the runtime said, for the error message (never a secret).
        detail: String,
    },
}

/// Reads a response body as an endpoint's answer, in the runtime's own
/// representation. Split in two so that the attempt loop, which only needs
/// to know whether an answer is readable, exists once whatever the answer
/// type (one copy of it in the wasm module, not one per endpoint).
pub trait ResponseBody {
    /// A success envelope's `data`, unchecked beyond its JSON type.
    type Raw;
    /// `data` as the caller receives it for the answer `A`.
    type Data<A: Answer>;
    /// Checks the envelope and that `data` is an array (`array`) or an object.
    fn into_raw(self, status: u16, request_id: Option<&str>, what: &'static str, array: bool) -> Result<Self::Raw, Error>;
    /// Reads the fields the engine needs from `data`.
    fn head<A: Answer>(raw: &Self::Raw, status: u16) -> Result<A::Head, Error>;
    /// Turns `data` into what the caller receives.
    fn data<A: Answer>(raw: Self::Raw, status: u16) -> Result<Self::Data<A>, Error>;
}

impl ResponseBody for Vec<u8> {
    type Raw = serde_json::Value;
    type Data<A: Answer> = A::Typed;
    fn into_raw(self, status: u16, request_id: Option<&str>, what: &'static str, array: bool) -> Result<serde_json::Value, Error> {
        let data = crate::core::envelope::check(status, crate::core::envelope::read_body(&self), request_id)?;
        let shaped = if array { data.is_array() } else { data.is_object() };
        if !shaped {
            return Err(crate::core::envelope::not_a(status, what, if array { "not a JSON array" } else { "not a JSON object" }));
        }
        Ok(data)
    }
    fn head<A: Answer>(raw: &serde_json::Value, status: u16) -> Result<A::Head, Error> {
        use serde::Deserialize;
        A::Head::deserialize(raw).map_err(|e| crate::core::envelope::not_a(status, A::WHAT, e))
    }
    fn data<A: Answer>(raw: serde_json::Value, status: u16) -> Result<A::Typed, Error> {
        use serde::Deserialize;
        A::Typed::deserialize(raw).map_err(|e| crate::core::envelope::not_a(status, A::WHAT, e))
    }
}

/// `data` of the answer `A` as the transport `T` yields it.
pub type DataOf<T, A> = <<T as Transport>::Body as ResponseBody>::Data<A>;
/// A payment as the transport `T` yields it.
pub type PaymentOf<T> = DataOf<T, PaymentAnswer>;

/// Sends one request and reads the whole response within `timeout_ms`.
#[allow(async_fn_in_trait)] // futures are not Send on wasm; no bound is wanted
pub trait Transport {
    /// The caller's cancellation handle (an `AbortSignal` in JS).
    type Signal;
    /// The body as this runtime holds it.
    type Body: ResponseBody;
    /// Sends `request` without following redirects (a 3xx is returned as
    /// it came); the time limit covers reading the body. Should return
    /// [`TransportError::Aborted`] promptly once `signal` fires; the engine
    /// does not rely on it: it races every attempt against its own timer
    /// and the signal, and drops a transport future that outlives them.
    async fn send(&self, request: &Request, timeout_ms: u64, signal: &Self::Signal) -> Result<HttpResponse<Self::Body>, TransportError>;
}

/// Time, waiting and randomness: everything the engine takes from the host.
#[allow(async_fn_in_trait)]
pub trait Clock<S> {
    /// Milliseconds since the Unix epoch (may be fractional).
    fn now_ms(&self) -> f64;
    /// Waits `ms`, or returns `Err(())` as soon as `signal` fires.
    async fn sleep(&self, ms: u64, signal: &S) -> Result<(), ()>;
    /// Whether `signal` has fired.
    fn aborted(&self, signal: &S) -> bool;
    /// Fills `buf` from a cryptographically secure generator.
    fn fill_random(&self, buf: &mut [u8]);
}

/// One attempt about to be sent, for [`Hooks::on_request`] (`onRequest` in JS).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RequestEvent<'a> {
    /// `GET` or `POST`.
    #[cfg_attr(feature = "typescript", ts(as = "crate::core::request::Method"))]
    pub method: &'static str,
    /// The full URL.
    pub url: &'a str,
    /// 1 for the first attempt of the call, 2 for its first retry, and so on.
    pub attempt: u32,
    /// The request's headers, with the key headers' values `[REDACTED]`.
    #[cfg_attr(feature = "typescript", ts(type = "Record<string, string>"))]
    pub headers: Vec<(&'static str, &'a str)>,
}

/// One attempt finished, whatever its outcome, for [`Hooks::on_response`] (`onResponse` in JS).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename_all = "camelCase"))]
pub struct ResponseEvent<'a> {
    /// `GET` or `POST`.
    #[cfg_attr(feature = "typescript", ts(as = "crate::core::request::Method"))]
    pub method: &'static str,
    /// The full URL.
    pub url: &'a str,
    /// 1 for the first attempt of the call, 2 for its first retry, and so on.
    pub attempt: u32,
    /// The HTTP status; none (`null` in JS) when no response arrived.
    pub status: Option<u16>,
    /// Milliseconds from sending to the whole response (or the failure).
    pub elapsed_ms: f64,
    /// The error code of a failed attempt; absent when the attempt
    /// succeeded. The call may still retry.
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::core::error::ErrorCode>", optional))]
    pub error: Option<&'static str>,
}

/// Observes every attempt (logging, metrics). Nothing is sent anywhere else.
pub trait Hooks {
    /// Before an attempt is sent.
    fn on_request(&self, _event: &RequestEvent<'_>) {}
    /// After an attempt ends, whatever its outcome.
    fn on_response(&self, _event: &ResponseEvent<'_>) {}
}

/// No hooks.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoHooks;
impl Hooks for NoHooks {}

/// A Vesicash client over a transport and a clock: the three calls of the
/// non-checkout flow with retries, deadlines, cancellation and idempotency.
pub struct Client<T, C, H = NoHooks> {
    config: Config,
    options: ClientOptions,
    transport: T,
    clock: C,
    hooks: H,
    /// Payments this client initialised lately, with when: a `404` soon
    /// after is "not visible yet" ([`refresh::NOT_FOUND_GRACE_MS`]).
    recent_inits: std::cell::RefCell<std::collections::VecDeque<(String, f64)>>,
}

impl<T: Transport, C: Clock<T::Signal>> Client<T, C, NoHooks> {
    /// A client with default options and no hooks.
    pub fn new(config: Config, transport: T, clock: C) -> Self {
        Client { config, options: ClientOptions::default(), transport, clock, hooks: NoHooks, recent_inits: Default::default() }
    }
}

impl<T: Transport, C: Clock<T::Signal>, H: Hooks> Client<T, C, H> {
    /// Replaces the options (checked by [`ClientOptions::validate`]).
    pub fn with_options(mut self, options: ClientOptions) -> Result<Self, Error> {
        options.validate()?;
        self.options = options;
        Ok(self)
    }

    /// Replaces the hooks.
    pub fn with_hooks<H2: Hooks>(self, hooks: H2) -> Client<T, C, H2> {
        Client { config: self.config, options: self.options, transport: self.transport, clock: self.clock, hooks, recent_inits: self.recent_inits }
    }

    /// The configuration (keys and base URL).
    pub fn config(&self) -> &Config {
        &self.config
    }
}

impl<T, C, H> std::fmt::Debug for Client<T, C, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client").field("config", &self.config).field("options", &self.options).finish_non_exhaustive()
    }
}
