//! Reading the params objects of refunds and payouts by field name.

use crate::api::transfers::{BankId, PayoutParams, RefundParams, TransferTo};
use crate::core::error::Error;
use crate::core::params::{describe, Fields};
use crate::core::scalar::{Members, Scalar};

const REFUND_KEYS: &[&str] = &["payment_reference", "amount", "reason", "webhook_url", "country_id", "transfer_to", "momo_phone_number"];
// `countryId` and `country_id`: the payout pages write both; either is read.
const PAYOUT_KEYS: &[&str] =
    &["amount", "countryId", "transfer_to", "webhook_url", "narration", "momo_phone_number", "bank_id", "account_number", "country_id"];

impl RefundParams {
    /// Reads refund parameters from an object's members: the older page's
    /// four are required, the current page's destination is optional.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<RefundParams, Error> {
        let mut f = Fields::read(members, REFUND_KEYS)?;
        Ok(RefundParams {
            payment_reference: f.required("payment_reference")?,
            amount: f.amount("amount")?,
            reason: f.required("reason")?,
            webhook_url: f.required("webhook_url")?,
            // A country's id as countries.list() gives it (a number) or as text.
            country_id: match f.take("country_id") {
                None => None,
                Some(Scalar::Str(s)) => Some(s),
                Some(Scalar::Number(n)) if n.fract() == 0.0 && (1.0..=9_007_199_254_740_991.0).contains(&n) => Some((n as u64).to_string()),
                Some(other) => {
                    return Err(Error::validation("country_id", format!("must be a country's id from countries.list(), got {}", describe(&other))))
                }
            },
            transfer_to: f.optional("transfer_to")?,
            momo_phone_number: f.optional("momo_phone_number")?,
        })
    }
}

impl PayoutParams {
    /// Reads payout parameters from an object's members. `transfer_to`
    /// decides which of `momo_phone_number` or `bank_id` and
    /// `account_number` apply; a field of the other kind is refused, so a
    /// payout never goes somewhere the caller did not mean.
    ///
    /// Errors: a validation error naming the missing, mistyped or unknown field.
    pub fn from_members(members: Members) -> Result<PayoutParams, Error> {
        let mut f = Fields::read(members, PAYOUT_KEYS)?;
        let amount = f.amount("amount")?;
        let country_id = match (f.whole("countryId")?, f.whole("country_id")?) {
            (Some(a), Some(b)) if a != b => return Err(Error::validation("country_id", "and countryId name different countries; give one")),
            (a, b) => a.or(b).ok_or_else(|| Error::validation("countryId", "is required: the id of a country from countries.list()"))?,
        };
        let kind = f.required("transfer_to")?;
        let webhook_url = f.required("webhook_url")?;
        let narration = f.optional("narration")?;
        let phone_number = f.optional("momo_phone_number")?;
        let bank_id = match f.take("bank_id") {
            None => None,
            Some(Scalar::Str(s)) => Some(BankId::Text(s)),
            Some(Scalar::Number(n)) if n.fract() == 0.0 && (1.0..=9_007_199_254_740_991.0).contains(&n) => Some(BankId::Number(n as u64)),
            Some(other) => {
                return Err(Error::validation("bank_id", format!("must be a positive whole number or a string, got {}", describe(&other))))
            }
        };
        let account_number = f.optional("account_number")?;
        let transfer_to = match kind.as_str() {
            "mobile_money" => {
                if let Some(field) = [(bank_id.is_some(), "bank_id"), (account_number.is_some(), "account_number")].iter().find(|c| c.0).map(|c| c.1)
                {
                    return Err(Error::validation(field, "applies to transfer_to \"bank\" only; this payout is \"mobile_money\""));
                }
                TransferTo::MobileMoney { phone_number }
            }
            "bank" => {
                if phone_number.is_some() {
                    return Err(Error::validation("momo_phone_number", "applies to transfer_to \"mobile_money\" only; this payout is \"bank\""));
                }
                TransferTo::Bank {
                    bank_id: bank_id.ok_or_else(|| Error::validation("bank_id", "is required when transfer_to is \"bank\""))?,
                    account_number: account_number.ok_or_else(|| Error::validation("account_number", "is required when transfer_to is \"bank\""))?,
                }
            }
            _ => return Err(Error::validation("transfer_to", "must be \"mobile_money\" or \"bank\"")),
        };
        Ok(PayoutParams { amount, country_id, transfer_to, webhook_url, narration })
    }
}
