// The packed package inside real workerd (wrangler dev): the flow runs in the
// Worker, against the sandbox process, and is checked here.
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { startWrangler } from "../../support/processes.mjs";
import { checkFlow } from "../../support/flow-checks.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));

test("workerd: init → pay → status on the wire, and typed errors", async (t) => {
  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "50"] });
  t.after(() => sandbox.stop());
  const worker = await startWrangler(config);
  t.after(() => worker.stop());
  const keys = { baseUrl: sandbox.url, publicKey: sandbox.publicKey, secretKey: sandbox.secretKey };
  const res = await fetch(`${worker.url}/flow`, { method: "POST", body: JSON.stringify(keys) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`worker answered ${res.status}: ${text}\n${worker.output()}`);
  checkFlow(JSON.parse(text), await sandbox.requests(), keys);
});
