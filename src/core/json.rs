//! A small, strict JSON reader and writer for the shapes this crate handles:
//! one object of known keys whose values are taken as raw text, and strings.
//!
//! Why not serde_json here: its error reporting links core's float
//! formatting and its generic deserializer machinery, about a third of the
//! wasm module, for objects of a dozen known keys. This reader validates the
//! full JSON grammar (so a truncated or malformed body is always an error),
//! bounds nesting depth, and never panics.

use std::borrow::Cow;

/// Deepest nesting accepted inside a value; deeper input is refused rather
/// than risking the stack.
pub const MAX_DEPTH: usize = 64;

/// Why a text is not the JSON expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonError {
    /// The text ends in the middle of a value (a truncated body).
    Truncated,
    /// A byte that JSON does not allow here, at this byte offset.
    Syntax(usize),
    /// The text is JSON but not an object.
    NotObject,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl JsonError {
    /// A short description for error messages.
    pub fn describe(self) -> String {
        match self {
            JsonError::Truncated => "truncated JSON".into(),
            JsonError::Syntax(at) => format!("invalid JSON at byte {at}"),
            JsonError::NotObject => "JSON but not an object".into(),
            JsonError::TooDeep => format!("JSON nested deeper than {MAX_DEPTH} levels"),
        }
    }
}

/// The members of a JSON object: each key decoded, each value as raw JSON
/// text (a slice of the input), in input order, duplicates kept.
pub fn object(text: &str) -> Result<Vec<(Cow<'_, str>, &str)>, JsonError> {
    let mut r = Reader { s: text.as_bytes(), i: 0 };
    r.ws();
    if r.peek() != Some(b'{') {
        return Err(match r.peek() {
            None => JsonError::Truncated,
            Some(_) => {
                r.value(0)?;
                r.ws();
                if r.i == r.s.len() {
                    JsonError::NotObject
                } else {
                    JsonError::Syntax(r.i)
                }
            }
        });
    }
    r.i += 1;
    let mut members = Vec::new();
    r.ws();
    if r.peek() == Some(b'}') {
        r.i += 1;
    } else {
        loop {
            r.ws();
            let key_start = r.i;
            r.string()?;
            let key = string(&text[key_start..r.i]).ok_or(JsonError::Syntax(key_start))?;
            r.ws();
            r.expect(b':')?;
            r.ws();
            let start = r.i;
            r.value(1)?;
            members.push((key, &text[start..r.i]));
            r.ws();
            match r.next()? {
                b',' => continue,
                b'}' => break,
                _ => return Err(JsonError::Syntax(r.i - 1)),
            }
        }
    }
    r.ws();
    if r.i != r.s.len() {
        return Err(JsonError::Syntax(r.i));
    }
    Ok(members)
}

/// The value of `key` in `members`; the last one wins, as in `JSON.parse`.
pub fn get<'a>(members: &[(Cow<'_, str>, &'a str)], key: &str) -> Option<&'a str> {
    members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| *v)
}

/// Decodes a raw JSON string (with its quotes); `None` if `raw` is not one.
pub fn string(raw: &str) -> Option<Cow<'_, str>> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    if !inner.contains('\\') {
        return Some(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hi = hex4(&mut chars)?;
                if (0xD800..0xDC00).contains(&hi) {
                    // A high surrogate must be followed by an escaped low one.
                    if chars.next()? != '\\' || chars.next()? != 'u' {
                        return None;
                    }
                    let lo = hex4(&mut chars)?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return None;
                    }
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                } else {
                    char::from_u32(hi)?
                }
            }
            _ => return None,
        });
    }
    Some(Cow::Owned(out))
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let mut v = 0;
    for _ in 0..4 {
        v = v * 16 + chars.next()?.to_digit(16)?;
    }
    Some(v)
}

