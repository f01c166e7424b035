//! A page of the business's payments: the request (public key only, as the
//! contract lists) and the page it answers.

use crate::api::payments::answer::{Payment, PaymentHead};
use crate::api::payments::GET_PATH;
use crate::api::whole;
use crate::core::config::Config;
use crate::core::error::Error;
use crate::core::fields;
use crate::core::params::Fields;
use crate::core::request::{encode_path_segment, public_key_only, Method, Request};
use crate::core::scalar::Members;
use serde::Deserialize;

/// Largest page size asked for. \[assumed\]: not documented; larger pages
/// are refused before sending rather than silently cut by the server.
pub const MAX_PAGE_LIMIT: u64 = 100;

/// Filters and paging of `GET /v1/payment/`. Every field is optional; an
/// absent one is not sent, and Vesicash's default applies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
pub struct ListFilters {
    /// The page, from 1.
    pub page: Option<u64>,
    /// Payments per page, 1 to [`MAX_PAGE_LIMIT`].
    pub limit: Option<u64>,
    /// Only the payment with this reference.
    pub reference: Option<String>,
    /// Created at or after: an RFC 3339 time or a `YYYY-MM-DD` date (a
    /// `Date` in JavaScript).
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::DateOrString>"))]
    pub from: Option<String>,
    /// Created at or before: an RFC 3339 time or a `YYYY-MM-DD` date (a
    /// `Date` in JavaScript).
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::typescript::DateOrString>"))]
    pub to: Option<String>,
}

const LIST_KEYS: &[&str] = &["page", "limit", "reference", "from", "to"];

impl ListFilters {
    /// Reads list filters from an object's members; every field is optional.
    ///
    /// Errors: a validation error naming the mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<ListFilters, Error> {
        let mut f = Fields::read(members, LIST_KEYS)?;
        Ok(ListFilters {
            page: f.whole("page")?,
            limit: f.whole("limit")?,
            reference: f.optional("reference")?,
            from: f.optional("from")?,
            to: f.optional("to")?,
        })
    }
}

/// Builds `GET /v1/payment/?page=&limit=&reference=&from=&to=` with the public key.
///
/// Errors: a validation error naming the first invalid filter.
pub fn list(config: &Config, filters: &ListFilters) -> Result<Request, Error> {
    let mut query = Vec::new();
    if let Some(page) = filters.page {
        if page == 0 {
            return Err(Error::validation("page", "must be 1 or more (pages count from 1)"));
        }
        query.push(format!("page={page}"));
    }
    if let Some(limit) = filters.limit {
        if limit == 0 || limit > MAX_PAGE_LIMIT {
            return Err(Error::validation("limit", format!("must be from 1 to {MAX_PAGE_LIMIT}")));
        }
        query.push(format!("limit={limit}"));
    }
    if let Some(reference) = &filters.reference {
        fields::existing_reference(reference)?;
        query.push(format!("reference={}", encode_path_segment(reference)));
    }
    for (field, value) in [("from", &filters.from), ("to", &filters.to)] {
        if let Some(value) = value {
            time_or_date(field, value)?;
            query.push(format!("{field}={}", encode_path_segment(value)));
        }
    }
    let query = if query.is_empty() { String::new() } else { format!("?{}", query.join("&")) };
    Ok(Request { method: Method::Get, url: format!("{}{GET_PATH}{query}", config.base_url()), headers: public_key_only(config), body: None })
}

