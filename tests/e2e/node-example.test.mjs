// examples/node end to end: the example server (with the packed package
// installed into examples/node/node_modules) against the sandbox, whose
// simulated phone answers each magic number differently and delivers the
// signed final-state webhook to the example's own /webhooks/vesicash.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { startSandbox } from "../../sandbox/spawn.mjs";
import { createServer } from "../../examples/node/server.mjs";

const WAIT_MS = 10_000; // bound on reaching a final state (expiry is 1.5 s)

let sandbox;
let server;
let base;

before(async () => {
  sandbox = await startSandbox({ args: ["--phone-delay-ms", "100", "--expiry-ms", "1500"] });
  server = createServer({
    baseUrl: sandbox.url,
    publicKey: sandbox.publicKey,
    secretKey: sandbox.secretKey,
    webhookSecret: sandbox.webhookSecret,
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  if (server?.listening) {
    const closed = once(server, "close");
    server.close();
    server.closeAllConnections();
    await closed;
  }
  await sandbox?.stop();
});

async function call(method, path, body, headers = {}) {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  return { status: res.status, body: await res.json() };
}

/** Polls the example's status route until the payment is final and its webhook was verified. */
async function waitForFinal(reference) {
  let last;
  try {
    return await sandbox.waitFor(
      async () => {
        last = await call("GET", `/payments/${reference}`);
        assert.equal(last.status, 200, JSON.stringify(last.body));
        const { outcome, webhook } = last.body;
        return outcome !== "pending" && webhook.received && webhook.status === last.body.status ? last.body : null;
      },
      { timeoutMs: WAIT_MS, intervalMs: 50 },
    );
  } catch (e) {
    e.message += `\nlast status answer: ${JSON.stringify(last?.body)}\nsandbox webhook log: ${JSON.stringify(await sandbox.webhooks())}`;
    throw e;
  }
}

const CASES = [
  { name: "approved", phone: "260970000001", status: "successful", outcome: "paid" },
  { name: "declined", phone: "260970000002", status: "failed", outcome: "failed", failure_reason: "DECLINED_TRANSACTION" },
  { name: "unanswered", phone: "260970000003", status: "expired", outcome: "failed" },
  { name: "insufficient funds", phone: "260970000004", status: "failed", outcome: "failed", failure_reason: "INSUFFICIENT_FUNDS" },
];

for (const c of CASES) {
  test(`node example: ${c.name} → ${c.status}${c.failure_reason ? ` (${c.failure_reason})` : ""}, webhook verified`, async () => {
    const checkout = await call("POST", "/checkout", { amount: 12.5, currency: "ZMW", country: "ZM", phone_number: c.phone });
    assert.equal(checkout.status, 201, JSON.stringify(checkout.body));
    const { reference } = checkout.body;
    assert.match(reference, /^order-[0-9a-f-]{36}$/);
    assert.equal(checkout.body.status, "pending");

    // What reached the sandbox: init with the example's own webhook URL, then the prompt.
    const internal = await sandbox.payment(reference);
    assert.equal(internal.webhook_url, `${base}/webhooks/vesicash`);
    assert.equal(internal.amount, 12.5);
    assert.equal(internal.phone_number, c.phone);

    const final = await waitForFinal(reference);
    assert.equal(final.reference, reference);
    assert.equal(final.status, c.status);
    assert.equal(final.outcome, c.outcome);
    assert.equal(final.failure_reason, c.failure_reason);
    assert.equal(final.payment.status, c.status);
    assert.deepEqual(
      final.webhook.events.map((e) => [e.event, e.status]),
      [["payment.updated", c.status]],
    );
    assert.equal(final.webhook.verified, true);

    // The sandbox's delivery was acknowledged with a 2xx on the first attempt.
    const deliveries = (await sandbox.webhooks()).filter((w) => JSON.parse(w.body).data.reference === reference);
    assert.deepEqual(
      deliveries.map((w) => [w.attempt, w.status]),
      [[1, 200]],
    );
  });
}

test("node example: a redelivered webhook is acknowledged once more but applied once", async () => {
  const { body } = await call("POST", "/checkout", { amount: "3.00", currency: "ZMW", country: "ZM", phone_number: "260970000001" });
  await waitForFinal(body.reference);
  const [delivery] = (await sandbox.webhooks()).filter((w) => JSON.parse(w.body).data.reference === body.reference);
  // Replay the exact signed delivery (still inside the timestamp tolerance).
  const again = await call("POST", "/webhooks/vesicash", delivery.body, delivery.headers);
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.deepEqual(again.body, { received: true, duplicate: true });
  const after = await call("GET", `/payments/${body.reference}`);
  assert.equal(after.body.webhook.events.length, 1);
  assert.equal(after.body.webhook.duplicates, 1);
});

test("node example: a forged webhook is rejected with signature_mismatch", async () => {
  const { body } = await call("POST", "/checkout", { amount: 1, currency: "ZMW", country: "ZM", phone_number: "260970000003" });
  const payload = JSON.stringify({ event: "payment.updated", data: { reference: body.reference, status: "successful" } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const forged = createHmac("sha256", "whsec_not_the_real_secret").update(`${timestamp}.${payload}`).digest("hex");
  const res = await call("POST", "/webhooks/vesicash", payload, { "mor-timestamp": timestamp, "mor-signature": forged });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, { error: "signature_mismatch" });

  // The real secret over a tampered body fails the same way.
  const real = createHmac("sha256", sandbox.webhookSecret).update(`${timestamp}.${payload}`).digest("hex");
  const tampered = await call("POST", "/webhooks/vesicash", payload.replace("successful", "successful "), {
    "mor-timestamp": timestamp,
    "mor-signature": real,
  });
  assert.deepEqual([tampered.status, tampered.body], [400, { error: "signature_mismatch" }]);

  // Nothing was recorded for the payment.
  const status = await call("GET", `/payments/${body.reference}`);
  assert.equal(status.body.webhook.received, false);
  assert.equal(status.body.status, "pending");
});

test("node example: bad checkout input is a 400 naming the field", async () => {
  const res = await call("POST", "/checkout", { amount: 1, currency: "zmw", country: "ZM", phone_number: "260970000001" });
  assert.equal(res.status, 400);
  assert.equal(res.body.error, "validation_error");
  assert.equal(res.body.field, "currency");
  const missing = await call("GET", "/payments/order-does-not-exist");
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error, "not_found");
});
