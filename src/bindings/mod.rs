//! The wasm-bindgen layer of the npm package. It only converts: JS values in
//! and out through `serde-wasm-bindgen`, errors as descriptor objects that
//! the JS layer (`pkg/src/errors.js`) turns into `VesicashError`s.

mod api;
mod client;
mod reconcile;
mod webhook;
