//! The npm build's seams: the host's `fetch` (or the caller's), `setTimeout`,
//! `Date.now()` and `crypto.getRandomValues`, reached through `js-sys`,
//! `web-sys` and `wasm-bindgen-futures`. The body is read as bytes, judged by
//! the native reader's rule ([`response::json_text`]: the same bodies are
//! JSON in both builds), then parsed once by the host's `JSON.parse`; the
//! payment reaches the caller as that very object, unknown fields included.

use super::NOT_SENT_CODES;
use crate::answers::Answer;
use crate::engine::{Clock, HttpResponse, ResponseBody, Transport, TransportError};
use crate::error::Error;
use crate::policy::{FailureKind, Sent};
use crate::request::Request;
use crate::response::{self, Body, Envelope, REQUEST_ID_HEADER};
use crate::scalar::Scalar;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestInit, Response};

#[wasm_bindgen]
extern "C" {
    // Bound on the global object: Workers and Node have no `window`. `catch`:
    // a host may refuse a timer (workerd caps active timeouts at 10 000), and
    // an exception must not unwind through wasm.
    #[wasm_bindgen(catch, js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: f64) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    // Declared here rather than through web-sys, for `catch` on the constructor.
    type AbortController;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> AbortSignal;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);
}

/// One attempt's time limit: an AbortController fired by a timer that is
/// cleared as soon as the attempt ends. (`AbortSignal.timeout` would leave
/// its timer running for the whole limit after every request: thousands of
/// quick requests then exhaust workerd's cap on active timers.)
pub(crate) struct TimeLimit {
    /// Fires when the limit passes.
    pub(crate) signal: AbortSignal,
    timer: JsValue,
    _fire: Closure<dyn FnMut()>,
}

impl TimeLimit {
    /// Starts the timer; `Err` when the host refuses one.
    pub(crate) fn start(ms: u64) -> Result<TimeLimit, JsValue> {
        let controller = AbortController::new()?;
        let signal = controller.signal();
        let fire = Closure::once(move || controller.abort());
        let timer = set_timeout(fire.as_ref().unchecked_ref(), ms as f64)?;
        Ok(TimeLimit { signal, timer, _fire: fire })
    }
}

/// The failure of an attempt whose time limit could not start: never sent.
pub(crate) fn no_timer(e: &JsValue) -> TransportError {
    TransportError::Failed { kind: FailureKind::Connection, sent: Sent::No, detail: format!("no timer for the request: {}", error_text(e).0) }
}

impl Drop for TimeLimit {
    fn drop(&mut self) {
        // Before the closure is dropped: a fired-after-drop closure would throw.
        clear_timeout(&self.timer);
    }
}

/// Sends requests with `fetch`.
pub struct FetchTransport {
    fetch: Function,
    this: JsValue,
}

impl FetchTransport {
    /// The caller's `fetch` when given (called as a plain function), else the
    /// global one (called on the global object: workerd refuses any other `this`).
    ///
    /// Errors: no function given and no global `fetch`.
    pub fn new(custom: Option<Function>) -> Result<FetchTransport, Error> {
        if let Some(fetch) = custom {
            return Ok(FetchTransport { fetch, this: JsValue::UNDEFINED });
        }
        let global = js_sys::global();
        let fetch = Reflect::get(&global, &JsValue::from_str("fetch")).ok().and_then(|f| f.dyn_into::<Function>().ok());
        match fetch {
            Some(fetch) => Ok(FetchTransport { fetch, this: global.into() }),
            None => Err(Error::validation("fetch", "no global fetch in this runtime; pass options.fetch")),
        }
    }

    async fn exchange(&self, request: &Request, signal: &AbortSignal) -> Result<(Response, JsValue), (JsValue, bool)> {
        let headers = Object::new();
        for (name, value) in &request.headers {
            let _ = Reflect::set(&headers, &JsValue::from_str(name), &JsValue::from_str(value));
        }
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        init.set_headers(&headers);
        if let Some(body) = &request.body {
            init.set_body(&JsValue::from_str(body));
        }
        init.set_signal(Some(signal));
        let pending = self.fetch.call2(&self.this, &JsValue::from_str(&request.url), &init).map_err(|e| (e, false))?;
        let response: Response = JsFuture::from(Promise::resolve(&pending)).await.map_err(|e| (e, false))?.unchecked_into();
        // Bytes, not text(): text() would turn invalid UTF-8 into U+FFFD
        // where the native reader refuses it.
        let bytes = response.array_buffer().map_err(|e| (e, true))?;
        let bytes = JsFuture::from(bytes).await.map_err(|e| (e, true))?;
        Ok((response, bytes))
    }
}

impl Transport for FetchTransport {
    type Signal = Option<AbortSignal>;
    type Body = JsBody;

    async fn send(&self, request: &Request, timeout_ms: u64, signal: &Self::Signal) -> Result<HttpResponse<JsBody>, TransportError> {
        if signal.as_ref().is_some_and(AbortSignal::aborted) {
            return Err(TransportError::Aborted);
        }
        // One signal for the caller's abort and this attempt's time limit; it
        // covers reading the body too (aborting errors the body stream).
        let limit = TimeLimit::start(timeout_ms).map_err(|e| no_timer(&e))?;
        let timeout = &limit.signal;
        let combined = match signal {
            Some(caller) => AbortSignal::any(&Array::of2(caller, timeout)),
            None => timeout.clone(),
        };
        match self.exchange(request, &combined).await {
            Ok((response, bytes)) => {
                let headers = response.headers();
                Ok(HttpResponse {
                    status: response.status(),
                    retry_after: headers.get("retry-after").ok().flatten(),
                    request_id: headers.get(REQUEST_ID_HEADER).ok().flatten(),
                    body: JsBody(Uint8Array::new(&bytes).to_vec()),
                })
            }
            Err(_) if signal.as_ref().is_some_and(AbortSignal::aborted) => Err(TransportError::Aborted),
            Err(_) if timeout.aborted() => Err(TransportError::Failed {
                kind: FailureKind::Timeout,
                sent: Sent::Maybe,
                detail: "TimeoutError: no complete response in time".into(),
            }),
            Err((error, after_headers)) => Err(failure(&error, after_headers)),
        }
    }
}

