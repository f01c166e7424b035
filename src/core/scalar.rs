//! One JSON value, reduced to what validation and envelope checks need: its
//! type, and its text or number. Deserialised the same way from a JS value
//! (`serde-wasm-bindgen`) and from JSON text (`serde_json`), so both paths
//! apply one set of rules.

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value as far as the crate's checks look into it.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `null` (or `undefined` from JS).
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number (JS numbers are f64; so are JSON numbers once parsed).
    Number(f64),
    /// A string.
    Str(String),
    /// An array (its items are not kept).
    Array,
    /// An object (its members are not kept).
    Object,
}

impl Scalar {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The JS/JSON type name, for messages: "a number", "null", …
    pub fn type_name(&self) -> &'static str {
        match self {
            Scalar::Null => "null",
            Scalar::Bool(_) => "a boolean",
            Scalar::Number(_) => "a number",
            Scalar::Str(_) => "a string",
            Scalar::Array => "an array",
            Scalar::Object => "an object",
        }
    }
}

impl From<&serde_json::Value> for Scalar {
    fn from(v: &serde_json::Value) -> Scalar {
        use serde_json::Value;
        match v {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => n.as_f64().map_or(Scalar::Null, Scalar::Number),
            Value::String(s) => Scalar::Str(s.clone()),
            Value::Array(_) => Scalar::Array,
            Value::Object(_) => Scalar::Object,
        }
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        Scalar::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Scalar, E> {
        Ok(Scalar::Number(n as f64))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Scalar, E> {
        Ok(Scalar::Number(n as f64))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Scalar, E> {
        Ok(Scalar::Number(n))
    }
    fn visit_str<E>(self, s: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scalar, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Scalar::Array)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scalar, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Scalar::Object)
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Scalar, E> {
        Ok(Scalar::Object)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// The members of an object, in order, each reduced to a [`Scalar`]: the
/// form in which request params are read, so that every check can name its
/// field (a derived `Deserialize` would stop at the first problem with a
/// message in serde's words).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Members(pub Vec<(String, Scalar)>);

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a plain object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
        let mut members = Vec::new();
        while let Some(entry) = map.next_entry::<String, Scalar>()? {
            members.push(entry);
        }
        Ok(Members(members))
    }
}

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Members, D::Error> {
        d.deserialize_map(MembersVisitor)
    }
}

/// Any JSON value, read in full and kept as nothing: the check that text is
/// JSON under `serde_json`'s rules (every escape decoded, so a lone surrogate
/// is refused; every number parsed, so `1e400` is; nesting below 128 levels)
/// without building it. `IgnoredAny` would skip both checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked;

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E>(self) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_str<E>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(Checked)
    }
}

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Checked, D::Error> {
        d.deserialize_any(CheckedVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_json_type() {
        let m: Members = serde_json::from_str(r#"{"a":null,"b":true,"c":1.5,"d":"x","e":[1,[2]],"f":{"g":{}},"h":7}"#).unwrap();
        let types: Vec<&str> = m.0.iter().map(|(_, v)| v.type_name()).collect();
        assert_eq!(types, ["null", "a boolean", "a number", "a string", "an array", "an object", "a number"]);
        assert_eq!(m.0[2].1, Scalar::Number(1.5));
        assert!(serde_json::from_str::<Members>("[1]").is_err());
    }

    #[test]
    fn checked_refuses_what_a_value_refuses() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        for (text, ok) in [
            (r#"{"a":[1,2.5,-0,1e308,"\u00e9\ud83d\ude00",true,null],"a":{}}"#.to_owned(), true),
            (r#"{"s":"\ud800"}"#.to_owned(), false),
            (r#"{"s":"\udc00\ud800"}"#.to_owned(), false),
            (r#"{"\ud800":1}"#.to_owned(), false),
            (r#"{"n":1e400}"#.to_owned(), false),
            (r#"{"n":-1e400}"#.to_owned(), false),
            (r#"{"n":1e-400}"#.to_owned(), true),
            (deep(127), true),
            (deep(128), false),
            (r#"{"a":1,}"#.to_owned(), false),
            ("\u{feff}{}".to_owned(), false),
        ] {
            let value = serde_json::from_str::<serde_json::Value>(&text).is_ok();
            assert_eq!(value, ok, "{text}");
            assert_eq!(serde_json::from_str::<Checked>(&text).is_ok(), ok, "{text}");
        }
    }
}
