//! Properties that must hold for any input, checked with proptest: signing
//! then verifying always succeeds, any single changed byte always fails, and
//! any valid params build a request whose body carries the exact amount.

use proptest::prelude::*;
use vesicash_edge::payments::{self, InitializeParams};
use vesicash_edge::webhook::{self, verify_signature, VerifyOptions, WebhookSecret};
use vesicash_edge::{Amount, Config, PaymentMethod};

const NOW: u64 = 1_767_225_600;

/// Secrets as the verifier accepts them: non-empty, no surrounding white space.
fn secret() -> impl Strategy<Value = String> {
    "[!-~][ -~]{0,40}[!-~]"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn sign_then_verify_succeeds(body in prop::collection::vec(any::<u8>(), 0..2048), s in secret(), skew in -300i64..=300) {
        let secret = WebhookSecret::new(s).unwrap();
        let signed = webhook::sign(&body, &secret, NOW);
        let now = NOW.checked_add_signed(skew).unwrap();
        prop_assert_eq!(
            verify_signature(&body, Some(&signed.signature), signed.timestamp.as_deref(), &[secret], now, &VerifyOptions::default()),
            Ok(())
        );
    }

    #[test]
    fn any_single_byte_change_fails(body in prop::collection::vec(any::<u8>(), 1..512), s in secret(), at in any::<prop::sample::Index>(), flip in 1u8..=255, which in 0..3usize) {
        let secret = WebhookSecret::new(s).unwrap();
        let signed = webhook::sign(&body, &secret, NOW);
        let (mut body, mut signature, mut timestamp) = (body, signed.signature.into_bytes(), signed.timestamp.unwrap().into_bytes());
        let target = match which { 0 => &mut body, 1 => &mut signature, _ => &mut timestamp };
        let i = at.index(target.len());
        target[i] ^= flip;
        let signature = String::from_utf8_lossy(&signature).into_owned();
        let timestamp = String::from_utf8_lossy(&timestamp).into_owned();
        let verdict = verify_signature(&body, Some(&signature), Some(&timestamp), &[secret], NOW, &VerifyOptions::default());
        prop_assert!(verdict.is_err(), "accepted after changing byte {} of part {}", i, which);
    }

    #[test]
    fn amounts_round_trip(minor in 1u64..=vesicash_edge::amount::MAX_AMOUNT_MINOR) {
        let a = Amount::from_minor(minor).unwrap();
        prop_assert_eq!(a.to_string().parse::<Amount>().unwrap(), a);
    }

    #[test]
    fn valid_params_build_a_request_with_the_exact_amount(
        minor in 1u64..=vesicash_edge::amount::MAX_AMOUNT_MINOR,
        currency in "[A-Z]{3}",
        country in "[A-Z]{2}",
        narration in "[a-zA-Z0-9 \"\\\\é✓]{1,80}",
        host in "[a-z]{1,12}\\.[a-z]{2,6}",
        reference in proptest::option::of("[A-Za-z0-9._~-]{10,100}"),
    ) {
        prop_assume!(narration.trim() != "");
        prop_assume!(reference.as_deref().is_none_or(|r| r != "." && r != ".."));
        let config = Config::new("morPub_test_p", "morSec_test_s").unwrap();
        let params = InitializeParams {
            amount: Amount::from_minor(minor).unwrap(),
            currency,
            country,
            narration: narration.clone(),
            method: PaymentMethod::MobileMoney,
            webhook_url: format!("https://{host}/hooks"),
            redirect_url: format!("https://{host}/done"),
            reference: reference.clone(),
        };
        let request = payments::initialize(&config, &params).unwrap();
        let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
        // The amount on the wire is the exact decimal, read back as text.
        let text = body["amount"].to_string();
        prop_assert_eq!(text.parse::<Amount>().unwrap().minor(), minor);
        prop_assert_eq!(body["narration"].as_str(), Some(narration.as_str()));
        prop_assert_eq!(body.get("reference").and_then(|r| r.as_str()), reference.as_deref());
        prop_assert!(request.header("secret-key").is_some());
    }
}
