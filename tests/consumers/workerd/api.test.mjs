// The v1 API beyond the flow from the packed package inside real workerd
// (wrangler dev), against the sandbox process; checked here with the
// sandbox's records.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { startReceiver } from "../../../sandbox/testkit.mjs";
import { startWrangler } from "../../support/processes.mjs";

const config = fileURLToPath(new URL("./wrangler.toml", import.meta.url));

test("workerd: list, listAll, charge, refunds, payouts, countries, secret rotation", { timeout: 120_000 }, async (t) => {
  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "50"] });
  t.after(() => sandbox.stop());
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const worker = await startWrangler(config);
  t.after(() => worker.stop());
  const body = {
    baseUrl: sandbox.url,
    publicKey: sandbox.publicKey,
    secretKey: sandbox.secretKey,
    webhookUrl: `${receiver.url}/hooks`,
    phone: "260970000001",
  };
  const res = await fetch(`${worker.url}/api`, { method: "POST", body: JSON.stringify(body) });
  const text = await res.text();
  assert.equal(res.status, 200, `${text}\n${worker.output()}`);
  const r = JSON.parse(text);
  assert.deepEqual(
    r.countries.ok.map((c) => c.id),
    [1, 2],
  );
  assert.deepEqual(r.badCharge.error, { name: "VesicashError", code: "validation_error", field: "phone_number", retryable: false });
  const payments = await sandbox.payments();
  assert.equal(payments.length, 1, "the invalid charge left no orphan payment");
  assert.equal(payments[0].pay_attempts, 1);
  assert.equal(r.final.ok.status, "successful");
  assert.match(r.refund.ok.reference, /^RF_/);
  assert.match(r.payout.ok.reference, /^PO_/);
  assert.deepEqual([r.page.ok.total, r.page.ok.items.length], [1, 1]);
  assert.deepEqual(r.all, [r.charge.ok.reference]);
  assert.match(r.rotated.ok.webhook_secret, /^whsec_/);
  const requests = (await sandbox.requests()).filter((q) => q.path.startsWith("/v1/"));
  const posts = (path) => requests.filter((q) => q.method === "POST" && q.path === path).length;
  assert.deepEqual(
    [
      posts("/v1/payment/init"),
      posts("/v1/payment/refunds/process"),
      posts("/v1/payment/payouts/process"),
      posts("/v1/account/generate-webhook-secret"),
    ],
    [1, 1, 1, 1],
  );
});
