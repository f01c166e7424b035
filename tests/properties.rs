//! Properties that must hold for any input, checked with proptest: signing
//! then verifying always succeeds, any single changed byte always fails, any
//! valid params build a request whose body carries the exact amount, and an
//! amount's text reads back to the same amount. Case counts are modest (the
//! whole file runs in about a second); scripts/fuzz.sh explores further.

use proptest::prelude::*;
use vesicash_edge::amount::MAX_AMOUNT_MINOR;
use vesicash_edge::payments::{self, InitializeParams};
use vesicash_edge::webhook::{self, verify_signature, VerifyOptions, WebhookSecret};
use vesicash_edge::{Amount, Config, PaymentMethod};

const NOW: u64 = 1_767_225_600;

/// Secrets as the verifier accepts them: any non-empty text (ASCII or not)
/// without surrounding white space.
fn secret() -> impl Strategy<Value = WebhookSecret> {
    prop_oneof!["[!-~]([ -~]{0,40}[!-~])?", "\\PC{1,24}"].prop_filter_map("padded or empty", |s| WebhookSecret::new(s).ok())
}

/// A signing time and a `now` within `tolerance` of it, either side.
fn times() -> impl Strategy<Value = (u64, u64, u64)> {
    (prop_oneof![Just(webhook::DEFAULT_TOLERANCE_SECS), 0u64..=86_400], prop_oneof![Just(NOW), any::<u64>()], any::<prop::sample::Index>())
        .prop_filter_map("now out of range", |(tol, ts, at)| {
            let skew = at.index(2 * tol as usize + 1) as i128 - tol as i128;
            let now = u64::try_from(ts as i128 + skew).ok()?;
            Some((tol, ts, now))
        })
}

fn options(tolerance_secs: u64) -> VerifyOptions {
    VerifyOptions { tolerance_secs, ..VerifyOptions::default() }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sign_then_verify_succeeds(body in prop::collection::vec(any::<u8>(), 0..2048), secret in secret(), (tol, ts, now) in times()) {
        let signed = webhook::sign(&body, &secret, ts);
        prop_assert_eq!(signed.timestamp.clone(), Some(ts.to_string()));
        prop_assert_eq!(
            verify_signature(&body, Some(&signed.signature), signed.timestamp.as_deref(), &[secret], now, &options(tol)),
            Ok(())
        );
    }

    #[test]
    fn any_single_byte_change_fails(
        body in prop::collection::vec(any::<u8>(), 1..512),
        secret in secret(),
        (tol, ts, now) in times(),
        at in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        which in 0..3usize,
    ) {
        let signed = webhook::sign(&body, &secret, ts);
        let (mut body, mut signature, mut timestamp) = (body, signed.signature.into_bytes(), signed.timestamp.unwrap().into_bytes());
        let target = match which { 0 => &mut body, 1 => &mut signature, _ => &mut timestamp };
        let i = at.index(target.len());
        target[i] ^= flip;
        let signature = String::from_utf8_lossy(&signature).into_owned();
        let timestamp = String::from_utf8_lossy(&timestamp).into_owned();
        let verdict = verify_signature(&body, Some(&signature), Some(&timestamp), &[secret], now, &options(tol));
        prop_assert!(verdict.is_err(), "accepted after changing byte {} of part {}", i, which);
    }

    #[test]
    fn amounts_round_trip(minor in 1u64..=MAX_AMOUNT_MINOR) {
        let a = Amount::from_minor(minor).unwrap();
        let text = a.to_string();
        prop_assert!(text.split_once('.').is_none_or(|(_, f)| (1..=2).contains(&f.len())), "{}", text);
        prop_assert_eq!(text.parse::<Amount>().unwrap(), a);
        // Every spelling with up to two decimals (and padding zeros) reads the same.
        let padded = format!("00{}.{:02}000", minor / 100, minor % 100);
        prop_assert_eq!(padded.parse::<Amount>().unwrap(), a);
    }

    #[test]
    fn valid_params_build_a_request_with_the_exact_amount(
        minor in 1u64..=MAX_AMOUNT_MINOR,
        currency in "[A-Z]{3}",
        country in "[A-Z]{2}",
        narration in "[a-zA-Z0-9 \"\\\\é✓/<>&']{1,80}",
        card in any::<bool>(),
        scheme in prop_oneof![Just("https"), Just("http")],
        host in "[a-z]{1,12}\\.[a-z]{2,6}(:[0-9]{2,5})?",
        path in "(/[A-Za-z0-9._~%-]{0,12}){0,3}(\\?[a-z]=[A-Za-z0-9\"]{0,8})?",
        reference in proptest::option::of("[A-Za-z0-9._~-]{10,100}"),
    ) {
        prop_assume!(narration.trim() != "");
        prop_assume!(reference.as_deref().is_none_or(|r| r != "." && r != ".."));
        let config = Config::new("morPub_test_p", "morSec_test_s").unwrap();
        let params = InitializeParams {
            amount: Amount::from_minor(minor).unwrap(),
            currency: currency.clone(),
            country: country.clone(),
            narration: narration.clone(),
            method: if card { PaymentMethod::Card } else { PaymentMethod::MobileMoney },
            webhook_url: format!("{scheme}://{host}{path}"),
            redirect_url: format!("{scheme}://{host}/done"),
            reference: reference.clone(),
        };
        let request = payments::initialize(&config, &params).unwrap();
        prop_assert_eq!(&request.url, &format!("{}{}", config.base_url(), payments::INIT_PATH));
        let raw = request.body.as_deref().unwrap();
        let body: serde_json::Value = serde_json::from_str(raw).unwrap();
        // The amount on the wire is the exact decimal text, a JSON number.
        let amount_member = format!(",\"amount\":{},", params.amount);
        prop_assert!(raw.contains(&amount_member), "{}", raw);
        prop_assert!(body["amount"].is_number());
        prop_assert_eq!(body["amount"].to_string().parse::<Amount>().unwrap().minor(), minor);
        prop_assert_eq!(body["currency"].as_str(), Some(currency.as_str()));
        prop_assert_eq!(body["country"].as_str(), Some(country.as_str()));
        prop_assert_eq!(body["narration"].as_str(), Some(narration.as_str()));
        prop_assert_eq!(body["webhook_url"].as_str(), Some(params.webhook_url.as_str()));
        prop_assert_eq!(body["method"].as_str(), Some(params.method.as_str()));
        prop_assert_eq!(body.get("reference").and_then(|r| r.as_str()), reference.as_deref());
        prop_assert!(request.header("secret-key").is_some());
    }
}
