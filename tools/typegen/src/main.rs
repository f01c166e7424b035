//! The generator of the npm package's `pkg/types.d.ts`: the data types of
//! vesicash-edge (params, payments, options, events, error codes) declared
//! from the Rust types, through their `ts_rs::TS` derives (the crate's
//! `typescript` feature).
//!
//! `cargo run -p vesicash-edge-typegen` writes the file; with `--check`
//! (run by `scripts/test.sh`) it writes nothing and fails when the shipped
//! file differs, so a stale one never passes.
//!
//! To declare a new type: derive `TS` on it behind the feature, next to its
//! other derives, with its JS name if that differs:
//! `#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "RefundParams"))]`
//! (serde renames and defaults are read; for a non-`Option` field that JS may
//! omit add `ts(as = "Option<String>", optional)`, for a string with known
//! values an `open_string_type!` in the crate's `src/typescript.rs`, e.g. a
//! new event name in `WebhookEventName`; for an object the caller passes
//! in, one line `impl Input for Type {}` there, so that its optional members
//! take `undefined`). Then add one line
//! `decl!(cfg, Type),` to `declarations()` below, run the tool, and commit
//! the new `pkg/types.d.ts`; `pkg/index.d.ts` re-exports every type and
//! imports by name what its classes use. A type that is referenced but not
//! listed fails the generation, naming it. A new `ErrorCode` variant is one
//! line of `error_codes!` (src/core/error.rs) with its wire string.

mod codes;
mod input;
mod text;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;
use ts_rs::{Config, TS};
use vesicash_edge::api::payments::answer::Payment;
use vesicash_edge::api::payments::{InitializeParams, PayParams};
use vesicash_edge::core::merge::{Conflict, Merged, Observation};
use vesicash_edge::core::request::{Method, Request};
use vesicash_edge::engine::{RequestEvent, ResponseEvent};
use vesicash_edge::typescript::*;

/// How to regenerate the file, as its header and the check's failure say.
const COMMAND: &str = "cargo run -p vesicash-edge-typegen";

/// One declaration of the file: its TypeScript name, its text, and the
/// names of the declared types it refers to.
pub(crate) struct Decl {
    name: String,
    text: String,
    uses: Vec<String>,
}

/// The declaration of a type, its optional members taking `undefined` when
/// the crate marks it an `Input`.
macro_rules! decl {
    ($cfg:expr, $t:ty) => {
        decl::<$t>($cfg, input::is_input!($t))
    };
}

