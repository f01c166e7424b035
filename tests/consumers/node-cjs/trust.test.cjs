// The hostile API (tests/support/hostile-api.mjs) against the packed package
// loaded with require(); the same cases and checks as Node ESM (tests/support/trust-node.mjs).
const { test } = require("node:test");
const api = require("vesicash-edge");

test("Node CJS: nothing the network says is taken on trust", { timeout: 180_000 }, async (t) => {
  const { checkTrustInNode } = await import("../../support/trust-node.mjs");
  await checkTrustInNode(t, api);
});
