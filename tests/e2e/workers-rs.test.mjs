// examples/workers-rs end to end: the Rust Worker (built beforehand by
// scripts/build-workers-rs.sh) runs in real workerd under `wrangler dev`,
// receives the sandbox's real signed webhooks, and asks the sandbox for a
// payment's status through worker::Fetch.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../sandbox/spawn.mjs";
import { apiClient } from "../../sandbox/testkit.mjs";
import { sandboxVars, startWrangler } from "../support/processes.mjs";

const config = fileURLToPath(new URL("../../examples/workers-rs/wrangler.toml", import.meta.url));
const shim = fileURLToPath(new URL("../../examples/workers-rs/build/worker/shim.mjs", import.meta.url));

let sandbox;
let worker;
let api;

before(async () => {
  if (!existsSync(shim)) throw new Error(`${shim} is missing: run scripts/build-workers-rs.sh first`);
  sandbox = await startSandbox({ args: ["--phone-delay-ms", "100", "--expiry-ms", "1500"] });
  api = apiClient(sandbox);
  worker = await startWrangler(config, {
    vars: sandboxVars(sandbox),
  });
});

after(async () => {
  await worker?.stop();
  await sandbox?.stop();
});

async function call(method, path, { body, headers = {} } = {}) {
  const res = await fetch(worker.url + path, { method, headers, body, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`worker answered ${res.status} with non-JSON: ${text}\n--- wrangler output ---\n${worker.output()}`);
  }
}

/** A payment through the sandbox whose webhook_url is the Rust worker; resolves to its final delivery. */
async function paidThroughSandbox(phone) {
  const { reference } = await api.init(`${worker.url}/webhooks/vesicash`);
  const paid = await api.pay(reference, phone);
  assert.equal(paid.status, 200, paid.text);
  const deliveries = await sandbox.waitFor(
    async () => {
      const log = (await sandbox.webhooks()).filter((w) => JSON.parse(w.body).data.reference === reference);
      return log.some((w) => w.status !== null) ? log : null;
    },
    { timeoutMs: 15_000, intervalMs: 50 },
  );
  return { reference, deliveries };
}

for (const [name, phone, status] of [
  ["approved", "260970000001", "successful"],
  ["declined", "260970000002", "failed"],
]) {
  test(`workers-rs: the sandbox's signed webhook (${name}) is verified by the Rust worker`, async () => {
    const { reference, deliveries } = await paidThroughSandbox(phone);
    // The real delivery was accepted at once (a 400 would make the sandbox retry).
    assert.deepEqual(
      deliveries.map((d) => [d.attempt, d.status, d.error ?? null]),
      [[1, 200, null]],
      `${JSON.stringify(deliveries)}\n--- wrangler output ---\n${worker.output()}`,
    );
    // The same signed bytes again (inside the tolerance): the worker's answer names the event.
    const [delivery] = deliveries;
    const res = await call("POST", "/webhooks/vesicash", { body: delivery.body, headers: delivery.headers });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, {
      received: true,
      event: "payment.updated",
      reference,
      status,
      outcome: status === "successful" ? "paid" : "failed",
    });
  });
}

test("workers-rs: forged, tampered and unsigned webhooks are rejected", async () => {
  const payload = JSON.stringify({ event: "payment.updated", data: { reference: "PY_forged_0000000001", status: "successful" } });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const hmac = (secret, body) => createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");

  const forged = await call("POST", "/webhooks/vesicash", {
    body: payload,
    headers: { "content-type": "application/json", "mor-timestamp": timestamp, "mor-signature": hmac("whsec_wrong", payload) },
  });
  assert.deepEqual([forged.status, forged.body], [400, { error: "signature_mismatch" }]);

  // The real secret, but the body changed after signing.
  const tampered = await call("POST", "/webhooks/vesicash", {
    body: payload.replace("successful", "successful "),
    headers: { "content-type": "application/json", "mor-timestamp": timestamp, "mor-signature": hmac(sandbox.webhookSecret, payload) },
  });
  assert.deepEqual([tampered.status, tampered.body], [400, { error: "signature_mismatch" }]);

  const unsigned = await call("POST", "/webhooks/vesicash", { body: payload, headers: { "content-type": "application/json" } });
  assert.deepEqual([unsigned.status, unsigned.body], [400, { error: "missing_signature" }]);

  // The right secret and body are accepted: the rejections above are about the signature only.
  const genuine = await call("POST", "/webhooks/vesicash", {
    body: payload,
    headers: { "content-type": "application/json", "mor-timestamp": timestamp, "mor-signature": hmac(sandbox.webhookSecret, payload) },
  });
  assert.equal(genuine.status, 200, JSON.stringify(genuine.body));
  assert.equal(genuine.body.reference, "PY_forged_0000000001");
});

