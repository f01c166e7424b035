//! Reconciliation as JS sees it: `payments.refresh` (a batch of status
//! reads), `reconcileSchedule` and `failureAdvice` (pure).

use super::client::{reject, signal_of, Client};
use crate::core::error::Error;
use crate::engine::options::{whole, MAX_TIME_LIMIT_MS};
use crate::engine::{RefreshItem, RefreshOptions};
use js_sys::{Array, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A number member, absent when `undefined` or `null`.
fn number(target: &JsValue, key: &str, field: &'static str) -> Result<Option<f64>, Error> {
    let v = get(target, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    v.as_f64().map(Some).ok_or_else(|| Error::validation(field, "must be a number"))
}

// Read member by member from the plain objects the JS facade made (it has
// checked their types): a serde deserializer per options type would add to
// the module.
fn refresh_options(options: &JsValue) -> Result<(RefreshOptions, Option<web_sys::AbortSignal>), Error> {
    if options.is_undefined() || options.is_null() {
        return Ok((RefreshOptions::default(), None));
    }
    let concurrency =
        number(options, "concurrency", "concurrency")?.map(|v| whole("concurrency", v, u64::from(u32::MAX)).map(|n| n as u32)).transpose()?;
    let deadline_ms = number(options, "deadlineMs", "deadline_ms")?.map(|v| whole("deadline_ms", v, MAX_TIME_LIMIT_MS)).transpose()?;
    let options_read = RefreshOptions { concurrency, deadline_ms };
    options_read.validate()?;
    Ok((options_read, signal_of(get(options, "signal"))))
}

fn refresh_items(items: &JsValue) -> Result<Vec<RefreshItem>, Error> {
    let not_items = || Error::validation("references", "must be an array of references or { reference, createdAt }");
    if !Array::is_array(items) {
        return Err(not_items());
    }
    Array::from(items)
        .iter()
        .map(|item| {
            let reference = get(&item, "reference").as_string().ok_or_else(not_items)?;
            Ok(RefreshItem { reference, created_at_ms: number(&item, "createdAt", "created_at")? })
        })
        .collect()
}

#[wasm_bindgen]
impl Client {
    /// Reads many payments; resolves to one `{ reference, payment }` or
    /// `{ reference, error }` (a descriptor) per item, in input order.
    pub fn refresh(&self, items: JsValue, options: JsValue) -> Promise {
        let engine = Rc::clone(&self.engine);
        future_to_promise(async move {
            let items = refresh_items(&items).map_err(reject)?;
            let (options, signal) = refresh_options(&options).map_err(reject)?;
            let results = engine.refresh(&items, &options, &signal).await.map_err(reject)?;
            let out = Array::new();
            for (item, result) in items.iter().zip(results) {
                let entry = Object::new();
                set(&entry, "reference", &item.reference.as_str().into());
                match result {
                    Ok(payment) => set(&entry, "payment", &payment),
                    Err(e) => set(&entry, "error", &reject(e)),
                }
                out.push(&entry);
            }
            Ok(out.into())
        })
    }
}

/// When to check a payment next: `{ due, nextCheckAt, expired, horizonAt }`.
// The objects are built by hand, as the hooks' events are: a serde
// serializer per result type would add to the module for four fields.
#[wasm_bindgen(js_name = reconcileSchedule)]
pub fn reconcile_schedule(created_at: f64, last_checked_at: Option<f64>, now: f64) -> Result<JsValue, JsValue> {
    let s = crate::core::schedule::next_check(created_at, last_checked_at, now).map_err(reject)?;
    let out = Object::new();
    set(&out, "due", &s.due.into());
    set(&out, "nextCheckAt", &s.next_check_at.map_or(JsValue::NULL, JsValue::from));
    set(&out, "expired", &s.expired.into());
    set(&out, "horizonAt", &s.horizon_at.into());
    Ok(out.into())
}

/// What a merchant can do about a `failure_reason`: `{ reason, known, retryable, message }`.
#[wasm_bindgen(js_name = failureAdvice)]
pub fn failure_advice(reason: &str) -> JsValue {
    let a = crate::core::failure::failure_advice(reason);
    let out = Object::new();
    set(&out, "reason", &a.reason.as_str().into());
    set(&out, "known", &a.known.into());
    set(&out, "retryable", &a.retryable.into());
    set(&out, "message", &a.message.into());
    out.into()
}
