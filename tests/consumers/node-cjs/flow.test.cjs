// The packed package, loaded with require() by a CommonJS project: proves the
// CJS entry initialises synchronously (no top-level await).
const { test } = require("node:test");
const assert = require("node:assert/strict");
const mod = require("vesicash-edge");

test("Node CJS: require() gives a ready module", () => {
  assert.equal(typeof mod.Vesicash, "function");
  assert.ok(new mod.VesicashError("x", { code: "api_error" }) instanceof Error);
  // A synchronous call into wasm right after require(): initialised already.
  assert.equal(mod.paymentOutcome("successful"), "paid");
});

test("Node CJS: init → pay → status on the wire, and typed errors", async (t) => {
  const { startSandbox } = await import("../../../sandbox/spawn.mjs");
  const { runFlow } = await import("../../support/flow.mjs");
  const { checkFlow } = await import("../../support/flow-checks.mjs");
  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "50"] });
  t.after(() => sandbox.stop());
  const keys = { baseUrl: sandbox.url, publicKey: sandbox.publicKey, secretKey: sandbox.secretKey };
  const out = await runFlow(mod, keys);
  checkFlow(out, await sandbox.requests(), keys);
});
