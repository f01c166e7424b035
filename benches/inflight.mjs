// Memory of calls in flight, in a fresh Node process with --expose-gc:
// `calls` payments.get started at once against an in-memory fetch that holds
// every answer until all are in flight, against a hand-written fetch client
// doing the same (the same gated fetch, the same timeout signal and checks).
// Reported: the JS heap per call in flight (after gc, all pending), and the
// wasm module's memory before, while all are in flight, and after all have
// settled (linear memory never shrinks: what it reached stays).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);
const REFERENCE = "PY_bench_inflight_000001";
const BASE_URL = "http://127.0.0.1:9";
// A payment as GET /v1/payment/:reference answers it (the sandbox's fields).
const ANSWER = JSON.stringify({
  status: "success",
  code: 200,
  message: "success",
  data: {
    id: 1,
    amount: 1.3,
    type: "payment",
    method: "mobilemoney",
    status: "pending",
    currency: "ZMW",
    reference: REFERENCE,
    business_id: 1,
    created_at: "2026-04-01T00:00:00Z",
    updated_at: "2026-04-01T00:00:00Z",
    environment: "test",
    redirect_url: "https://shop.example/done",
    email: "",
    customer_first_name: "",
    customer_last_name: "",
    phone_number: "260970000000",
    narration: "bench",
    provider_transaction_id: "",
  },
});

/** A fetch whose answers wait until `release()`; each a fresh Response, as fetch gives. */
function gatedFetch() {
  let held = [];
  const fetch = () => new Promise((resolve) => held.push(resolve));
  const release = () => {
    const now = held;
    held = [];
    for (const resolve of now) resolve(new Response(ANSWER, { status: 200, headers: { "content-type": "application/json" } }));
    return now.length;
  };
  return { fetch, release };
}

async function child(kind, calls) {
  const api = await import("../pkg/entry/node.mjs");
  const { webhookMemory } = await import("../pkg/dist/vesicash_edge.js");
  const wasm = () => webhookMemory().buffer.byteLength;
  const heap = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const gate = gatedFetch();
  let one;
  if (kind === "package") {
    const v = new api.Vesicash({
      publicKey: "morPub_test_bench",
      secretKey: "morSec_test_bench",
      baseUrl: BASE_URL,
      maxRetries: 0,
      fetch: gate.fetch,
    });
    one = () => v.payments.get(REFERENCE);
  } else {
    const v = new api.Vesicash({ publicKey: "morPub_test_bench", secretKey: "morSec_test_bench", baseUrl: BASE_URL });
    const { url, headers } = v.requests.get(REFERENCE);
    one = async () => {
      const res = await gate.fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
      const json = await res.json();
      if (!res.ok || json.status !== "success" || typeof json.data !== "object" || json.data === null) throw new Error("bad answer");
      return json.data;
    };
  }
  const round = async (n) => {
    const pending = Array.from({ length: n }, one);
    await new Promise((r) => setTimeout(r, 0));
    const inFlight = { heap: heap(), wasm: wasm() };
    if (gate.release() !== n) throw new Error("not every call reached fetch");
    const done = await Promise.all(pending);
    if (done.some((p) => p.reference !== REFERENCE)) throw new Error("wrong answer");
    return { inFlight, done };
  };
  await round(100); // warm-up: lazily created state counts as "before"
  const before = { heap: heap(), wasm: wasm() };
  let { inFlight, done } = await round(calls);
  done = done.length;
  const settled = { heap: heap(), wasm: wasm() };
  process.stdout.write(JSON.stringify({ kind, calls: done, before, inFlight, settled }));
}

/**
 * `{ calls, package: {...}, hand: {...} }`, each `{ before, inFlight, settled }`
 * of `{ heap, wasm }` bytes, and `heapPerCall` (in flight over before, ÷ calls).
 */
export function measure({ calls = 10_000 } = {}) {
  const one = (kind) => {
    const out = JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", SELF, "child", kind, String(calls)], { encoding: "utf8", timeout: 300_000 }),
    );
    return { ...out, heapPerCall: (out.inFlight.heap - out.before.heap) / calls };
  };
  return { calls, package: one("package"), hand: one("hand") };
}

if (process.argv[2] === "child") await child(process.argv[3], Number(process.argv[4]));
else if (process.argv[2] === "print") console.log(JSON.stringify(measure(), null, 1));
