//! The npm build's seams: the host's `fetch` (or the caller's), `setTimeout`,
//! `Date.now()` and `crypto.getRandomValues`, reached through `js-sys`,
//! `web-sys` and `wasm-bindgen-futures`. Every request is sent with
//! `redirect: "manual"`: a 3xx comes back as it is (Node, workerd) or as a
//! browser's opaque redirect (status 0), and the engine refuses it. The body
//! is read in JavaScript with a running count against the size limit
//! ([`read_bounded`]) and copied into wasm only when within it; it is judged by
//! the native reader's rule ([`envelope::json_text`]: the same bodies are
//! JSON in both builds), then parsed once by the host's `JSON.parse`; the
//! payment reaches the caller as that very object, unknown fields included.

use super::classify::{classify, Failure};
use crate::api::Answer;
use crate::core::envelope::{self, Body, Envelope, REQUEST_ID_HEADER};
use crate::core::error::Error;
use crate::core::policy::{FailureKind, Sent};
use crate::core::request::Request;
use crate::core::scalar::Scalar;
use crate::engine::{Clock, HttpResponse, ResponseBody, Transport, TransportError};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
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
    #[derive(Clone)]
    type AbortController;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<AbortController, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> AbortSignal;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);
}

pub use crate::engine::options::DEFAULT_MAX_RESPONSE_BYTES;

/// One attempt's time limit: an AbortController fired by a timer that is
/// cleared as soon as the attempt ends (and fired then if the attempt was
/// dropped unfinished, so that a request or body still running when the
/// engine gave up on it is cancelled). (`AbortSignal.timeout` would leave
/// its timer running for the whole limit after every request: thousands of
/// quick requests then exhaust workerd's cap on active timers.)
pub(crate) struct TimeLimit {
    /// Fires when the limit passes.
    pub(crate) signal: AbortSignal,
    controller: AbortController,
    timer: JsValue,
    _fire: Closure<dyn FnMut()>,
    /// The request or its body may still be running: abort it on drop.
    running: bool,
}

impl TimeLimit {
    /// Starts the timer; `Err` when the host refuses one.
    pub(crate) fn start(ms: u64) -> Result<TimeLimit, JsValue> {
        let controller = AbortController::new()?;
        let signal = controller.signal();
        let fires = controller.clone();
        let fire = Closure::once(move || fires.abort());
        let timer = set_timeout(fire.as_ref().unchecked_ref(), ms as f64)?;
        Ok(TimeLimit { signal, controller, timer, _fire: fire, running: true })
    }

    /// The request and its body have settled (read, refused or failed):
    /// nothing is left to cancel. Aborting anyway costs an `AbortError`
    /// (a `DOMException` with its stack) and an event per attempt, measured
    /// at a quarter of a call's CPU time in Node.
    pub(crate) fn settled(&mut self) {
        self.running = false;
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
        // An attempt dropped unfinished (the engine's own timer or the
        // caller's signal won the race) cancels what a fetch that honours
        // signals still runs.
        if self.running {
            self.controller.abort();
        }
    }
}

/// Sends requests with `fetch`.
pub struct FetchTransport {
    fetch: Function,
    this: JsValue,
    max_bytes: u64,
}

impl FetchTransport {
    /// The caller's `fetch` when given (called as a plain function), else the
    /// global one (called on the global object: workerd refuses any other `this`).
    ///
    /// Errors: no function given and no global `fetch`.
    pub fn new(custom: Option<Function>) -> Result<FetchTransport, Error> {
        if let Some(fetch) = custom {
            return Ok(FetchTransport { fetch, this: JsValue::UNDEFINED, max_bytes: DEFAULT_MAX_RESPONSE_BYTES });
        }
        let global = js_sys::global();
        let fetch = Reflect::get(&global, &JsValue::from_str("fetch")).ok().and_then(|f| f.dyn_into::<Function>().ok());
        match fetch {
            Some(fetch) => Ok(FetchTransport { fetch, this: global.into(), max_bytes: DEFAULT_MAX_RESPONSE_BYTES }),
            None => Err(Error::validation("fetch", "no global fetch in this runtime; pass options.fetch")),
        }
    }

