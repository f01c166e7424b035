// Wasm memory under webhook bodies of 1 KB to 64 MB: wasm memory never
// shrinks, so a body copied into it costs the isolate for good. Bodies up to
// the limit (2 MiB by default) leave memory bounded by a small multiple of the
// limit and no larger on every later delivery; bodies over it are refused by
// their size before any copy, so memory does not move at all.
//
// The memory is read from the package's own instance: the wasm-bindgen glue's
// initSync() returns the instance's exports (`memory` among them) once it is
// initialised, and this file imports the very glue module the entry did.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import * as api from "vesicash-edge";

const glue = await import(new URL("../dist/vesicash_edge.js", import.meta.resolve("vesicash-edge")).href);
const memoryBytes = () => glue.initSync().memory.buffer.byteLength;

const LIMIT = 2 * 1024 * 1024; // the documented default of maxBodyBytes
const SECRET = "whsec_memory_test";
const NOW = 1767225600;
const MB = 1024 * 1024;

/** A signed `payment.updated` event of exactly `size` bytes (ASCII, so bytes and text agree). */
function event(size) {
  const head = '{"event":"payment.updated","data":{"reference":"PY_memory_0001","status":"successful","pad":"';
  const tail = '"}}';
  const text = head + "x".repeat(size - head.length - tail.length) + tail;
  const signature = createHmac("sha256", SECRET).update(`${NOW}.`).update(text).digest("hex");
  return { text, bytes: new TextEncoder().encode(text), headers: { "mor-signature": signature, "mor-timestamp": String(NOW) } };
}

function codeOf(fn) {
  try {
    fn();
    return "verified";
  } catch (e) {
    return e.code;
  }
}

test("webhook bodies of 1 KB to 64 MB leave wasm memory bounded", () => {
  assert.equal(glue.initSync().memory instanceof WebAssembly.Memory, true, "the glue hands out the package's memory");
  const small = event(1024);
  assert.equal(api.verifyWebhook(small.bytes, small.headers, SECRET, { now: NOW }).data.reference, "PY_memory_0001");
  const base = memoryBytes();

  // Up to the limit, as bytes and as text, verified in full: three rounds.
  const accepted = [1024, 16 * 1024, 256 * 1024, MB, LIMIT].map(event);
  const afterRound = [];
  for (let round = 0; round < 3; round += 1) {
    for (const e of accepted) {
      assert.equal(
        codeOf(() => api.verifyWebhook(e.bytes, e.headers, SECRET, { now: NOW })),
        "verified",
        `${e.bytes.length} bytes`,
      );
      assert.equal(
        codeOf(() => api.verifyWebhook(e.text, e.headers, SECRET, { now: NOW })),
        "verified",
        `${e.text.length} chars`,
      );
    }
    afterRound.push(memoryBytes());
  }
  const grown = afterRound[0] - base;
  assert.ok(grown <= 3 * LIMIT, `bodies up to the limit grew wasm memory by ${grown} bytes, over 3 × the limit`);
  assert.deepEqual(afterRound.slice(1), [afterRound[0], afterRound[0]], "later deliveries of the same sizes grew memory again");

  // Over the limit: refused by size before any copy, memory unmoved.
  const bounded = memoryBytes();
  for (const size of [LIMIT + 1, 3 * MB, 16 * MB, 64 * MB]) {
    const bytes = new Uint8Array(size).fill(0x78);
    const headers = { "mor-signature": "0".repeat(64), "mor-timestamp": String(NOW) };
    assert.equal(
      codeOf(() => api.verifyWebhook(bytes, headers, SECRET, { now: NOW })),
      "body_too_large",
      `${size} bytes`,
    );
    assert.equal(
      codeOf(() => api.verifyWebhook(bytes.buffer, headers, SECRET, { now: NOW })),
      "body_too_large",
      `${size} bytes, ArrayBuffer`,
    );
    assert.equal(
      codeOf(() => api.verifyWebhook("x".repeat(size), headers, SECRET, { now: NOW })),
      "body_too_large",
      `${size} chars`,
    );
    assert.equal(memoryBytes(), bounded, `a refused body of ${size} bytes grew wasm memory`);
  }

  // Text over the limit in UTF-8 but not in characters is copied before the
  // core refuses it (the JS side measures characters): still bounded, by the
  // UTF-8 worst case of 3 bytes a character. Reported to the webhook owners.
  const euros = "\u20ac".repeat(LIMIT);
  const headers = { "mor-signature": "0".repeat(64), "mor-timestamp": String(NOW) };
  assert.equal(
    codeOf(() => api.verifyWebhook(euros, headers, SECRET, { now: NOW })),
    "body_too_large",
  );
  const multibyte = memoryBytes() - base;
  assert.ok(multibyte <= 6 * LIMIT, `a ${LIMIT}-character multi-byte body grew wasm memory by ${multibyte} bytes`);
  assert.equal(
    codeOf(() => api.verifyWebhook("\u20ac".repeat(64 * MB), headers, SECRET, { now: NOW })),
    "body_too_large",
  );
  assert.equal(memoryBytes() - base, multibyte, "a 64 M-character body grew wasm memory");

  // The instance still verifies.
  assert.equal(api.verifyWebhook(small.text, small.headers, SECRET, { now: NOW }).event, "payment.updated");
});
