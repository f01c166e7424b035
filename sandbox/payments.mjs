// Payment store and state machine: pending -> (pay: prompt sent) -> successful | failed | expired.
// A final state never changes again; every transition into one calls onFinal exactly once.
import { randomUUID } from "node:crypto";
import { ApiError, randomHex } from "./envelope.mjs";
import { createTimerSet } from "./timers.mjs";

/** The business every sandbox payment belongs to (one key pair = one business). */
export const BUSINESS_ID = "biz_sandbox_0001";
/** Statuses that never change again. */
export const FINAL_STATUSES = new Set(["successful", "failed", "expired"]);
/** Simulated phones: what the customer does when the push prompt arrives. */
export const MAGIC_PHONES = {
  260970000001: "approve",
  233240000001: "approve",
  260970000002: "decline",
  233240000002: "decline",
  260970000003: "no_answer",
  233240000003: "no_answer",
  260970000004: "insufficient_funds",
  233240000004: "insufficient_funds",
};
/**
 * The `failure_reason` a failed outcome carries: the codes Vesicash documents
 * ("Errors"; docs/contract.md), so that a client's failureAdvice reads them
 * as a real API's.
 */
export const FAILURE_REASONS = { decline: "DECLINED_TRANSACTION", insufficient_funds: "INSUFFICIENT_FUNDS" };
/** Outcomes accepted by the manual answer control endpoint. */
export const OUTCOMES = ["approve", "decline", "insufficient_funds", "expire"];

/** What the simulated phone does for this number; unknown numbers approve. */
export function phoneOutcome(phone) {
  return MAGIC_PHONES[String(phone).replace(/^\+/, "")] ?? "approve";
}

/** The payment as GET /v1/payment/:reference returns it (and as webhooks carry it). */
export function paymentView(p) {
  const view = {
    id: p.id,
    amount: p.amount,
    type: "payment",
    method: p.method,
    status: p.status,
    currency: p.currency,
    reference: p.reference,
    business_id: BUSINESS_ID,
    created_at: p.created_at,
    updated_at: p.updated_at,
    environment: "test",
    redirect_url: p.redirect_url,
    email: p.email,
    customer_first_name: p.customer_first_name,
    customer_last_name: p.customer_last_name,
    phone_number: p.phone_number,
    narration: p.narration,
    provider_transaction_id: p.provider_transaction_id,
  };
  if (p.status === "failed") view.failure_reason = p.failure_reason;
  return view;
}

/** The internal view served by GET /_sandbox/payments/:reference. */
export function internalView(p) {
  const { timers, ...rest } = p;
  return { ...paymentView(p), ...rest, refunded_amount: p.refunded_cents / 100 };
}

/** Creates the payment store; onFinal(payment) fires once when a payment reaches a final state. */
export function createPaymentStore({ phoneDelayMs, expiryMs, onFinal }) {
  const payments = new Map();
  const timers = createTimerSet();
  let seq = 0;
  const now = () => new Date().toISOString();
  // While the phone is held (control API), answers that come due wait here, in order,
  // so a test can see a payment pending for as long as it needs, then let it settle.
  let held = false;
  const waiting = [];
  const answerPhone = (p) => (held ? waiting.push(p) : apply(p, p.phone_outcome));

  function finalize(p, status, failureReason) {
    if (FINAL_STATUSES.has(p.status)) return false; // final means final: late answers are ignored
    for (const t of p.timers) timers.cancel(t);
    p.timers = [];
    p.status = status;
    p.failure_reason = failureReason ?? null;
    if (status !== "expired") p.provider_transaction_id = `SBX${randomHex(16).toUpperCase()}`;
    p.updated_at = now();
    onFinal(p);
    return true;
  }

  function apply(p, outcome) {
    if (outcome === "approve") return finalize(p, "successful");
    if (outcome === "decline" || outcome === "insufficient_funds") return finalize(p, "failed", FAILURE_REASONS[outcome]);
    if (outcome === "expire") return finalize(p, "expired");
    return false; // no_answer: leave it to the expiry timer
  }

  return {
    /** True if a payment with this reference exists. */
    has: (ref) => payments.has(ref),
    /** The payment with this reference, or undefined. */
    get: (ref) => payments.get(ref),

    /** Stores a new pending payment from validated init fields. */
    create(fields) {
      const at = now();
      const p = {
        ...fields,
        reference: fields.reference ?? `PY_${randomHex(25)}`,
        id: randomUUID(),
        seq: ++seq,
        status: "pending",
        phase: "initialized",
        failure_reason: null,
        created_at: at,
        updated_at: at,
        email: "",
        customer_first_name: "",
        customer_last_name: "",
        customer_city: "",
        account_number: "",
        phone_number: "",
        provider_transaction_id: "",
        phone_outcome: null,
        prompted_at: null,
        expires_at: null,
        refunded_cents: 0,
        refunds: [],
        pay_attempts: 0, // every pay that reached the store, refused ones included: proves a client never re-sent a landed pay
        prompts: 0, // pays accepted: 0 or 1
        timers: [],
      };
      payments.set(p.reference, p);
      return p;
    },

    /** Starts the push prompt: only once per payment, so a second pay can never double-charge. */
    pay(ref, customer) {
      const p = payments.get(ref);
      if (!p) throw new ApiError(404, `payment not found: no payment with reference ${ref}`);
      p.pay_attempts += 1;
      if (FINAL_STATUSES.has(p.status)) throw new ApiError(400, `payment is already ${p.status}`);
      if (p.phase !== "initialized") throw new ApiError(400, "payment already in progress: the customer has already been prompted");
      p.prompts += 1;
      Object.assign(p, customer, { phase: "prompted", prompted_at: now() });
      p.phone_outcome = phoneOutcome(customer.phone_number);
      p.expires_at = new Date(Date.now() + expiryMs).toISOString();
      if (p.phone_outcome !== "no_answer") p.timers.push(timers.after(phoneDelayMs, () => answerPhone(p)));
      p.timers.push(timers.after(expiryMs, () => finalize(p, "expired")));
      p.updated_at = now();
      return p;
    },

    /** Answers the prompt by hand (control API); throws if unknown or already final. */
    answer(ref, outcome) {
      const p = payments.get(ref);
      if (!p) throw new ApiError(404, `payment not found: no payment with reference ${ref}`);
      if (!OUTCOMES.includes(outcome)) throw new ApiError(400, `invalid field "outcome": must be one of ${OUTCOMES.join(", ")}`);
      if (!apply(p, outcome)) throw new ApiError(400, `payment is already ${p.status}`);
      return p;
    },

    /**
     * Holds the simulated phone (`true`): answers that come due wait until it is
     * released (`false`), which gives them in the order they came due. The
     * expiry timer runs on regardless.
     */
    holdPhone(on) {
      held = on === true;
      if (!held) for (const p of waiting.splice(0)) apply(p, p.phone_outcome);
      return { held, waiting: waiting.length };
    },

    /** Every payment, oldest first. */
    all: () => [...payments.values()].sort((a, b) => a.seq - b.seq),

    /** Payments matching the filter, newest first. */
    list({ reference, from, to }) {
      return [...payments.values()]
        .filter(
          (p) =>
            (reference === undefined || p.reference === reference) &&
            (from === undefined || Date.parse(p.created_at) >= from) &&
            (to === undefined || Date.parse(p.created_at) <= to),
        )
        .sort((a, b) => b.seq - a.seq);
    },

    /** Forgets every payment and cancels their timers. */
    clear() {
      held = false;
      waiting.length = 0;
      timers.clear();
      payments.clear();
    },
  };
}
