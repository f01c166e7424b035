// The public surface of the package, shared by every runtime entry in entry/.
// Nothing here touches wasm at load time: the entry initialises it first.
import { outcome } from "../dist/vesicash_edge.js";

export { Vesicash } from "./client.js";
export { VesicashError } from "./errors.js";
export { verifyWebhook, signWebhook, WebhookVerificationError } from "./webhook.js";

/**
 * Where a payment stands, from its status string: `"paid"`, `"failed"`, or
 * `"pending"` (also for any status this version does not know: never final).
 * @param {string} status
 * @returns {"paid" | "failed" | "pending"}
 */
export function paymentOutcome(status) {
  return typeof status === "string" ? outcome(status) : "pending";
}
