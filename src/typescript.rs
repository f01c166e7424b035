//! TypeScript-only types of the npm package's declarations (`pkg/types.d.ts`,
//! written by `tests/typescript.rs`), for values that are plain strings in
//! Rust but a precise union in TypeScript. Only with the `typescript`
//! feature: none of this is in the wasm build.

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

/// The generator of `pkg/types.d.ts`: `cargo test --features typescript`
/// (run by `scripts/test.sh`) writes the file and fails when it changed, so a
/// stale shipped file never passes.
///
/// To declare a new type: derive `TS` on it behind the feature, next to its
/// other derives, with its JS name if that differs:
/// `#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "RefundParams"))]`
/// (serde renames and defaults are read; for a non-`Option` field that JS may
/// omit add `ts(as = "Option<String>", optional)`, for a string with known
/// values an `open_string_type!` above, e.g. a new event name in
/// `WebhookEventName`). Then add one line `decl::<Type>(cfg),` to
/// `declarations()` below, run the command once (it rewrites the file and
/// fails once), and commit the new `pkg/types.d.ts`; `pkg/index.d.ts`
/// re-exports every type and imports by name what its classes use. A type
/// that is referenced but not listed fails the test, naming it. A new
/// `ErrorCode` variant is one line of `error_codes!` (src/core/error.rs) with
/// its wire string.
#[cfg(test)]
mod generate {
    use super::*;
    use crate::api::payments::answer::Payment;
    use crate::api::payments::{InitializeParams, PayParams};
    use crate::bindings::options::{JsCallOptions, JsClientOptions, JsVerifyOptions, JsWaitOptions};
    use crate::core::error::ErrorCode;
    use crate::core::merge::{Conflict, Merged, Observation};
    use crate::core::request::{Method, Request};
    use crate::engine::{RequestEvent, ResponseEvent};
    use crate::webhook::WebhookError;
    use std::collections::BTreeSet;

    const OUT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg/types.d.ts");
    const COMMAND: &str = "cargo test --features typescript";

    /// One declaration of the file: its TypeScript name, its text, and the
    /// names of the declared types it refers to.
    struct Decl {
        name: String,
        text: String,
        uses: Vec<String>,
    }

    /// Every declaration of the file, in order.
    fn declarations(cfg: &Config) -> Vec<Decl> {
        vec![
            // Options and events of the client.
            decl::<JsClientOptions>(cfg),
            decl::<JsCallOptions>(cfg),
            decl::<JsWaitOptions>(cfg),
            decl::<crate::bindings::options::JsRefreshOptions>(cfg),
            decl::<crate::bindings::options::JsRefreshItem>(cfg),
            decl::<RequestEvent<'static>>(cfg),
            decl::<ResponseEvent<'static>>(cfg),
            decl::<Method>(cfg),
            // Params and results.
            decl::<InitializeParams>(cfg),
            decl::<PayParams>(cfg),
            decl::<crate::core::fields::PaymentMethod>(cfg),
            decl::<Payment>(cfg),
            decl::<PaymentStatus>(cfg),
            decl::<FailureReasonCode>(cfg),
            decl::<crate::core::failure::FailureAdvice>(cfg),
            decl::<crate::core::schedule::Schedule>(cfg),
            decl::<crate::core::status::PaymentOutcome>(cfg),
            decl::<PaymentKind>(cfg),
            decl::<PaymentMethodName>(cfg),
            decl::<Environment>(cfg),
            decl::<Request>(cfg),
            decl::<crate::api::payments::list::ListFilters>(cfg),
            decl::<crate::api::payments::list::PaymentPage>(cfg),
            decl::<crate::api::transfers::RefundParams>(cfg),
            decl::<crate::api::transfers::PayoutParams>(cfg),
            decl::<crate::api::transfers::TransferTo>(cfg),
            decl::<crate::api::transfers::answers::TransferReceipt>(cfg),
            decl::<TransferStatus>(cfg),
            decl::<TransferToName>(cfg),
            decl::<crate::api::countries::Country>(cfg),
            decl::<crate::api::account::RotatedSecret>(cfg),
            decl::<crate::api::transfers::answers::Refund>(cfg),
            decl::<crate::api::transfers::answers::Payout>(cfg),
            // Errors.
            code_union("VesicashErrorCode", "src/core/error.rs", "ErrorCode", &ts_names::<ErrorCode>(cfg)),
            code_union("WebhookErrorCode", "src/webhook/error.rs", "WebhookError", &webhook_codes()),
            // Status merging.
            decl::<Observation>(cfg),
            decl::<Merged>(cfg),
            decl::<Conflict>(cfg),
            // Webhooks.
            decl::<WebhookEventUnion>(cfg),
            decl::<WebhookEventName>(cfg),
            decl::<JsVerifyOptions>(cfg),
        ]
    }

