// Hostile arguments (tests/support/hostile.mjs) against the packed package
// loaded with require(): the CommonJS bundle has its own copy of the glue.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const api = require("vesicash-edge");

test("Node CJS: tens of thousands of hostile arguments", { timeout: 120_000 }, async (t) => {
  const { HOSTILE_ROUNDS, hostileProblems, runHostile } = await import("../../support/hostile.mjs");
  const stray = [];
  const onStray = (e) => stray.push(String(e?.stack ?? e));
  process.on("uncaughtException", onStray);
  process.on("unhandledRejection", onStray);
  t.after(() => {
    process.off("uncaughtException", onStray);
    process.off("unhandledRejection", onStray);
  });
  const report = await runHostile(api, { rounds: HOSTILE_ROUNDS, seed: 2 });
  t.diagnostic(`${report.calls} calls: ${report.ok} ok, ${report.vesicashErrors} VesicashErrors, ${report.callerErrors} caller exceptions`);
  for (const [gap, n] of Object.entries(report.webhookGaps)) t.diagnostic(`webhook gap (reported to its owners), ${n}x: ${gap}`);
  assert.deepEqual(hostileProblems(report), []);
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(stray, []);
});
