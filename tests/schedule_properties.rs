//! Properties of the reconciliation schedule for any times (proptest): it
//! never panics, the next check always lies after the last one, a job that
//! follows it checks a payment a bounded number of times and then stops, and
//! failure advice is total (any text gets an answer, never retryable when unknown).

use proptest::prelude::*;
use vesicash_edge::core::schedule::{next_check, CHECK_OFFSETS_MS, RECONCILE_HORIZON_MS};
use vesicash_edge::{failure_advice, FailureReason};

const T0: f64 = 1_764_300_000_000.0;

proptest! {
    #[test]
    fn any_times_give_an_answer_or_a_named_error(created in any::<f64>(), last in proptest::option::of(any::<f64>()), now in any::<f64>()) {
        match next_check(created, last, now) {
            Ok(s) => {
                prop_assert!(s.expired != s.next_check_at.is_some());
                prop_assert_eq!(s.due, s.next_check_at.is_some_and(|at| now >= at));
                if let (Some(at), Some(l)) = (s.next_check_at, last) {
                    prop_assert!(l < created || at > l, "next {at} not after the last check {l}");
                }
            }
            Err(e) => prop_assert!(matches!(e.field(), Some("created_at" | "last_checked_at" | "now"))),
        }
    }

    #[test]
    fn a_job_following_the_schedule_checks_a_bounded_number_of_times(lag in 0.0f64..7_200_000.0) {
        // Each run comes `lag` after the check falls due (a job that runs late).
        let (mut last, mut checks) = (None, 0);
        loop {
            let s = next_check(T0, last, last.unwrap_or(T0)).unwrap();
            let Some(at) = s.next_check_at else { break };
            last = Some(at + lag);
            checks += 1;
            prop_assert!(checks <= CHECK_OFFSETS_MS.len() + 24, "{checks} checks");
        }
        prop_assert!(last.unwrap() >= T0 + RECONCILE_HORIZON_MS as f64);
    }

    #[test]
    fn any_reason_gets_advice(reason in "\\PC{0,40}") {
        let a = failure_advice(&reason);
        prop_assert!(!a.message.is_empty());
        prop_assert_eq!(a.known, !matches!(FailureReason::parse(&reason), FailureReason::Unrecognised(_)));
        if !a.known {
            prop_assert!(!a.retryable);
            prop_assert_eq!(a.reason, reason);
        }
    }
}