test("workers-rs: GET /payments/:reference goes to the sandbox with both keys and returns its payment", async () => {
  const { reference } = await api.init("http://127.0.0.1:9/unused");
  await api.pay(reference, "260970000004"); // insufficient funds
  const expected = await sandbox.waitFor(async () => {
    const p = await sandbox.payment(reference);
    return p.status !== "pending" ? p : null;
  });
  const before = (await sandbox.requests()).length;

  const res = await call("GET", `/payments/${reference}`);
  assert.equal(res.status, 200, `${JSON.stringify(res.body)}\n--- wrangler output ---\n${worker.output()}`);
  assert.equal(res.body.reference, reference);
  assert.equal(res.body.status, "failed");
  assert.equal(res.body.outcome, "failed");
  assert.equal(res.body.payment.failure_reason, "INSUFFICIENT_FUNDS");
  assert.equal(res.body.payment.amount, expected.amount);
  assert.equal(res.body.payment.id, expected.id);

  // Exactly one request reached the sandbox: GET with both keys, no body.
  const sent = (await sandbox.requests()).slice(before);
  assert.equal(sent.length, 1, JSON.stringify(sent));
  assert.equal(sent[0].method, "GET");
  assert.equal(sent[0].path, `/v1/payment/${reference}`);
  assert.equal(sent[0].headers["public-key"], sandbox.publicKey);
  assert.equal(sent[0].headers["secret-key"], sandbox.secretKey);
  assert.equal(sent[0].body, "");
  assert.equal(sent[0].fault, null);
});

test("workers-rs: GET /countries reads the countries through the Rust client, public key only", async () => {
  const before = (await sandbox.requests()).length;
  const res = await call("GET", "/countries");
  assert.equal(res.status, 200, `${JSON.stringify(res.body)}\n--- wrangler output ---\n${worker.output()}`);
  assert.deepEqual(res.body, [
    { id: 1, country_code: "ZM", currency_code: "ZMW" },
    { id: 2, country_code: "GH", currency_code: "GHS" },
  ]);
  const sent = (await sandbox.requests()).slice(before);
  assert.deepEqual(
    sent.map((r) => [r.method, r.path, r.headers["public-key"] === sandbox.publicKey, "secret-key" in r.headers]),
    [["GET", "/v1/countries", true, false]],
  );
});

test("workers-rs: an unknown reference is a 404 not_found, a malformed one a 400", async () => {
  const missing = await call("GET", "/payments/order-does-not-exist");
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error, "not_found");
  assert.ok(!JSON.stringify(missing.body).includes(sandbox.secretKey), "the secret key never appears in an answer");

  const bad = await call("GET", `/payments/${encodeURIComponent("a b")}`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error, "validation_error");
  assert.equal(bad.body.field, "reference");
});

test("workers-rs: the Rust client over worker::Fetch retries faulted answers (5xx, cut bodies), then answers", async () => {
  const { reference } = await api.init("http://127.0.0.1:9/unused");
  const path = `/v1/payment/${reference}`;
  const before = (await sandbox.requests()).length;
  // Two faults in a row on the status route, then none.
  await sandbox.setFaults({ paths: [path], count: 2, error_rate: 0.5, truncate_rate: 0.5, seed: 7 });
  try {
    const res = await call("GET", `/payments/${reference}`);
    assert.equal(res.status, 200, `${JSON.stringify(res.body)}\n--- wrangler output ---\n${worker.output()}`);
    assert.equal(res.body.reference, reference);
    const sent = (await sandbox.requests()).slice(before).filter((r) => r.path === path);
    assert.equal(sent.length, 3, "two retries after the faults the default maxRetries allows");
    assert.ok(
      sent.slice(0, 2).every((r) => r.fault !== null),
      JSON.stringify(sent.map((r) => r.fault)),
    );
  } finally {
    await sandbox.setFaults({});
  }
});
