//! Server text made safe to show: anything a response carries (an error
//! envelope's message, a request id, a redirect's `Location`) may echo what
//! a careless gateway saw, the client's keys included. Before such text
//! reaches an error, a hook or a log it is cut to a bounded length and the
//! client's keys are replaced by `[REDACTED]`.

/// Longest piece of server text kept in an error, in characters: enough for
/// any real API message or request id, short enough that a gateway's page
/// never fills a log line.
pub const MAX_SERVER_TEXT_CHARS: usize = 200;

/// Shortest key redacted: a shorter one (never a real key) would match
/// ordinary words and garble every message.
const MIN_KEY_LEN: usize = 8;

/// What replaces a key.
pub const REDACTED: &str = "[REDACTED]";

/// `text` with every key of `keys` replaced by [`REDACTED`], then [`cut`].
pub fn server_text(text: &str, keys: &[&str]) -> String {
    cut(&scrub(text, keys))
}

/// `text` cut to at most [`MAX_SERVER_TEXT_CHARS`] characters, an ellipsis
/// saying it was cut. The cut falls between words, and the word it would
/// split is dropped whole: a key (which holds no space) is never left half
/// there for [`scrub`] to miss.
pub fn cut(text: &str) -> String {
    let Some((at, _)) = text.char_indices().nth(MAX_SERVER_TEXT_CHARS) else {
        return text.to_owned();
    };
    let head = text.get(..at).unwrap_or_default();
    let whole_words = head.rfind(char::is_whitespace).map_or("", |space| head.get(..space).unwrap_or_default());
    format!("{}…", whole_words.trim_end())
}

/// `text` with every key of `keys` replaced by [`REDACTED`].
pub fn scrub(text: &str, keys: &[&str]) -> String {
    let mut out = text.to_owned();
    for key in keys.iter().filter(|k| k.len() >= MIN_KEY_LEN) {
        if out.contains(key) {
            out = out.replace(key, REDACTED);
        }
    }
    out
}

/// The host a redirect's `Location` points to, for an error message: the
/// authority of an absolute URL without user info, path or query; "this
/// same host" for a relative one. Redacted and bounded as [`server_text`].
pub fn location_host(location: Option<&str>, keys: &[&str]) -> String {
    let Some(location) = location.map(str::trim).filter(|l| !l.is_empty()) else {
        return "an unstated place (no Location header)".into();
    };
    let rest = match location.find("://") {
        Some(i) => location.get(i + 3..).unwrap_or_default(),
        None if location.starts_with("//") => location.get(2..).unwrap_or_default(),
        None => return "a path on this same host".into(),
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() {
        return "an unreadable Location".into();
    }
    format!("host `{}`", server_text(host, keys))
}

/// A deserialiser's message with the value it quotes replaced by its type:
/// `invalid type: string "whsec_…", expected u64` becomes `invalid type:
/// a string, expected u64`; serde-wasm-bindgen's `JsValue(…)` likewise.
/// `missing field \`status\`` is kept; any other form is reduced to "a
/// value of the wrong shape" (it may quote the value).
pub fn shape(message: &str) -> String {
    // serde-wasm-bindgen's errors are JS errors, shown as `Error: …`.
    let message = message.strip_prefix("Error: ").unwrap_or(message);
    if let Some(rest) = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: ")) {
        // `, expected …` comes from the crate's own types; the value before it may hold anything.
        let expected = rest.rfind(", expected ").and_then(|i| rest.get(i..)).unwrap_or_default();
        let form = if message.starts_with("invalid type") { "invalid type" } else { "invalid value" };
        return format!("{form}: {}{}", type_of(rest), cut(expected));
    }
    // `missing field \`status\``, and the crate's own "`reference` must be a string, got an array".
    let named = message.starts_with('`') && message.contains("` must be a string, got ");
    if (message.starts_with("missing field `") || named) && !message.contains(['"', '(']) && message.len() <= 100 {
        return message.to_owned();
    }
    "a value of the wrong shape".into()
}

