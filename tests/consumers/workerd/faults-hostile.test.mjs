// The fault run through the sandbox's faults and a hostile proxy
// (tests/support/fault-hostile.mjs), the orders run inside real workerd
// (wrangler dev) with the packed package: in batches, one Worker request per
// batch, two at a time, as tests/consumers/workerd/faults.test.mjs does.
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { startWrangler } from "../../support/processes.mjs";
import { runFaultBatches } from "../../support/fault-checks.mjs";
import { checkHostileFaultRun, startHostileFaults } from "../../support/fault-hostile.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));
const BATCHES = 6;
const PER_BATCH = 20;

test("workerd: 120 orders through the sandbox's faults and a hostile proxy", { timeout: 600_000 }, async (t) => {
  const stack = await startHostileFaults(t, { seed: 19 });
  const worker = await startWrangler(config);
  t.after(() => worker.stop());

  const out = await runFaultBatches(worker, stack.keys, {
    batches: BATCHES,
    perBatch: PER_BATCH,
    prefix: "wdhostile",
  });
  await checkHostileFaultRun(out, stack, {
    orders: BATCHES * PER_BATCH,
    start: 0,
    prefix: "wdhostile",
    label: "workerd hostile fault run",
  });
});
