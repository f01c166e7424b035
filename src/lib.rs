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

pub mod account;
pub mod amount;
pub mod answers;
pub mod config;
pub mod engine;
pub mod error;
pub mod fields;
pub mod json;
pub mod listing;
// The JS options objects: read by the wasm bindings, declared for TypeScript.
#[cfg(any(all(target_arch = "wasm32", feature = "client"), feature = "typescript"))]
#[cfg_attr(not(all(target_arch = "wasm32", feature = "client")), allow(dead_code))]
mod js_options;
pub mod merge;
pub mod params;
pub mod payments;
pub mod policy;
pub mod request;
pub mod response;
pub mod scalar;
pub mod transfers;
pub mod transport;
#[cfg(feature = "typescript")]
pub mod typescript;
pub mod webhook;
#[cfg(feature = "worker")]
pub mod worker;

#[cfg(target_arch = "wasm32")]
mod bindings;

pub use amount::Amount;
pub use answers::{Country, PaymentPage, Payout, Refund, RotatedSecret, TransferReceipt};
pub use config::{Config, SecretKey};
pub use engine::{CallOptions, Client, ClientOptions};
pub use error::{Error, ErrorCode};
pub use fields::PaymentMethod;
pub use listing::ListFilters;
pub use payments::{InitializeParams, PayParams};
pub use request::{Method, Request};
pub use response::{Outcome, Payment};
pub use transfers::{BankId, PayoutParams, RefundParams, TransferTo};
pub use webhook::{VerifyOptions, WebhookError, WebhookEvent, WebhookSecret};
