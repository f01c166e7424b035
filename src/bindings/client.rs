//! The client as JS sees it: params in as JS objects, payments out as the
//! objects `JSON.parse` made, errors as descriptor objects that
//! `pkg/src/errors.js` turns into `VesicashError`s. Every call returns a
//! Promise driven by the Rust engine over `fetch`.

use crate::api::payments::{self, InitializeParams, PayParams};
use crate::bindings::options::{JsCallOptions, JsClientOptions, JsWaitOptions};
use crate::core::error::Error;
use crate::core::params::members;
use crate::core::request::Request;
use crate::core::scalar::Members;
use crate::engine::options::whole;
use crate::engine::{self, CallOptions, ClientOptions, Hooks, RequestEvent, ResponseEvent, WaitOptions};
use crate::transport::fetch::{ignore_rejection, FetchTransport, JsClock};
use crate::Config;
use js_sys::{Function, Object, Promise, Reflect};
use std::future::Future;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

/// An error as the JS layer receives it.
pub(crate) fn reject(e: Error) -> JsValue {
    serde_wasm_bindgen::to_value(&e.descriptor()).unwrap_or_else(|_| JsValue::from_str(e.message()))
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn function(v: JsValue) -> Option<Function> {
    v.dyn_into::<Function>().ok()
}

fn limits(timeout_ms: Option<f64>, max_retries: Option<f64>, deadline_ms: Option<f64>) -> Result<CallOptions, Error> {
    use crate::engine::options::{MAX_RETRIES_LIMIT, MAX_TIME_LIMIT_MS};
    Ok(CallOptions {
        timeout_ms: timeout_ms.map(|v| whole("timeout_ms", v, MAX_TIME_LIMIT_MS)).transpose()?,
        max_retries: max_retries.map(|v| whole("max_retries", v, u64::from(MAX_RETRIES_LIMIT)).map(|n| n as u32)).transpose()?,
        deadline_ms: deadline_ms.map(|v| whole("deadline_ms", v, MAX_TIME_LIMIT_MS)).transpose()?,
    })
}

/// The caller's `onRequest` / `onResponse`. A hook that throws, or returns
/// a promise that rejects, is ignored: an observer must never change the
/// outcome of a payment, nor raise an unhandled rejection.
pub(super) struct JsHooks {
    on_request: Option<Function>,
    on_response: Option<Function>,
}

impl Hooks for JsHooks {
    fn on_request(&self, e: &RequestEvent<'_>) {
        let Some(hook) = &self.on_request else { return };
        let event = Object::new();
        set(&event, "method", &e.method.into());
        set(&event, "url", &e.url.into());
        set(&event, "attempt", &e.attempt.into());
        let headers = Object::new();
        for (name, value) in &e.headers {
            set(&headers, name, &(*value).into());
        }
        set(&event, "headers", &headers);
        if let Ok(returned) = hook.call1(&JsValue::UNDEFINED, &event) {
            ignore_rejection(&returned);
        }
    }

    fn on_response(&self, e: &ResponseEvent<'_>) {
        let Some(hook) = &self.on_response else { return };
        let event = Object::new();
        set(&event, "method", &e.method.into());
        set(&event, "url", &e.url.into());
        set(&event, "attempt", &e.attempt.into());
        set(&event, "status", &e.status.map_or(JsValue::NULL, JsValue::from));
        set(&event, "elapsedMs", &e.elapsed_ms.into());
        if let Some(code) = e.error {
            set(&event, "error", &code.into());
        }
        if let Ok(returned) = hook.call1(&JsValue::UNDEFINED, &event) {
            ignore_rejection(&returned);
        }
    }
}

pub(super) type Engine = engine::Client<FetchTransport, JsClock, JsHooks>;

/// A configured client: keys, base URL, limits and hooks, checked once.
#[wasm_bindgen]
pub struct Client {
    pub(super) engine: Rc<Engine>,
}

pub(super) fn signal_of(v: JsValue) -> Option<AbortSignal> {
    if v.is_undefined() || v.is_null() {
        None
    } else {
        Some(v.unchecked_into::<AbortSignal>())
    }
}

/// A wait's options and the payment's `created_at`, if given.
type WaitArgs = (WaitOptions, Option<f64>);

fn wait_options(options: JsValue) -> Result<(WaitArgs, Option<AbortSignal>), Error> {
    let o: JsWaitOptions = if options.is_undefined() || options.is_null() {
        JsWaitOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options).map_err(|_| Error::validation("options", "must be an object of { signal, timeoutMs, intervalMs }"))?
    };
    Ok(((WaitOptions::from_numbers(o.timeout_ms, o.interval_ms)?, o.created_at), signal_of(o.signal)))
}

