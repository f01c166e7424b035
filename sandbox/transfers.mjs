// Refunds and payouts: queued as "pending", settled after a delay, announced by webhook.
import { ApiError, randomHex } from "./envelope.mjs";
import { FAILURE_REASONS, phoneOutcome } from "./payments.mjs";
import { createTimerSet } from "./timers.mjs";
import { formatCents, toCents } from "./validate.mjs";

/** The countries GET /v1/countries serves; payouts take their id as countryId. */
export const COUNTRIES = [
  { id: 1, name: "Zambia", country_code: "ZM", currency_code: "ZMW" },
  { id: 2, name: "Ghana", country_code: "GH", currency_code: "GHS" },
];

/** Creates the refund and payout books; onFinal(kind, object) fires once when one settles. */
export function createTransfers({ settleDelayMs, onFinal }) {
  const refunds = new Map();
  const payouts = new Map();
  const timers = createTimerSet();
  const now = () => new Date().toISOString();

  function settle(kind, t, status, failureReason) {
    t.status = status;
    if (failureReason) t.failure_reason = failureReason;
    t.updated_at = now();
    onFinal(kind, t);
  }

  return {
    /** Queues a refund of a successful payment; the amount is reserved at once so partial refunds never exceed the total. */
    refund(payment, { amount, reason, webhook_url, country_id, transfer_to, momo_phone_number }) {
      if (payment.status !== "successful") {
        throw new ApiError(400, `only successful payments can be refunded; payment ${payment.reference} is ${payment.status}`);
      }
      const cents = toCents(amount);
      const remaining = toCents(payment.amount) - payment.refunded_cents;
      if (cents > remaining) {
        throw new ApiError(400, `invalid field "amount": ${formatCents(cents)} exceeds the refundable remainder ${formatCents(remaining)}`);
      }
      payment.refunded_cents += cents;
      const at = now();
      const r = {
        reference: `RF_${randomHex(25)}`,
        payment_reference: payment.reference,
        amount,
        currency: payment.currency,
        reason,
        webhook_url,
        // The current page's destination, when the body named one (kept as sent).
        ...(country_id === undefined ? {} : { country_id, transfer_to, momo_phone_number }),
        status: "pending",
        created_at: at,
        updated_at: at,
      };
      payment.refunds.push(r.reference);
      refunds.set(r.reference, r);
      timers.after(settleDelayMs, () => settle("refund", r, "successful"));
      return r;
    },

    /** Queues a payout; a declining or insufficient-funds magic number makes it fail. */
    payout(fields) {
      const at = now();
      const p = { reference: `PO_${randomHex(25)}`, ...fields, status: "pending", created_at: at, updated_at: at };
      payouts.set(p.reference, p);
      const outcome = fields.momo_phone_number ? phoneOutcome(fields.momo_phone_number) : "approve";
      timers.after(settleDelayMs, () => {
        if (outcome === "decline" || outcome === "insufficient_funds") settle("payout", p, "failed", FAILURE_REASONS[outcome]);
        else settle("payout", p, "successful");
      });
      return p;
    },

    /** A refund by reference, or undefined. */
    getRefund: (ref) => refunds.get(ref),
    /** A payout by reference, or undefined. */
    getPayout: (ref) => payouts.get(ref),

    /** Forgets every refund and payout and cancels their timers. */
    clear() {
      timers.clear();
      refunds.clear();
      payouts.clear();
    },
  };
}
