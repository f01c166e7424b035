// The fault run (tests/support/fault-run.mjs) with a hostile proxy of our own
// (tests/support/hostile-api.mjs --proxy) between the client and the faulty
// sandbox, set up and checked the same way for every consumer (Node ESM and
// CJS run the orders in this process, workerd in its Worker): besides the
// sandbox's faults, answers about another payment, with another amount,
// redirects to another origin and to itself, and keys echoed in messages and
// request ids. The sandbox's records still decide: one payment per order, one
// pay request and one prompt each; the proxy's: no request at the other
// origin; the run's: no key in any error.
import assert from "node:assert/strict";
import { startSandbox } from "../../sandbox/spawn.mjs";
import { checkFaultRun, FAULT_CONFIG, FAULT_SANDBOX_ARGS } from "./fault-checks.mjs";
import { startHostileApi } from "./hostile-api.mjs";

/** Share of the proxy's requests answered wrongly, on top of the sandbox's faults. */
const HOSTILE_RATE = 0.1;
/** Hostile kinds (call and kind, as the proxy records them) each run must have met at least once. */
const REQUIRED_KINDS = [
  "init wrongref-after",
  "init wrongamt-after",
  "pay wrongref-after",
  "pay redirself-after",
  "pay redirother-before",
  "get redirother-before",
  "get echo-before",
];

/**
 * Starts the faulty sandbox and the hostile proxy in front of it (both stopped
 * after the test); `seed` picks the proxy's draws. Resolves to
 * `{ sandbox, proxy, keys }`, `keys` pointing a client at the proxy.
 */
export async function startHostileFaults(t, { seed = 17 } = {}) {
  const sandbox = await startSandbox({ args: FAULT_SANDBOX_ARGS });
  t.after(() => sandbox.stop());
  await sandbox.setFaults(FAULT_CONFIG);
  const proxy = await startHostileApi(["--proxy", sandbox.url, "--rate", String(HOSTILE_RATE), "--seed", String(seed)]);
  t.after(() => proxy.stop());
  return { sandbox, proxy, keys: { baseUrl: proxy.url, publicKey: sandbox.publicKey, secretKey: sandbox.secretKey } };
}

/**
 * Checks a run (`out`: runFaultRun's result, or mergeFaultRuns' of batches)
 * against the sandbox's and the proxy's records, and that every required
 * hostile kind happened (so each was survived, not skipped). `expect` as for
 * checkFaultRun ({orders, start, prefix, label}).
 */
export async function checkHostileFaultRun(out, { sandbox, proxy }, expect) {
  const summary = await checkFaultRun(out, sandbox, expect);
  const records = await proxy.records();
  const byKind = {};
  for (const r of records.main) if (r.kind) byKind[`${r.call} ${r.kind}`] = (byKind[`${r.call} ${r.kind}`] ?? 0) + 1;
  console.log(`${expect.label}: ${JSON.stringify({ ...summary, hostileByKind: byKind, otherOrigin: records.other.length }, null, 2)}`);
  assert.equal(records.other.length, 0, "a request reached the other origin");
  assert.deepEqual(
    REQUIRED_KINDS.filter((kind) => !(byKind[kind] >= 1)),
    [],
    `hostile kinds never met: ${JSON.stringify(byKind)}`,
  );
}
