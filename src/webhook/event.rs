//! The payload of a verified webhook: `{ "event": …, "data": <payment> }`
//! \[assumed\]. Unknown events, statuses and fields are kept, never refused.
//!
//! One reader, `serde_json`, under the rule responses follow
//! ([`crate::core::envelope`]): RFC 8259 text that `serde_json` reads, so no
//! lone surrogate escape, no number beyond an f64 (`1e400`), nesting below
//! 128 levels, nothing after the value, no BOM; the last of duplicate keys
//! wins, as in `JSON.parse`. The body is read once, into the one shadow
//! [`Shape`]: natively its unknown members are kept as [`Value`]s, in the
//! npm build they are only checked ([`Checked`]) and JS parses the text it
//! already holds. Same grammar, same visitor, same reasons: both builds
//! accept and refuse exactly the same bodies (tests/vectors/webhook.json).

use super::WebhookError;
use crate::api::payments::answer::Payment;
use crate::core::scalar::Checked;
use crate::core::status::PaymentOutcome;
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;
use std::marker::PhantomData;

/// The visitor of every non-object value: anything inside is read in full.
macro_rules! scalars_are {
    ($t:ty, $other:expr) => {
        scalars_are!(@scalars $t, $other);
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<$t, A::Error> {
            while seq.next_element::<Checked>()?.is_some() {}
            Ok($other)
        }
    };
    (@scalars $t:ty, $other:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<$t, E> {
            Ok($other)
        }
        fn visit_i64<E>(self, _: i64) -> Result<$t, E> {
            Ok($other)
        }
        fn visit_u64<E>(self, _: u64) -> Result<$t, E> {
            Ok($other)
        }
        fn visit_f64<E>(self, _: f64) -> Result<$t, E> {
            Ok($other)
        }
        fn visit_unit<E>(self) -> Result<$t, E> {
            Ok($other)
        }
    };
}

/// A verified webhook event: `{ event, data }` with the wire's snake_case
/// fields; unknown fields are kept.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct WebhookEvent {
    /// The event name as sent (`payment.updated`, or one this crate does not know).
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::WebhookEventName"))]
    pub event: String,
    /// The payment, in the shape of the status endpoint's `data`.
    pub data: Payment,
    /// Every other top-level field, as sent.
    #[cfg_attr(feature = "typescript", ts(skip))]
    pub extra: Map<String, Value>,
}

impl WebhookEvent {
    /// Where the payment stands. The status endpoint stays the source of
    /// truth: deliveries can repeat and arrive out of order.
    pub fn outcome(&self) -> PaymentOutcome {
        self.data.outcome()
    }
}

fn invalid(reason: impl Into<String>) -> WebhookError {
    WebhookError::InvalidPayload { reason: reason.into() }
}

/// Where a shape keeps the members it does not look into: [`Value`]s
/// natively, nothing in the npm build (JS keeps its own parse).
trait Rest: Default {
    type Item: DeserializeOwned;
    fn keep(&mut self, key: String, value: Self::Item);
    /// The body read into its shape (`None`: JSON, not an object).
    fn shape(text: &str) -> Result<Option<Shape<Self>>, serde_json::Error>;
}

impl Rest for Map<String, Value> {
    type Item = Value;
    fn keep(&mut self, key: String, value: Value) {
        self.insert(key, value); // the last duplicate wins
    }
    fn shape(text: &str) -> Result<Option<Shape<Self>>, serde_json::Error> {
        serde_json::from_str::<Top<Self>>(text).map(|t| t.0)
    }
}

/// Unknown members read in full by [`Checked`] and dropped.
#[derive(Default)]
struct Unkept;

impl Rest for Unkept {
    type Item = Checked;
    fn keep(&mut self, _: String, _: Checked) {}
    /// Through [`Probe`], one visitor type for every value the event needs
    /// and [`Checked`] for the rest: each visitor type is another copy of
    /// serde_json's reader in the wasm module (measured: the five of the
    /// [`Top`] path cost 15 KB gzipped over this one).
    fn shape(text: &str) -> Result<Option<Shape<Self>>, serde_json::Error> {
        let slot = |p: Option<Probe>| {
            p.map(|p| match p {
                Probe::Str(s) => Slot::Str(s),
                _ => Slot::Other,
            })
        };
        Ok(match serde_json::from_str::<Probe>(text)? {
            Probe::Object(top) => Some(Shape {
                event: slot(top.event),
                data: top.data.map(|d| match d {
                    Probe::Object(d) => DataSlot::Object { reference: slot(d.reference), status: slot(d.status), rest: Unkept },
                    _ => DataSlot::Other,
                }),
                rest: Unkept,
            }),
            _ => None,
        })
    }
}

