// The packed package, imported as ESM by a Node project, runs the flow
// against the sandbox process.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as mod from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { runFlow } from "../../support/flow.mjs";
import { checkFlow } from "../../support/flow-checks.mjs";

test("Node ESM: init → pay → status on the wire, and typed errors", async (t) => {
  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "50"] });
  t.after(() => sandbox.stop());
  const keys = { baseUrl: sandbox.url, publicKey: sandbox.publicKey, secretKey: sandbox.secretKey };
  const out = await runFlow(mod, keys);
  checkFlow(out, await sandbox.requests(), keys);
});

test("Node ESM: the secret key is not visible on the client object", () => {
  const secretKey = "morSec_test_NEVER_PRINTED";
  const client = new mod.Vesicash({ publicKey: "morPub_test_x", secretKey, baseUrl: "http://127.0.0.1:9" });
  for (const shown of [inspect(client, { depth: 5, showHidden: true }), JSON.stringify(client), String(client)]) {
    assert.ok(!shown.includes("NEVER_PRINTED"), shown);
  }
});
