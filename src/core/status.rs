//! What a payment status string means: paid, failed, or not final yet. The
//! store merge ([`crate::core::merge`]), the engine's polling and the payment
//! answer all classify statuses here, so one list decides what is final.

/// Payment statuses read as paid. \[assumed\]: only `pending` is documented.
pub const PAID_STATUSES: &[&str] = &["successful", "success", "completed"];
/// Payment statuses read as finally failed. \[assumed\]
pub const FAILED_STATUSES: &[&str] = &["failed", "cancelled", "expired", "reversed"];

/// Where a payment stands, from its status string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename_all = "lowercase"))]
pub enum PaymentOutcome {
    /// Final: the money was taken.
    Paid,
    /// Final: it will not be taken.
    Failed,
    /// Not final: `pending`, or a status this crate does not know.
    Pending,
}

/// Classifies a status string (case-sensitive, as sent). Unknown strings are
/// [`PaymentOutcome::Pending`]: never final, so nothing is shipped or cancelled on a guess.
pub fn outcome(status: &str) -> PaymentOutcome {
    if PAID_STATUSES.contains(&status) {
        PaymentOutcome::Paid
    } else if FAILED_STATUSES.contains(&status) {
        PaymentOutcome::Failed
    } else {
        PaymentOutcome::Pending
    }
}
