//! The countries Vesicash serves: `GET /v1/countries` (public key only) and
//! the list it answers. A country's `id` is what payouts take.

use crate::api::whole;
use crate::core::config::Config;
use crate::core::request::{public_key_only, Method, Request};
use serde::Deserialize;

/// Path of the countries call. \[doc\]
pub const COUNTRIES_PATH: &str = "/v1/countries";

/// Builds `GET /v1/countries` with the public key.
pub fn countries(config: &Config) -> Request {
    Request { method: Method::Get, url: format!("{}{COUNTRIES_PATH}", config.base_url()), headers: public_key_only(config), body: None }
}

/// A country of `GET /v1/countries`: its `id` is a payout's `countryId`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Country {
    /// The id payouts take as `countryId`.
    #[serde(deserialize_with = "whole")]
    pub id: u64,
    /// The country's name (`Zambia`).
    pub name: String,
    /// ISO country code (`ZM`).
    pub country_code: String,
    /// ISO currency code (`ZMW`).
    pub currency_code: String,
}

answer! {
    /// `GET /v1/countries` answers a list of countries.
    pub enum CountriesAnswer {
        head: Vec<Country>,
        typed: Vec<Country>,
        what: "a list of countries ({ id, name, country_code, currency_code })",
        array: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_is_a_bodyless_get() {
        let config = Config::new("morPub_test_p", "morSec_test_s").unwrap().with_base_url("http://127.0.0.1:9").unwrap();
        let r = countries(&config);
        assert_eq!((r.method, r.url.as_str(), r.headers.len()), (Method::Get, "http://127.0.0.1:9/v1/countries", 1));
    }
}
