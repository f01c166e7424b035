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

// The generated data types reach the CommonJS entry too.
export function paid(p: vesicash.Payment): boolean {
  const reason: string | null | undefined = p.failure_reason;
  void reason;
  // @ts-expect-error misspelt status (successful)
  if (p.status === "sucessful") return true;
  return vesicash.paymentOutcome(p.status) === "paid";
}
export function code(e: vesicash.VesicashError): vesicash.VesicashErrorCode | vesicash.WebhookErrorCode {
  // @ts-expect-error misspelt error code (authentication_error)
  if (e.code === "authentication_eror") throw e;
  return e.code;
}

// @ts-expect-error DEFAULT_TIMEOUT_MS is no longer exported
export const removed = vesicash.DEFAULT_TIMEOUT_MS;
