//! Exact decimal amounts in major units (1.30 ZMW), held as integer hundredths.
//!
//! Money never goes through float arithmetic here: a JS number is first turned
//! into its shortest round-trip decimal text (what `String(x)` prints), and
//! that text is parsed digit by digit. `0.1 + 0.2` therefore arrives as
//! `0.30000000000000004` and is rejected for having more than two decimals,
//! instead of being silently rounded.

use crate::core::error::Error;
use std::fmt;
use std::str::FromStr;

/// Decimal places allowed in an amount. \[assumed\] in `docs/contract.md`.
pub const AMOUNT_DECIMALS: u32 = 2;

/// Largest accepted amount, in hundredths (1 000 000 000.00 in major units).
/// \[assumed\]: Vesicash documents no maximum; this bound keeps every amount
/// exactly representable as a JSON number read into an f64 by any client.
pub const MAX_AMOUNT_MINOR: u64 = 100_000_000_000;

const FIELD: &str = "amount";

/// A positive amount in major units with at most two decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount {
    minor: u64,
}

impl Amount {
    /// Builds an amount from hundredths of the major unit (`130` is 1.30).
    pub fn from_minor(minor: u64) -> Result<Amount, Error> {
        if minor == 0 {
            return Err(Error::validation(FIELD, "must be greater than 0"));
        }
        if minor > MAX_AMOUNT_MINOR {
            return Err(Error::validation(FIELD, "is larger than the maximum of 1000000000.00"));
        }
        Ok(Amount { minor })
    }

    /// Reads an amount from an f64 (a JS number) without float arithmetic:
    /// the number's shortest round-trip decimal text is parsed exactly.
    pub fn from_f64(value: f64) -> Result<Amount, Error> {
        if !value.is_finite() {
            return Err(Error::validation(FIELD, "must be a finite number, like 1.30"));
        }
        shortest_text(value).parse()
    }

    /// The amount in hundredths of the major unit.
    pub fn minor(self) -> u64 {
        self.minor
    }
}

/// The shortest decimal text that reads back to `value`: what JS `String(x)`
/// prints. Natively, Rust's `Display` (never in exponent form; the same digits).
#[cfg(not(target_arch = "wasm32"))]
fn shortest_text(value: f64) -> String {
    value.to_string()
}

/// On wasm the host formats it (`Number.prototype.toString`): linking Rust's
/// float formatting instead costs about 13 KB of code (`dragon`/`grisu`,
/// measured with twiggy on the npm build). Both give the same digits for
/// every amount that can pass validation; past 1e21 JS switches to exponent
/// form, which is refused as not decimal (Rust's text is refused as too large).
#[cfg(target_arch = "wasm32")]
fn shortest_text(value: f64) -> String {
    String::from(js_sys::Number::from(value).to_string_with_radix(10).unwrap_or_else(|_| js_sys::JsString::from("NaN")))
}

impl FromStr for Amount {
    type Err = Error;

    /// Parses `"1"`, `"1.3"`, `"1.30"`; trailing zeros past two decimals are
    /// accepted (`"1.300"`), any other third decimal is an error.
    fn from_str(text: &str) -> Result<Amount, Error> {
        let bad = || Error::validation(FIELD, "must be a positive decimal number with at most 2 decimal places, like 1.30");
        let (whole, frac) = match text.split_once('.') {
            Some((w, f)) => (w, f),
            None => (text, ""),
        };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        if !frac.bytes().all(|b| b.is_ascii_digit()) || (text.contains('.') && frac.is_empty()) {
            return Err(bad());
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > AMOUNT_DECIMALS as usize {
            return Err(Error::validation(FIELD, format!("has more than 2 decimal places ({text}); round it to the currency's minor unit first")));
        }
        let whole = whole.trim_start_matches('0');
        // 12 digits of whole units already exceed MAX_AMOUNT_MINOR; this also keeps
        // the arithmetic below far from overflow.
        if whole.len() > 12 {
            return Err(Error::validation(FIELD, "is larger than the maximum of 1000000000.00"));
        }
        let mut minor: u64 = 0;
        for b in whole.bytes() {
            minor = minor * 10 + u64::from(b - b'0');
        }
        let mut cents = frac.bytes().map(|b| u64::from(b - b'0'));
        minor = minor * 100 + cents.next().unwrap_or(0) * 10 + cents.next().unwrap_or(0);
        Amount::from_minor(minor)
    }
}

impl fmt::Display for Amount {
    /// The shortest exact decimal: `1.3`, `250`, `0.05`. This is the text sent
    /// on the wire as a JSON number, as in Vesicash's own example (`1.3`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.minor / 100;
        let cents = self.minor % 100;
        if cents == 0 {
            write!(f, "{whole}")
        } else if cents % 10 == 0 {
            write!(f, "{whole}.{}", cents / 10)
        } else {
            write!(f, "{whole}.{cents:02}")
        }
    }
}

impl serde::Serialize for Amount {
    /// The JSON number whose text is [`Display`](fmt::Display)'s (`1.3`,
    /// `250`), written as it is. Not through an f64: the exact digits are
    /// already known, and serde_json's float formatting tables would cost
    /// the wasm module 17 KB gzipped (measured with twiggy).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let raw = serde_json::value::RawValue::from_string(self.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_its_display_text() {
        let wholes = [0, 1, 9, 10, 99, 123, 4_567, 99_999, 1_000_000, 12_345_678, 999_999_999, MAX_AMOUNT_MINOR / 100 - 1];
        for whole in wholes {
            for cents in 0..100 {
                let Ok(a) = Amount::from_minor(whole * 100 + cents) else { continue };
                assert_eq!(serde_json::to_string(&a).unwrap(), a.to_string(), "{whole}.{cents:02}");
            }
        }
        let max = Amount::from_minor(MAX_AMOUNT_MINOR).unwrap();
        assert_eq!(serde_json::to_string(&max).unwrap(), max.to_string());
    }

    #[test]
    fn parses_exact_decimals() {
        for (text, minor, shown) in [
            ("1.3", 130, "1.3"),
            ("1.30", 130, "1.3"),
            ("1.300", 130, "1.3"),
            ("250", 25000, "250"),
            ("250.00", 25000, "250"),
            ("0.05", 5, "0.05"),
            ("007.5", 750, "7.5"),
            ("1000000000", MAX_AMOUNT_MINOR, "1000000000"),
        ] {
            let a: Amount = text.parse().unwrap();
            assert_eq!(a.minor(), minor, "{text}");
            assert_eq!(a.to_string(), shown, "{text}");
        }
    }

    #[test]
    fn rejects_bad_amounts() {
        for text in ["", "0", "0.00", "-1", "+1", "1.", ".5", "1.234", "1e3", "1,30", " 1", "1 ", "NaN", "1000000000.01", "99999999999999999999999"] {
            let err = text.parse::<Amount>().unwrap_err();
            assert_eq!(err.field(), Some("amount"), "{text}");
        }
    }

    #[test]
    fn floats_are_read_exactly() {
        assert_eq!(Amount::from_f64(1.3).unwrap().minor(), 130);
        assert_eq!(Amount::from_f64(19.99).unwrap().minor(), 1999);
        assert_eq!(Amount::from_f64(1.1 + 2.2).unwrap_err().code(), crate::ErrorCode::Validation);
        assert!(Amount::from_f64(f64::NAN).is_err());
        assert!(Amount::from_f64(f64::INFINITY).is_err());
        assert!(Amount::from_f64(-1.0).is_err());
        assert!(Amount::from_f64(1e300).is_err());
        assert!(Amount::from_f64(1e-7).is_err());
    }
}
