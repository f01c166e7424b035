// The packed package against a hostile API of our own (tests/support/hostile-api.mjs,
// a separate process over loopback): answers about another payment, redirects to
// another origin and to itself, echoed keys, oversized bodies, a fetch that ignores
// its signal, rejecting hooks. Counts come from the server's own records.
import { test } from "node:test";
import assert from "node:assert/strict";
import v8 from "node:v8";
import vm from "node:vm";
import * as api from "vesicash-edge";
import { startHostileApi } from "../../support/hostile-api.mjs";
import { TRUST_KEYS } from "../../support/trust-cases.mjs";
import { checkTrustInNode } from "../../support/trust-node.mjs";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc");

test("Node ESM: nothing the network says is taken on trust", { timeout: 180_000 }, (t) => checkTrustInNode(t, api));

test("Node ESM: a 50 MB answer leaves no memory behind", { timeout: 120_000 }, async (t) => {
  const server = await startHostileApi();
  t.after(() => server.stop());
  const client = new api.Vesicash({ ...TRUST_KEYS, baseUrl: server.url, maxRetries: 0 });
  await client.payments.get("ok-00000001");
  gc();
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 4; i += 1) {
    const e = await client.payments.get(`bigchunk-0000000${i}`).catch((error) => error);
    assert.equal(e.code, "response_too_large", String(e));
    assert.match(e.message, /over the limit of 1048576 bytes/);
  }
  gc();
  const kept = process.memoryUsage().rss - before;
  t.diagnostic(`RSS kept after 4 answers of 50 MB each: ${(kept / 1048576).toFixed(1)} MiB`);
  // 200 MB were offered; at most the 1 MiB limit (and allocator slack) may stay.
  assert.ok(kept < 32 * 1048576, `kept ${kept} bytes`);
  // The client still works afterwards.
  assert.equal((await client.payments.get("ok-00000002")).reference, "ok-00000002");
});
