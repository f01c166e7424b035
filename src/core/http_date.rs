//! HTTP dates (RFC 9110 §5.6.7), for `Retry-After`: the IMF-fixdate a server
//! sends (`Sun, 06 Nov 1994 08:49:37 GMT`) and the two obsolete forms a
//! recipient must still read, RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and
//! asctime (`Sun Nov  6 08:49:37 1994`).
//!
//! Hand-written instead of the `httpdate` crate for a measured reason: that
//! crate and the `SystemTime` arithmetic it returns cost 4 321 B of the npm
//! package's gzipped `.wasm` (118 770 B with it, 114 449 B with no date
//! reading at all); this reader costs 954 B of that (115 403 B with it). It
//! reads the same dates (checked against `httpdate`, a dev-dependency, below).

const MONTHS: [&[u8; 3]; 12] = [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Unix seconds of an HTTP date in any of the three forms; `None` for
/// anything else (a wrong weekday, an impossible date, a year before 1970).
pub fn parse(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    let (year, month, day, clock) = if let Some(rest) = text.get(4..).filter(|_| b.get(3) == Some(&b',')) {
        // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
        let r = rest.as_bytes();
        if r.len() != 25
            || r.first() != Some(&b' ')
            || r.get(3) != Some(&b' ')
            || r.get(7) != Some(&b' ')
            || r.get(12) != Some(&b' ')
            || !rest.ends_with(" GMT")
        {
            return None;
        }
        weekday(text.get(..3)?, &DAYS)?;
        (number(rest.get(8..12)?)?, month(rest.get(4..7)?)?, number(rest.get(1..3)?)?, rest.get(13..21)?)
    } else if let Some(comma) = text.find(", ") {
        // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT"
        weekday(text.get(..comma)?, &LONG_DAYS)?;
        let rest = text.get(comma + 2..)?;
        let r = rest.as_bytes();
        if r.len() != 22 || r.get(2) != Some(&b'-') || r.get(6) != Some(&b'-') || r.get(9) != Some(&b' ') || !rest.ends_with(" GMT") {
            return None;
        }
        // Two-digit years: the most recent past century (RFC 9110: 50+ years ahead is the past).
        let yy = number(rest.get(7..9)?)?;
        (if yy < 70 { 2000 + yy } else { 1900 + yy }, month(rest.get(3..6)?)?, number(rest.get(..2)?)?, rest.get(10..18)?)
    } else {
        // asctime: "Sun Nov  6 08:49:37 1994"
        if b.len() != 24 || b.get(3) != Some(&b' ') || b.get(7) != Some(&b' ') || b.get(10) != Some(&b' ') || b.get(19) != Some(&b' ') {
            return None;
        }
        weekday(text.get(..3)?, &DAYS)?;
        let day = text.get(8..10)?;
        let day = day.strip_prefix(' ').unwrap_or(day);
        (number(text.get(20..24)?)?, month(text.get(4..7)?)?, number(day)?, text.get(11..19)?)
    };
    let c = clock.as_bytes();
    if c.get(2) != Some(&b':') || c.get(5) != Some(&b':') {
        return None;
    }
    let (h, m, s) = (number(clock.get(..2)?)?, number(clock.get(3..5)?)?, number(clock.get(6..8)?)?);
    if year < 1970 || !(1..=days_in_month(year, month)).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + h * 3_600 + m * 60 + s;
    // The weekday must be the date's (1970-01-01 was a Thursday: index 3 from Monday).
    let named = DAYS.iter().chain(LONG_DAYS.iter()).position(|d| text.starts_with(d)).map(|i| i % 7)?;
    (named as u64 == (days + 3) % 7).then_some(seconds)
}

fn number(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| n.checked_mul(10)?.checked_add(u64::from(b - b'0')))
}

fn month(name: &str) -> Option<u64> {
    MONTHS.iter().position(|m| m.as_slice() == name.as_bytes()).map(|i| i as u64 + 1)
}

fn weekday(name: &str, names: &[&str; 7]) -> Option<()> {
    names.contains(&name).then_some(())
}

fn is_leap(year: u64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u64, month: u64) -> u64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of 1970 or later (Howard Hinnant's
/// `days_from_civil`, for years ≥ 1970 only, so no negative intermediate).
fn days_from_civil(year: u64, month: u64, day: u64) -> u64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    fn reference(text: &str) -> Option<u64> {
        httpdate::parse_http_date(text).ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_secs())
    }

    #[test]
    fn the_three_forms_of_rfc_9110() {
        for text in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
            assert_eq!(parse(text), Some(784_111_777), "{text}");
        }
        assert_eq!(parse("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(parse("Tue, 29 Feb 2028 23:59:59 GMT"), reference("Tue, 29 Feb 2028 23:59:59 GMT"));
    }

    #[test]
    fn agrees_with_httpdate_over_many_times_and_their_three_forms() {
        // Every 7919th second-ish over 1970..2100, each formatted three ways.
        let mut t = 0u64;
        while t < 4_102_444_800 {
            let imf = httpdate::fmt_http_date(UNIX_EPOCH + Duration::from_secs(t));
            assert_eq!(parse(&imf), Some(t), "{imf}");
            assert_eq!(parse(&imf), reference(&imf));
            // The same time in the two obsolete forms.
            let (wd, dd, mon, yyyy, clock) = (&imf[..3], &imf[5..7], &imf[8..11], &imf[12..16], &imf[17..25]);
            let asctime = format!("{wd} {mon} {:>2} {clock} {yyyy}", dd.trim_start_matches('0'));
            assert_eq!(parse(&asctime), Some(t), "{asctime}");
            assert_eq!(parse(&asctime), reference(&asctime), "{asctime}");
            let long = LONG_DAYS[DAYS.iter().position(|d| *d == wd).unwrap()];
            let rfc850 = format!("{long}, {dd}-{mon}-{} {clock} GMT", &yyyy[2..]);
            assert_eq!(parse(&rfc850), reference(&rfc850), "{rfc850}");
            if (1970..2070).contains(&yyyy.parse::<u64>().unwrap()) {
                assert_eq!(parse(&rfc850), Some(t), "{rfc850}");
            }
            t += 7_919 * 97 + 13;
        }
    }

    #[test]
    fn refuses_what_httpdate_refuses() {
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37",
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun,  6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sonntag, 06-Nov-94 08:49:37 GMT",
            "Wed, 29 Feb 2023 00:00:00 GMT",
            "1994-11-06T08:49:37Z",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
            assert_eq!(reference(bad), None, "httpdate reads {bad}");
        }
    }
}
