// The packed package inside real workerd (wrangler dev) takes 200 orders
// through a sandbox that faults about 30 % of API requests. The orders run in
// the Worker in batches (one Worker request per batch, two at a time, so no
// request runs for long); the sandbox's records for all of them are checked here.
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { startWrangler } from "../../support/processes.mjs";
import { checkFaultRun, FAULT_CONFIG, FAULT_SANDBOX_ARGS, runFaultBatches } from "../../support/fault-checks.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));
const BATCHES = 10;
const PER_BATCH = 20;

test("workerd: 200 orders through ~30 % injected faults, no duplicate payment or prompt", { timeout: 600_000 }, async (t) => {
  const sandbox = await startSandbox({ args: FAULT_SANDBOX_ARGS });
  t.after(() => sandbox.stop());
  const worker = await startWrangler(config);
  t.after(() => worker.stop());
  await sandbox.setFaults(FAULT_CONFIG);
  const keys = { baseUrl: sandbox.url, publicKey: sandbox.publicKey, secretKey: sandbox.secretKey };

  const out = await runFaultBatches(worker, keys, {
    batches: BATCHES,
    perBatch: PER_BATCH,
    prefix: "wd",
  });
  const summary = await checkFaultRun(out, sandbox, { orders: BATCHES * PER_BATCH, start: 0, prefix: "wd", label: "workerd fault run" });
  console.log(`fault run summary: ${JSON.stringify({ ...summary, workerRequests: BATCHES, ordersPerRequest: PER_BATCH }, null, 2)}`);
});