/// One engine call as a Promise: `params` is read, then the call options,
/// then `run` drives the engine; every [`Error`] becomes a descriptor.
/// The reads happen inside the future, as every binding has done.
pub(super) fn promise<P: 'static, F: Future<Output = Result<JsValue, Error>> + 'static>(
    engine: &Rc<Engine>,
    params: impl FnOnce() -> Result<P, Error> + 'static,
    options: JsValue,
    run: impl FnOnce(Rc<Engine>, P, CallOptions, Option<AbortSignal>) -> F + 'static,
) -> Promise {
    let engine = Rc::clone(engine);
    future_to_promise(async move {
        let params = params().map_err(reject)?;
        let (call, signal) = call_options(options).map_err(reject)?;
        run(engine, params, call, signal).await.map_err(reject)
    })
}

pub(super) fn call_options(options: JsValue) -> Result<(CallOptions, Option<AbortSignal>), Error> {
    let o: JsCallOptions = if options.is_undefined() || options.is_null() {
        JsCallOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|_| Error::validation("options", "must be an object of { signal, timeoutMs, maxRetries, deadlineMs }"))?
    };
    Ok((limits(o.timeout_ms, o.max_retries, o.deadline_ms)?, signal_of(o.signal)))
}

pub(super) fn request_object(r: Request) -> JsValue {
    let out = Object::new();
    set(&out, "method", &r.method.as_str().into());
    set(&out, "url", &r.url.as_str().into());
    let headers = Object::new();
    for (name, value) in &r.headers {
        set(&headers, name, &value.as_str().into());
    }
    set(&out, "headers", &headers);
    set(&out, "body", &r.body.map_or(JsValue::NULL, |b| JsValue::from_str(&b)));
    out.into()
}

/// The members of a params object, or the error naming `params`.
pub(super) fn read(params: JsValue) -> Result<Members, Error> {
    members(serde_wasm_bindgen::from_value(params))
}

fn init_params(params: JsValue) -> Result<InitializeParams, Error> {
    read(params).and_then(InitializeParams::from_members)
}

fn pay_params(params: JsValue) -> Result<PayParams, Error> {
    read(params).and_then(PayParams::from_members)
}

