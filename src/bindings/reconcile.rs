//! Reconciliation as JS sees it: `payments.refresh` (a batch of status
//! reads), `reconcileSchedule` and `failureAdvice` (pure).

use super::client::{reject, signal_of, Client};
use crate::engine::options::{whole, MAX_TIME_LIMIT_MS};
use crate::engine::{RefreshItem, RefreshOptions};
use crate::error::Error;
use crate::js_options::{JsRefreshItem, JsRefreshOptions};
use js_sys::{Array, Object, Promise, Reflect};
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

fn refresh_options(options: JsValue) -> Result<(RefreshOptions, Option<web_sys::AbortSignal>), Error> {
    let o: JsRefreshOptions = if options.is_undefined() || options.is_null() {
        JsRefreshOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|_| Error::validation("options", "must be an object of { concurrency, deadlineMs, signal }"))?
    };
    let concurrency = o.concurrency.map(|v| whole("concurrency", v, u64::from(u32::MAX)).map(|n| n as u32)).transpose()?;
    let deadline_ms = o.deadline_ms.map(|v| whole("deadline_ms", v, MAX_TIME_LIMIT_MS)).transpose()?;
    let options = RefreshOptions { concurrency, deadline_ms };
    options.validate()?;
    Ok((options, signal_of(o.signal)))
}

#[wasm_bindgen]
impl Client {
    /// Reads many payments; resolves to one `{ reference, payment }` or
    /// `{ reference, error }` (a descriptor) per item, in input order.
    pub fn refresh(&self, items: JsValue, options: JsValue) -> Promise {
        let engine = Rc::clone(&self.engine);
        future_to_promise(async move {
            let items: Vec<JsRefreshItem> = serde_wasm_bindgen::from_value(items)
                .map_err(|_| reject(Error::validation("references", "must be an array of references or { reference, createdAt }")))?;
            let items: Vec<RefreshItem> = items.into_iter().map(|i| RefreshItem { reference: i.reference, created_at_ms: i.created_at }).collect();
            let (options, signal) = refresh_options(options).map_err(reject)?;
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
#[wasm_bindgen(js_name = reconcileSchedule)]
pub fn reconcile_schedule(created_at: f64, last_checked_at: Option<f64>, now: f64) -> Result<JsValue, JsValue> {
    let schedule = crate::schedule::next_check(created_at, last_checked_at, now).map_err(reject)?;
    schedule.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|_| reject(Error::validation("now", "could not be read")))
}

/// What a merchant can do about a `failure_reason`: `{ reason, known, retryable, message }`.
#[wasm_bindgen(js_name = failureAdvice)]
pub fn failure_advice(reason: &str) -> Result<JsValue, JsValue> {
    let advice = crate::failure::failure_advice(reason);
    serde_wasm_bindgen::to_value(&advice).map_err(|_| reject(Error::validation("reason", "could not be read")))
}
