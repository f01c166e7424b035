//! The wasm-bindgen layer of the npm package. It only converts: JSON text
//! and bytes in, JSON text out, errors as JSON descriptors that the JS layer
//! (`pkg/src/errors.js`) turns into `VesicashError`s. Plain strings cross the
//! boundary instead of JS objects because `JSON.stringify`/`JSON.parse` are
//! native and fast, and the same text-in/text-out functions are what the
//! native tests exercise.

mod payments;
mod webhook;

use crate::error::Error;
use wasm_bindgen::JsValue;

/// An error thrown into JS: its JSON descriptor, as a string.
pub(crate) fn throw(e: Error) -> JsValue {
    JsValue::from_str(&e.to_json())
}
