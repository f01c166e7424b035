//! Validated field types and the checks behind them. Each check names the
//! wire field it guards and says what a valid value looks like.

use crate::core::error::Error;

/// Longest narration accepted, in characters. \[assumed\]: not documented.
pub const MAX_NARRATION_CHARS: usize = 255;
/// Shortest caller-chosen payment reference. \[doc\]
pub const MIN_REFERENCE_LEN: usize = 10;
/// Longest payment reference accepted. \[assumed\]: not documented.
pub const MAX_REFERENCE_LEN: usize = 100;
/// Digits in a phone number, without the leading `+`. \[assumed\]: E.164 allows
/// at most 15; local numbers in Zambia and Ghana have 9 after the trunk 0.
pub const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 9..=15;
/// Longest URL accepted. \[assumed\]: a bound against accidental huge input.
pub const MAX_URL_LEN: usize = 2048;
/// Longest free-text customer field (names, city, email). \[assumed\]
pub const MAX_TEXT_CHARS: usize = 255;

/// The payment method of an initialise call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename_all = "lowercase"))]
pub enum PaymentMethod {
    /// `mobilemoney`: the push prompt on the customer's phone.
    MobileMoney,
    /// `card`.
    Card,
}

impl PaymentMethod {
    /// The wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::MobileMoney => "mobilemoney",
            PaymentMethod::Card => "card",
        }
    }

    /// Parses the wire spelling; anything else is a validation error.
    pub fn parse(text: &str) -> Result<PaymentMethod, Error> {
        match text {
            "mobilemoney" => Ok(PaymentMethod::MobileMoney),
            "card" => Ok(PaymentMethod::Card),
            _ => Err(Error::validation("method", "must be \"mobilemoney\" or \"card\"")),
        }
    }
}

/// Prefix of the references the client generates for an initialise that
/// names none, so they can be told apart from Vesicash's own `PY_…`.
pub const GENERATED_REFERENCE_PREFIX: &str = "vx_";
/// Random bytes in a generated reference (128 bits: collisions are not a concern).
pub const GENERATED_REFERENCE_BYTES: usize = 16;

/// A payment reference from `random` (which must come from a CSPRNG): the
/// prefix and the bytes in lowercase hex, 35 URL-safe characters.
pub fn generated_reference(random: &[u8; GENERATED_REFERENCE_BYTES]) -> String {
    use std::fmt::Write;
    random.iter().fold(String::from(GENERATED_REFERENCE_PREFIX), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Checks `text` is exactly `len` ASCII uppercase letters (ISO codes).
pub(crate) fn upper_code(field: &'static str, text: &str, len: usize, example: &str) -> Result<(), Error> {
    if text.len() == len && text.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(Error::validation(field, format!("must be {len} uppercase letters, like \"{example}\"")))
    }
}

/// Checks a currency code: three uppercase letters (`ZMW`, `GHS`). Unknown
/// but well-formed codes pass: `GET /v1/countries` is the authority.
pub fn currency(text: &str) -> Result<(), Error> {
    upper_code("currency", text, 3, "ZMW")
}

/// Checks a country code: two uppercase letters (`ZM`, `GH`).
pub fn country(text: &str) -> Result<(), Error> {
    upper_code("country", text, 2, "ZM")
}

/// Checks free text: not blank, at most `max` characters, no control characters.
pub(crate) fn text(field: &'static str, value: &str, max: usize, required: bool) -> Result<(), Error> {
    if required && value.trim().is_empty() {
        return Err(Error::validation(field, "must not be empty"));
    }
    if value.chars().count() > max {
        return Err(Error::validation(field, format!("must be at most {max} characters")));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::validation(field, "must not contain control characters (newlines, tabs)"));
    }
    Ok(())
}

/// Checks a narration: non-empty, at most [`MAX_NARRATION_CHARS`] characters.
pub fn narration(value: &str) -> Result<(), Error> {
    text("narration", value, MAX_NARRATION_CHARS, true)
}

/// A good value of the URL field `field`, for its error message: a base URL
/// is the API's (or the sandbox's), never a merchant's webhook endpoint.
fn url_example(field: &str) -> String {
    match field {
        "base_url" => format!("\"{}\" (or the local sandbox's \"http://127.0.0.1:PORT\")", crate::core::config::DEFAULT_BASE_URL),
        "redirect_url" => "\"https://shop.example/done\"".to_string(),
        _ => "\"https://shop.example/hooks/vesicash\"".to_string(),
    }
}

/// Checks an absolute `http://` or `https://` URL with a host and no spaces.
pub fn absolute_url(field: &'static str, value: &str) -> Result<(), Error> {
    let bad = || Error::validation(field, format!("must be an absolute http(s) URL, like {}", url_example(field)));
    if value.len() > MAX_URL_LEN {
        return Err(Error::validation(field, format!("must be at most {MAX_URL_LEN} characters")));
    }
    let rest = value.strip_prefix("https://").or_else(|| value.strip_prefix("http://")).ok_or_else(bad)?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') || value.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(bad());
    }
    Ok(())
}

/// Checks a payment reference: [`MIN_REFERENCE_LEN`]..=[`MAX_REFERENCE_LEN`]
/// URL-safe characters (letters, digits, `-`, `_`, `.`, `~`).
///
/// References that Vesicash generates (`PY_…`) pass; `min_len` is 1 for
/// references read back from Vesicash, whose length is not ours to police.
pub(crate) fn reference_with_min(value: &str, min_len: usize) -> Result<(), Error> {
    reference_in("reference", value, min_len)
}

