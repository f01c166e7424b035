// The packed package, imported as ESM by a Node project, takes 200 orders
// through a sandbox that faults about 30 % of API requests (5xx, 429, dropped
// sockets, HTML pages, cut bodies, stalled bodies). The sandbox's own records
// decide: one payment per order, one pay request and one prompt each, every
// payment final as its phone says, no call past its deadline.
import { test } from "node:test";
import * as mod from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { runFaultRun } from "../../support/fault-run.mjs";
import { checkFaultRun, FAULT_CONFIG, FAULT_SANDBOX_ARGS } from "../../support/fault-checks.mjs";

const ORDERS = 200;

test("Node ESM: 200 orders through ~30 % injected faults, no duplicate payment or prompt", { timeout: 300_000 }, async (t) => {
  const sandbox = await startSandbox({ args: FAULT_SANDBOX_ARGS });
  t.after(() => sandbox.stop());
  await sandbox.setFaults(FAULT_CONFIG);
  const keys = { baseUrl: sandbox.url, publicKey: sandbox.publicKey, secretKey: sandbox.secretKey };
  const out = await runFaultRun(mod, { ...keys, orders: ORDERS, concurrency: 16, prefix: "node" });
  const summary = await checkFaultRun(out, sandbox, { orders: ORDERS, label: "Node ESM fault run" });
  console.log(`fault run summary: ${JSON.stringify(summary, null, 2)}`);
});
