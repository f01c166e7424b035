// The Node side of the hostile API's cases (tests/support/trust-cases.mjs):
// runs them in this process against a fresh hostile API (Node ESM and CJS hand
// in the package they loaded), and checks a report from any runtime (workerd's
// comes back as JSON) against the server's own records.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { startHostileApi } from "./hostile-api.mjs";
import { runTrustCases, trustCounts, trustProblems } from "./trust-cases.mjs";

/** A common wrapper that rebuilds `init` and drops its signal. */
export const fetchIgnoringSignal = (url, { signal: _ignored, ...init }) => fetch(url, init);

/** Prints each case's code and the counts, then asserts that the report and the records hold no problem. */
export function checkTrustReport(t, report, records) {
  for (const c of report.cases)
    t.diagnostic(`${c.name}: ${c.code}${c.elapsedMs === undefined ? "" : ` (${c.elapsedMs} ms, deadline ${c.deadlineMs} ms)`}`);
  t.diagnostic(JSON.stringify(trustCounts(report, records)));
  assert.deepEqual(trustProblems(report, records), []);
}

/**
 * Runs every case with `api` (the package as this consumer loaded it) against
 * a hostile API of its own, and checks the report, the records and that no
 * rejection went unhandled (a rejecting hook, a late abandoned attempt).
 */
export async function checkTrustInNode(t, api) {
  const server = await startHostileApi();
  t.after(() => server.stop());
  const rejections = [];
  const onRejection = (e) => rejections.push(e);
  process.on("unhandledRejection", onRejection);
  t.after(() => process.off("unhandledRejection", onRejection));

  const report = await runTrustCases(api, { url: server.url, inspect, fetchIgnoringSignal });
  // Late results of abandoned attempts settle after their calls: give them a turn.
  await new Promise((r) => setTimeout(r, 500));
  checkTrustReport(t, report, await server.records());
  assert.equal(rejections.length, 0, `unhandled rejections: ${rejections.map(String).join("; ")}`);
}
