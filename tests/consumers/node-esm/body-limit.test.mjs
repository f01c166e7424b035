// Hostile webhook bodies: a forged delivery of any size is refused by its size
// before it is copied into wasm or hashed, and the instance keeps working.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "vesicash-edge";

// The package's own wasm memory (as in webhook-memory.test.mjs): the glue's
// initSync() hands out the instance's exports once the entry initialised it.
const glue = await import(new URL("../dist/vesicash_edge.js", import.meta.resolve("vesicash-edge")).href);
const memoryBytes = () => glue.initSync().memory.buffer.byteLength;

const good = '{"event":"payment.updated","data":{"reference":"PY_limit_0001","status":"successful"}}';

test("webhook bodies over maxBodyBytes are refused with body_too_large, before they are copied into wasm", () => {
  const headers = { "mor-signature": "0".repeat(64), "mor-timestamp": "1767225600" };
  // Warm the instance first, so that the memory it grows to once does not count.
  assert.equal(
    codeOf(() => api.verifyWebhook(good, headers, "whsec_x", { now: 1767225600 })),
    "signature_mismatch",
  );
  const before = memoryBytes();
  for (const mb of [3, 16, 64]) {
    const bytes = new Uint8Array(mb * 1024 * 1024);
    let error;
    try {
      api.verifyWebhook(bytes, headers, "whsec_x", { now: 1767225600 });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof api.WebhookVerificationError, String(error));
    assert.equal(error.code, "body_too_large");
    assert.match(error.message, /larger than the limit of 2097152 bytes/);
    // Refused by its length: every MAC path (wasm or node:crypto) hashes the body where the
    // core holds it, in wasm memory, which never shrinks: a copied body would show here.
    assert.equal(memoryBytes(), before, `wasm memory grew under a ${mb} MB body`);
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
