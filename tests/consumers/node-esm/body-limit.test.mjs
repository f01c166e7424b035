// Hostile webhook bodies: a forged delivery of any size is refused by its size
// before it is copied into wasm or hashed, and the instance keeps working.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "vesicash-edge";

const good = '{"event":"payment.updated","data":{"reference":"PY_limit_0001","status":"successful"}}';

test("webhook bodies over maxBodyBytes are refused with body_too_large, before hashing", () => {
  const headers = { "mor-signature": "0".repeat(64), "mor-timestamp": "1767225600" };
  for (const mb of [3, 16, 64]) {
    const bytes = new Uint8Array(mb * 1024 * 1024);
    const t0 = performance.now();
    let error;
    try {
      api.verifyWebhook(bytes, headers, "whsec_x", { now: 1767225600 });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof api.WebhookVerificationError, String(error));
    assert.equal(error.code, "body_too_large");
    assert.match(error.message, /larger than the limit of 2097152 bytes/);
    // Refused by its length: far less time than hashing 64 MB (hundreds of ms).
    assert.ok(performance.now() - t0 < 50, `took ${(performance.now() - t0).toFixed(1)} ms`);
  }
  const text = "x".repeat(3 * 1024 * 1024);
  assert.equal(
    codeOf(() => api.verifyWebhook(text, headers, "whsec_x")),
    "body_too_large",
  );
  // A string under the limit in characters but over it in UTF-8 bytes: the core checks exact bytes.
  assert.equal(
    codeOf(() => api.verifyWebhook("é".repeat(1_500_000), headers, "whsec_x")),
    "body_too_large",
  );
  // The limit is an option, and the default admits the 1 MiB vectors.
  const h = api.signWebhook(good, "whsec_x", { timestamp: 1767225600 });
  assert.equal(
    codeOf(() => api.verifyWebhook(good, h, "whsec_x", { now: 1767225600, maxBodyBytes: 10 })),
    "body_too_large",
  );
  assert.equal(
    codeOf(() => api.verifyWebhook(good, h, "whsec_x", { now: 1767225600, maxBodyBytes: -1 })),
    "validation_error",
  );
  assert.equal(api.verifyWebhook(good, h, "whsec_x", { now: 1767225600 }).data.reference, "PY_limit_0001");
});

function codeOf(fn) {
  try {
    fn();
  } catch (e) {
    return e.code;
  }
  return "accepted";
}