/// A value as the npm build's check reads it: a string, an object's four
/// members that an event can need (`event`, `data`, `reference`, `status`:
/// the last duplicate wins; any other member read by [`Checked`]), or
/// anything else.
enum Probe {
    Str(String),
    Object(Box<Probed>),
    Other,
}

#[derive(Default)]
struct Probed {
    event: Option<Probe>,
    data: Option<Probe>,
    reference: Option<Probe>,
    status: Option<Probe>,
}

struct ProbeVisitor;

impl<'de> Visitor<'de> for ProbeVisitor {
    type Value = Probe;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    scalars_are!(Probe, Probe::Other);
    fn visit_str<E>(self, s: &str) -> Result<Probe, E> {
        Ok(Probe::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Probe, E> {
        Ok(Probe::Str(s))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Probe, A::Error> {
        let mut o = Probed::default();
        while let Some(key) = map.next_key::<Probe>()? {
            let Probe::Str(key) = key else { continue };
            let field = match key.as_str() {
                "event" => &mut o.event,
                "data" => &mut o.data,
                "reference" => &mut o.reference,
                "status" => &mut o.status,
                _ => {
                    map.next_value::<Checked>()?;
                    continue;
                }
            };
            *field = Some(map.next_value()?);
        }
        Ok(Probe::Object(Box::new(o)))
    }
}

impl<'de> Deserialize<'de> for Probe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Probe, D::Error> {
        d.deserialize_any(ProbeVisitor)
    }
}

/// A member the event needs as a string (`event`, `reference`, `status`).
enum Slot {
    Str(String),
    Other,
}

/// `data`: an object with its two needed members, or anything else.
enum DataSlot<R> {
    Object { reference: Option<Slot>, status: Option<Slot>, rest: R },
    Other,
}

/// The shadow of an event body, as `serde_json` reads it.
struct Shape<R> {
    event: Option<Slot>,
    data: Option<DataSlot<R>>,
    rest: R,
}

struct SlotVisitor;

impl<'de> Visitor<'de> for SlotVisitor {
    type Value = Slot;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    scalars_are!(Slot, Slot::Other);
    fn visit_str<E>(self, s: &str) -> Result<Slot, E> {
        Ok(Slot::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Slot, E> {
        Ok(Slot::Str(s))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Slot, A::Error> {
        while map.next_entry::<Checked, Checked>()?.is_some() {}
        Ok(Slot::Other)
    }
}

impl<'de> Deserialize<'de> for Slot {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Slot, D::Error> {
        d.deserialize_any(SlotVisitor)
    }
}

struct DataVisitor<R>(PhantomData<R>);

impl<'de, R: Rest> Visitor<'de> for DataVisitor<R> {
    type Value = DataSlot<R>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    scalars_are!(DataSlot<R>, DataSlot::Other);
    fn visit_str<E>(self, _: &str) -> Result<DataSlot<R>, E> {
        Ok(DataSlot::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<DataSlot<R>, A::Error> {
        let (mut reference, mut status, mut rest) = (None, None, R::default());
        while let Some(Key(key)) = map.next_key()? {
            match key.as_str() {
                "reference" => reference = Some(map.next_value()?),
                "status" => status = Some(map.next_value()?),
                _ => rest.keep(key, map.next_value()?),
            }
        }
        Ok(DataSlot::Object { reference, status, rest })
    }
}

impl<'de, R: Rest> Deserialize<'de> for DataSlot<R> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DataSlot<R>, D::Error> {
        d.deserialize_any(DataVisitor(PhantomData))
    }
}

/// The top-level value: an event shape, or `None` for a non-object. Every
/// type is visited rather than refused by serde: a refusal would build
/// serde's "invalid type" message, whose number formatting alone costs the
/// wasm module kilobytes.
struct TopVisitor<R>(PhantomData<R>);

impl<'de, R: Rest> Visitor<'de> for TopVisitor<R> {
    type Value = Option<Shape<R>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    scalars_are!(Option<Shape<R>>, None);
    fn visit_str<E>(self, _: &str) -> Result<Option<Shape<R>>, E> {
        Ok(None)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Shape<R>>, A::Error> {
        let mut shape = Shape { event: None, data: None, rest: R::default() };
        while let Some(Key(key)) = map.next_key()? {
            match key.as_str() {
                "event" => shape.event = Some(map.next_value()?),
                "data" => shape.data = Some(map.next_value()?),
                _ => shape.rest.keep(key, map.next_value()?),
            }
        }
        Ok(Some(shape))
    }
}

/// The body: an event shape, or `None` when it is JSON but not an object.
struct Top<R>(Option<Shape<R>>);

impl<'de, R: Rest> Deserialize<'de> for Top<R> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Top<R>, D::Error> {
        d.deserialize_any(TopVisitor(PhantomData)).map(Top)
    }
}

/// A member's name (JSON keys are always strings).
struct Key(String);

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, s: &str) -> Result<Key, E> {
        Ok(Key(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Key, E> {
        Ok(Key(s))
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

/// A JSON array of strings and `null`s (the npm build's list of secrets),
/// each string `Some`, anything else `None`; `None` for text that is not an
/// array. Read like the events, without serde's type errors.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the wasm bindings' only
pub(crate) fn string_list(text: &str) -> Option<Vec<Option<String>>> {
    // One more small visitor, its items read by Probe.
    struct List(Option<Vec<Option<String>>>);
    struct ListVisitor;
    impl<'de> Visitor<'de> for ListVisitor {
        type Value = List;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array")
        }
        scalars_are!(@scalars List, List(None));
        fn visit_str<E>(self, _: &str) -> Result<List, E> {
            Ok(List(None))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<List, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<Probe>()? {
                items.push(match item {
                    Probe::Str(s) => Some(s),
                    _ => None,
                });
            }
            Ok(List(Some(items)))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<List, A::Error> {
            while map.next_entry::<Checked, Checked>()?.is_some() {}
            Ok(List(None))
        }
    }
    impl<'de> Deserialize<'de> for List {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<List, D::Error> {
            d.deserialize_any(ListVisitor)
        }
    }
    serde_json::from_str::<List>(text).ok().and_then(|l| l.0)
}

/// The event's strings and the members it keeps as sent.
struct Parts<R> {
    event: String,
    reference: String,
    status: String,
    data: R,
    rest: R,
}

/// Reads the body into the shadow and checks it is a payment event; every
/// refusal of either build comes from here.
fn read<R: Rest>(body: &[u8]) -> Result<(&str, Parts<R>), WebhookError> {
    let text = std::str::from_utf8(body).map_err(|e| {
        let mut m = String::from("the body is not UTF-8 text (invalid byte at offset ");
        super::error::push_u64(&mut m, e.valid_up_to() as u64);
        invalid(m + ")")
    })?;
    if text.trim().is_empty() {
        return Err(invalid("the body is empty"));
    }
    // The reasons are built by hand, not with serde_json's `Display`: its
    // formatting machinery would cost the wasm module kilobytes.
    let shape = R::shape(text).map_err(|e| {
        if e.is_eof() {
            return invalid("the body is truncated JSON");
        }
        let mut m = String::from("the body is not valid JSON (line ");
        super::error::push_u64(&mut m, e.line() as u64);
        m.push_str(", column ");
        super::error::push_u64(&mut m, e.column() as u64);
        invalid(m + ")")
    })?;
    let shape = shape.ok_or_else(|| invalid("the body is JSON but not an object"))?;
    let event = match shape.event {
        None => return Err(invalid("`event` is missing")),
        Some(Slot::Other) => return Err(invalid("`event` is not a string")),
        Some(Slot::Str(event)) => event,
    };
    let (reference, status, data) = match shape.data {
        None => return Err(invalid("`data` is missing")),
        Some(DataSlot::Other) => return Err(invalid("`data` is not an object")),
        Some(DataSlot::Object { reference, status, rest }) => (reference, status, rest),
    };
    let string = |slot: Option<Slot>, missing: &str, not_string: &str| match slot {
        None => Err(invalid(missing)),
        Some(Slot::Other) => Err(invalid(not_string)),
        Some(Slot::Str(s)) => Ok(s),
    };
    let reference = string(reference, "`data.reference` is missing", "`data.reference` is not a string")?;
    let status = string(status, "`data.status` is missing", "`data.status` is not a string")?;
    Ok((text, Parts { event, reference, status, data, rest: shape.rest }))
}

/// Checks the body is a payment event and returns it as text: the npm
/// build's path (JS parses the text it already holds). Reads what
/// [`parse`] reads, keeping nothing.
pub(crate) fn check(body: &[u8]) -> Result<&str, WebhookError> {
    read::<Unkept>(body).map(|(text, _)| text)
}

/// Reads the body once and builds the typed event.
pub(crate) fn parse(body: &[u8]) -> Result<WebhookEvent, WebhookError> {
    let (_, p) = read::<Map<String, Value>>(body)?;
    Ok(WebhookEvent { event: p.event, data: Payment::from_members(p.reference, p.status, p.data), extra: p.rest })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_unknowns() {
        let body = br#"{"event":"payout.later","id":"evt_1","data":{"reference":"PY_1","status":"on_hold","currency":7,"amount":1.3,"new":[1]}}"#;
        let e = parse(body).unwrap();
        assert_eq!((e.event.as_str(), e.data.status.as_str()), ("payout.later", "on_hold"));
        assert_eq!(e.outcome(), PaymentOutcome::Pending);
        assert_eq!(e.extra["id"], "evt_1");
        assert_eq!(e.data.currency, None);
        assert_eq!(e.data.extra["currency"], 7);
        assert_eq!(e.data.extra["new"], serde_json::json!([1]));
        assert_eq!(e.data.amount, Some(serde_json::json!(1.3)));
    }

    #[test]
    fn refuses_non_events() {
        for (body, says) in [
            (&b"\xff{}"[..], "UTF-8"),
            (b"", "empty"),
            (b"{}", "`event` is missing"),
            (br#"{"event":1,"data":{}}"#, "`event` is not a string"),
            (br#"{"event":"x"}"#, "`data` is missing"),
            (br#"{"event":"x","data":[1]}"#, "`data` is not an object"),
            (br#"{"event":"x","data":{"status":"pending"}}"#, "`data.reference` is missing"),
            (br#"{"event":"x","data":{"reference":"r","status":null}}"#, "`data.status` is not a string"),
            (br#"[{"event":"x"}]"#, "not an object"),
            (br#"{"event":"x","data":{"reference":"r","status":"s"}"#, "truncated"),
        ] {
            let e = parse(body).unwrap_err();
            assert_eq!(e.code(), "invalid_payload");
            assert!(e.to_string().contains(says), "{e} should say {says}");
        }
    }

    #[test]
    fn last_duplicate_wins_like_json_parse() {
        let e = parse(br#"{"event":"a","event":"b","data":{"reference":1,"reference":"r","status":"s"}}"#).unwrap();
        assert_eq!((e.event.as_str(), e.data.reference.as_str()), ("b", "r"));
    }

    #[test]
    fn both_paths_refuse_what_a_value_cannot_hold() {
        let event = |data_extra: &str| format!(r#"{{"event":"e","data":{{"reference":"r","status":"s"{data_extra}}}}}"#);
        let nested = |n: usize| event(&format!(r#","x":{}{}"#, "[".repeat(n), "]".repeat(n)));
        for (body, ok) in [
            (event(r#","n":1e308,"s":"\ud83d\ude00""#), true),
            (event(r#","n":1e400"#), false),
            (event(r#","s":"\ud800""#), false),
            (r#"{"event":"\udc00","data":{"reference":"r","status":"s"}}"#.to_owned(), false),
            (r#"{"x":[1e400],"event":"e","data":{"reference":"r","status":"s"}}"#.to_owned(), false),
            // 128 levels in all are refused: the object, `data`, and 126 arrays.
            (nested(125), true),
            (nested(126), false),
            (format!("\u{feff}{}", event("")), false),
            (event("") + " x", false),
            (event("") + " \n", true),
        ] {
            assert_eq!(check(body.as_bytes()).is_ok(), ok, "check: {body:.80}");
            assert_eq!(parse(body.as_bytes()).err(), check(body.as_bytes()).err(), "{body:.80}");
            assert_eq!(serde_json::from_str::<Value>(&body).is_ok(), ok, "as a Value: {body:.80}");
        }
    }

    #[test]
    fn string_lists() {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(string_list(r#"["a","\u00e9",null,1]"#), Some(vec![some("a"), some("é"), None, None]));
        assert_eq!(string_list("[]"), Some(vec![]));
        for not_a_list in [r#"{"0":"a"}"#, r#""a""#, "1", "null", "[", r#"["\ud800"]"#, "[1e400]"] {
            assert_eq!(string_list(not_a_list), None, "{not_a_list}");
        }
    }
}
