// `vesicash-edge/webhooks` inside real workerd (wrangler dev, nodejs_compat):
// a Worker that imports only the subpath verifies every shared vector through
// node:crypto and through the wasm SHA-256, the two agree on random
// deliveries, and the module it uploads is the webhook-only one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startWrangler } from "../../support/processes.mjs";

const config = fileURLToPath(new URL("./wrangler-webhooks.toml", import.meta.url));
const vectors = readFileSync(new URL("../../vectors/webhook.json", import.meta.url), "utf8");

async function post(worker, path, body) {
  const res = await fetch(`${worker.url}${path}`, { method: "POST", body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`worker answered ${res.status}: ${text}\n${worker.output()}`);
  return JSON.parse(text);
}

test("workerd webhooks entry: vectors through both HMAC paths, the differential test, no client", async (t) => {
  const worker = await startWrangler(config);
  t.after(() => worker.stop());
  const exports = await (await fetch(`${worker.url}/exports`)).json();
  assert.deepEqual(exports, [
    "VesicashError",
    "WebhookVerificationError",
    "WebhookVerifier",
    "createNodeWebhookHandler",
    "createWebhookHandler",
    "signWebhook",
    "toNodeHandler",
    "verifyWebhook",
  ]);
  const report = await post(worker, "/webhook-vectors", vectors);
  assert.deepEqual(
    report.cases.filter((c) => !c.pass).map((c) => [c.name, c.failures]),
    [],
  );
  assert.equal(report.passed, JSON.parse(vectors).cases.length);
  assert.equal(report.final.ok, true);
  assert.deepEqual(report.hmac, ["node:crypto", "wasm"], "nodejs_compat gives the host's HMAC");
  const diff = await post(worker, "/differential", JSON.stringify({ seed: 22, cases: 200 }));
  assert.deepEqual(diff.disagreements, []);
  assert.deepEqual(diff.hmac, ["node:crypto"]);
  assert.ok(diff.accepted >= 20 && diff.refused >= 20, JSON.stringify(diff));
});
