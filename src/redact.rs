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

/// `text` with every key of `keys` replaced by [`REDACTED`], then cut to
/// [`MAX_SERVER_TEXT_CHARS`] characters (an ellipsis says it was cut).
/// Redacted before it is cut, so no prefix of a key is left at the cut.
pub fn server_text(text: &str, keys: &[&str]) -> String {
    scrub(&cut(&scrub(text, keys)), keys)
}

/// `text` cut to [`MAX_SERVER_TEXT_CHARS`] characters, an ellipsis saying
/// it was cut; [`scrub`] later removes a key's prefix left at the cut.
pub fn cut(text: &str) -> String {
    match text.char_indices().nth(MAX_SERVER_TEXT_CHARS) {
        Some((at, _)) => format!("{}{ELLIPSIS}", text.get(..at).unwrap_or_default()),
        None => text.to_owned(),
    }
}

/// Marks text [`cut`] short.
const ELLIPSIS: char = '…';

/// Shortest prefix of a key removed before a cut: shorter ones are
/// ordinary text ("mor").
const MIN_PREFIX_LEN: usize = 4;

/// `text` with every key of `keys` replaced by [`REDACTED`], and any start
/// of a key left just before a [`cut`]'s ellipsis replaced too.
pub fn scrub(text: &str, keys: &[&str]) -> String {
    let keys: Vec<&str> = keys.iter().copied().filter(|k| k.len() >= MIN_KEY_LEN).collect();
    let mut out = text.to_owned();
    for key in &keys {
        if out.contains(key) {
            out = out.replace(key, REDACTED);
        }
    }
    if !out.contains(ELLIPSIS) {
        return out;
    }
    let mut pieces: Vec<String> = out.split(ELLIPSIS).map(str::to_owned).collect();
    let last = pieces.len().saturating_sub(1);
    for piece in pieces.iter_mut().take(last) {
        let longest = keys
            .iter()
            .flat_map(|k| k.char_indices().map(|(i, _)| i).skip(1).map(move |i| k.get(..i).unwrap_or_default()))
            .filter(|prefix| prefix.len() >= MIN_PREFIX_LEN && piece.ends_with(prefix))
            .map(str::len)
            .max();
        if let Some(len) = longest {
            piece.truncate(piece.len() - len);
            piece.push_str(REDACTED);
        }
    }
    pieces.join(&ELLIPSIS.to_string())
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
/// Messages that quote nothing (`missing field \`status\``) are kept; any
/// other form is reduced to "a value of the wrong shape".
pub fn shape(message: &str) -> String {
    for form in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = message.strip_prefix(form) {
            // `expected …` comes from the crate's own types; the value before it may hold anything.
            let expected = rest.rfind(", expected ").and_then(|i| rest.get(i..)).unwrap_or_default();
            return format!("{form}{}{}", type_of(rest), cut(expected));
        }
    }
    let quotes_nothing =
        (message.starts_with("missing field `") || message.starts_with("invalid length ")) && !message.contains('"') && !message.contains("JsValue");
    if quotes_nothing && message.len() <= 120 {
        return message.to_owned();
    }
    "a value of the wrong shape".into()
}

/// The JSON type a deserialiser's quoted value stands for.
fn type_of(unexpected: &str) -> &'static str {
    let inner = unexpected.strip_prefix("JsValue(").unwrap_or(unexpected);
    let starts = |p: &[&str]| p.iter().any(|p| inner.starts_with(p));
    if starts(&["string", "\"", "char"]) {
        "a string"
    } else if starts(&["integer", "floating point", "a number", "-", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "NaN", "inf"]) {
        "a number"
    } else if starts(&["boolean", "true", "false"]) {
        "a boolean"
    } else if starts(&["map", "Object", "struct", "{"]) {
        "an object"
    } else if starts(&["sequence", "["]) {
        "an array"
    } else if starts(&["null", "unit", "undefined", "option"]) {
        "null"
    } else {
        "a value of another type"
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
        let long = format!("{}morSec_test_TOPSECRET", "é".repeat(195));
        let shown = server_text(&long, KEYS);
        assert!(shown.chars().count() <= MAX_SERVER_TEXT_CHARS + 1, "{shown}");
        assert!(!shown.contains("morSec"), "{shown}");
        assert_eq!(server_text("short", &["abc"]), "short"); // too short to be a key
        assert_eq!(server_text(&"x".repeat(500), KEYS).chars().count(), MAX_SERVER_TEXT_CHARS + 1);
        // Cut first (as an envelope's message is), scrubbed later: the key's start at the cut goes too.
        let message = format!("Vesicash answered HTTP 401: {} (check the keys)", cut(&format!("{}morSec_test_TOPSECRET", "a".repeat(190))));
        let shown = scrub(&message, KEYS);
        assert!(shown.contains("aaaa[REDACTED]… (check the keys)"), "{shown}");
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
            ("invalid length 3, expected fewer elements in array", "invalid length 3, expected fewer elements in array"),
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
