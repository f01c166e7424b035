//! Which payment status to keep when a new one is seen: a pure function of
//! the state held and one observation (a verified webhook, or a polled
//! payment). Webhooks repeat, arrive out of order or not at all, and polls
//! race them; the rules make the store converge whatever the order:
//!
//! - a final state never reverts to pending;
//! - the same status again is a no-op (a duplicate delivery);
//! - an older observation never overwrites a newer one;
//! - two different final states for one payment are a conflict: the held
//!   state is kept and the conflict reported, for a person to look at.

use crate::core::error::Error;
use crate::core::status::{outcome, PaymentOutcome};
use serde::{Deserialize, Serialize};

/// One status of one payment, with when it was true: what `mergeStatus` merges.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename = "StatusObservation"))]
pub struct Observation {
    /// The payment reference.
    pub reference: String,
    /// The status string as Vesicash sent it (a `Payment`'s `status`, or
    /// one read back from your store: any string is accepted).
    pub status: String,
    /// When the status was true, in Unix milliseconds: the payment's
    /// `updated_at` when it has one, else when it was received.
    pub at: f64,
    /// Where it came from (`"webhook"`, `"poll"`, …), kept for the record.
    /// Optional in an observation passed in; always set in `MergedStatus.state`.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<String>", optional))]
    pub source: String,
}

/// Two different final statuses seen for one payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename = "StatusConflict"))]
pub struct Conflict {
    /// The final status held (and kept).
    pub held: String,
    /// The other final status seen.
    pub seen: String,
}

/// The result of [`merge`] (`mergeStatus` in JS).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[cfg_attr(feature = "typescript", ts(rename = "MergedStatus"))]
pub struct Merged {
    /// The observation to keep.
    pub state: Observation,
    /// Whether it differs from the state held: store it and act on it.
    pub changed: bool,
    /// Set when the observation contradicts a held final state: the held one
    /// is kept; log it for a person.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub conflict: Option<Conflict>,
}

/// Merges `next` into `held` (`None`: nothing stored yet).
///
/// Errors: a validation error when the two are of different payments, or a
/// timestamp is not a finite number.
pub fn merge(held: Option<&Observation>, next: &Observation) -> Result<Merged, Error> {
    for (field, o) in [("held", held), ("next", Some(next))] {
        if o.is_some_and(|o| !o.at.is_finite()) {
            return Err(Error::validation(field, "`at` must be a finite number of Unix milliseconds"));
        }
    }
    let Some(held) = held else {
        return Ok(Merged { state: next.clone(), changed: true, conflict: None });
    };
    if held.reference != next.reference {
        return Err(Error::validation("next", format!("is for payment {}, not {}", next.reference, held.reference)));
    }
    let keep = |conflict| Merged { state: held.clone(), changed: false, conflict };
    let take = || Merged { state: next.clone(), changed: true, conflict: None };
    let final_ = |o: &Observation| outcome(&o.status) != PaymentOutcome::Pending;
    Ok(match (final_(held), final_(next)) {
        _ if held.status == next.status => keep(None),
        (true, true) => keep(Some(Conflict { held: held.status.clone(), seen: next.status.clone() })),
        (true, false) => keep(None),
        // pending → final is the only way forward, whatever the clocks say.
        (false, true) => take(),
        (false, false) if next.at > held.at => take(),
        (false, false) => keep(None),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn o(status: &str, at: f64) -> Observation {
        Observation { reference: "PY_1".into(), status: status.into(), at, source: "webhook".into() }
    }

    /// (held, next) → (kept status, changed, conflict).
    type Case = (Option<(&'static str, f64)>, (&'static str, f64), (&'static str, bool, bool));

    #[test]
    fn table() {
        let cases: &[Case] = &[
            (None, ("pending", 1.0), ("pending", true, false)),
            (None, ("successful", 1.0), ("successful", true, false)),
            // Duplicates are no-ops, whatever their timestamps.
            (Some(("pending", 1.0)), ("pending", 2.0), ("pending", false, false)),
            (Some(("successful", 5.0)), ("successful", 9.0), ("successful", false, false)),
            (Some(("failed", 5.0)), ("failed", 1.0), ("failed", false, false)),
            // pending → final, even when the final one carries an older clock.
            (Some(("pending", 1.0)), ("successful", 2.0), ("successful", true, false)),
            (Some(("pending", 9.0)), ("failed", 2.0), ("failed", true, false)),
            (Some(("pending", 1.0)), ("expired", 2.0), ("expired", true, false)),
            // A final state never reverts, however new the pending one looks.
            (Some(("successful", 1.0)), ("pending", 2.0), ("successful", false, false)),
            (Some(("expired", 1.0)), ("processing", 9.0), ("expired", false, false)),
            // Non-final to non-final: only a newer observation moves it.
            (Some(("pending", 1.0)), ("processing", 2.0), ("processing", true, false)),
            (Some(("processing", 2.0)), ("pending", 1.0), ("processing", false, false)),
            (Some(("processing", 2.0)), ("pending", 2.0), ("processing", false, false)),
            // Two final states: a conflict, the held one kept.
            (Some(("successful", 1.0)), ("failed", 2.0), ("successful", false, true)),
            (Some(("failed", 1.0)), ("reversed", 2.0), ("failed", false, true)),
            (Some(("successful", 1.0)), ("completed", 2.0), ("successful", false, true)),
        ];
        for (held, (status, at), (kept, changed, conflict)) in cases {
            let held = held.map(|(s, a)| o(s, a));
            let m = merge(held.as_ref(), &o(status, *at)).unwrap();
            let what = format!("{held:?} + {status}@{at}");
            assert_eq!(m.state.status, *kept, "{what}");
            assert_eq!(m.changed, *changed, "{what}");
            assert_eq!(m.conflict.is_some(), *conflict, "{what}");
        }
    }

    #[test]
    fn merging_is_order_independent_for_final_states() {
        // Every order of a delivery stream that holds one final status ends in it.
        let stream = [o("pending", 1.0), o("processing", 2.0), o("successful", 3.0), o("pending", 4.0), o("successful", 3.0)];
        let mut order: Vec<usize> = (0..stream.len()).collect();
        for _ in 0..120 {
            let mut held: Option<Observation> = None;
            for &i in &order {
                held = Some(merge(held.as_ref(), &stream[i]).unwrap().state);
            }
            assert_eq!(held.unwrap().status, "successful", "{order:?}");
            next_permutation(&mut order);
        }
    }

    fn next_permutation(v: &mut [usize]) {
        let Some(i) = (1..v.len()).rev().find(|&i| v[i - 1] < v[i]) else {
            v.reverse();
            return;
        };
        let j = (i..v.len()).rev().find(|&j| v[j] > v[i - 1]).unwrap();
        v.swap(i - 1, j);
        v[i..].reverse();
    }

    #[test]
    fn refuses_what_it_cannot_merge() {
        let other = Observation { reference: "PY_2".into(), ..o("pending", 1.0) };
        assert_eq!(merge(Some(&o("pending", 1.0)), &other).unwrap_err().field(), Some("next"));
        assert_eq!(merge(None, &o("pending", f64::NAN)).unwrap_err().field(), Some("next"));
        assert_eq!(merge(Some(&o("pending", f64::INFINITY)), &o("pending", 1.0)).unwrap_err().field(), Some("held"));
    }
}
