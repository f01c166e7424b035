// `require("vesicash-edge/webhooks")` from the packed package: synchronous
// right after require(), every shared vector through both HMAC paths, the
// differential test, and no client in the module.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const hooks = require("vesicash-edge/webhooks");

const doc = JSON.parse(readFileSync(join(__dirname, "../../vectors/webhook.json"), "utf8"));

test("CJS webhooks entry: synchronous after require(), and nothing of the client", async () => {
  const c = doc.cases[0];
  assert.equal(hooks.verifyWebhook(c.body, Object.fromEntries(c.headers), c.secrets[0], { now: c.now }).data.reference, c.expect.reference);
  const { checkWebhooksModule } = await import("../../support/webhooks-entry-checks.mjs");
  checkWebhooksModule(hooks, { hostHmac: "node:crypto" });
  assert.equal(require.resolve("vesicash-edge/webhooks").endsWith(join("dist", "webhooks.cjs")), true);
});

test("CJS webhooks entry: every vector, through the host's HMAC and the wasm one", async () => {
  const { runVectors } = await import("../../vectors/runner.mjs");
  const { checkVectorReport } = await import("../../support/webhooks-entry-checks.mjs");
  checkVectorReport(runVectors(hooks, doc), doc, ["node:crypto", "wasm"]);
});

test("CJS webhooks entry: host and wasm HMAC agree on random deliveries (seeded)", async () => {
  const { runDifferential } = await import("../../vectors/differential.mjs");
  const { checkDifferential } = await import("../../support/webhooks-entry-checks.mjs");
  checkDifferential(runDifferential(hooks, { seed: 21, cases: 200 }), { cases: 200, hmac: ["node:crypto"] });
});