/// Every declaration of the file, in order.
fn declarations(cfg: &Config) -> Result<Vec<Decl>, String> {
    Ok(vec![
        // Options and events of the client.
        decl!(cfg, JsClientOptions),
        decl!(cfg, JsCallOptions),
        decl!(cfg, JsWaitOptions),
        decl!(cfg, JsRefreshOptions),
        decl!(cfg, JsRefreshItem),
        decl!(cfg, RequestEvent<'static>),
        decl!(cfg, ResponseEvent<'static>),
        decl!(cfg, Method),
        // Params and results.
        decl!(cfg, InitializeParams),
        decl!(cfg, PayParams),
        decl!(cfg, vesicash_edge::core::fields::PaymentMethod),
        decl!(cfg, Payment),
        decl!(cfg, PaymentStatus),
        decl!(cfg, FailureReasonCode),
        decl!(cfg, vesicash_edge::core::failure::FailureAdvice),
        decl!(cfg, vesicash_edge::core::schedule::Schedule),
        decl!(cfg, vesicash_edge::core::status::PaymentOutcome),
        decl!(cfg, PaymentKind),
        decl!(cfg, PaymentMethodName),
        decl!(cfg, Environment),
        decl!(cfg, Request),
        decl!(cfg, vesicash_edge::api::payments::list::ListFilters),
        decl!(cfg, vesicash_edge::api::payments::list::PaymentPage),
        decl!(cfg, vesicash_edge::api::transfers::RefundParams),
        decl!(cfg, JsPayoutParams),
        decl!(cfg, vesicash_edge::api::transfers::TransferTo),
        decl!(cfg, vesicash_edge::api::transfers::answers::TransferReceipt),
        decl!(cfg, TransferStatus),
        decl!(cfg, TransferToName),
        decl!(cfg, vesicash_edge::api::countries::Country),
        decl!(cfg, vesicash_edge::api::account::RotatedSecret),
        decl!(cfg, vesicash_edge::api::transfers::answers::Refund),
        decl!(cfg, vesicash_edge::api::transfers::answers::Payout),
        // Errors.
        codes::union("VesicashErrorCode", "src/core/error.rs", "ErrorCode", &codes::error_codes(cfg)?)?,
        codes::union("WebhookErrorCode", "src/webhook/error.rs", "WebhookError", &codes::webhook_codes()?)?,
        decl!(cfg, vesicash_edge::core::error::Descriptor<'static>),
        // Status merging.
        decl!(cfg, Observation),
        decl!(cfg, Merged),
        decl!(cfg, Conflict),
        // Webhooks.
        decl!(cfg, WebhookEventUnion),
        decl!(cfg, WebhookEventName),
        decl!(cfg, JsVerifyOptions),
    ])
}

fn decl<T: TS + 'static>(cfg: &Config, is_input: bool) -> Decl {
    let mut uses = Vec::new();
    T::visit_dependencies(&mut Names(cfg, &mut uses));
    let body = if is_input { input::accept_undefined(&T::decl(cfg)) } else { T::decl(cfg) };
    let text = format!("{}export {body}", T::docs().unwrap_or_default());
    Decl { name: T::ident(cfg), text: text::layout(&text::unlink(&text)), uses }
}

/// Collects the names of the declared types a type refers to.
struct Names<'a>(&'a Config, &'a mut Vec<String>);

impl ts_rs::TypeVisitor for Names<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        // Primitives and inline types have no path: nothing to declare.
        if T::output_path().is_some() {
            self.1.push(T::ident(self.0));
        }
    }
}

/// The whole file.
fn render() -> Result<String, String> {
    let cfg = Config::new().with_large_int("number");
    let decls = declarations(&cfg)?;
    let declared: BTreeSet<&str> = decls.iter().map(|d| d.name.as_str()).collect();
    for d in &decls {
        for used in &d.uses {
            if !declared.contains(used.as_str()) {
                return Err(format!("{} uses {used}: add `decl!(cfg, {used})` to declarations()", d.name));
            }
        }
        if d.text.contains("super::") || d.text.contains("crate::") {
            return Err(format!("{}: a Rust path in its JSDoc", d.name));
        }
    }
    let mut out = format!(
        "// Generated from the Rust types by `{COMMAND}` (tools/typegen): do not edit.\n\
         // The data types of vesicash-edge; index.d.ts declares the classes and functions.\n\n\
         /** A value this version does not know yet (a new status or event), kept as sent: a string at run time. */\n\
         declare enum {UNRECOGNISED} {{\n  _ = \"(a value this version does not know)\",\n}}\n"
    );
    for d in decls {
        out += "\n";
        out += &d.text;
        out += "\n";
    }
    Ok(out)
}

/// The repository's root (the crate's directory).
fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn run(check: bool) -> Result<(), String> {
    let path = root().join("pkg/types.d.ts");
    let fresh = render()?;
    if check {
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        if shipped != fresh {
            return Err(format!("pkg/types.d.ts is out of date with the Rust types: regenerate it with `{COMMAND}`, review and commit it"));
        }
        println!("pkg/types.d.ts: current");
    } else {
        std::fs::write(&path, fresh).map_err(|e| format!("{}: {e}", path.display()))?;
        println!("pkg/types.d.ts: written");
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [] => false,
        ["--check"] => true,
        _ => {
            eprintln!("usage: {COMMAND} [-- --check]\n  writes pkg/types.d.ts; --check only fails when the shipped one differs");
            return ExitCode::from(2);
        }
    };
    match run(check) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("typegen: {e}");
            ExitCode::FAILURE
        }
    }
}
