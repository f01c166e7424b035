// The fault run through the sandbox's faults and a hostile proxy
// (tests/support/fault-hostile.mjs), the orders run here with the package
// loaded with require(): the same setup and checks as Node ESM.
const { test } = require("node:test");
const mod = require("vesicash-edge");

const ORDERS = 120;

test("Node CJS: 120 orders through the sandbox's faults and a hostile proxy", { timeout: 300_000 }, async (t) => {
  const { runFaultRun } = await import("../../support/fault-run.mjs");
  const { checkHostileFaultRun, startHostileFaults } = await import("../../support/fault-hostile.mjs");
  // Another seed than Node ESM's: the proxy's answers fall on other calls.
  const stack = await startHostileFaults(t, { seed: 18 });
  const out = await runFaultRun(mod, { ...stack.keys, orders: ORDERS, concurrency: 16, prefix: "cjshostile" });
  await checkHostileFaultRun(out, stack, { orders: ORDERS, label: "Node CJS hostile fault run" });
});