/// The JSON type a deserialiser's quoted value stands for, from how serde
/// (`string "…"`, `map`) or serde-wasm-bindgen (`JsValue("…")`, `JsValue([…`) shows it.
fn type_of(unexpected: &str) -> &'static str {
    let inner = unexpected.strip_prefix("JsValue(").unwrap_or(unexpected);
    if inner.starts_with("sequence") {
        return "an array";
    }
    match inner.bytes().next() {
        Some(b's' | b'"' | b'c') => "a string",
        Some(b'i' | b'f' | b'-' | b'0'..=b'9' | b'N') => "a number",
        Some(b'b' | b't') => "a boolean",
        Some(b'm' | b'O' | b'{') => "an object",
        Some(b'[') => "an array",
        Some(b'n' | b'u') => "null",
        _ => "a value of another type",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["morSec_test_TOPSECRET", "morPub_test_public"];

    #[test]
    fn keys_are_redacted_and_text_bounded() {
        assert_eq!(server_text("bad key morSec_test_TOPSECRET here", KEYS), "bad key [REDACTED] here");
        assert_eq!(server_text("morPub_test_public/morPub_test_public", KEYS), "[REDACTED]/[REDACTED]");
        let long = format!("{} morSec_test_TOPSECRET", "é".repeat(195));
        let shown = server_text(&long, KEYS);
        assert!(shown.chars().count() <= MAX_SERVER_TEXT_CHARS + 1, "{shown}");
        assert!(!shown.contains("morSec"), "{shown}");
        assert_eq!(server_text("short", &["abc"]), "short"); // too short to be a key
        assert_eq!(server_text(&"x".repeat(500), KEYS), "…"); // one word past the limit: dropped whole
                                                              // Cut first (as an envelope's message is), scrubbed later: the key at the cut is dropped whole.
        let message = format!("Vesicash answered HTTP 401: {} (check the keys)", cut(&format!("{} morSec_test_TOPSECRET", "a ".repeat(95))));
        let shown = scrub(&message, KEYS);
        assert!(shown.ends_with("a a… (check the keys)"), "{shown}");
        assert!(!shown.contains("morS"), "{shown}");
    }

    #[test]
    fn shape_errors_name_the_type_never_the_value() {
        let cases: &[(&str, &str)] = &[
            (r#"invalid type: string "whsec_SECRET", expected a boolean"#, "invalid type: a string, expected a boolean"),
            (r#"invalid type: JsValue(["whsec_SECRET"]), expected a string"#, "invalid type: an array, expected a string"),
            (
                r#"invalid type: JsValue(Object({"customer_phone":"2609","pin":"1234"})), expected a string"#,
                "invalid type: an object, expected a string",
            ),
            ("invalid type: integer `5`, expected a string", "invalid type: a number, expected a string"),
            ("invalid type: floating point `1.5`, expected u64", "invalid type: a number, expected u64"),
            ("invalid type: map, expected a string", "invalid type: an object, expected a string"),
            ("invalid type: sequence, expected a string", "invalid type: an array, expected a string"),
            ("invalid type: JsValue(null), expected a string", "invalid type: null, expected a string"),
            ("invalid type: boolean `true`, expected a string", "invalid type: a boolean, expected a string"),
            (r#"invalid value: string "x, expected y", expected a whole number"#, "invalid value: a string, expected a whole number"),
            ("missing field `status`", "missing field `status`"),
            ("`reference` must be a string, got an array", "`reference` must be a string, got an array"),
            ("Error: `status` must be a string, got an object", "`status` must be a string, got an object"),
            (r#"Error: invalid type: JsValue(["whsec_SECRET"]), expected a string"#, "invalid type: an array, expected a string"),
            (r#"`reference` must be a string, got "x""#, "a value of the wrong shape"),
            ("invalid length 3, expected fewer elements in array", "a value of the wrong shape"),
            (r#"unknown variant `morSec_x`, expected one of"#, "a value of the wrong shape"),
            (r#"missing field `status` JsValue("x")"#, "a value of the wrong shape"),
        ];
        for (message, want) in cases {
            assert_eq!(shape(message), *want, "{message}");
        }
    }

    #[test]
    fn location_hosts_never_show_query_path_or_userinfo() {
        let cases: &[(Option<&str>, &str)] = &[
            (Some("http://127.0.0.1:9/v1/payment/init?secret=morSec_test_TOPSECRET"), "host `127.0.0.1:9`"),
            (Some("https://user:pw@evil.example/x"), "host `evil.example`"),
            (Some("//evil.example/x?q=1"), "host `evil.example`"),
            (Some("/v1/payment/init?again=1"), "a path on this same host"),
            (Some("https://morSec_test_TOPSECRET.evil.example/"), "host `[REDACTED].evil.example`"),
            (Some("http:///nohost"), "an unreadable Location"),
            (None, "an unstated place (no Location header)"),
            (Some("  "), "an unstated place (no Location header)"),
        ];
        for (location, want) in cases {
            assert_eq!(location_host(*location, KEYS), *want, "{location:?}");
        }
    }
}
