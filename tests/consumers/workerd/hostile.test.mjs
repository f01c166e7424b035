// Hostile arguments (tests/support/hostile.mjs) against the packed package
// inside real workerd (wrangler dev); the report is checked here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startWrangler } from "../../support/processes.mjs";
import { HOSTILE_ROUNDS, hostileProblems } from "../../support/hostile.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));

test("workerd: tens of thousands of hostile arguments", { timeout: 180_000 }, async (t) => {
  const worker = await startWrangler(config);
  t.after(() => worker.stop());
  const res = await fetch(`${worker.url}/hostile`, {
    method: "POST",
    body: JSON.stringify({ rounds: HOSTILE_ROUNDS, seed: 3 }),
    signal: AbortSignal.timeout(150_000),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${text}\n${worker.output()}`);
  const report = JSON.parse(text);
  t.diagnostic(`${report.calls} calls: ${report.ok} ok, ${report.vesicashErrors} VesicashErrors, ${report.callerErrors} caller exceptions`);
  for (const [gap, n] of Object.entries(report.webhookGaps)) t.diagnostic(`webhook gap (reported to its owners), ${n}x: ${gap}`);
  assert.deepEqual(hostileProblems(report), []);
  // A trap or a stray exception inside workerd would show in its output.
  assert.doesNotMatch(worker.output(), /Uncaught|unreachable|RuntimeError/);
});