    /// The same transport, reading bodies of at most `max_bytes` bytes.
    pub fn with_max_response_bytes(mut self, max_bytes: u64) -> FetchTransport {
        self.max_bytes = max_bytes;
        self
    }

    async fn exchange(&self, request: &Request, signal: &AbortSignal) -> Result<(Response, Vec<u8>), Unread> {
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
        // Never followed: a redirect would re-send the secret key wherever it points.
        let _ = Reflect::set(&init, &JsValue::from_str("redirect"), &JsValue::from_str("manual"));
        let failed = |e| Unread::Failed(e, false);
        let pending = self.fetch.call2(&self.this, &JsValue::from_str(&request.url), &init).map_err(failed)?;
        let response: Response = JsFuture::from(Promise::resolve(&pending)).await.map_err(failed)?.unchecked_into();
        let bytes = read_bounded(&response, self.max_bytes).await?;
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
        let mut limit = TimeLimit::start(timeout_ms).map_err(|e| no_timer(&e))?;
        let combined = match signal {
            Some(caller) => AbortSignal::any(&Array::of2(caller, &limit.signal)),
            None => limit.signal.clone(),
        };
        let exchanged = self.exchange(request, &combined).await;
        // A failed exchange may leave its body stream open (a reader that
        // yielded something other than bytes, say): only an answer read
        // whole, or refused by its size (cancelled already), has nothing left
        // to abort. A failure pays the AbortError; a success does not.
        if !matches!(exchanged, Err(Unread::Failed(..))) {
            limit.settled();
        }
        match exchanged {
            Ok((response, bytes)) => {
                let headers = response.headers();
                Ok(HttpResponse {
                    status: response.status(),
                    retry_after: headers.get("retry-after").ok().flatten(),
                    request_id: headers.get(REQUEST_ID_HEADER).ok().flatten(),
                    location: headers.get("location").ok().flatten(),
                    body: JsBody(bytes),
                })
            }
            Err(unread) => {
                let (caller_aborted, timed_out) = (signal.as_ref().is_some_and(AbortSignal::aborted), limit.signal.aborted());
                Err(match unread {
                    Unread::TooLarge(detail) => classify(Failure::TooLarge(detail), caller_aborted, timed_out),
                    Unread::Failed(error, after_headers) => {
                        let (detail, code) = error_text(&error);
                        classify(Failure::Failed { after_headers, code: code.as_deref(), detail }, caller_aborted, timed_out)
                    }
                })
            }
        }
    }
}

/// Why a response was not read: too large (what was seen), or a failure of
/// `fetch` or of the body (the JS error, and whether the headers had come).
pub(crate) enum Unread {
    TooLarge(String),
    Failed(JsValue, bool),
}

