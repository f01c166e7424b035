// The fault run (tests/support/fault-run.mjs) with a hostile proxy of our own
// (tests/support/hostile-api.mjs --proxy) between the client and the faulty
// sandbox: besides the sandbox's faults, answers about another payment, with
// another amount, redirects to another origin and to itself, and keys echoed
// in messages and request ids. The sandbox's records still decide: one
// payment per order, one pay request and one prompt each; the proxy's: no
// request at the other origin; the run's: no key in any error.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as mod from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { runFaultRun } from "../../support/fault-run.mjs";
import { checkFaultRun, FAULT_CONFIG, FAULT_SANDBOX_ARGS } from "../../support/fault-checks.mjs";
import { startHostileApi } from "../../support/hostile-api.mjs";

const ORDERS = 120;
/** Share of the proxy's requests answered wrongly, on top of the sandbox's faults. */
const HOSTILE_RATE = 0.1;

test("Node ESM: 120 orders through the sandbox's faults and a hostile proxy", { timeout: 300_000 }, async (t) => {
  const sandbox = await startSandbox({ args: FAULT_SANDBOX_ARGS });
  t.after(() => sandbox.stop());
  await sandbox.setFaults(FAULT_CONFIG);
  const proxy = await startHostileApi(["--proxy", sandbox.url, "--rate", String(HOSTILE_RATE), "--seed", "17"]);
  t.after(() => proxy.stop());
  const keys = { baseUrl: proxy.url, publicKey: sandbox.publicKey, secretKey: sandbox.secretKey };
  const out = await runFaultRun(mod, { ...keys, orders: ORDERS, concurrency: 16, prefix: "hostile" });
  const summary = await checkFaultRun(out, sandbox, { orders: ORDERS, label: "Node ESM hostile fault run" });
  const records = await proxy.records();
  const byKind = {};
  for (const r of records.main) if (r.kind) byKind[`${r.call} ${r.kind}`] = (byKind[`${r.call} ${r.kind}`] ?? 0) + 1;
  console.log(`hostile fault run: ${JSON.stringify({ ...summary, hostileByKind: byKind, otherOrigin: records.other.length }, null, 2)}`);
  assert.equal(records.other.length, 0, "a request reached the other origin");
  // Every hostile kind happened at least once, so each was survived, not skipped.
  for (const kind of [
    "init wrongref-after",
    "init wrongamt-after",
    "pay wrongref-after",
    "pay redirself-after",
    "pay redirother-before",
    "get redirother-before",
    "get echo-before",
  ])
    assert.ok(byKind[kind] >= 1, `no ${kind} in ${JSON.stringify(byKind)}`);
});
