// Webhook verification speed: the package's verifyWebhook (wasm) against a
// baseline written with node:crypto (native HMAC, timingSafeEqual,
// JSON.parse), in the same process and on the same inputs. Prints ratios, not
// verdicts: these machines are noisy, so nothing here passes or fails.
//
//   bash scripts/build.sh && node benches/webhook.mjs
import { createHmac, timingSafeEqual } from "node:crypto";
import { verifyWebhook, signWebhook } from "../pkg/entry/node.mjs";

const secret = "whsec_bench_0123456789";
const now = 1_800_000_000;

function body(bytes) {
  const data = { reference: "PY_bench", status: "successful", amount: 1.3, currency: "ZMW", note: "" };
  const base = JSON.stringify({ event: "payment.updated", data });
  data.note = "x".repeat(Math.max(0, bytes - base.length));
  return JSON.stringify({ event: "payment.updated", data });
}

/** The baseline: what a careful hand-written Node verifier does. */
function nodeVerify(text, headers) {
  const ts = headers["mor-timestamp"];
  const expected = createHmac("sha256", secret).update(`${ts}.${text}`).digest();
  const given = Buffer.from(headers["mor-signature"], "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("mismatch");
  if (Math.abs(now - Number(ts)) > 300) throw new Error("stale");
  return JSON.parse(text);
}

/** Median ns per call over `rounds` rounds of `n` calls each (bounded). */
function time(fn, n, rounds = 7) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    samples.push(Number(process.hrtime.bigint() - t0) / n);
  }
  return samples.sort((a, b) => a - b)[rounds >> 1];
}

const rows = [];
for (const size of [512, 16 * 1024, 1024 * 1024]) {
  const text = body(size);
  const bytes = new TextEncoder().encode(text);
  const headers = signWebhook(text, secret, { timestamp: now });
  const n = size > 100_000 ? 20 : 2000;
  // Same answer from both before timing anything.
  const a = verifyWebhook(text, headers, secret, { now });
  const b = nodeVerify(text, headers);
  if (a.data.reference !== b.data.reference) throw new Error("verifiers disagree");
  const base = time(() => nodeVerify(text, headers), n);
  const str = time(() => verifyWebhook(text, headers, secret, { now }), n);
  const buf = time(() => verifyWebhook(bytes, headers, secret, { now }), n);
  rows.push({
    body: `${(size / 1024).toFixed(1)} KiB`,
    "node:crypto µs": (base / 1e3).toFixed(1),
    "wasm(string) µs": (str / 1e3).toFixed(1),
    "ratio(string)": (str / base).toFixed(2),
    "wasm(bytes) µs": (buf / 1e3).toFixed(1),
    "ratio(bytes)": (buf / base).toFixed(2),
  });
}
console.log("verifyWebhook vs a node:crypto verifier, same process (ratio = wasm time / node time; lower is better)");
console.table(rows);
