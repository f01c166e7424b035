// `vesicash-edge/webhooks` inside real workerd (wrangler dev, nodejs_compat):
// a Worker that imports only the subpath verifies every shared vector through
// node:crypto and through the wasm SHA-256, the two agree on random
// deliveries, and the module it uploads is the webhook-only one.
import { test } from "node:test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startWrangler } from "../../support/processes.mjs";
import { checkDifferential, checkVectorReport, checkWebhooksExports } from "../../support/webhooks-entry-checks.mjs";

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
  checkWebhooksExports(await (await fetch(`${worker.url}/exports`)).json());
  // nodejs_compat gives the host's HMAC: both paths run.
  checkVectorReport(await post(worker, "/webhook-vectors", vectors), JSON.parse(vectors), ["node:crypto", "wasm"]);
  checkDifferential(await post(worker, "/differential", JSON.stringify({ seed: 22, cases: 200 })), { cases: 200, hmac: ["node:crypto"] });
});
