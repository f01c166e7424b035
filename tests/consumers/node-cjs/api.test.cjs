// The whole v1 API from the packed package, loaded with require(), against a
// real sandbox process (the same tour as the ESM consumer).
const { test } = require("node:test");
const mod = require("vesicash-edge");

test("Node CJS: the whole v1 API", { timeout: 120_000 }, async (t) => {
  const { startSandbox } = await import("../../../sandbox/spawn.mjs");
  const { apiTour } = await import("../../support/api-tour.mjs");
  const sb = await startSandbox({ args: ["--phone-delay-ms", "50"] });
  t.after(() => sb.stop());
  await apiTour(mod, sb, t);
});
