// The public surface of the package, shared by every runtime entry in entry/.
// Nothing here touches wasm at load time: the entry initialises it first.
import * as glue from "../dist/vesicash_edge.js";
import { failureAdvice as advice, mergeStatus as merge, outcome, reconcileSchedule as schedule } from "../dist/vesicash_edge.js";
import { callCore, invalid } from "./errors.js";
import { plainObservation } from "./client.js";
import { useWebhookCore } from "./webhook.js";

// The whole module verifies webhooks too (used lazily: the entry initialises it).
useWebhookCore(glue);

export { Vesicash } from "./client.js";
export { VesicashError } from "./errors.js";
export { verifyWebhook, signWebhook, WebhookVerifier, WebhookVerificationError } from "./webhook.js";
export { createWebhookHandler, createNodeWebhookHandler, toNodeHandler } from "./handler.js";

/**
 * Where a payment stands, from its status string: `"paid"`, `"failed"`, or
 * `"pending"` (also for any status this version does not know: never final).
 * @param {string} status
 * @returns {"paid" | "failed" | "pending"}
 */
export function paymentOutcome(status) {
  return typeof status === "string" ? outcome(status) : "pending";
}

/**
 * The payment state to keep after a new observation (a verified webhook or a
 * polled payment): `{ state, changed, conflict? }`. A final state never
 * reverts, duplicates are no-ops, older never overwrites newer, and two
 * different final states are reported as `conflict` with the held one kept.
 * @param {{reference: string, status: string, at: number, source?: string} | null} held
 * @param {{reference: string, status: string, at: number, source?: string}} next
 */
export function mergeStatus(held, next) {
  // Read here, not by wasm: a getter or Proxy trap must not throw inside it.
  const [h, n] = [plainObservation("held", held ?? null), plainObservation("next", next)];
  return callCore(() => merge(h, n));
}

/**
 * When a reconciliation job should check a payment that is not final yet:
 * `{ due, nextCheckAt, expired, horizonAt }` (Unix ms). Checks come 30 s, 1, 2,
 * 5, 15 and 30 min and 1 h after `createdAt`, then hourly up to 24 h; after
 * the check at 24 h the payment is `expired` locally (a later webhook or poll
 * still wins through mergeStatus).
 * @param {number} createdAt Unix ms
 * @param {number | null | undefined} lastCheckedAt Unix ms of the last check, if any
 * @param {number} [now] Unix ms (default `Date.now()`)
 */
export function reconcileSchedule(createdAt, lastCheckedAt, now = Date.now()) {
  for (const [field, value] of [
    ["createdAt", createdAt],
    ["now", now],
  ]) {
    if (typeof value !== "number") throw invalid(field, `must be a number of Unix milliseconds, got ${value === null ? "null" : typeof value}`);
  }
  if (lastCheckedAt !== undefined && lastCheckedAt !== null && typeof lastCheckedAt !== "number") {
    throw invalid("lastCheckedAt", `must be a number of Unix milliseconds or null, got ${typeof lastCheckedAt}`);
  }
  return callCore(() => schedule(createdAt, lastCheckedAt ?? undefined, now));
}

/**
 * What a merchant can do about a failed payment's `failure_reason`:
 * `{ reason, known, retryable, message }`. `retryable` says whether asking the
 * customer to try again can help; `message` is a short text to show them. An
 * unknown reason is never retryable.
 * @param {string} reason
 */
export function failureAdvice(reason) {
  if (typeof reason !== "string") throw invalid("reason", `must be a string, got ${reason === null ? "null" : typeof reason}`);
  return callCore(() => advice(reason));
}
