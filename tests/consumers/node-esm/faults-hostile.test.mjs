// The fault run through the sandbox's faults and a hostile proxy
// (tests/support/fault-hostile.mjs), the orders run here with the package
// imported as ESM.
import { test } from "node:test";
import * as mod from "vesicash-edge";
import { runFaultRun } from "../../support/fault-run.mjs";
import { checkHostileFaultRun, startHostileFaults } from "../../support/fault-hostile.mjs";

const ORDERS = 120;

test("Node ESM: 120 orders through the sandbox's faults and a hostile proxy", { timeout: 300_000 }, async (t) => {
  const stack = await startHostileFaults(t);
  const out = await runFaultRun(mod, { ...stack.keys, orders: ORDERS, concurrency: 16, prefix: "hostile" });
  await checkHostileFaultRun(out, stack, { orders: ORDERS, label: "Node ESM hostile fault run" });
});
