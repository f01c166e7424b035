// `require("vesicash-edge/webhooks")` from the packed package: synchronous
// right after require(), every shared vector through both HMAC paths, the
// differential test, and no client in the module.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const hooks = require("vesicash-edge/webhooks");

const doc = JSON.parse(readFileSync(join(__dirname, "../../vectors/webhook.json"), "utf8"));

test("CJS webhooks entry: synchronous after require(), and nothing of the client", () => {
  const c = doc.cases[0];
  assert.equal(hooks.verifyWebhook(c.body, Object.fromEntries(c.headers), c.secrets[0], { now: c.now }).data.reference, c.expect.reference);
  assert.deepEqual(Object.keys(hooks).sort(), [
    "VesicashError",
    "WebhookVerificationError",
    "WebhookVerifier",
    "createNodeWebhookHandler",
    "createWebhookHandler",
    "signWebhook",
    "toNodeHandler",
    "verifyWebhook",
  ]);
  assert.equal(require.resolve("vesicash-edge/webhooks").endsWith(join("dist", "webhooks.cjs")), true);
});

test("CJS webhooks entry: every vector, through the host's HMAC and the wasm one", async () => {
  const { runVectors } = await import("../../vectors/runner.mjs");
  const report = runVectors(hooks, doc);
  assert.deepEqual(
    report.cases.filter((c) => !c.pass).map((c) => [c.name, c.failures]),
    [],
  );
  assert.equal(report.final.ok, true);
  assert.deepEqual(report.hmac, ["node:crypto", "wasm"]);
});

test("CJS webhooks entry: host and wasm HMAC agree on random deliveries (seeded)", async () => {
  const { runDifferential } = await import("../../vectors/differential.mjs");
  const r = runDifferential(hooks, { seed: 21, cases: 200 });
  assert.deepEqual(r.disagreements, []);
  assert.ok(r.accepted >= 20 && r.refused >= 20, JSON.stringify(r));
});
