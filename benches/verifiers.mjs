// The verifiers compared by the benchmarks, built the same way in Node and in
// workerd: the package (reusable WebhookVerifier and one-shot verifyWebhook),
// and the code a merchant would write by hand with node:crypto or WebCrypto,
// and the standardwebhooks package. Imports nothing itself: the caller passes
// the package, standardwebhooks and node:crypto (when the runtime has it), so
// one file serves Node and the Worker (bundled by wrangler).

export const SECRET = "whsec_bench_0123456789abcdef";
/** Body sizes of the tables, in bytes. */
export const SIZES = [1024, 16 * 1024, 64 * 1024, 1024 * 1024];

const enc = new TextEncoder();

/** A `payment.updated` body of exactly `bytes` bytes (ASCII). */
export function body(bytes) {
  const data = { reference: "PY_bench_000001", status: "successful", amount: 1.3, currency: "ZMW", note: "" };
  const base = JSON.stringify({ event: "payment.updated", data }).length;
  data.note = "x".repeat(Math.max(0, bytes - base));
  return JSON.stringify({ event: "payment.updated", data });
}

function hexToBytes(hex) {
  if (hex.length !== 64) return new Uint8Array(0);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/**
 * The deliveries and verifiers for one body size. `now` is the signing time
 * (Unix seconds, near the real clock: standardwebhooks always reads it).
 * Each verifier takes (text, headers) and returns the parsed event or throws.
 * WebCrypto's is async (its only API); the others are synchronous.
 */
export async function setup({ api, Webhook, crypto: nodeCrypto, subtle }, size, now) {
  const text = body(size);
  const headers = api.signWebhook(text, SECRET, { timestamp: now });
  const bad = { ...headers, "mor-signature": headers["mor-signature"].replace(/^./, (c) => (c === "0" ? "1" : "0")) };
  const verifier = new api.WebhookVerifier(SECRET);
  // standardwebhooks only where it is passed (not in the Deno and Bun runs).
  const sw = Webhook && new Webhook("whsec_" + btoa(SECRET));
  const swHeaders = sw && {
    "webhook-id": "msg_bench",
    "webhook-timestamp": String(now),
    "webhook-signature": sw.sign("msg_bench", new Date(now * 1000), text),
  };
  const key = await subtle.importKey("raw", enc.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);

  const fresh = (ts) => Math.abs(Math.floor(Date.now() / 1000) - Number(ts)) <= 300;
  const impls = {
    "vesicash WebhookVerifier": (t, h) => verifier.verify(t, h),
    "vesicash verifyWebhook": (t, h) => api.verifyWebhook(t, h, SECRET),
    "WebCrypto by hand": async (t, h) => {
      const ts = h["mor-timestamp"];
      const ok = await subtle.verify("HMAC", key, hexToBytes(h["mor-signature"]), enc.encode(`${ts}.${t}`));
      if (!ok || !fresh(ts)) throw new Error("refused");
      return JSON.parse(t);
    },
  };
  if (sw) impls.standardwebhooks = (t) => sw.verify(t, swHeaders);
  if (nodeCrypto) {
    const { createHmac, timingSafeEqual } = nodeCrypto;
    impls["node:crypto by hand"] = (t, h) => {
      const ts = h["mor-timestamp"];
      const expected = createHmac("sha256", SECRET).update(`${ts}.`).update(t).digest();
      const given = Buffer.from(h["mor-signature"], "hex");
      if (given.length !== expected.length || !timingSafeEqual(given, expected) || !fresh(ts)) throw new Error("refused");
      return JSON.parse(t);
    };
  }
  // Every verifier must accept the good delivery and refuse the bad one before it is timed.
  for (const [name, fn] of Object.entries(impls)) {
    const event = await fn(text, headers);
    if (event?.data?.reference !== "PY_bench_000001") throw new Error(`${name} returned the wrong event`);
    if (name !== "standardwebhooks") {
      let refused = false;
      try {
        await fn(text, bad);
      } catch {
        refused = true;
      }
      if (!refused) throw new Error(`${name} accepted a bad signature`);
    }
  }
  return { text, headers, bad, impls, verifier };
}

/** Calls per timed batch for a body size: about 10–30 ms of work each. */
export const batch = (size) => (size >= 1 << 20 ? 4 : size >= 64 << 10 ? 60 : size >= 16 << 10 ? 250 : 2000);
