//! When a reconciliation job should ask Vesicash about a payment that is not
//! final yet, and when it should stop asking: the fallback for webhooks that
//! never arrive. Pure: the caller passes the times in (Unix milliseconds), so
//! a table test pins every case and a job can run it over its own store.
//!
//! A payment is checked at fixed points after its creation: soon after the
//! prompt (the customer usually answers within a minute), then backing off
//! ([`CHECK_OFFSETS_MS`]), then every [`LATE_CHECK_INTERVAL_MS`] up to the
//! [`RECONCILE_HORIZON_MS`]. The next check is the first point after the last
//! one made, so a job that was down catches up with one check, never a burst.
//! After the check at (or past) the horizon the payment is declared expired
//! locally; the status endpoint stays the source of truth, so a later webhook
//! or poll that says otherwise still wins through [`crate::core::merge::merge`].

use crate::core::error::Error;
use serde::Serialize;

/// The checks after a payment's creation, in milliseconds: 30 s, 1, 2, 5,
/// 15 and 30 min, 1 h. \[assumed\]: Vesicash documents no prompt lifetime;
/// a mobile-money prompt is usually answered or dropped within minutes.
pub const CHECK_OFFSETS_MS: &[u64] = &[30_000, 60_000, 120_000, 300_000, 900_000, 1_800_000, 3_600_000];
/// After the last of [`CHECK_OFFSETS_MS`], one check every hour.
pub const LATE_CHECK_INTERVAL_MS: u64 = 3_600_000;
/// How long after its creation a payment is still checked: 24 h. A payment
/// still pending after the check at this point is declared expired locally.
/// \[assumed\]: longer than any prompt and any provider's settlement delay
/// we know of.
pub const RECONCILE_HORIZON_MS: u64 = 86_400_000;

/// When to check a payment next: [`next_check`] in Rust, `reconcileSchedule` in JS.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "ReconcileSchedule"))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", ts(rename_all = "camelCase"))]
pub struct Schedule {
    /// Whether a check is due now (`now` is at or past `next_check_at`).
    pub due: bool,
    /// When the next check is due (Unix ms); none (`null`) once expired.
    pub next_check_at: Option<f64>,
    /// The horizon was reached and checked: stop asking and hold the payment
    /// as expired locally (a later webhook or poll still wins).
    pub expired: bool,
    /// When the horizon is reached: `created_at` + [`RECONCILE_HORIZON_MS`] (Unix ms).
    pub horizon_at: f64,
}

/// The check points of a payment created at `created_at`, as offsets from
/// it: [`CHECK_OFFSETS_MS`], then every [`LATE_CHECK_INTERVAL_MS`], the
/// horizon last.
fn offsets() -> impl Iterator<Item = u64> {
    let last = CHECK_OFFSETS_MS.last().copied().unwrap_or(0);
    let late = (1..).map(move |n| last.saturating_add(n * LATE_CHECK_INTERVAL_MS)).take_while(|at| *at < RECONCILE_HORIZON_MS);
    CHECK_OFFSETS_MS.iter().copied().filter(|at| *at < RECONCILE_HORIZON_MS).chain(late).chain([RECONCILE_HORIZON_MS])
}

fn time(field: &'static str, value: f64) -> Result<f64, Error> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(Error::validation(field, "must be a time in Unix milliseconds (a finite number, 0 or more)"))
    }
}

