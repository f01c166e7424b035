// The hostile API (tests/support/hostile-api.mjs) against the packed package
// inside real workerd; the server's own records are checked here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startWrangler } from "../../support/processes.mjs";
import { startHostileApi } from "../../support/hostile-api.mjs";
import { checkTrustReport } from "../../support/trust-node.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));

test("workerd: nothing the network says is taken on trust", { timeout: 240_000 }, async (t) => {
  const server = await startHostileApi();
  t.after(() => server.stop());
  const worker = await startWrangler(config);
  t.after(() => worker.stop());
  const res = await fetch(`${worker.url}/trust`, { method: "POST", body: JSON.stringify({ url: server.url }), signal: AbortSignal.timeout(200_000) });
  const text = await res.text();
  assert.equal(res.status, 200, `${text}\n${worker.output()}`);
  checkTrustReport(t, JSON.parse(text), await server.records());
  // A rejected hook promise or a late attempt would show as an uncaught error in workerd's output.
  assert.doesNotMatch(worker.output(), /Uncaught|unhandled|unreachable|RuntimeError/i);
});