/// [`reference_with_min`] for a field of another name (`payment_reference`).
pub(crate) fn reference_in(field: &'static str, value: &str, min_len: usize) -> Result<(), Error> {
    if value.len() < min_len {
        return Err(Error::validation(field, format!("must be at least {min_len} characters")));
    }
    if value.len() > MAX_REFERENCE_LEN {
        return Err(Error::validation(field, format!("must be at most {MAX_REFERENCE_LEN} characters")));
    }
    if !value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')) || value == "." || value == ".." {
        return Err(Error::validation(field, "may hold only letters, digits, '-', '_', '.' and '~'"));
    }
    Ok(())
}

/// Checks a caller-chosen reference for initialise (at least 10 characters).
pub fn new_reference(value: &str) -> Result<(), Error> {
    reference_with_min(value, MIN_REFERENCE_LEN)
}

/// Checks a reference used in a path (pay, get): non-empty and URL-safe.
pub fn existing_reference(value: &str) -> Result<(), Error> {
    reference_with_min(value, 1)
}

/// Checks a mobile-money phone number: digits with an optional leading `+`,
/// [`PHONE_DIGITS`] digits long. Spaces and dashes are refused rather than
/// stripped, so what is sent is exactly what the caller passed.
pub fn phone_number(value: &str) -> Result<(), Error> {
    phone_in("phone_number", value)
}

/// [`phone_number`] for a field of another name (`momo_phone_number`).
pub(crate) fn phone_in(field: &'static str, value: &str) -> Result<(), Error> {
    let digits = value.strip_prefix('+').unwrap_or(value);
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !PHONE_DIGITS.contains(&digits.len()) {
        return Err(Error::validation(
            field,
            format!("must be {}-{} digits with an optional leading '+', no spaces, like \"260971234567\"", PHONE_DIGITS.start(), PHONE_DIGITS.end()),
        ));
    }
    Ok(())
}

/// Checks an email address loosely: one `@` with text on both sides, no spaces.
/// An empty string passes (the field is optional on the wire).
pub fn email(value: &str) -> Result<(), Error> {
    if value.is_empty() {
        return Ok(());
    }
    text("email", value, MAX_TEXT_CHARS, false)?;
    match value.split_once('@') {
        Some((user, domain)) if !user.is_empty() && domain.contains('.') && !domain.contains('@') && !value.contains(' ') => Ok(()),
        _ => Err(Error::validation("email", "must look like name@example.com")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert!(currency("ZMW").is_ok());
        assert!(currency("XYZ").is_ok(), "unknown but well-formed passes");
        for bad in ["zmw", "ZM", "ZMWW", "", "Z1W", "ŻMW"] {
            assert_eq!(currency(bad).unwrap_err().field(), Some("currency"), "{bad}");
        }
        assert!(country("GH").is_ok());
        for bad in ["gh", "GHA", "", "G"] {
            assert_eq!(country(bad).unwrap_err().field(), Some("country"), "{bad}");
        }
    }

    #[test]
    fn urls() {
        for good in ["https://shop.example/hooks", "http://127.0.0.1:8787/x?y=1", "https://a.b"] {
            assert!(absolute_url("webhook_url", good).is_ok(), "{good}");
        }
        for bad in ["", "shop.example/hooks", "ftp://x.y", "https://", "https:///path", "https://a b", "javascript:alert(1)", "https://:80/"] {
            assert_eq!(absolute_url("webhook_url", bad).unwrap_err().field(), Some("webhook_url"), "{bad}");
        }
        // Each field's example is a value of that field: a base URL is never a webhook URL.
        let message = |field| absolute_url(field, "nope").unwrap_err().to_string();
        assert!(message("base_url").contains("\"https://api.mor.vesicash.com\""), "{}", message("base_url"));
        assert!(!message("base_url").contains("hooks"), "{}", message("base_url"));
        assert!(message("redirect_url").contains("https://shop.example/done"));
        assert!(message("webhook_url").contains("https://shop.example/hooks/vesicash"));
    }

    #[test]
    fn generated_references_are_valid() {
        let r = generated_reference(&[0xab; GENERATED_REFERENCE_BYTES]);
        assert_eq!(r, format!("vx_{}", "ab".repeat(16)));
        assert!(new_reference(&r).is_ok());
    }

    #[test]
    fn references() {
        assert!(new_reference("order-000123").is_ok());
        assert!(new_reference("short").is_err());
        assert!(new_reference("has space 123").is_err());
        assert!(new_reference("slash/in/it/x").is_err());
        assert!(new_reference(&"x".repeat(101)).is_err());
        assert!(existing_reference("PY_c77f7bff21514bdf9dfe9f1b2").is_ok());
        assert!(existing_reference("").is_err());
        assert!(existing_reference("..").is_err());
    }

    #[test]
    fn phones() {
        for good in ["260971234567", "+233241234567", "0971234567"] {
            assert!(phone_number(good).is_ok(), "{good}");
        }
        for bad in ["", "+", "12345678", "0971 234 567", "097-123-4567", "1234567890123456", "++260971234567", "abc"] {
            assert_eq!(phone_number(bad).unwrap_err().field(), Some("phone_number"), "{bad}");
        }
    }

    #[test]
    fn texts() {
        assert!(narration("payment for rice").is_ok());
        assert!(narration("   ").is_err());
        assert!(narration("a\nb").is_err());
        assert!(narration(&"é".repeat(255)).is_ok());
        assert!(narration(&"é".repeat(256)).is_err());
        assert!(email("").is_ok());
        assert!(email("ada@shop.example").is_ok());
        assert!(email("ada").is_err());
        assert!(email("a@b@c.d").is_err());
    }
}
