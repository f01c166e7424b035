// Hostile arguments (tests/support/hostile.mjs) against the packed package
// imported as ESM: every failure typed or the caller's own, the instance
// still working, nothing thrown or rejected out of band.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as api from "vesicash-edge";
import { HOSTILE_ROUNDS, hostileProblems, runHostile } from "../../support/hostile.mjs";

test("Node ESM: tens of thousands of hostile arguments", { timeout: 120_000 }, async (t) => {
  const stray = [];
  const onStray = (e) => stray.push(String(e?.stack ?? e));
  process.on("uncaughtException", onStray);
  process.on("unhandledRejection", onStray);
  t.after(() => {
    process.off("uncaughtException", onStray);
    process.off("unhandledRejection", onStray);
  });
  const report = await runHostile(api, { rounds: HOSTILE_ROUNDS, seed: 1 });
  t.diagnostic(`${report.calls} calls: ${report.ok} ok, ${report.vesicashErrors} VesicashErrors, ${report.callerErrors} caller exceptions`);
  for (const [gap, n] of Object.entries(report.webhookGaps)) t.diagnostic(`webhook gap (reported to its owners), ${n}x: ${gap}`);
  assert.deepEqual(hostileProblems(report), []);
  // Exceptions from inside wasm futures would surface here, not in the calls.
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(stray, []);
});
