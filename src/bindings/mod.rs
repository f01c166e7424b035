//! The wasm-bindgen layer of the npm package. It only converts: JS values in
//! and out through `serde-wasm-bindgen`, errors as descriptor objects that
//! the JS layer (`pkg/src/errors.js`) turns into `VesicashError`s.
//!
//! The client's bindings are behind the default `client` feature: the
//! webhook-only module of `vesicash-edge/webhooks` is built without it.

#[cfg(all(target_arch = "wasm32", feature = "client"))]
mod api;
#[cfg(all(target_arch = "wasm32", feature = "client"))]
mod client;
// The JS options objects: read by the client's wasm bindings, declared for TypeScript.
#[cfg_attr(not(all(target_arch = "wasm32", feature = "client")), allow(dead_code))]
pub(crate) mod options;
#[cfg(all(target_arch = "wasm32", feature = "client"))]
mod reconcile;
#[cfg(target_arch = "wasm32")]
mod webhook;