/// Checks `YYYY-MM-DD` or an RFC 3339 date-time (`2026-11-28T10:00:00Z`,
/// fractional seconds and a numeric offset allowed).
fn time_or_date(field: &'static str, value: &str) -> Result<(), Error> {
    let bad = || Error::validation(field, "must be a YYYY-MM-DD date or an RFC 3339 time, like \"2026-11-28\" or \"2026-11-28T10:00:00Z\"");
    let b = value.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let number = |range: std::ops::Range<usize>| value.get(range).and_then(|s| s.parse::<u32>().ok()).unwrap_or(0);
    let date_ok = digits(0..4) && b.get(4) == Some(&b'-') && digits(5..7) && b.get(7) == Some(&b'-') && digits(8..10);
    if !date_ok || !(1..=12).contains(&number(5..7)) || !(1..=31).contains(&number(8..10)) {
        return Err(bad());
    }
    if b.len() == 10 {
        return Ok(());
    }
    let time_ok = matches!(b.get(10), Some(b'T' | b't'))
        && digits(11..13)
        && b.get(13) == Some(&b':')
        && digits(14..16)
        && b.get(16) == Some(&b':')
        && digits(17..19)
        && number(11..13) < 24
        && number(14..16) < 60
        && number(17..19) < 61;
    if !time_ok {
        return Err(bad());
    }
    let mut rest = value.get(19..).unwrap_or("");
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(bad());
        }
        rest = fraction.get(n..).unwrap_or("");
    }
    let offset = rest.as_bytes();
    let zone_ok = matches!(rest, "Z" | "z")
        || (offset.len() == 6
            && matches!(offset.first(), Some(b'+' | b'-'))
            && offset.get(1..3).is_some_and(|s| s.iter().all(u8::is_ascii_digit))
            && offset.get(3) == Some(&b':')
            && offset.get(4..6).is_some_and(|s| s.iter().all(u8::is_ascii_digit)));
    if zone_ok {
        Ok(())
    } else {
        Err(bad())
    }
}

/// One page of `GET /v1/payment/`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PaymentPage {
    /// The payments of this page, newest first as Vesicash orders them.
    pub items: Vec<Payment>,
    /// This page's number, from 1.
    #[serde(deserialize_with = "whole")]
    pub page: u64,
    /// The page size asked for (or Vesicash's default).
    #[serde(deserialize_with = "whole")]
    pub limit: u64,
    /// How many payments match the filters, over all pages.
    #[serde(deserialize_with = "whole")]
    pub total: u64,
}

/// The fields of a page the client reads: every item must be a payment.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct PageHead {
    /// The items' heads.
    pub items: Vec<PaymentHead>,
    /// This page's number.
    #[serde(deserialize_with = "whole")]
    pub page: u64,
    /// The page size.
    #[serde(deserialize_with = "whole")]
    pub limit: u64,
    /// Matching payments over all pages.
    #[serde(deserialize_with = "whole")]
    pub total: u64,
}

answer! {
    /// `GET /v1/payment/` answers a page.
    pub enum PageAnswer { head: PageHead, typed: PaymentPage, what: "a page of payments ({ items, page, limit, total })" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::new("morPub_test_p", "morSec_test_s").unwrap().with_base_url("http://127.0.0.1:9").unwrap()
    }

    #[test]
    fn list_sends_only_what_is_given_with_the_public_key() {
        let r = list(&config(), &ListFilters::default()).unwrap();
        assert_eq!((r.method, r.url.as_str(), r.body.as_deref()), (Method::Get, "http://127.0.0.1:9/v1/payment/", None));
        assert_eq!(r.headers, vec![("public-key", "morPub_test_p".to_string())]);
        let f = ListFilters {
            page: Some(2),
            limit: Some(50),
            reference: Some("order-0000001".into()),
            from: Some("2026-11-01".into()),
            to: Some("2026-11-28T23:59:59.5+02:00".into()),
        };
        assert_eq!(
            list(&config(), &f).unwrap().url,
            "http://127.0.0.1:9/v1/payment/?page=2&limit=50&reference=order-0000001&from=2026-11-01&to=2026-11-28T23%3A59%3A59.5%2B02%3A00"
        );
    }

    #[test]
    fn bad_filters_are_named() {
        let with = |f: ListFilters| list(&config(), &f).unwrap_err().field();
        assert_eq!(with(ListFilters { page: Some(0), ..Default::default() }), Some("page"));
        assert_eq!(with(ListFilters { limit: Some(101), ..Default::default() }), Some("limit"));
        assert_eq!(with(ListFilters { reference: Some("a b".into()), ..Default::default() }), Some("reference"));
        for bad in ["yesterday", "2026-13-01", "2026-11-28T25:00:00Z", "2026-11-28T10:00:00", "2026-11-28T10:00:00.Z", "2026-11-2", "２０２６-11-28"]
        {
            assert_eq!(with(ListFilters { from: Some(bad.into()), ..Default::default() }), Some("from"), "{bad}");
        }
        for good in ["2026-11-28", "2026-11-28T10:00:00Z", "2026-11-28T10:00:00.123-05:30"] {
            assert!(list(&config(), &ListFilters { to: Some(good.into()), ..Default::default() }).is_ok(), "{good}");
        }
    }
}
