//! Amount parsing on an arbitrary string: never panics; an accepted amount
//! prints with at most two decimals and parses back to itself. The same
//! bytes read as an f64 go through `Amount::from_f64`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vesicash_edge::amount::{Amount, MAX_AMOUNT_MINOR};

fn check(a: Amount) {
    assert!((1..=MAX_AMOUNT_MINOR).contains(&a.minor()));
    let shown = a.to_string();
    let decimals = shown.split_once('.').map_or(0, |(_, f)| f.len());
    assert!(decimals <= 2, "{shown} has more than 2 decimals");
    assert!(!shown.ends_with('0') || !shown.contains('.'), "{shown} is not the shortest form");
    assert_eq!(shown.parse::<Amount>().expect("Display does not parse back"), a, "{shown}");
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        match text.parse::<Amount>() {
            Ok(a) => check(a),
            Err(e) => assert_eq!(e.field(), Some("amount")),
        }
    }
    if let Ok(bytes) = <[u8; 8]>::try_from(data.get(..8).unwrap_or_default()) {
        let x = f64::from_le_bytes(bytes);
        if let Ok(a) = Amount::from_f64(x) {
            check(a);
            assert_eq!(a.minor() as f64 / 100.0, x, "from_f64({x}) is not exact");
        }
    }
});