    fn decl<T: TS + 'static>(cfg: &Config) -> Decl {
        let mut uses = Vec::new();
        T::visit_dependencies(&mut Names(cfg, &mut uses));
        let text = format!("{}export {}", T::docs().unwrap_or_default(), T::decl(cfg));
        Decl { name: T::ident(cfg), text: layout(&unlink(&text)), uses }
    }

    struct Names<'a>(&'a Config, &'a mut Vec<String>);

    impl ts_rs::TypeVisitor for Names<'_> {
        fn visit<T: TS + 'static + ?Sized>(&mut self) {
            // Primitives and inline types have no path: nothing to declare.
            if T::output_path().is_some() {
                self.1.push(T::ident(self.0));
            }
        }
    }

    /// The string literals of a derived unit-only enum, in variant order.
    fn ts_names<T: TS>(cfg: &Config) -> Vec<String> {
        T::inline(cfg).split(" | ").map(|s| s.trim_matches('"').to_owned()).collect()
    }

    /// A union of string codes, each with its Rust variant's doc comment as
    /// JSDoc (ts-rs carries field docs, not variant docs), and the enum's own
    /// doc on the type.
    fn code_union(name: &str, file: &str, rust_enum: &str, codes: &[String]) -> Decl {
        let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(&path).unwrap();
        let ast = syn::parse_file(&source).unwrap();
        // An enum declared through a macro (`error_codes!`): its body is an enum with discriminants.
        let in_macros: Vec<syn::ItemEnum> = ast
            .items
            .iter()
            .filter_map(|i| match i {
                syn::Item::Macro(m) => syn::parse2::<syn::ItemEnum>(m.mac.tokens.clone()).ok(),
                _ => None,
            })
            .collect();
        let e = ast
            .items
            .iter()
            .find_map(|i| match i {
                syn::Item::Enum(e) if e.ident == rust_enum => Some(e),
                _ => None,
            })
            .or_else(|| in_macros.iter().find(|e| e.ident == rust_enum))
            .unwrap_or_else(|| panic!("no enum {rust_enum} in {file}"));
        assert_eq!(e.variants.len(), codes.len(), "{rust_enum}: one code per variant");
        let mut text = jsdoc(&e.attrs, "");
        text += &format!("export type {name} =\n");
        for (i, (v, code)) in e.variants.iter().zip(codes).enumerate() {
            text += &jsdoc(&v.attrs, "  ");
            text += &format!("  | {code:?}{}\n", if i + 1 == codes.len() { ";" } else { "" });
        }
        Decl { name: name.into(), text: text.trim_end().into(), uses: vec![] }
    }

    /// The doc comment of an item as a JSDoc block; Rust links lose their brackets.
    fn jsdoc(attrs: &[syn::Attribute], indent: &str) -> String {
        let lines: Vec<String> = attrs
            .iter()
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) if nv.path.is_ident("doc") => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            })
            .map(|l| unlink(&l))
            .collect();
        if lines.is_empty() {
            return String::new();
        }
        let body: String = lines.iter().map(|l| format!("{indent} *{}\n", l.trim_end()).replace(" * \n", " *\n")).collect();
        format!("{indent}/**\n{body}{indent} */\n")
    }

    /// Each webhook error's code in variant order. The variants carry
    /// Rust-only details, so the codes come from `code()`, which the
    /// exhaustive `match` keeps complete: a new variant fails to compile here.
    fn webhook_codes() -> Vec<String> {
        use WebhookError::*;
        let all = [
            MissingSignature,
            MissingTimestamp,
            InvalidTimestamp { reason: "" },
            TimestampTooOld { age: 0, tolerance: 0, now_in_millis: false },
            TimestampTooNew { ahead: 0, tolerance: 0, timestamp_in_millis: false },
            SignatureMismatch { reason: "" },
            BodyNotRaw { got: String::new() },
            BodyTooLarge { size: 0, limit: 0 },
            InvalidSecret { reason: "", index: None },
            InvalidPayload { reason: String::new() },
        ];
        for (i, e) in all.iter().enumerate() {
            let position = match e {
                MissingSignature => 0,
                MissingTimestamp => 1,
                InvalidTimestamp { .. } => 2,
                TimestampTooOld { .. } => 3,
                TimestampTooNew { .. } => 4,
                SignatureMismatch { .. } => 5,
                BodyNotRaw { .. } => 6,
                BodyTooLarge { .. } => 7,
                InvalidSecret { .. } => 8,
                InvalidPayload { .. } => 9,
            };
            assert_eq!(position, i, "list the variants in declaration order");
        }
        all.iter().map(|e| e.code().to_owned()).collect()
    }

    /// Rustdoc links (`[`x`]`, `[`x`](path)`) as plain code spans: a Rust
    /// path is no help to a TypeScript reader.
    fn unlink(text: &str) -> String {
        let mut out = text.replace("[`", "`");
        while let Some(at) = out.find("`](") {
            let Some(close) = out[at..].find(')') else { break };
            out.replace_range(at + 1..at + close + 1, "");
        }
        out.replace("`]", "`")
    }

    /// ts-rs writes a struct on one line with its fields' JSDoc inline; this
    /// puts each field on its own indented line.
    fn layout(text: &str) -> String {
        let Some(open) = text.find("= { ") else {
            return text.to_owned();
        };
        // Unions and intersections of objects (a payout's `transfer_to`) stay as ts-rs wrote them.
        if text.contains("} | {") || text.contains("} & (") {
            return text.to_owned();
        }
        let (head, body) = text.split_at(open + 2);
        let body = body.trim_start_matches("{ ").trim_end_matches(" };").trim_end_matches("};");
        let mut out = format!("{head}{{\n");
        for line in body.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
            let line = line.strip_prefix("*").map_or(line.to_owned(), |rest| format!(" *{rest}"));
            let line = if line.ends_with(',') { format!("{};", line.trim_end_matches(',')) } else { line };
            out += &format!("  {line}\n");
        }
        out + "};"
    }

    fn render() -> String {
        let cfg = Config::new().with_large_int("number");
        let decls = declarations(&cfg);
        let declared: BTreeSet<&str> = decls.iter().map(|d| d.name.as_str()).collect();
        for d in &decls {
            for used in &d.uses {
                assert!(declared.contains(used.as_str()), "{} uses {used}: add `decl::<{used}>` to declarations()", d.name);
            }
        }
        let mut out = format!(
            "// Generated from the Rust types by `{COMMAND}` (src/typescript.rs): do not edit.\n\
             // The data types of vesicash-edge; index.d.ts declares the classes and functions.\n\n\
             /** A value this version does not know yet (a new status or event), kept as sent: a string at run time. */\n\
             declare enum {UNRECOGNISED} {{\n  _ = \"(a value this version does not know)\",\n}}\n"
        );
        for d in &decls {
            assert!(!d.text.contains("super::") && !d.text.contains("crate::"), "{}: a Rust path in its JSDoc", d.name);
        }
        for d in decls {
            out += "\n";
            out += &d.text;
            out += "\n";
        }
        out
    }

    #[test]
    fn declarations_are_current() {
        let fresh = render();
        let shipped = std::fs::read_to_string(OUT).unwrap_or_default();
        if shipped != fresh {
            std::fs::write(OUT, &fresh).unwrap();
            panic!("pkg/types.d.ts was out of date with the Rust types; it has been regenerated: review and commit it (regenerate with `{COMMAND}`)");
        }
    }

    #[test]
    fn error_code_names_are_the_wire_strings() {
        let wire: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(ts_names::<ErrorCode>(&Config::new()), wire);
        assert_eq!(wire.len(), 18, "a code added or lost");
    }
}
