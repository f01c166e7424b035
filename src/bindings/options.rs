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
pub struct JsClientOptions {
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
    /// Largest response body read, in bytes: a whole number from 1 to
    /// 67108864 (default 1048576, 1 MiB; the largest real answer, a page of
    /// 100 payments, is about 60 KB). A larger answer is refused with
    /// `response_too_large`, never read past the limit.
    #[serde(default)]
    pub max_response_bytes: Option<f64>,
    /// Defaults to `globalThis.fetch`. Called with `redirect: "manual"`:
    /// a redirect is refused (`redirected`), never followed.
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
pub struct JsWaitOptions {
    /// The whole wait in ms (default 300000: longer than a prompt stays open on the phone).
    #[serde(default)]
    pub timeout_ms: Option<f64>,
    /// The longest pause between two polls in ms (default 10000).
    #[serde(default)]
    pub interval_ms: Option<f64>,
    /// The payment's `created_at` (Unix ms, or a `Date` / RFC 3339 text in
    /// JS): a `404` within 30 s of it (or of this client's `initialize` of
    /// the payment) means "not visible yet" and the polls go on.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::TimeInput>"))]
    pub created_at: Option<f64>,
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
pub struct JsCallOptions {
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

// Declared here for TypeScript only, as `JsVerifyOptions` below: the JS
// facade checks these and the refresh binding (src/bindings/reconcile.rs)
// reads them member by member. They repeat `deadlineMs` and `signal` of
// `JsCallOptions` by name only: for a batch they mean something else (it
// resolves, each reference left ending in `timeout` or `aborted`, where a
// call rejects), and a shared struct under `serde(flatten)` would break
// `serde_wasm_bindgen::preserve` of the call's `signal` (flatten buffers the
// value, so the preserved JS handle is lost).
/// Options of `payments.refresh`.
#[cfg(feature = "typescript")]
#[derive(ts_rs::TS)]
#[ts(rename = "RefreshOptions", rename_all = "camelCase", optional_fields)]
#[allow(dead_code)]
pub struct JsRefreshOptions {
    /// Status calls in flight at once, 1 to 16 (default 4).
    pub concurrency: Option<f64>,
    /// The whole batch in ms, 1 to 3600000 (default the client's `deadlineMs`):
    /// references not read by then end with `timeout`.
    pub deadline_ms: Option<f64>,
    /// Cancels the batch at once: every reference not read yet ends with `aborted`.
    pub signal: Option<crate::typescript::Signal>,
}

/// One payment to refresh, as the JS facade hands it over.
#[cfg(feature = "typescript")]
#[derive(ts_rs::TS)]
#[ts(rename = "RefreshItem", rename_all = "camelCase", optional_fields)]
#[allow(dead_code)]
pub struct JsRefreshItem {
    /// The payment's reference.
    pub reference: String,
    /// Its `created_at` (Unix ms, a `Date` or RFC 3339 text): a `404` within
    /// 30 s of it means "not visible yet".
    #[ts(as = "Option<crate::typescript::TimeInput>")]
    pub created_at: Option<f64>,
}

// Declared here for TypeScript only: the JS facade checks these and passes
// them to the wasm exports as flat arguments (src/bindings/webhook.rs),
// which build a `webhook::VerifyOptions`.
/// Options of `verifyWebhook` and `new WebhookVerifier` (without `now`).
#[cfg(feature = "typescript")]
#[derive(ts_rs::TS)]
#[ts(rename = "VerifyWebhookOptions", rename_all = "camelCase", optional_fields)]
#[allow(dead_code)]
pub struct JsVerifyOptions {
    /// Largest gap between `mor-timestamp` and now, in seconds, both directions (default 300; 0 means exactly now).
    pub tolerance_seconds: Option<f64>,
    /// The current Unix time in seconds (default `Date.now() / 1000`); for tests.
    pub now: Option<f64>,
    /// Accept only the older scheme, HMAC over the raw body alone (no timestamp, no replay protection).
    pub legacy_body_only: Option<bool>,
    /// Largest body accepted, in bytes (default 2 MiB); a larger one is refused with
    /// `body_too_large` before it is copied into wasm memory or hashed.
    pub max_body_bytes: Option<f64>,
    /// Where the HMAC is computed: `true` always the host's node:crypto, `false` never
    /// (the package's wasm SHA-256); absent: the host's for bodies of 4 KiB or more.
    pub host_crypto: Option<bool>,
}
