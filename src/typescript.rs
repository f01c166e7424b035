//! TypeScript-only types of the npm package's declarations (`pkg/types.d.ts`,
//! written by the generator in `tools/typegen`), for values that are plain
//! strings in Rust but a precise union in TypeScript, and the crate-private
//! types the generator declares. Only with the `typescript` feature: none of
//! this is in the wasm build.

use crate::api::transfers::answers::{PAYOUT_UPDATED_EVENT, REFUND_UPDATED_EVENT};
use crate::core::fields::PaymentMethod;
use crate::core::status::{FAILED_STATUSES, PAID_STATUSES};
use crate::webhook::PAYMENT_UPDATED_EVENT;
use ts_rs::{Config, TS};

/// The status Vesicash documents for a payment not yet final. \[doc\]
pub const PENDING_STATUS: &str = "pending";

/// Name of the TypeScript type that stands for a value this version does not
/// know (a status or event Vesicash may add): a string at run time, never
/// equal to a literal in the type checker. Declared by the generator as a
/// one-member ambient enum: an enum literal is assignable to `string` (so it
/// passes wherever a string goes) but is not comparable to any other string
/// literal, so `status === "sucessful"` fails to compile. A branded
/// `string & {…}` does not: anything holding `string` is comparable to every
/// string literal.
pub const UNRECOGNISED: &str = "Unrecognised";

fn open_union(known: impl IntoIterator<Item = &'static str>) -> String {
    known.into_iter().map(|s| format!("{s:?}")).chain([UNRECOGNISED.to_owned()]).collect::<Vec<_>>().join(" | ")
}

/// Declares a TypeScript-only alias whose body is built from Rust constants.
macro_rules! open_string_type {
    ($(#[doc = $doc:literal])* $name:ident = $known:expr) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn docs() -> Option<String> {
                Some(ts_rs::format_docs(&[$($doc),*]))
            }
            fn name(_: &Config) -> String {
                stringify!($name).to_owned()
            }
            fn decl(cfg: &Config) -> String {
                format!("type {} = {};", stringify!($name), Self::inline(cfg))
            }
            fn decl_concrete(cfg: &Config) -> String {
                Self::decl(cfg)
            }
            fn inline(_: &Config) -> String {
                open_union($known)
            }
            fn output_path() -> Option<std::path::PathBuf> {
                Some("types.d.ts".into())
            }
        }
    };
}

open_string_type! {
    /// A payment's status as Vesicash sent it. `"pending"` is documented;
    /// `"successful"`, `"success"` and `"completed"` are read as paid, and
    /// `"failed"`, `"cancelled"`, `"expired"` and `"reversed"` as failed (see
    /// `paymentOutcome`). A status this version does not know is kept as sent
    /// and typed `Unrecognised`: compare with the known ones, or pass it to
    /// `paymentOutcome` (it counts as pending, never final).
    PaymentStatus = std::iter::once(PENDING_STATUS).chain(PAID_STATUSES.iter().copied()).chain(FAILED_STATUSES.iter().copied())
}

open_string_type! {
    /// A webhook's event name as sent: `"payment.updated"`, or an event this
    /// version does not know (`Unrecognised`), still verified and returned.
    WebhookEventName = [PAYMENT_UPDATED_EVENT, REFUND_UPDATED_EVENT, PAYOUT_UPDATED_EVENT]
}

/// A verified webhook event in TypeScript: a union on `event`, so that
/// `event.event === "refund.updated"` narrows `data` to a `Refund`. (Natively
/// [`crate::webhook::WebhookEvent`] keeps `data` as a payment-shaped record.)
pub struct WebhookEventUnion;

impl TS for WebhookEventUnion {
    type WithoutGenerics = Self;
    type OptionInnerType = Self;
    fn docs() -> Option<String> {
        Some(ts_rs::format_docs(&[
            " A verified webhook event: `{ event, data }`. Switch on `event`; an event this",
            " version does not know is still verified and returned as sent (`Unrecognised`),",
            " its `data` with at least `reference` and `status`.",
        ]))
    }
    fn name(_: &Config) -> String {
        "WebhookEvent".to_owned()
    }
    fn decl(cfg: &Config) -> String {
        format!("type WebhookEvent ={};", Self::inline(cfg))
    }
    fn decl_concrete(cfg: &Config) -> String {
        Self::decl(cfg)
    }
    fn inline(_: &Config) -> String {
        [(PAYMENT_UPDATED_EVENT, "Payment"), (REFUND_UPDATED_EVENT, "Refund"), (PAYOUT_UPDATED_EVENT, "Payout")]
            .iter()
            .map(|(event, data)| format!("\n  | {{ event: {event:?}; data: {data} }}"))
            .chain([format!("\n  | {{ event: {UNRECOGNISED}; data: {{ reference: string; status: string; [field: string]: unknown }} }}")])
            .collect()
    }
    fn visit_dependencies(v: &mut impl ts_rs::TypeVisitor) {
        v.visit::<crate::api::payments::answer::Payment>();
        v.visit::<crate::api::transfers::answers::Refund>();
        v.visit::<crate::api::transfers::answers::Payout>();
    }
    fn output_path() -> Option<std::path::PathBuf> {
        Some("types.d.ts".into())
    }
}

open_string_type! {
    /// Why a payment failed (`failure_reason`): the codes Vesicash documents,
    /// the misspelt `TRNASACTION_*` as documented and correctly spelt, or a
    /// reason this version does not know (`Unrecognised`). Pass it to
    /// `failureAdvice` to know whether asking the customer again can help.
    FailureReasonCode = crate::core::failure::FAILURE_REASONS.iter().flat_map(|(spellings, _)| spellings.iter().copied())
}

