//! The crate's one JSON writer: `serde_json` over `Serialize` structs whose
//! fields are in wire order (request bodies, error descriptors, signed
//! headers). Reading is `serde_json` too (responses, webhook events): the
//! hand-written reader and writer this replaced are gone.

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// The escapes the crate has always written: `serde_json`'s compact form,
/// except backspace and form feed as `\u0008` and `\u000c` (not `\b`,
/// `\f`), so no wire byte changed when the writer moved to `serde`.
struct WireFormatter;

impl Formatter for WireFormatter {
    fn write_char_escape<W: ?Sized + std::io::Write>(&mut self, writer: &mut W, escape: CharEscape) -> std::io::Result<()> {
        match escape {
            CharEscape::Backspace => writer.write_all(b"\\u0008"),
            CharEscape::FormFeed => writer.write_all(b"\\u000c"),
            other => CompactFormatter.write_char_escape(writer, other),
        }
    }
}

/// `value` as compact JSON text; `None` only for a value JSON cannot hold
/// (a map with non-string keys), which no type of the crate is.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut out = Vec::with_capacity(128);
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, WireFormatter)).ok()?;
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_before() {
        #[derive(Serialize)]
        struct B<'a> {
            s: &'a str,
            n: crate::core::amount::Amount,
        }
        let text = "q\" b\\ \n\r\t \u{8}\u{c}\u{1}\u{1f} / é 😀 \u{7f}";
        let n = crate::core::amount::Amount::from_minor(130).unwrap();
        assert_eq!(to_json(&B { s: text, n }).unwrap(), "{\"s\":\"q\\\" b\\\\ \\n\\r\\t \\u0008\\u000c\\u0001\\u001f / é 😀 \u{7f}\",\"n\":1.3}");
    }
}
