//! Merging arbitrary observations: never panics; once a final state is held
//! it is never replaced (by a non-final one, nor by another final one), and
//! a non-final state is only replaced by a newer or a final observation.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use vesicash_edge::merge::{merge, Observation};
use vesicash_edge::response::{outcome, Outcome};

const STATUSES: &[&str] =
    &["pending", "processing", "successful", "success", "completed", "failed", "cancelled", "expired", "reversed", "SUCCESSFUL", ""];

#[derive(Arbitrary, Debug)]
struct Obs {
    status: Result<u8, String>,
    other_reference: bool,
    at: f64,
}

impl Obs {
    fn observation(&self) -> Observation {
        let status = match &self.status {
            Ok(i) => STATUSES[usize::from(*i) % STATUSES.len()].to_owned(),
            Err(s) => s.clone(),
        };
        let reference = if self.other_reference { "PY_2" } else { "PY_1" };
        Observation { reference: reference.into(), status, at: self.at, source: "fuzz".into() }
    }
}

fuzz_target!(|input: (Option<Obs>, Vec<Obs>)| {
    let (first, stream) = input;
    let mut held: Option<Observation> = first.map(|o| o.observation());
    for next in stream.iter().map(Obs::observation) {
        let Ok(m) = merge(held.as_ref(), &next) else {
            assert!(!next.at.is_finite() || held.as_ref().is_some_and(|h| !h.at.is_finite() || h.reference != next.reference));
            continue;
        };
        if let Some(h) = &held {
            let final_held = outcome(&h.status) != Outcome::Pending;
            if final_held {
                assert_eq!(m.state, *h, "a final state was replaced by {next:?}");
                assert!(!m.changed);
            } else if m.changed {
                assert!(outcome(&next.status) != Outcome::Pending || next.at > h.at, "{h:?} replaced by an older {next:?}");
            }
            if m.conflict.is_some() {
                assert!(final_held && outcome(&next.status) != Outcome::Pending && h.status != next.status);
            }
            assert_eq!(m.changed, m.state != *h);
        }
        held = Some(m.state);
    }
});
