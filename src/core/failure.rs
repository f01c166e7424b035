//! Why a payment failed, as a merchant can act on it: the `failure_reason`
//! codes Vesicash documents (its "Errors" page) and, for each, whether asking
//! the customer to try again can help, with a short text to show them.
//!
//! Two documented codes are misspelt (`TRNASACTION_FAILED`,
//! `TRNASACTION_PENDING`): they are read as documented, and the correct
//! spellings too. Codes are matched ignoring ASCII case, so a lowercase
//! `insufficient_funds` reads as `INSUFFICIENT_FUNDS`. A code this version
//! does not know is kept as sent ([`FailureReason::Unrecognised`]) and never
//! called retryable: the safe advice is to check before asking for money again.

use serde::Serialize;

/// A payment's `failure_reason`. \[doc\] (the "Errors" page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureReason {
    /// `ABANDONED_TRANSACTION`: the customer did not enter the PIN.
    AbandonedTransaction,
    /// `DECLINED_TRANSACTION`: declined (by the customer on the prompt, or the provider).
    DeclinedTransaction,
    /// `INSUFFICIENT_FUNDS`: the wallet holds too little.
    InsufficientFunds,
    /// `INVALID_PIN`: a wrong PIN was entered.
    InvalidPin,
    /// `TRANSACTION_LIMIT_EXCEEDED`: over the wallet's limit.
    TransactionLimitExceeded,
    /// `ACCOUNT_NOT_FOUND`: no wallet for this number.
    AccountNotFound,
    /// `ACCOUNT_BLOCKED`: the wallet is locked or suspended.
    AccountBlocked,
    /// `PROVIDER_TIMEOUT`: the provider did not answer in time.
    ProviderTimeout,
    /// `TRNASACTION_FAILED` (sic; `TRANSACTION_FAILED` accepted too): failed at the provider.
    TransactionFailed,
    /// `TRNASACTION_PENDING` (sic; `TRANSACTION_PENDING` accepted too), with status pending.
    TransactionPending,
    /// A reason this version does not know, as sent.
    Unrecognised(String),
}

/// The spellings read as one reason, the documented one first.
pub type Spellings = &'static [&'static str];

/// Every documented reason with the spellings read as it, the documented
/// spelling first. \[doc\]
pub const FAILURE_REASONS: &[(Spellings, FailureReason)] = &[
    (&["ABANDONED_TRANSACTION"], FailureReason::AbandonedTransaction),
    (&["DECLINED_TRANSACTION"], FailureReason::DeclinedTransaction),
    (&["INSUFFICIENT_FUNDS"], FailureReason::InsufficientFunds),
    (&["INVALID_PIN"], FailureReason::InvalidPin),
    (&["TRANSACTION_LIMIT_EXCEEDED"], FailureReason::TransactionLimitExceeded),
    (&["ACCOUNT_NOT_FOUND"], FailureReason::AccountNotFound),
    (&["ACCOUNT_BLOCKED"], FailureReason::AccountBlocked),
    (&["PROVIDER_TIMEOUT"], FailureReason::ProviderTimeout),
    (&["TRNASACTION_FAILED", "TRANSACTION_FAILED"], FailureReason::TransactionFailed),
    (&["TRNASACTION_PENDING", "TRANSACTION_PENDING"], FailureReason::TransactionPending),
];

/// What a merchant can do about a failure reason: [`FailureReason::advice`]
/// in Rust, `failureAdvice` in JS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FailureAdvice {
    /// The reason as documented (`"TRNASACTION_FAILED"` for either spelling),
    /// or as sent when this version does not know it.
    #[cfg_attr(feature = "typescript", ts(as = "crate::typescript::FailureReasonCode"))]
    pub reason: String,
    /// Whether this version knows the reason.
    pub known: bool,
    /// Whether asking the customer to try again (a new payment) can help.
    pub retryable: bool,
    /// A short text a merchant can show the customer.
    pub message: &'static str,
}

impl FailureReason {
    /// Reads a `failure_reason` as sent (ASCII case ignored, surrounding spaces trimmed).
    pub fn parse(reason: &str) -> FailureReason {
        let code = reason.trim();
        FAILURE_REASONS
            .iter()
            .find(|(spellings, _)| spellings.iter().any(|s| s.eq_ignore_ascii_case(code)))
            .map_or_else(|| FailureReason::Unrecognised(reason.to_owned()), |(_, known)| known.clone())
    }

    /// The documented spelling, or the reason as sent.
    pub fn as_str(&self) -> &str {
        match self {
            FailureReason::AbandonedTransaction => "ABANDONED_TRANSACTION",
            FailureReason::DeclinedTransaction => "DECLINED_TRANSACTION",
            FailureReason::InsufficientFunds => "INSUFFICIENT_FUNDS",
            FailureReason::InvalidPin => "INVALID_PIN",
            FailureReason::TransactionLimitExceeded => "TRANSACTION_LIMIT_EXCEEDED",
            FailureReason::AccountNotFound => "ACCOUNT_NOT_FOUND",
            FailureReason::AccountBlocked => "ACCOUNT_BLOCKED",
            FailureReason::ProviderTimeout => "PROVIDER_TIMEOUT",
            FailureReason::TransactionFailed => "TRNASACTION_FAILED",
            FailureReason::TransactionPending => "TRNASACTION_PENDING",
            FailureReason::Unrecognised(s) => s,
        }
    }

