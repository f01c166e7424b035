// payments.waitForFinal from the packed package, imported as ESM by a Node
// project: each case of tests/support/wait-cases.mjs runs here against real
// sandbox processes, and is checked with the sandbox's own records.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as mod from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { WAIT_CASES, WAIT_SANDBOXES, runWaitCase, checkWaitCase } from "../../support/wait-cases.mjs";

test("Node ESM: payments.waitForFinal", { timeout: 180_000 }, async (t) => {
  const sandboxes = {};
  for (const [name, args] of Object.entries(WAIT_SANDBOXES)) {
    const sb = await startSandbox({ args });
    t.after(() => sb.stop());
    sandboxes[name] = sb;
  }
  for (const name of Object.keys(WAIT_CASES)) {
    await t.test(name, async () => {
      const sb = sandboxes[WAIT_CASES[name].sandbox];
      const result = await runWaitCase(mod, { case: name, baseUrl: sb.url, publicKey: sb.publicKey, secretKey: sb.secretKey, prefix: "node" });
      const problems = checkWaitCase(result, { requests: await sb.requests(), payment: await sb.payment(result.reference) });
      assert.deepEqual(problems, [], `case ${name}:\n${JSON.stringify(result, null, 2)}`);
    });
  }
});