open_string_type! {
    /// What a payment record is: `"payment"`, or a kind this version does not know.
    PaymentKind = ["payment"]
}

open_string_type! {
    /// A payment's method as Vesicash sent it.
    PaymentMethodName = [PaymentMethod::MobileMoney.as_str(), PaymentMethod::Card.as_str()]
}

open_string_type! {
    /// A refund's or payout's status: `"pending"` when queued, then
    /// `"successful"` or `"failed"`, or a status this version does not know.
    TransferStatus = [PENDING_STATUS, "successful", "failed"]
}

open_string_type! {
    /// Where a payout went.
    TransferToName = ["mobile_money", "bank"]
}

open_string_type! {
    /// Which key made a payment: `"test"` or `"live"`.
    Environment = ["test", "live"]
}

/// Declares a TypeScript type written inline by name: a JS-only type
/// (functions, `AbortSignal`) or a union of primitives.
macro_rules! inline_type {
    ($(#[doc = $doc:literal])* $name:ident = $ts:literal) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &Config) -> String {
                $ts.to_owned()
            }
            fn inline(_: &Config) -> String {
                $ts.to_owned()
            }
        }
    };
}

inline_type! {
    /// An id Vesicash sends as a number or a string (`id`, `business_id`,
    /// `payment_id`: the documented examples disagree).
    NumberOrString = "number | string"
}
inline_type! {
    /// A time filter: a `Date`, an RFC 3339 time or a `YYYY-MM-DD` date.
    DateOrString = "Date | string"
}
inline_type! {
    /// A time: Unix milliseconds, a `Date`, or RFC 3339 text.
    TimeInput = "number | Date | string"
}
inline_type! {
    /// A member that must be absent (or `undefined`): the other spelling of
    /// a payout's country when one is given.
    Undefined = "undefined"
}
inline_type! {
    /// The `fetch` a client sends with.
    Fetch = "typeof fetch"
}
inline_type! {
    /// `onRequest`.
    RequestHook = "(event: RequestEvent) => void"
}
inline_type! {
    /// `onResponse`.
    ResponseHook = "(event: ResponseEvent) => void"
}
inline_type! {
    /// The `signal` of a call or a wait.
    Signal = "AbortSignal"
}

// The options objects of the JS client and of the webhook verifier are the
// wasm bindings' own (crate-private: no Rust caller builds them), but their
// TypeScript declarations are generated by a tool outside the crate, which
// can name only public items: exposed here, with the feature, for it alone.
#[doc(hidden)]
pub use crate::bindings::options::{JsCallOptions, JsClientOptions, JsRefreshItem, JsRefreshOptions, JsVerifyOptions, JsWaitOptions};

/// An object the caller passes in (options, params), as opposed to one the
/// package returns: the generator declares its optional members
/// `?: T | undefined`. The package reads an `undefined` member as an absent
/// one (the JS facade's checks are `!== undefined`; serde-wasm-bindgen and
/// the params readers read `undefined` as none), so code compiled with
/// `exactOptionalPropertyTypes` may pass `process.env.X` or `opts.x` straight
/// on. What the package returns keeps `?: T`: a field it leaves out is
/// absent, never present as `undefined`, and `"x" in answer` says so.
pub trait Input: TS {}

impl Input for JsClientOptions {}
impl Input for JsCallOptions {}
impl Input for JsWaitOptions {}
impl Input for JsRefreshOptions {}
impl Input for JsRefreshItem {}
impl Input for JsVerifyOptions {}
impl Input for crate::api::payments::InitializeParams {}
impl Input for crate::api::payments::PayParams {}
impl Input for crate::api::payments::list::ListFilters {}
impl Input for crate::api::transfers::RefundParams {}
impl Input for JsPayoutParams {}
// An input of `mergeStatus` (held and new), read back from the caller's store.
impl Input for crate::core::merge::Observation {}

/// A payout's country in either spelling the payout pages write: `countryId`
/// (the body's field list and example) or `country_id`, exactly one of the
/// two. The params reader takes both when they name the same country and
/// refuses two different ones; the declaration asks for one, which says it.
#[derive(TS)]
#[ts(untagged)]
pub enum PayoutCountry {
    /// `countryId`, the spelling sent.
    Camel {
        /// The `id` of a country from `GET /v1/countries`.
        #[ts(rename = "countryId")]
        id: u64,
        /// Not with `countryId`: one spelling only.
        #[ts(rename = "country_id", optional)]
        other: Option<Undefined>,
    },
    /// `country_id`, read as `countryId`.
    Snake {
        /// The `id` of a country from `GET /v1/countries`.
        #[ts(rename = "country_id")]
        id: u64,
        /// Not with `country_id`: one spelling only.
        #[ts(rename = "countryId", optional)]
        other: Option<Undefined>,
    },
}

// `PayoutParams` as JavaScript passes it: the struct's members, and its
// country in either spelling (`PayoutCountry`), which the struct's one
// `country_id` cannot say (ts-rs flattens no `as` type).
/// The body of `POST /v1/payment/payouts/process`. The country's id is
/// `countryId` (the spelling sent) or `country_id`: exactly one of the two.
#[derive(TS)]
#[ts(rename = "PayoutParams")]
pub struct JsPayoutParams {
    /// Every member but the country.
    #[ts(flatten)]
    pub params: crate::api::transfers::PayoutParams,
    /// `countryId` or `country_id`.
    #[ts(flatten)]
    pub country: PayoutCountry,
}