/// Reads `name: message (cause.code)` off a `fetch` rejection, and whether it
/// proves the request never left.
fn failure(error: &JsValue, after_headers: bool) -> TransportError {
    let (detail, code) = error_text(error);
    let proven_unsent = !after_headers && code.as_deref().is_some_and(|c| NOT_SENT_CODES.contains(&c));
    TransportError::Failed {
        kind: if after_headers { FailureKind::BodyCut } else { FailureKind::Connection },
        sent: if proven_unsent { Sent::No } else { Sent::Maybe },
        detail,
    }
}

/// `name: message (cause.code)` of a JS error, and its `cause.code`.
fn error_text(error: &JsValue) -> (String, Option<String>) {
    let text = |v: &JsValue, key: &str| Reflect::get(v, &JsValue::from_str(key)).ok().and_then(|s| s.as_string());
    let code = Reflect::get(error, &JsValue::from_str("cause")).ok().and_then(|c| text(&c, "code"));
    let mut detail = [text(error, "name"), text(error, "message")].into_iter().flatten().collect::<Vec<_>>().join(": ");
    if let Some(code) = &code {
        detail.push_str(&format!(" ({code})"));
    }
    if detail.is_empty() {
        detail = "fetch failed".into();
    }
    (detail, code)
}

/// A response body as the bytes `fetch` read.
pub struct JsBody(Vec<u8>);

/// The envelope, with `data` kept as the JS value `JSON.parse` made.
#[derive(Deserialize)]
struct JsEnvelope {
    #[serde(default)]
    status: Option<Scalar>,
    #[serde(default)]
    code: Option<Scalar>,
    #[serde(default)]
    message: Option<Scalar>,
    #[serde(with = "serde_wasm_bindgen::preserve", default)]
    data: JsValue,
}

impl JsBody {
    fn read(&self) -> Body<JsValue> {
        let text = match response::json_text(&self.0) {
            Ok(text) => text,
            Err(refused) => return refused,
        };
        // json_text read it already: JSON.parse accepts all it accepts.
        let Ok(value) = js_sys::JSON::parse(text) else {
            return Body::NotJson("body is not valid JSON".into());
        };
        if !value.is_object() || Array::is_array(&value) {
            return Body::NotObject;
        }
        match serde_wasm_bindgen::from_value::<JsEnvelope>(value) {
            Ok(e) => Body::Envelope(Envelope {
                status: e.status,
                code: e.code,
                message: e.message,
                data: if e.data.is_null() || e.data.is_undefined() { None } else { Some(e.data) },
            }),
            Err(_) => Body::NotObject,
        }
    }
}

impl ResponseBody for JsBody {
    type Raw = JsValue;
    type Data<A: Answer> = JsValue;

    fn into_raw(self, status: u16, request_id: Option<&str>, what: &'static str, array: bool) -> Result<JsValue, Error> {
        let data = response::check(status, self.read(), request_id)?;
        if array != Array::is_array(&data) || !data.is_object() {
            return Err(response::not_a(status, what, if array { "not a JSON array" } else { "not a JSON object" }));
        }
        Ok(data)
    }

    fn head<A: Answer>(raw: &JsValue, status: u16) -> Result<A::Head, Error> {
        serde_wasm_bindgen::from_value(raw.clone()).map_err(|e| response::not_a(status, A::WHAT, e))
    }

    fn data<A: Answer>(raw: JsValue, _status: u16) -> Result<JsValue, Error> {
        Ok(raw)
    }
}

/// The host's clock, timers and CSPRNG.
pub struct JsClock;

impl Clock<Option<AbortSignal>> for JsClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    async fn sleep(&self, ms: u64, signal: &Option<AbortSignal>) -> Result<(), ()> {
        if self.aborted(signal) {
            return Err(());
        }
        let mut on_abort: Option<Closure<dyn FnMut()>> = None;
        let timer = Promise::new(&mut |resolve, reject| {
            let id = match set_timeout(&resolve, ms as f64) {
                Ok(id) => id,
                Err(e) => {
                    let _ = reject.call1(&JsValue::UNDEFINED, &e);
                    return;
                }
            };
            if let Some(signal) = signal {
                // Clears the timer too, so an aborted wait keeps no process alive.
                let listener = Closure::once(move || {
                    clear_timeout(&id);
                    let _ = reject.call0(&JsValue::UNDEFINED);
                });
                let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
                on_abort = Some(listener);
            }
        });
        let waited = JsFuture::from(timer).await;
        if let (Some(signal), Some(listener)) = (signal, &on_abort) {
            let _ = signal.remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        }
        waited.map(|_| ()).map_err(|_| ())
    }

    fn aborted(&self, signal: &Option<AbortSignal>) -> bool {
        signal.as_ref().is_some_and(AbortSignal::aborted)
    }

    fn fill_random(&self, buf: &mut [u8]) {
        if getrandom::getrandom(buf).is_err() {
            // Every runtime this package supports has crypto.getRandomValues;
            // should one not, jitter still works and a reference stays unique
            // enough to be refused loudly ("already exists") on a clash.
            for b in buf.iter_mut() {
                *b = (js_sys::Math::random() * 256.0) as u8;
            }
        }
    }
}
