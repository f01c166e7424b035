//! The `worker` feature's seams for workers-rs: requests go out through
//! `worker::Fetch` with `redirect: "manual"` (a 3xx is refused by the
//! engine, never followed), the body is read within
//! [`DEFAULT_MAX_RESPONSE_BYTES`] as in the npm build, comes back as bytes and is parsed by
//! `serde_json` into a typed [`Payment`](crate::api::payments::answer::Payment); the
//! clock, timers and CSPRNG are the host's, as in the npm build.

use crate::core::envelope::REQUEST_ID_HEADER;
use crate::core::request::{Method, Request};
use crate::engine::{Client, Clock, HttpResponse, Transport, TransportError};
use crate::transport::classify::{classify, Failure};
pub use crate::transport::fetch::DEFAULT_MAX_RESPONSE_BYTES;
use crate::transport::fetch::{no_timer, read_bounded, JsClock, TimeLimit, Unread};
use crate::Config;
use std::ops::Deref;
use wasm_bindgen::JsValue;
use worker::{AbortSignal, Fetch, Headers, RequestInit, RequestRedirect};

/// Sends requests with `worker::Fetch`.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkerTransport;

/// The Workers clock, timers and CSPRNG.
#[derive(Debug, Clone, Copy, Default)]
pub struct WorkerClock;

/// A client for a workers-rs Worker: `worker::Fetch`, the Workers clock,
/// default options. Pass `&None` as the signal, or `&Some(signal)` to cancel.
///
/// ```ignore
/// let client = vesicash_edge::worker::client(Config::new(public_key, secret_key)?);
/// let payment = client.get(&reference, &CallOptions::default(), &None).await?;
/// ```
pub fn client(config: Config) -> Client<WorkerTransport, WorkerClock> {
    Client::new(config, WorkerTransport, WorkerClock)
}

fn web_signal(signal: &Option<AbortSignal>) -> Option<web_sys::AbortSignal> {
    signal.as_ref().map(|s| s.deref().clone())
}

impl Transport for WorkerTransport {
    type Signal = Option<AbortSignal>;
    type Body = Vec<u8>;

    async fn send(&self, request: &Request, timeout_ms: u64, signal: &Self::Signal) -> Result<HttpResponse<Vec<u8>>, TransportError> {
        let caller = web_signal(signal);
        if caller.as_ref().is_some_and(web_sys::AbortSignal::aborted) {
            return Err(TransportError::Aborted);
        }
        // One signal for the caller's abort and this attempt's time limit, covering the body;
        // the limit's timer is cleared when the attempt ends (see `TimeLimit`).
        let mut limit = TimeLimit::start(timeout_ms).map_err(|e| no_timer(&e))?;
        let timeout = limit.signal.clone();
        let combined = match &caller {
            Some(c) => web_sys::AbortSignal::any(&js_sys::Array::of2(c, &timeout)),
            None => timeout.clone(),
        };
        // The npm build's classification (workerd gives no error code: a
        // refused and a reset connection alike are never proven unsent).
        let failed = |failure: Failure<'_>| classify(failure, caller.as_ref().is_some_and(web_sys::AbortSignal::aborted), timeout.aborted());
        let error = |after_headers: bool| move |e: worker::Error| Failure::Failed { after_headers, code: None, detail: e.to_string() };
        let exchanged = async {
            let outgoing = to_worker_request(request).map_err(error(false))?;
            let response = Fetch::Request(outgoing).send_with_signal(&AbortSignal::from(combined.clone())).await.map_err(error(false))?;
            let status = response.status_code();
            let header = |name| response.headers().get(name).ok().flatten();
            let (retry_after, request_id, location) = (header("retry-after"), header(REQUEST_ID_HEADER), header("location"));
            // The same bounded read as the npm build, over the response's own stream.
            let raw: web_sys::Response = response.into();
            let body = match read_bounded(&raw, DEFAULT_MAX_RESPONSE_BYTES).await {
                Ok(body) => body,
                Err(Unread::TooLarge(detail)) => return Err(Failure::TooLarge(detail)),
                Err(Unread::Failed(e, _)) => return Err(error(true)(worker::Error::from(e))),
            };
            Ok(HttpResponse { status, retry_after, request_id, location, body })
        }
        .await;
        // As in the npm transport: a failed exchange may leave its body open.
        if !matches!(exchanged, Err(Failure::Failed { .. })) {
            limit.settled();
        }
        exchanged.map_err(failed)
    }
}

fn to_worker_request(r: &Request) -> worker::Result<worker::Request> {
    let headers = Headers::new();
    for (name, value) in &r.headers {
        headers.set(name, value)?;
    }
    let mut init = RequestInit::new();
    init.with_method(match r.method {
        Method::Get => worker::Method::Get,
        Method::Post => worker::Method::Post,
    })
    .with_headers(headers)
    .with_redirect(RequestRedirect::Manual);
    if let Some(body) = &r.body {
        init.with_body(Some(JsValue::from_str(body)));
    }
    worker::Request::new_with_init(&r.url, &init)
}

impl Clock<Option<AbortSignal>> for WorkerClock {
    fn now_ms(&self) -> f64 {
        worker::Date::now().as_millis() as f64
    }
    async fn sleep(&self, ms: u64, signal: &Option<AbortSignal>) -> Result<(), ()> {
        JsClock.sleep(ms, &web_signal(signal)).await
    }
    fn aborted(&self, signal: &Option<AbortSignal>) -> bool {
        signal.as_ref().is_some_and(|s| s.aborted())
    }
    fn fill_random(&self, buf: &mut [u8]) {
        Clock::<Option<web_sys::AbortSignal>>::fill_random(&JsClock, buf)
    }
}
