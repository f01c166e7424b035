//! The wasm-bindgen layer of the npm package. It only converts: JS values in
//! and out through `serde-wasm-bindgen`, errors as descriptor objects that
//! the JS layer (`pkg/src/errors.js`) turns into `VesicashError`s.

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod client;
// The JS options objects: read by the wasm bindings, declared for TypeScript.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) mod options;
#[cfg(target_arch = "wasm32")]
mod webhook;
