//! The options objects of the JS client, as the wasm bindings read them
//! (`src/bindings/client.rs`). Outside the wasm-only bindings so that the
//! TypeScript declarations can be generated from them natively; the JS
//! handles (`fetch`, hooks, `signal`) are then plain placeholders, never read.

use serde::Deserialize;

/// A JS value kept as it is (a function, an `AbortSignal`).
#[cfg(target_arch = "wasm32")]
pub(crate) type JsHandle = wasm_bindgen::JsValue;
/// Natively only declared (for TypeScript), never deserialised.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) type JsHandle = ();

/// Options of the client (`new Vesicash(options)`); every call starts from
/// these. The JS facade has checked their types.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "VesicashOptions", optional_fields))]
pub(crate) struct JsClientOptions {
    /// Your public key (`morPub_…`).
    pub public_key: String,
    /// Your secret key (`morSec_…`). Server-side only; never logged by this package.
    pub secret_key: String,
    /// Defaults to `https://api.mor.vesicash.com`.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Time limit of one attempt, reading the body included, in ms: a whole
    /// number from 1 to 3600000 (default 10000).
    #[serde(default)]
    pub timeout_ms: Option<f64>,
    /// Extra attempts after the first, from 0 (no retries) to 10 (default 2).
    /// Only what is safe is retried: pay is re-sent only when a failure
    /// proves it was not processed.
    #[serde(default)]
    pub max_retries: Option<f64>,
    /// Time limit of the whole call, retries and waits included, in ms: a
    /// whole number from 1 to 3600000 (default 30000).
    #[serde(default)]
    pub deadline_ms: Option<f64>,
    /// Defaults to `globalThis.fetch`.
    #[cfg_attr(target_arch = "wasm32", serde(with = "serde_wasm_bindgen::preserve"))]
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::Fetch>"))]
    pub fetch: JsHandle,
    /// Called before every attempt (logging, metrics). A hook that throws is ignored.
    #[cfg_attr(target_arch = "wasm32", serde(with = "serde_wasm_bindgen::preserve"))]
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::RequestHook>"))]
    pub on_request: JsHandle,
    /// Called after every attempt, whatever its outcome. A hook that throws is ignored.
    #[cfg_attr(target_arch = "wasm32", serde(with = "serde_wasm_bindgen::preserve"))]
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::ResponseHook>"))]
    pub on_response: JsHandle,
    /// In a browser page the constructor throws: the secret key would be
    /// readable by anyone who opens the page. `true` allows it, for a local
    /// test page only. Read by the JS facade (`pkg/src/client.js`), which
    /// does not pass it on.
    // Never read by wasm: skipped there, so it costs no code in the module.
    #[cfg_attr(target_arch = "wasm32", serde(skip))]
    #[serde(default)]
    #[allow(dead_code)]
    pub dangerously_allow_browser: Option<bool>,
}

/// Options of `payments.waitForFinal`.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "WaitOptions", optional_fields))]
pub(crate) struct JsWaitOptions {
    /// The whole wait in ms (default 300000: longer than a prompt stays open on the phone).
    #[serde(default)]
    pub timeout_ms: Option<f64>,
    /// The longest pause between two polls in ms (default 10000).
    #[serde(default)]
    pub interval_ms: Option<f64>,
    /// Cancels the wait at once: it rejects with `aborted`.
    #[cfg_attr(target_arch = "wasm32", serde(with = "serde_wasm_bindgen::preserve"))]
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::Signal>"))]
    pub signal: JsHandle,
}

/// Options of one call; the limits override the client's.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "CallOptions", optional_fields))]
pub(crate) struct JsCallOptions {
    /// Overrides `VesicashOptions.timeoutMs` for this call (same range; out
    /// of range rejects with `validation_error`).
    #[serde(default)]
    pub timeout_ms: Option<f64>,
    /// Overrides `VesicashOptions.maxRetries` for this call (same range).
    #[serde(default)]
    pub max_retries: Option<f64>,
    /// Overrides `VesicashOptions.deadlineMs` for this call (same range).
    #[serde(default)]
    pub deadline_ms: Option<f64>,
    /// Cancels the call at once, in flight or between attempts: it rejects
    /// with `aborted` (see that code for pay).
    #[cfg_attr(target_arch = "wasm32", serde(with = "serde_wasm_bindgen::preserve"))]
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::Signal>"))]
    pub signal: JsHandle,
}

// Declared here for TypeScript only: the JS facade checks these and passes
// them to the wasm exports as flat arguments (src/bindings/webhook.rs),
// which build a `webhook::VerifyOptions`.
/// Options of `verifyWebhook` and `new WebhookVerifier` (without `now`).
#[cfg(feature = "typescript")]
#[derive(ts_rs::TS)]
#[ts(rename = "VerifyWebhookOptions", rename_all = "camelCase", optional_fields)]
#[allow(dead_code)]
pub(crate) struct JsVerifyOptions {
    /// Largest gap between `mor-timestamp` and now, in seconds, both directions (default 300; 0 means exactly now).
    pub tolerance_seconds: Option<f64>,
    /// The current Unix time in seconds (default `Date.now() / 1000`); for tests.
    pub now: Option<f64>,
    /// Accept only the older scheme, HMAC over the raw body alone (no timestamp, no replay protection).
    pub legacy_body_only: Option<bool>,
    /// Largest body accepted, in bytes (default 2 MiB); a larger one is refused with
    /// `body_too_large` before it is copied into wasm memory or hashed.
    pub max_body_bytes: Option<f64>,
}
