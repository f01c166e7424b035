// The webhook vectors inside real workerd (wrangler dev): the Worker runs
// every case with the packed package and reports per-case results.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startWrangler } from "../../support/processes.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));
const vectors = readFileSync(new URL("../../vectors/webhook.json", import.meta.url), "utf8");

test("workerd: every webhook vector, then a good delivery", async (t) => {
  const worker = await startWrangler(config);
  t.after(() => worker.stop());
  const res = await fetch(`${worker.url}/webhook-vectors`, { method: "POST", body: vectors });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`worker answered ${res.status}: ${text}\n${worker.output()}`);
  const report = JSON.parse(text);
  const failed = report.cases.filter((c) => !c.pass).map((c) => `${c.name}:\n  ${c.failures.join("\n  ")}`);
  assert.deepEqual(failed, []);
  assert.equal(report.total, JSON.parse(vectors).cases.length);
  assert.equal(report.passed, report.total);
  assert.ok(report.cases.every((c) => c.variants >= 1));
  assert.equal(report.final.ok, true, "a good verify after every negative case");
  t.diagnostic(`workerd: ${report.passed}/${report.total} vectors, ${report.cases.reduce((n, c) => n + c.variants, 0)} runs`);
});
