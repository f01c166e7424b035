//! The wasm-bindgen layer of the npm package. It only converts: JS values in
//! and out through `serde-wasm-bindgen`, errors as descriptor objects that
//! the JS layer (`pkg/src/errors.js`) turns into `VesicashError`s.

#[cfg(feature = "client")]
mod api;
#[cfg(feature = "client")]
mod client;
mod webhook;
