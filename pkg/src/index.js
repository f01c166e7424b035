// The public surface of the package, shared by every runtime entry in entry/.
// Nothing here touches wasm at load time: the entry initialises it first.
import * as glue from "../dist/vesicash_edge.js";
import { mergeStatus as merge, outcome } from "../dist/vesicash_edge.js";
import { callCore } from "./errors.js";
import { plainObservation } from "./client.js";
import { useWebhookCore } from "./webhook.js";

// The whole module verifies webhooks too (used lazily: the entry initialises it).
useWebhookCore(glue);

export { Vesicash } from "./client.js";
export { VesicashError } from "./errors.js";
export { verifyWebhook, signWebhook, WebhookVerifier, WebhookVerificationError } from "./webhook.js";

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