    /// Whether asking the customer to try again can help, and what to tell them.
    ///
    /// Retryable: the customer can fix it on the next prompt (PIN not
    /// entered or wrong, too little money, a declined prompt they may accept
    /// next time) or it was passing (the provider timed out, a failure at
    /// the provider with no cause given). Not retryable: the same wallet will
    /// fail again (no such wallet, blocked, over its limit), the payment is
    /// still pending (asking again could charge twice), or the reason is unknown.
    pub fn advice(&self) -> FailureAdvice {
        use FailureReason as R;
        let (retryable, message) = match self {
            R::AbandonedTransaction => {
                (true, "The payment was not confirmed: no PIN was entered. Please try again and enter your PIN when prompted.")
            }
            R::InvalidPin => (true, "The PIN entered was incorrect. Please try again with your mobile-money PIN."),
            R::InsufficientFunds => (true, "Your mobile-money wallet does not hold enough money. Please top up and try again."),
            R::ProviderTimeout => (true, "Your mobile-money provider did not respond in time. Please try again in a few minutes."),
            R::DeclinedTransaction => (true, "The payment was declined. If you did not mean to decline it, please try again."),
            R::TransactionFailed => (true, "The payment failed at your mobile-money provider. Please try again, or use another wallet."),
            R::TransactionLimitExceeded => {
                (false, "This payment is over your wallet's transaction limit. Please pay a smaller amount or use another wallet.")
            }
            R::AccountNotFound => (false, "No mobile-money wallet was found for this number. Please check the number or use another wallet."),
            R::AccountBlocked => (false, "This mobile-money wallet is locked or suspended. Please contact your provider or use another wallet."),
            R::TransactionPending => (false, "The payment is still being processed. Please wait for it to finish before paying again."),
            R::Unrecognised(_) => (false, "The payment did not go through. Please contact the merchant before trying again."),
        };
        FailureAdvice { reason: self.as_str().to_owned(), known: !matches!(self, R::Unrecognised(_)), retryable, message }
    }
}

/// [`FailureReason::advice`] of a `failure_reason` as sent.
pub fn failure_advice(reason: &str) -> FailureAdvice {
    FailureReason::parse(reason).advice()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_reason_and_its_advice() {
        // (as sent, documented spelling, known, retryable)
        let table = [
            ("ABANDONED_TRANSACTION", "ABANDONED_TRANSACTION", true, true),
            ("DECLINED_TRANSACTION", "DECLINED_TRANSACTION", true, true),
            ("INSUFFICIENT_FUNDS", "INSUFFICIENT_FUNDS", true, true),
            ("INVALID_PIN", "INVALID_PIN", true, true),
            ("PROVIDER_TIMEOUT", "PROVIDER_TIMEOUT", true, true),
            ("TRNASACTION_FAILED", "TRNASACTION_FAILED", true, true),
            ("TRANSACTION_FAILED", "TRNASACTION_FAILED", true, true),
            ("TRANSACTION_LIMIT_EXCEEDED", "TRANSACTION_LIMIT_EXCEEDED", true, false),
            ("ACCOUNT_NOT_FOUND", "ACCOUNT_NOT_FOUND", true, false),
            ("ACCOUNT_BLOCKED", "ACCOUNT_BLOCKED", true, false),
            ("TRNASACTION_PENDING", "TRNASACTION_PENDING", true, false),
            ("TRANSACTION_PENDING", "TRNASACTION_PENDING", true, false),
            // Case and surrounding spaces are not what a merchant acts on.
            ("insufficient_funds", "INSUFFICIENT_FUNDS", true, true),
            (" Account_Blocked ", "ACCOUNT_BLOCKED", true, false),
            // Unknown reasons pass, as sent, and are never called retryable.
            ("declined", "declined", false, false),
            ("SIM_SWAPPED", "SIM_SWAPPED", false, false),
            ("", "", false, false),
        ];
        for (sent, reason, known, retryable) in table {
            let a = failure_advice(sent);
            assert_eq!((a.reason.as_str(), a.known, a.retryable), (reason, known, retryable), "{sent:?}");
            assert!(a.message.ends_with('.') && a.message.len() < 120, "{sent:?}: {}", a.message);
        }
    }

    #[test]
    fn every_documented_spelling_reads_back_as_itself() {
        for (spellings, reason) in FAILURE_REASONS {
            let reason = reason.clone();
            assert_eq!(FailureReason::parse(spellings[0]), reason);
            assert_eq!(reason.as_str(), spellings[0]);
            assert!(spellings.iter().all(|s| FailureReason::parse(s) == reason));
        }
        let messages: std::collections::BTreeSet<_> = FAILURE_REASONS.iter().map(|(_, reason)| reason.advice().message).collect();
        assert_eq!(messages.len(), FAILURE_REASONS.len(), "each reason has its own text");
    }
}