/// Appends `s` to `out` as a JSON string literal.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                out.push_str("\\u00");
                out.push_str(&hex::encode([c as u8]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Writes a JSON object from `(key, raw JSON value)` pairs, in order.
pub struct ObjectWriter {
    out: String,
}

impl ObjectWriter {
    /// Starts an object.
    pub fn new() -> ObjectWriter {
        ObjectWriter { out: String::from("{") }
    }

    fn key(&mut self, key: &str) {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        write_str(&mut self.out, key);
        self.out.push(':');
    }

    /// Adds a string member.
    pub fn str(mut self, key: &str, value: &str) -> ObjectWriter {
        self.key(key);
        write_str(&mut self.out, value);
        self
    }

    /// Adds a member whose value is already JSON text (a number, `null`, an object).
    pub fn raw(mut self, key: &str, json: &str) -> ObjectWriter {
        self.key(key);
        self.out.push_str(json);
        self
    }

    /// Closes the object and returns its text.
    pub fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

impl Default for ObjectWriter {
    fn default() -> Self {
        ObjectWriter::new()
    }
}

struct Reader<'a> {
    s: &'a [u8],
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn next(&mut self) -> Result<u8, JsonError> {
        let b = self.peek().ok_or(JsonError::Truncated)?;
        self.i += 1;
        Ok(b)
    }

    fn expect(&mut self, want: u8) -> Result<(), JsonError> {
        if self.next()? == want {
            Ok(())
        } else {
            Err(JsonError::Syntax(self.i - 1))
        }
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<(), JsonError> {
        if depth > MAX_DEPTH {
            return Err(JsonError::TooDeep);
        }
        match self.peek().ok_or(JsonError::Truncated)? {
            b'"' => self.string(),
            b'{' => self.container(depth, b'}', true),
            b'[' => self.container(depth, b']', false),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(JsonError::Syntax(self.i)),
        }
    }

    fn container(&mut self, depth: usize, close: u8, keyed: bool) -> Result<(), JsonError> {
        self.i += 1;
        self.ws();
        if self.peek() == Some(close) {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            if keyed {
                if self.peek() != Some(b'"') {
                    return Err(if self.peek().is_none() { JsonError::Truncated } else { JsonError::Syntax(self.i) });
                }
                self.string()?;
                self.ws();
                self.expect(b':')?;
                self.ws();
            }
            self.value(depth + 1)?;
            self.ws();
            match self.next()? {
                b',' => continue,
                b if b == close => return Ok(()),
                _ => return Err(JsonError::Syntax(self.i - 1)),
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), JsonError> {
        for &w in word {
            if self.next()? != w {
                return Err(JsonError::Syntax(self.i - 1));
            }
        }
        Ok(())
    }

    fn digits(&mut self) -> Result<(), JsonError> {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        match (self.i > start, self.peek()) {
            (true, _) => Ok(()),
            (false, None) => Err(JsonError::Truncated),
            (false, Some(_)) => Err(JsonError::Syntax(self.i)),
        }
    }

    fn number(&mut self) -> Result<(), JsonError> {
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        if self.peek() == Some(b'0') {
            self.i += 1;
        } else {
            self.digits()?;
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            self.digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            self.digits()?;
        }
        Ok(())
    }

    fn string(&mut self) -> Result<(), JsonError> {
        self.expect(b'"')?;
        loop {
            // Plain bytes in one tight scan: they are most of a large body.
            let rest = self.s.get(self.i..).unwrap_or_default();
            self.i += rest.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).ok_or(JsonError::Truncated)?;
            match self.next()? {
                b'"' => return Ok(()),
                b'\\' => match self.next()? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                    b'u' => {
                        for _ in 0..4 {
                            if !self.next()?.is_ascii_hexdigit() {
                                return Err(JsonError::Syntax(self.i - 1));
                            }
                        }
                    }
                    _ => return Err(JsonError::Syntax(self.i - 1)),
                },
                b if b < 0x20 => return Err(JsonError::Syntax(self.i - 1)),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_members_as_raw_text() {
        let m = object(r#" { "a" : 1.5e3 , "b":"x\"y", "c":{"d":[1,{"e":null}]}, "a\u0062":true } "#).unwrap();
        assert_eq!(m.len(), 4);
        assert_eq!(get(&m, "a"), Some("1.5e3"));
        assert_eq!(string(get(&m, "b").unwrap()).unwrap(), "x\"y");
        assert_eq!(get(&m, "c"), Some(r#"{"d":[1,{"e":null}]}"#));
        assert_eq!(get(&m, "ab"), Some("true"));
        assert_eq!(object("{}").unwrap().len(), 0);
    }

    #[test]
    fn agrees_with_serde_json_on_validity() {
        let cases = [
            "{",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\":1,",
            "{\"a\":1,}",
            "{,}",
            "{\"a\" 1}",
            "{a:1}",
            "{\"a\":01}",
            "{\"a\":-}",
            "{\"a\":1.}",
            "{\"a\":1e}",
            "{\"a\":.5}",
            "{\"a\":tru}",
            "{\"a\":nul}",
            "{\"a\":[1,]}",
            "{\"a\":[1 2]}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"\u{1}\"}",
            "{\"a\":1}x",
            "{\"a\":[}",
            "{\"a\":{]}",
            "{\"a\":\"tab\tin\"}",
            "{\"a\":1}  ",
            "{\"a\":[[],{}],\"b\":-0.5E+2}",
            "{\"a\":\"é\\u00e9\\ud83d\\ude00\"}",
            "[]",
            "1",
            "\"s\"",
            "",
            "   ",
        ];
        for c in cases {
            let ours = object(c);
            let theirs = serde_json::from_str::<serde_json::Value>(c);
            match (&ours, &theirs) {
                (Ok(_), Ok(v)) => assert!(v.is_object(), "{c}"),
                (Err(JsonError::NotObject), Ok(v)) => assert!(!v.is_object(), "{c}"),
                (Err(_), Err(_)) => {}
                _ => panic!("disagree on {c:?}: {ours:?} vs {theirs:?}"),
            }
        }
        assert_eq!(object("{\"a\":1").unwrap_err(), JsonError::Truncated);
        assert_eq!(object("[1]").unwrap_err(), JsonError::NotObject);
    }

    #[test]
    fn bounds_depth() {
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100), "]".repeat(100));
        assert_eq!(object(&deep).unwrap_err(), JsonError::TooDeep);
        let bomb = "[".repeat(1_000_000);
        assert_eq!(object(&format!("{{\"a\":{bomb}")).unwrap_err(), JsonError::TooDeep);
    }

    #[test]
    fn strings_round_trip() {
        for s in ["", "plain", "quote\" back\\ slash", "nl\n cr\r tab\t bell\u{7} nul\u{0}", "é ✓ 😀"] {
            let mut out = String::new();
            write_str(&mut out, s);
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
            assert_eq!(string(&out).unwrap(), s);
        }
        assert_eq!(string(r#""\ud83d\ude00""#).unwrap(), "😀");
        assert_eq!(string(r#""\ud83d""#), None, "lone surrogate");
        assert_eq!(string("12"), None);
        let o = ObjectWriter::new().str("a", "x").raw("n", "1.3").raw("z", "null").finish();
        assert_eq!(o, r#"{"a":"x","n":1.3,"z":null}"#);
    }
}
