// The hostile API (tests/support/hostile-api.mjs) against the packed package
// loaded with require(); the same cases as Node ESM and workerd.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { inspect } = require("node:util");
const api = require("vesicash-edge");

/** A common wrapper that rebuilds `init` and drops its signal. */
const fetchIgnoringSignal = (url, { signal: _ignored, ...init }) => fetch(url, init);

test("Node CJS: nothing the network says is taken on trust", { timeout: 180_000 }, async (t) => {
  const { startHostileApi } = await import("../../support/hostile-api.mjs");
  const { runTrustCases, trustCounts, trustProblems } = await import("../../support/trust-cases.mjs");
  const server = await startHostileApi();
  t.after(() => server.stop());
  const rejections = [];
  const onRejection = (e) => rejections.push(e);
  process.on("unhandledRejection", onRejection);
  t.after(() => process.off("unhandledRejection", onRejection));
  const report = await runTrustCases(api, { url: server.url, inspect, fetchIgnoringSignal });
  await new Promise((r) => setTimeout(r, 500));
  const records = await server.records();
  t.diagnostic(JSON.stringify(trustCounts(report, records)));
  assert.deepEqual(trustProblems(report, records), []);
  assert.equal(rejections.length, 0, `unhandled rejections: ${rejections.map(String).join("; ")}`);
});
