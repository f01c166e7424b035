//! workers-rs helpers (feature `worker`): the payment client over
//! `worker::Fetch` ([`client`]), and webhook verification straight from a
//! `worker::Request`, a thin adapter over [`crate::webhook`] that reads the
//! raw body once and the clock from `Date.now()`; every check is the core's.
//!
//! ```ignore
//! async fn webhook(mut req: worker::Request, env: worker::Env) -> worker::Result<worker::Response> {
//!     let secret = env.secret("VESICASH_WEBHOOK_SECRET")?.to_string();
//!     match vesicash_edge::worker::verify_webhook(&mut req, &[secret]).await {
//!         Ok(event) => { /* act on event.data, idempotently */ worker::Response::ok("ok") }
//!         Err(e) => worker::Response::error(e.code(), 400),
//!     }
//! }
//! ```

#[cfg(target_arch = "wasm32")]
mod fetch;
use crate::webhook::{self, HeaderSource, VerifyOptions, WebhookError, WebhookEvent, WebhookSecret};
#[cfg(target_arch = "wasm32")]
pub use fetch::{client, WorkerClock, WorkerTransport};

impl HeaderSource for worker::Headers {
    /// `Headers.get`: case-insensitive, repeated headers joined with `", "`.
    fn header(&self, name: &str) -> Option<String> {
        self.get(name).ok().flatten()
    }
}

/// The current Unix time in seconds, from the Workers clock.
pub fn now_seconds() -> u64 {
    worker::Date::now().as_millis() / 1000
}

/// Verifies the webhook in `req` with the default options and the Workers
/// clock. Reads the body: call it before anything else reads it.
///
/// Errors: every [`WebhookError`]; a body that cannot be read (already
/// consumed) is [`WebhookError::BodyNotRaw`].
pub async fn verify_webhook<S: AsRef<str>>(req: &mut worker::Request, secrets: &[S]) -> Result<WebhookEvent, WebhookError> {
    verify_webhook_with(req, secrets, now_seconds(), &VerifyOptions::default()).await
}

/// Like [`verify_webhook`] with the clock (`now`, Unix seconds) and options given.
pub async fn verify_webhook_with<S: AsRef<str>>(
    req: &mut worker::Request,
    secrets: &[S],
    now: u64,
    options: &VerifyOptions,
) -> Result<WebhookEvent, WebhookError> {
    // Secrets first: a configuration error should not wait on the body.
    let secrets = WebhookSecret::list(secrets.iter().map(|s| s.as_ref()))?;
    let body =
        req.bytes().await.map_err(|_| WebhookError::BodyNotRaw { got: "a request whose body could not be read (already consumed?)".into() })?;
    webhook::verify(&body, req.headers(), &secrets, now, options)
}
