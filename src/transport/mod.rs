//! The I/O seam's implementations: each sends one request and reads the
//! whole response within a time limit, and tells the engine how it failed.
//! Nothing here decides anything: the engine and the pure core do.

pub mod classify;
#[cfg(target_arch = "wasm32")]
pub mod fetch;
#[cfg(feature = "worker")]
pub mod worker;

/// `cause.code`s of a `fetch` failure that prove the request never left
/// (Node's undici: refused, name not resolved, connection never made). No
/// other failure proves it; workerd reports every connection failure alike.
pub const NOT_SENT_CODES: &[&str] = &["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"];
