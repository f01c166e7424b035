// Cold start in Node: a fresh process imports a verifier and verifies one
// 1 KB delivery. Reported per process: the import plus the first
// verification (making the signed delivery in between is not counted), and
// the whole process's wall time. Medians over `runs` fresh processes.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
export const KINDS = ["vesicash-edge", "vesicash-edge/webhooks", "node:crypto by hand", "standardwebhooks"];
const ENTRIES = { "vesicash-edge": "../pkg/entry/node.mjs", "vesicash-edge/webhooks": "../pkg/entry/webhooks-node.mjs" };

/** What one fresh process does: `{ ms }`, import + first verification. */
async function child(kind) {
  const { body, SECRET } = await import("./verifiers.mjs"); // tiny, the same for every kind
  const text = body(1024);
  const ts = Math.floor(Date.now() / 1000);
  const t0 = performance.now();
  if (ENTRIES[kind]) {
    const api = await import(ENTRIES[kind]);
    const t1 = performance.now();
    const headers = api.signWebhook(text, SECRET, { timestamp: ts });
    const t2 = performance.now();
    const ref = api.verifyWebhook(text, headers, SECRET).data.reference;
    return done(t1 - t0 + performance.now() - t2, ref);
  }
  if (kind === "node:crypto by hand") {
    const { createHmac, timingSafeEqual } = await import("node:crypto");
    const t1 = performance.now();
    const sig = createHmac("sha256", SECRET).update(`${ts}.${text}`).digest("hex");
    const t2 = performance.now();
    const expected = createHmac("sha256", SECRET).update(`${ts}.`).update(text).digest();
    if (!timingSafeEqual(Buffer.from(sig, "hex"), expected)) throw new Error("mismatch");
    return done(t1 - t0 + performance.now() - t2, JSON.parse(text).data.reference);
  }
  const { Webhook } = await import("standardwebhooks");
  const t1 = performance.now();
  const wh = new Webhook("whsec_" + btoa(SECRET));
  const headers = { "webhook-id": "msg_1", "webhook-timestamp": String(ts), "webhook-signature": wh.sign("msg_1", new Date(ts * 1000), text) };
  const t2 = performance.now();
  const ref = new Webhook("whsec_" + btoa(SECRET)).verify(text, headers).data.reference;
  return done(t1 - t0 + performance.now() - t2, ref);
}

function done(ms, ref) {
  if (ref !== "PY_bench_000001") throw new Error("wrong event");
  process.stdout.write(JSON.stringify({ ms }));
}

/** `{ [kind]: { ms, wallMs } }`: medians over `runs` fresh processes each, kinds interleaved. */
export function measure({ runs = 15 } = {}) {
  const samples = Object.fromEntries(KINDS.map((k) => [k, { ms: [], wallMs: [] }]));
  for (let r = 0; r < runs; r++) {
    for (const kind of KINDS) {
      const t0 = performance.now();
      const out = JSON.parse(execFileSync(process.execPath, [SELF, "child", kind], { encoding: "utf8", timeout: 30_000 }));
      samples[kind].wallMs.push(performance.now() - t0);
      samples[kind].ms.push(out.ms);
    }
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return Object.fromEntries(KINDS.map((k) => [k, { ms: median(samples[k].ms), wallMs: median(samples[k].wallMs) }]));
}

if (process.argv[2] === "child") await child(process.argv[3]);
