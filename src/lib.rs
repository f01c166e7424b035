//! # vesicash-edge
//!
//! Vesicash mobile-money payments (the non-checkout flow) for Cloudflare
//! Workers, Node and native Rust.
//!
//! A pure core builds requests, validates input, parses responses, decides
//! retries ([`policy`]) and verifies webhooks; it performs no I/O and reads no
//! clock. The flow itself (attempts, backoff, deadlines, cancellation,
//! idempotency) is the async [`engine`], over one [`engine::Transport`] and one
//! [`engine::Clock`]: `fetch` in the npm package, `worker::Fetch` with the
//! `worker` feature ([`worker::client`]), or your own.
//!
//! ```
//! use vesicash_edge::{payments, response, Config, InitializeParams, PaymentMethod};
//!
//! let config = Config::new("morPub_test_abc", "morSec_test_xyz")?.with_base_url("http://127.0.0.1:8790")?;
//! let request = payments::initialize(&config, &InitializeParams {
//!     amount: "1.30".parse()?,
//!     currency: "ZMW".into(),
//!     country: "ZM".into(),
//!     narration: "payment for rice".into(),
//!     method: PaymentMethod::MobileMoney,
//!     webhook_url: "https://shop.example/hooks/vesicash".into(),
//!     redirect_url: "https://shop.example/done".into(),
//!     reference: Some("order-0000001".into()),
//! })?;
//! assert_eq!(request.url, "http://127.0.0.1:8790/v1/payment/init");
//! // … send it, then:
//! let body = br#"{"status":"success","code":200,"message":"success","data":{"payment_link":"","reference":"order-0000001","payment_id":"","status":"pending"}}"#;
//! let payment = response::parse_payment(200, body)?;
//! assert_eq!(payment.status, "pending");
//! # Ok::<(), vesicash_edge::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
// A panic in wasm traps and can leave the module instance unusable: library
// code returns errors instead, and these lints keep it that way.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

// The layout is the architecture: `core` is pure (no I/O, no clock), `api`
// holds one module per resource over it, `webhook` the verifier, `engine` the
// async flow over one `Transport`, `transport` its implementations, and
// `bindings` the wasm-bindgen layer of the npm build.
pub mod api;
pub mod core;
pub mod engine;
pub mod transport;
// TypeScript-only types (feature `typescript`), read by tools/typegen.
#[cfg(feature = "typescript")]
pub mod typescript;
pub mod webhook;

// wasm-bindgen exports (wasm32); their options objects are also declared for
// TypeScript by the native `typescript` build.
#[cfg(any(target_arch = "wasm32", feature = "typescript"))]
mod bindings;

// The crate's module paths of before the layout by resource, kept so that
// Rust callers' paths (`vesicash_edge::payments::initialize`) still resolve.
pub use crate::api::{account, payments, transfers};
pub use crate::core::{amount, config, error, fields, merge, params, policy, request, scalar};

/// The list and countries calls (`crate::api::payments::list`, `crate::api::countries`).
pub mod listing {
    pub use crate::api::countries::{countries, COUNTRIES_PATH};
    pub use crate::api::payments::list::{list, ListFilters, MAX_PAGE_LIMIT};
}

/// Every endpoint's answer (now in each resource's module of `crate::api`).
pub mod answers {
    pub use crate::api::account::{RotatedSecret, SecretAnswer};
    pub use crate::api::countries::{CountriesAnswer, Country};
    pub use crate::api::payments::list::{PageAnswer, PageHead, PaymentPage};
    pub use crate::api::transfers::answers::*;
    pub use crate::api::{Answer, PaymentAnswer};
}

/// The response envelope (`crate::core::envelope`) and the payment answer
/// (`crate::api::payments::answer`).
pub mod response {
    pub use crate::api::payments::answer::*;
    pub use crate::core::envelope::*;
}

/// workers-rs helpers (feature `worker`): see [`transport::worker`].
#[cfg(feature = "worker")]
pub use crate::transport::worker;

// The names most callers need, at the crate root.
pub use crate::api::account::RotatedSecret;
pub use crate::api::countries::Country;
pub use crate::api::payments::answer::{Outcome, Payment};
pub use crate::api::payments::list::{ListFilters, PaymentPage};
pub use crate::api::payments::{InitializeParams, PayParams};
pub use crate::api::transfers::answers::{Payout, Refund, TransferReceipt};
pub use crate::api::transfers::{BankId, PayoutParams, RefundParams, TransferTo};
pub use crate::core::amount::Amount;
pub use crate::core::config::{Config, SecretKey};
pub use crate::core::error::{Error, ErrorCode};
pub use crate::core::failure::{failure_advice, FailureAdvice, FailureReason};
pub use crate::core::fields::PaymentMethod;
pub use crate::core::request::{Method, Request};
pub use crate::core::schedule::{next_check, Schedule};
pub use crate::core::status::PaymentOutcome;
pub use crate::engine::{CallOptions, Client, ClientOptions};
pub use crate::webhook::{VerifyOptions, WebhookError, WebhookEvent, WebhookSecret};