/// Reads a response's body within `max_bytes`: refused from its
/// `content-length` before any byte is read, else streamed with a running
/// count and cancelled past the limit. The chunks stay JavaScript memory;
/// only a body within the limit is copied into wasm, once. Bytes, not
/// text(): text() would turn invalid UTF-8 into U+FFFD where the native
/// reader refuses it.
pub(crate) async fn read_bounded(response: &Response, max_bytes: u64) -> Result<Vec<u8>, Unread> {
    let over = |seen: String| Unread::TooLarge(format!("{seen}, over the limit of {max_bytes} bytes (maxResponseBytes)"));
    let failed = |e| Unread::Failed(e, true);
    let body = Reflect::get(response, &JsValue::from_str("body")).unwrap_or(JsValue::UNDEFINED);
    let declared = response.headers().get("content-length").ok().flatten().and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(length) = declared.filter(|n| *n > max_bytes) {
        cancel(&body);
        return Err(over(format!("of {length} bytes (content-length)")));
    }
    let reader = method(&body, "getReader").and_then(|get| get.call0(&body).ok());
    let Some(reader) = reader else {
        // No stream (a caller's fetch answered without one): the whole
        // buffer, measured before it is copied into wasm.
        let bytes = JsFuture::from(response.array_buffer().map_err(failed)?).await.map_err(failed)?;
        let bytes = Uint8Array::new(&bytes);
        if u64::from(bytes.length()) > max_bytes {
            return Err(over(format!("of {} bytes", bytes.length())));
        }
        return Ok(bytes.to_vec());
    };
    let read = method(&reader, "read").ok_or_else(|| failed(JsValue::from_str("body reader has no read()")))?;
    let mut chunks: Vec<Uint8Array> = Vec::new();
    let mut total: u64 = 0;
    loop {
        let next = read.call0(&reader).map_err(failed)?;
        let next = JsFuture::from(Promise::resolve(&next)).await.map_err(failed)?;
        if Reflect::get(&next, &JsValue::from_str("done")).ok().is_some_and(|d| d.is_truthy()) {
            break;
        }
        let chunk = Reflect::get(&next, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
        let Ok(chunk) = chunk.dyn_into::<Uint8Array>() else {
            return Err(failed(JsValue::from_str("body stream yielded something other than bytes")));
        };
        total += u64::from(chunk.length());
        if total > max_bytes {
            cancel(&reader);
            return Err(over(format!("of more than {total} bytes")));
        }
        chunks.push(chunk);
    }
    Ok(match chunks.as_slice() {
        [one] => one.to_vec(),
        _ => {
            let whole = Uint8Array::new_with_length(total as u32);
            let mut at = 0u32;
            for chunk in &chunks {
                whole.set(chunk, at);
                at += chunk.length();
            }
            whole.to_vec()
        }
    })
}

/// `target[name]` when it is a function.
fn method(target: &JsValue, name: &str) -> Option<Function> {
    if !target.is_object() {
        return None;
    }
    Reflect::get(target, &JsValue::from_str(name)).ok().and_then(|f| f.dyn_into::<Function>().ok())
}

/// Cancels a body stream or reader, its promise's rejection ignored.
fn cancel(stream: &JsValue) {
    if let Some(p) = method(stream, "cancel").and_then(|cancel| cancel.call0(stream).ok()) {
        ignore_rejection(&p);
    }
}

/// Attaches a handler that ignores `value`'s rejection, when it is a
/// promise (or any thenable): a late failure nobody awaits any more must not
/// surface as an unhandled rejection.
pub(crate) fn ignore_rejection(value: &JsValue) {
    if let Some(catch) = method(value, "catch") {
        let _ = catch.call1(value, &Closure::once_into_js(|_: JsValue| ()));
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
        // The transport's own failures are plain strings (a reader without read(), say).
        detail = error.as_string().unwrap_or_else(|| "fetch failed".into());
    }
    (detail, code)
}

/// A response body as the bytes `fetch` read.
pub struct JsBody(Vec<u8>);

/// A member of the object `JSON.parse` made, as the envelope reads it:
/// absent or `null` is `None`, as `Option<Scalar>` reads it through
/// serde-wasm-bindgen. Read directly: two to four crossings into JS where
/// serde-wasm-bindgen's type probes take six or more per member.
fn scalar_of(v: JsValue) -> Option<Scalar> {
    if v.is_undefined() || v.is_null() {
        return None;
    }
    if let Some(s) = v.as_string() {
        return Some(Scalar::Str(s));
    }
    if let Some(n) = v.as_f64() {
        return Some(Scalar::Number(n));
    }
    if let Some(b) = v.as_bool() {
        return Some(Scalar::Bool(b));
    }
    Some(if Array::is_array(&v) { Scalar::Array } else { Scalar::Object })
}

impl JsBody {
    fn read(&self) -> Body<JsValue> {
        let text = match envelope::json_text(&self.0) {
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
        let member = |key: &str| Reflect::get(&value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        let data = member("data");
        Body::Envelope(Envelope {
            status: scalar_of(member("status")),
            code: scalar_of(member("code")),
            message: scalar_of(member("message")),
            data: if data.is_null() || data.is_undefined() { None } else { Some(data) },
        })
    }
}

impl ResponseBody for JsBody {
    type Raw = JsValue;
    type Data<A: Answer> = JsValue;

    fn into_raw(self, status: u16, request_id: Option<&str>, what: &'static str, array: bool) -> Result<JsValue, Error> {
        let data = envelope::check(status, self.read(), request_id)?;
        if array != Array::is_array(&data) || !data.is_object() {
            return Err(envelope::not_a(status, what, if array { "not a JSON array" } else { "not a JSON object" }));
        }
        Ok(data)
    }

    fn head<A: Answer>(raw: &JsValue, status: u16) -> Result<A::Head, Error> {
        serde_wasm_bindgen::from_value(raw.clone()).map_err(|e| envelope::not_a(status, A::WHAT, e))
    }

    fn data<A: Answer>(raw: JsValue, _status: u16) -> Result<JsValue, Error> {
        Ok(raw)
    }
}

/// The host's clock, timers and CSPRNG.
pub struct JsClock;

/// How a sleep ended, and the task waiting on it: written by the timer's
/// and the abort listener's callbacks, read by [`Sleep`].
#[derive(Default)]
struct Woken {
    ended: Cell<Option<Result<(), ()>>>,
    waker: RefCell<Option<Waker>>,
}

impl Woken {
    fn end(&self, how: Result<(), ()>) {
        if self.ended.get().is_none() {
            self.ended.set(Some(how));
        }
        // The borrow ends before `wake`, so a waker that polled at once
        // could not find the cell still borrowed.
        let waker = self.waker.borrow_mut().take();
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

/// A sleep as one timer callback and, with a signal, one abort listener:
/// no promise, so none of `JsFuture`'s two callbacks and shared state per
/// sleep (the engine races every attempt against one). Measured
/// (benches/inflight.mjs): JS heap per payments.get in flight 5.3 -> 4.7 KB.
/// The timer and the listener are removed when the sleep ends or is
/// dropped: an abandoned timer would keep a process alive (and count against
/// workerd's cap on timers), and a listener whose closure is gone would
/// throw when the signal fires. (A `JsFuture` over the timer's promise, as
/// before, also leaked whenever the sleep lost the race: its promise never
/// settled, and only a settlement frees a `JsFuture`'s state.)
struct Sleep {
    woken: Rc<Woken>,
    timer: JsValue,
    _on_time: Closure<dyn FnMut()>,
    signal: Option<AbortSignal>,
    on_abort: Option<Closure<dyn FnMut()>>,
}

impl Future for Sleep {
    type Output = Result<(), ()>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), ()>> {
        match self.woken.ended.get() {
            Some(how) => Poll::Ready(how),
            None => {
                *self.woken.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        // Before the closures are dropped: a callback fired after it would throw.
        clear_timeout(&self.timer);
        if let (Some(signal), Some(listener)) = (&self.signal, &self.on_abort) {
            let _ = signal.remove_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
        }
    }
}

impl Clock<Option<AbortSignal>> for JsClock {
    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
    }

    async fn sleep(&self, ms: u64, signal: &Option<AbortSignal>) -> Result<(), ()> {
        if self.aborted(signal) {
            return Err(());
        }
        let woken = Rc::new(Woken::default());
        let on_time = {
            let woken = Rc::clone(&woken);
            Closure::once(move || woken.end(Ok(())))
        };
        // A host that refuses a timer ends the sleep at once, as an abort.
        let Ok(timer) = set_timeout(on_time.as_ref().unchecked_ref(), ms as f64) else {
            return Err(());
        };
        let on_abort = signal.as_ref().map(|signal| {
            let woken = Rc::clone(&woken);
            let listener = Closure::once(move || woken.end(Err(())));
            let _ = signal.add_event_listener_with_callback("abort", listener.as_ref().unchecked_ref());
            listener
        });
        // `Sleep` clears the timer and the listener however this ends, a
        // drop included (the engine races attempts against this sleep).
        Sleep { woken, timer, _on_time: on_time, signal: signal.clone(), on_abort }.await
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