/// When to check a payment created at `created_at` next, given the last
/// check made (`last_checked_at`, none if never) and `now`, all Unix
/// milliseconds. A last check before the creation counts as none.
///
/// Errors: a validation error naming a time that is not a finite,
/// non-negative number.
pub fn next_check(created_at: f64, last_checked_at: Option<f64>, now: f64) -> Result<Schedule, Error> {
    let created_at = time("created_at", created_at)?;
    let now = time("now", now)?;
    let last = last_checked_at.map(|t| time("last_checked_at", t)).transpose()?.filter(|t| *t >= created_at);
    let horizon_at = created_at + RECONCILE_HORIZON_MS as f64;
    let next = offsets().map(|o| created_at + o as f64).find(|at| last.is_none_or(|l| *at > l));
    Ok(match next {
        Some(at) => Schedule { due: now >= at, next_check_at: Some(at), expired: false, horizon_at },
        None => Schedule { due: false, next_check_at: None, expired: true, horizon_at },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: f64 = 1_764_300_000_000.0;
    const S: f64 = 1_000.0;
    const MIN: f64 = 60.0 * S;
    const H: f64 = 60.0 * MIN;

    #[test]
    fn the_schedule_backs_off_then_goes_hourly_then_expires() {
        // (last check after creation, now after creation) -> (due, next check after creation, expired)
        type Row = (Option<f64>, f64, bool, Option<f64>, bool);
        let table: &[Row] = &[
            (None, 0.0, false, Some(30.0 * S), false),
            (None, 29.0 * S, false, Some(30.0 * S), false),
            (None, 30.0 * S, true, Some(30.0 * S), false),
            (Some(30.0 * S), 40.0 * S, false, Some(MIN), false),
            (Some(MIN), MIN + 1.0, false, Some(2.0 * MIN), false),
            (Some(2.0 * MIN), 5.0 * MIN, true, Some(5.0 * MIN), false),
            (Some(5.0 * MIN), 6.0 * MIN, false, Some(15.0 * MIN), false),
            (Some(15.0 * MIN), 20.0 * MIN, false, Some(30.0 * MIN), false),
            (Some(30.0 * MIN), 59.0 * MIN, false, Some(H), false),
            (Some(H), 90.0 * MIN, false, Some(2.0 * H), false),
            (Some(2.0 * H), 3.0 * H, true, Some(3.0 * H), false),
            (Some(23.0 * H), 23.5 * H, false, Some(24.0 * H), false),
            // The check at the horizon was made: expired, no next check.
            (Some(24.0 * H), 24.0 * H, false, None, true),
            (Some(30.0 * H), 31.0 * H, false, None, true),
            // A job that was down catches up with one check, not a burst:
            // after checking at 3 h, the next is at 4 h.
            (Some(MIN), 3.0 * H, true, Some(2.0 * MIN), false),
            (Some(3.0 * H), 3.0 * H, false, Some(4.0 * H), false),
            // Never checked, long past the horizon: one check now, then expired.
            (None, 48.0 * H, true, Some(30.0 * S), false),
            (Some(48.0 * H), 48.0 * H, false, None, true),
            // A check between two points counts for the point before it.
            (Some(45.0 * S), 50.0 * S, false, Some(MIN), false),
        ];
        for &(last, now, due, next, expired) in table {
            let s = next_check(T0, last.map(|l| T0 + l), T0 + now).unwrap();
            let case = format!("last {last:?}, now {now}");
            assert_eq!(s.due, due, "{case}");
            assert_eq!(s.next_check_at, next.map(|n| T0 + n), "{case}");
            assert_eq!(s.expired, expired, "{case}");
            assert_eq!(s.horizon_at, T0 + 24.0 * H, "{case}");
        }
    }

    #[test]
    fn the_check_points_are_the_named_constants() {
        let points: Vec<u64> = offsets().collect();
        assert_eq!(&points[..CHECK_OFFSETS_MS.len()], CHECK_OFFSETS_MS);
        assert_eq!(points.last(), Some(&RECONCILE_HORIZON_MS));
        assert!(points.windows(2).all(|w| w[0] < w[1]), "{points:?}");
        // 7 backing-off points, hourly from 2 h to 23 h, then the horizon.
        assert_eq!(points.len(), CHECK_OFFSETS_MS.len() + 22 + 1);
    }

    #[test]
    fn a_check_before_creation_counts_as_none_and_bad_times_are_refused() {
        assert_eq!(next_check(T0, Some(T0 - 1.0), T0 + 31.0 * S).unwrap().next_check_at, Some(T0 + 30.0 * S));
        for (created, last, now, field) in
            [(f64::NAN, None, T0, "created_at"), (T0, Some(f64::INFINITY), T0, "last_checked_at"), (T0, None, -1.0, "now")]
        {
            assert_eq!(next_check(created, last, now).unwrap_err().field(), Some(field));
        }
    }
}
