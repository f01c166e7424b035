// Memory across long runs, in a fresh Node process with --expose-gc: the
// wasm module's memory and the process's external memory (ArrayBuffers,
// the .wasm's backing store) before and after 1,000,000 verifications (every
// other one a bad signature, which throws) and 100,000 request builds.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const SELF = fileURLToPath(import.meta.url);

async function child(verifications, builds) {
  const api = await import("../pkg/entry/node.mjs");
  const { webhookMemory } = await import("../pkg/dist/vesicash_edge.js");
  const { body, SECRET } = await import("./verifiers.mjs");
  const text = body(1024);
  const headers = api.signWebhook(text, SECRET);
  const bad = { ...headers, "mor-signature": "0".repeat(64) };
  const verifier = new api.WebhookVerifier(SECRET);
  const client = new api.Vesicash({ publicKey: "morPub_test_bench", secretKey: "morSec_test_bench", baseUrl: "http://127.0.0.1:9" });
  const params = {
    amount: 1.3,
    currency: "ZMW",
    country: "ZM",
    method: "mobilemoney",
    narration: "bench",
    webhook_url: "https://shop.example/hooks/vesicash",
    redirect_url: "https://shop.example/done",
  };
  const snapshot = () => {
    globalThis.gc();
    return { wasm: webhookMemory().buffer.byteLength, external: process.memoryUsage().external };
  };
  // One round of each first, so lazily created state is counted as "before".
  const work = (verifies, buildsN) => {
    let refused = 0;
    for (let i = 0; i < verifies; i++) {
      try {
        verifier.verify(text, i % 2 ? bad : headers);
      } catch (e) {
        if (e.code !== "signature_mismatch") throw e;
        refused++;
      }
    }
    for (let i = 0; i < buildsN; i++) client.requests.initialize(params);
    return refused;
  };
  work(1000, 1000);
  const before = snapshot();
  const refused = work(verifications, builds);
  const after = snapshot();
  process.stdout.write(JSON.stringify({ before, after, verifications, refused, builds }));
}

/** `{ before, after, verifications, refused, builds }` (bytes), from a fresh process. */
export function measure({ verifications = 1_000_000, builds = 100_000 } = {}) {
  const out = execFileSync(process.execPath, ["--expose-gc", SELF, "child", String(verifications), String(builds)], {
    encoding: "utf8",
    timeout: 600_000,
  });
  return JSON.parse(out);
}

if (process.argv[2] === "child") await child(Number(process.argv[3]), Number(process.argv[4]));
