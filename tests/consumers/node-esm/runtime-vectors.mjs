// Run by webhooks-runtimes.test.mjs under Deno and Bun (not a test file
// itself): the packed package's two entries verify every shared vector through
// both HMAC paths, and the differential test, in that runtime. Prints JSON.
import { readFileSync } from "node:fs";
import * as whole from "vesicash-edge";
import * as hooks from "vesicash-edge/webhooks";
import { runDifferential } from "../../vectors/differential.mjs";
import { runVectors } from "../../vectors/runner.mjs";

const doc = JSON.parse(readFileSync(new URL("../../vectors/webhook.json", import.meta.url), "utf8"));
const summary = (r) => ({
  passed: r.passed,
  total: r.total,
  final: r.final.ok,
  hmac: r.hmac,
  failed: r.cases.filter((c) => !c.pass).map((c) => [c.name, c.failures]),
});
const out = {};
for (const [name, api] of Object.entries({ whole, hooks })) {
  out[name] = { vectors: summary(runVectors(api, doc)), differential: runDifferential(api, { seed: 23, cases: 150 }) };
}
console.log(JSON.stringify(out));