#[wasm_bindgen]
impl Client {
    /// Validates the keys, base URL and limits; takes `fetch` and the hooks.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Client, JsValue> {
        let o: JsClientOptions = serde_wasm_bindgen::from_value(options).map_err(|_| reject(Error::validation("options", "must be an object")))?;
        let mut config = Config::new(o.public_key, o.secret_key).map_err(reject)?;
        if let Some(url) = o.base_url {
            config = config.with_base_url(&url).map_err(reject)?;
        }
        let call = limits(o.timeout_ms, o.max_retries, o.deadline_ms).map_err(reject)?;
        let options = ClientOptions::default().merge(&call).map_err(reject)?;
        let mut transport = FetchTransport::new(function(o.fetch)).map_err(reject)?;
        if let Some(max) = o.max_response_bytes {
            use crate::engine::options::MAX_RESPONSE_BYTES_LIMIT;
            match whole("max_response_bytes", max, MAX_RESPONSE_BYTES_LIMIT).map_err(reject)? {
                0 => {
                    return Err(reject(Error::validation(
                        "max_response_bytes",
                        format!("must be a whole number from 1 to {MAX_RESPONSE_BYTES_LIMIT}"),
                    )))
                }
                max => transport = transport.with_max_response_bytes(max),
            }
        }
        let hooks = JsHooks { on_request: function(o.on_request), on_response: function(o.on_response) };
        let engine = engine::Client::new(config, transport, JsClock).with_options(options).map_err(reject)?.with_hooks(hooks);
        Ok(Client { engine: Rc::new(engine) })
    }

    /// `POST /v1/payment/init`; resolves to the payment.
    pub fn initialize(&self, params: JsValue, options: JsValue) -> Promise {
        promise(&self.engine, move || init_params(params), options, |e, p, c, s| async move { e.initialize(&p, &c, &s).await })
    }

    /// `POST /v1/payment/pay/:reference`; resolves to the payment.
    pub fn pay(&self, reference: String, params: JsValue, options: JsValue) -> Promise {
        promise(&self.engine, move || pay_params(params), options, |e, p, c, s| async move { e.pay(&reference, &p, &c, &s).await })
    }

    /// `GET /v1/payment/:reference`; resolves to the payment.
    pub fn get(&self, reference: String, options: JsValue) -> Promise {
        promise(&self.engine, || Ok(()), options, |e, (), c, s| async move { e.get(&reference, &c, &s).await })
    }

    /// Polls the status until the payment is final; resolves to it. Rejects
    /// with a descriptor carrying `payment`, the last one seen.
    #[wasm_bindgen(js_name = waitForFinal)]
    pub fn wait_for_final(&self, reference: String, options: JsValue) -> Promise {
        let engine = Rc::clone(&self.engine);
        future_to_promise(async move {
            let (wait, signal) = wait_options(options).map_err(reject)?;
            engine.wait_for_final_since(&reference, &wait.0, wait.1, &signal).await.map_err(|f| {
                let descriptor = reject(f.error);
                if let (Some(payment), Some(object)) = (f.payment, descriptor.dyn_ref::<Object>()) {
                    set(object, "payment", &payment);
                }
                descriptor
            })
        })
    }

    /// The initialise request as `{method, url, headers, body}`.
    #[wasm_bindgen(js_name = buildInitialize)]
    pub fn build_initialize(&self, params: JsValue) -> Result<JsValue, JsValue> {
        let params = init_params(params).map_err(reject)?;
        payments::initialize(self.engine.config(), &params).map(request_object).map_err(reject)
    }

    /// The pay request as `{method, url, headers, body}`.
    #[wasm_bindgen(js_name = buildPay)]
    pub fn build_pay(&self, reference: &str, params: JsValue) -> Result<JsValue, JsValue> {
        let params = pay_params(params).map_err(reject)?;
        payments::pay(self.engine.config(), reference, &params).map(request_object).map_err(reject)
    }

    /// The status request as `{method, url, headers, body}`.
    #[wasm_bindgen(js_name = buildGet)]
    pub fn build_get(&self, reference: &str) -> Result<JsValue, JsValue> {
        payments::get(self.engine.config(), reference).map(request_object).map_err(reject)
    }
}

/// Classifies a payment status string: `"paid"`, `"failed"` or `"pending"`.
#[wasm_bindgen]
pub fn outcome(status: &str) -> String {
    match crate::core::status::outcome(status) {
        crate::core::status::PaymentOutcome::Paid => "paid",
        crate::core::status::PaymentOutcome::Failed => "failed",
        crate::core::status::PaymentOutcome::Pending => "pending",
    }
    .into()
}

/// The status to keep: `{ state, changed, conflict? }` from the state held
/// (or `null`) and a new observation `{ reference, status, at, source }`.
#[wasm_bindgen(js_name = mergeStatus)]
pub fn merge_status(held: JsValue, next: JsValue) -> Result<JsValue, JsValue> {
    let observation = |field, v| {
        serde_wasm_bindgen::from_value(v)
            .map_err(|_| reject(Error::validation(field, "must be an object { reference, status, at (Unix ms), source }")))
    };
    let held: Option<crate::core::merge::Observation> = if held.is_null() || held.is_undefined() { None } else { Some(observation("held", held)?) };
    let next = observation("next", next)?;
    let merged = crate::core::merge::merge(held.as_ref(), &next).map_err(reject)?;
    serde_wasm_bindgen::to_value(&merged).map_err(|_| reject(Error::new(crate::ErrorCode::InvalidResponse, "could not return the merged state")))
}
