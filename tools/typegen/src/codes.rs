//! The error-code unions: each code with its Rust variant's doc comment as
//! JSDoc (ts-rs carries field docs, not variant docs), read from the source.

use crate::text::jsdoc;
use crate::Decl;
use ts_rs::{Config, TS};
use vesicash_edge::core::error::ErrorCode;
use vesicash_edge::webhook::WebhookError;

/// `ErrorCode`'s codes in variant order: the union ts-rs derives from the
/// serde names, checked against the wire strings of `as_str`.
pub(crate) fn error_codes(cfg: &Config) -> Result<Vec<String>, String> {
    let names: Vec<String> = ErrorCode::inline(cfg).split(" | ").map(|s| s.trim_matches('"').to_owned()).collect();
    let wire: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    if names != wire {
        return Err(format!("ErrorCode: the TypeScript names {names:?} are not the wire strings {wire:?}"));
    }
    Ok(names)
}

/// Each webhook error's code in variant order. The variants carry Rust-only
/// details, so the codes come from `code()`, and the exhaustive `match`
/// keeps the list complete: a new variant fails to compile here.
pub(crate) fn webhook_codes() -> Result<Vec<String>, String> {
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
        if position != i {
            return Err("WebhookError: list the variants in declaration order".into());
        }
    }
    Ok(all.iter().map(|e| e.code().to_owned()).collect())
}

/// A union of string codes named `name`, each with the doc comment of its
/// variant of `rust_enum` (in the crate's `file`), and the enum's own doc
/// on the type.
pub(crate) fn union(name: &str, file: &str, rust_enum: &str, codes: &[String]) -> Result<Decl, String> {
    let path = crate::root().join(file);
    let source = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let ast = syn::parse_file(&source).map_err(|e| format!("{file}: {e}"))?;
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
        .ok_or_else(|| format!("no enum {rust_enum} in {file}"))?;
    if e.variants.len() != codes.len() {
        return Err(format!("{rust_enum}: {} variants but {} codes", e.variants.len(), codes.len()));
    }
    let mut text = jsdoc(&e.attrs, "");
    text += &format!("export type {name} =\n");
    for (i, (v, code)) in e.variants.iter().zip(codes).enumerate() {
        text += &jsdoc(&v.attrs, "  ");
        text += &format!("  | {code:?}{}\n", if i + 1 == codes.len() { ";" } else { "" });
    }
    Ok(Decl { name: name.into(), text: text.trim_end().into(), uses: vec![] })
}
