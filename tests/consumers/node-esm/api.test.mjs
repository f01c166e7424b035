// The whole v1 API from the packed package, imported as ESM, against a real
// sandbox process (tests/support/api-tour.mjs).
import { test } from "node:test";
import * as mod from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { apiTour } from "../../support/api-tour.mjs";

test("Node ESM: the whole v1 API", { timeout: 120_000 }, async (t) => {
  const sb = await startSandbox({ args: ["--phone-delay-ms", "50"] });
  t.after(() => sb.stop());
  await apiTour(mod, sb, t);
});
