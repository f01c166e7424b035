// The require() side of the package resolves to declarations too.
import vesicash = require("vesicash-edge");
export const outcome: "paid" | "failed" | "pending" = vesicash.paymentOutcome("successful");

const client = new vesicash.Vesicash({
  publicKey: "morPub_test_x",
  secretKey: "morSec_test_x",
  timeoutMs: 10_000,
  maxRetries: 2,
  deadlineMs: 30_000,
  onResponse: (e: vesicash.ResponseEvent) => void e.elapsedMs,
});

export async function status(reference: string, signal: AbortSignal): Promise<string> {
  try {
    return (await client.payments.get(reference, { signal })).status;
  } catch (e) {
    if (e instanceof vesicash.VesicashError && e.retryable) return `retry after ${e.attempts} attempts`;
    throw e;
  }
}

// @ts-expect-error DEFAULT_TIMEOUT_MS is no longer exported
export const removed = vesicash.DEFAULT_TIMEOUT_MS;
