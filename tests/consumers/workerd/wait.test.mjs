// payments.waitForFinal from the packed package inside real workerd (wrangler
// dev): each case of tests/support/wait-cases.mjs runs in the Worker (one
// request per case) against real sandbox processes, and is checked here with
// the sandbox's own records.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { startWrangler } from "../../support/processes.mjs";
import { WAIT_CASES, WAIT_SANDBOXES, checkWaitCase } from "../../support/wait-cases.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));
const CASE_TIMEOUT_MS = 60_000;

test("workerd: payments.waitForFinal", { timeout: 300_000 }, async (t) => {
  const sandboxes = {};
  for (const [name, args] of Object.entries(WAIT_SANDBOXES)) {
    const sb = await startSandbox({ args });
    t.after(() => sb.stop());
    sandboxes[name] = sb;
  }
  const worker = await startWrangler(config);
  t.after(() => worker.stop());

  for (const name of Object.keys(WAIT_CASES)) {
    await t.test(name, async () => {
      const sb = sandboxes[WAIT_CASES[name].sandbox];
      const body = { case: name, baseUrl: sb.url, publicKey: sb.publicKey, secretKey: sb.secretKey, prefix: "wd" };
      const res = await fetch(`${worker.url}/wait`, { method: "POST", body: JSON.stringify(body), signal: AbortSignal.timeout(CASE_TIMEOUT_MS) });
      const text = await res.text();
      if (res.status === 404) throw new Error("the Worker has no /wait route: wire handleWait from src/wait.mjs into src/index.mjs");
      if (res.status !== 200) throw new Error(`case ${name}: worker answered ${res.status}: ${text}\n${worker.output()}`);
      const result = JSON.parse(text);
      const problems = checkWaitCase(result, { requests: await sb.requests(), payment: await sb.payment(result.reference) });
      assert.deepEqual(problems, [], `case ${name}:\n${JSON.stringify(result, null, 2)}`);
    });
  }
});
