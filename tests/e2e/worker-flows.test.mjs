// examples/worker end to end: the demo Worker (real workerd via wrangler dev,
// with the packed package installed into examples/worker/node_modules) against
// the sandbox, whose simulated phone answers each magic number differently and
// delivers the signed final-state webhook to the Worker's own webhook route.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../sandbox/spawn.mjs";
import { sandboxVars, startWrangler } from "../support/processes.mjs";

const CONFIG = fileURLToPath(new URL("../../examples/worker/wrangler.toml", import.meta.url));
const WEBHOOK_PATH = "/api/webhooks/vesicash";
const WAIT_MS = 10_000; // bound on reaching a final state (expiry is 1.5 s)

const CASES = [
  { name: "approved", order: zm("260970000001"), status: "successful", outcome: "paid", reason: undefined, answer: /approved/ },
  { name: "declined", order: zm("260970000002"), status: "failed", outcome: "failed", reason: "declined", answer: /declined/ },
  { name: "unanswered", order: zm("260970000003"), status: "expired", outcome: "failed", reason: undefined, answer: /expired/ },
  { name: "insufficient funds (Ghana)", order: gh("233240000004"), status: "failed", outcome: "failed", reason: "insufficient_funds", answer: /insufficient funds/ },
];

function zm(phone_number) {
  return { amount: "25.50", currency: "ZMW", country: "ZM", phone_number, narration: "e2e order" };
}
function gh(phone_number) {
  return { amount: 12.3, currency: "GHS", country: "GH", phone_number };
}

test("demo Worker: checkout, signed webhooks and status for every phone answer", async (t) => {
  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "100", "--expiry-ms", "1500"] });
  t.after(() => sandbox.stop());
  const worker = await startWrangler(CONFIG, {
    vars: sandboxVars(sandbox),
  });
  t.after(() => worker.stop());

  async function call(method, path, body, headers = {}) {
    const res = await fetch(worker.url + path, {
      method,
      headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new Error(`${method} ${path} answered ${res.status} with non-JSON: ${text.slice(0, 200)}\n${worker.output()}`);
    }
    return { status: res.status, json };
  }

  async function checkout(order) {
    const { status, json } = await call("POST", "/api/checkout", order);
    assert.equal(status, 201, `checkout answered ${status}: ${JSON.stringify(json)}\n${worker.output()}`);
    return json;
  }

  /** GET the payment until it is final and its webhook verified (bounded). */
  function settled(reference) {
    return sandbox.waitFor(
      async () => {
        const { status, json } = await call("GET", `/api/payments/${reference}`);
        assert.equal(status, 200, JSON.stringify(json));
        return json.outcome !== "pending" && json.webhook_verified ? json : null;
      },
      { timeoutMs: WAIT_MS, intervalMs: 50 },
    );
  }

  const steps = (view, name) => view.timeline.filter((s) => s.step === name);
  const requestsFor = async (reference) =>
    (await sandbox.requests()).filter((r) => r.path.includes(reference) || r.body.includes(`"${reference}"`));
  const deliveriesFor = async (reference) =>
    (await sandbox.webhooks()).filter((d) => JSON.parse(d.body).data.reference === reference);

  const references = {};
  for (const c of CASES) {
    await t.test(c.name, async () => {
      const { reference, timeline } = await checkout(c.order);
      references[c.name] = reference;
      assert.match(reference, /^order-[0-9a-f-]{36}$/);
      assert.deepEqual(timeline.map((s) => s.step), ["initialized", "prompt_sent"]);

      const view = await settled(reference);
      // The source of truth: GET /v1/payment/:reference through the package.
      assert.equal(view.payment.reference, reference);
      assert.equal(view.payment.status, c.status);
      assert.equal(view.payment.failure_reason, c.reason);
      assert.equal(view.outcome, c.outcome);
      assert.equal(view.payment.currency, c.order.currency);
      assert.equal(view.payment.amount, Number(c.order.amount));
      // The webhook for the final state arrived and verifyWebhook accepted it in the Worker.
      assert.equal(view.webhook_verified, true);
      assert.equal(view.webhook.status, c.status);
      assert.equal(view.webhook.event, "payment.updated");
      const verified = steps(view, "webhook_verified");
      assert.equal(verified.length, 1, JSON.stringify(view.timeline));
      assert.equal(verified[0].detail.status, c.status);
      assert.equal(steps(view, "webhook_rejected").length, 0);
      const answered = steps(view, "customer_answered");
      assert.equal(answered.length, 1);
      assert.match(answered[0].label, c.answer);
      assert.deepEqual(steps(view, "status").map((s) => s.detail.status), [c.status]);
      for (const s of view.timeline) assert.ok(Number.isFinite(s.elapsed_ms) && s.elapsed_ms >= 0, JSON.stringify(s));

      // The sandbox delivered the final state once, and the Worker answered 2xx.
      const deliveries = await deliveriesFor(reference);
      assert.equal(deliveries.length, 1, JSON.stringify(deliveries));
      assert.equal(deliveries[0].status, 200);
      assert.equal(deliveries[0].url, worker.url + WEBHOOK_PATH);
      assert.equal(JSON.parse(deliveries[0].body).data.status, c.status);

      // Exactly the expected API calls: init (both keys), pay (public key only), then GETs (both keys).
      const reqs = await requestsFor(reference);
      assert.deepEqual(reqs.slice(0, 2).map((r) => `${r.method} ${r.path}`), [
        "POST /v1/payment/init",
        `POST /v1/payment/pay/${reference}`,
      ]);
      assert.ok(reqs.length > 2);
      for (const r of reqs.slice(2)) assert.equal(`${r.method} ${r.path}`, `GET /v1/payment/${reference}`);
      const [init, pay, ...gets] = reqs;
      for (const r of [init, ...gets]) {
        assert.equal(r.headers["secret-key"], sandbox.secretKey, `${r.method} ${r.path} needs the secret key`);
        assert.equal(r.headers["public-key"], sandbox.publicKey);
      }
      assert.equal(pay.headers["public-key"], sandbox.publicKey);
      assert.equal(pay.headers["secret-key"], undefined, "pay must not carry the secret key");
      const initBody = JSON.parse(init.body);
      assert.equal(initBody.reference, reference);
      assert.equal(initBody.method, "mobilemoney");
      assert.equal(initBody.amount, Number(c.order.amount));
      assert.equal(initBody.currency, c.order.currency);
      assert.equal(initBody.country, c.order.country);
      assert.equal(initBody.webhook_url, worker.url + WEBHOOK_PATH);
      assert.equal(JSON.parse(pay.body).phone_number, c.order.phone_number);
      for (const r of reqs) assert.equal(r.fault, null);
    });
  }

  await t.test("a forged webhook (bad signature) is rejected with 400 signature_mismatch", async () => {
    const reference = references.declined;
    assert.ok(reference, "needs the declined payment");
    const before = (await call("GET", `/api/payments/${reference}`)).json;
    // Claims the declined payment succeeded, signed with the wrong secret.
    const body = JSON.stringify({ event: "payment.updated", data: { ...before.payment, status: "successful", failure_reason: undefined } });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac("sha256", "whsec_not_the_secret").update(`${timestamp}.${body}`).digest("hex");
    const forged = await call("POST", WEBHOOK_PATH, body, { "mor-timestamp": timestamp, "mor-signature": signature });
    assert.equal(forged.status, 400);
    assert.equal(forged.json.error.code, "signature_mismatch");

    // Unsigned: also refused (whatever the precise code), never 2xx.
    const unsigned = await call("POST", WEBHOOK_PATH, body);
    assert.equal(unsigned.status, 400);
    assert.equal(typeof unsigned.json.error.code, "string");

    const after = (await call("GET", `/api/payments/${reference}`)).json;
    assert.equal(after.payment.status, "failed");
    assert.equal(after.webhook.status, "failed");
    assert.equal(steps(after, "webhook_verified").length, 1);
    assert.deepEqual(steps(after, "webhook_rejected").map((s) => s.detail.code).slice(0, 1), ["signature_mismatch"]);
    assert.equal(steps(after, "webhook_rejected").length, 2);
  });

  await t.test("a duplicate delivery of the final state is acknowledged once, noted as a duplicate", async () => {
    await sandbox.setWebhookOptions({ duplicate: true });
    try {
      const { reference } = await checkout(zm("260970000001"));
      await sandbox.waitFor(async () => {
        const ds = await deliveriesFor(reference);
        return ds.length === 2 && ds.every((d) => d.status === 200);
      }, { timeoutMs: WAIT_MS });
      const view = await settled(reference);
      assert.equal(view.payment.status, "successful");
      assert.equal(steps(view, "webhook_verified").length, 1);
      assert.equal(steps(view, "customer_answered").length, 1);
      assert.equal(steps(view, "webhook_duplicate").length, 1);
    } finally {
      await sandbox.setWebhookOptions({ duplicate: false });
    }
  });

  await t.test("validation errors answer 400 naming the field, before any call to Vesicash", async () => {
    const count = (await sandbox.requests()).length;
    for (const [order, field] of [
      [zm("12"), "phone_number"],
      [{ ...zm("260970000001"), amount: "1.234" }, "amount"],
      [{ ...zm("260970000001"), amount: -5 }, "amount"],
      [{ ...zm("260970000001"), currency: "zmw" }, "currency"],
    ]) {
      const { status, json } = await call("POST", "/api/checkout", order);
      assert.equal(status, 400, JSON.stringify(json));
      assert.equal(json.error.code, "validation_error");
      assert.equal(json.error.field, field);
      assert.equal(typeof json.error.message, "string");
    }
    const bad = await call("POST", "/api/checkout", "{not json");
    assert.equal(bad.status, 400);
    assert.equal((await sandbox.requests()).length, count, "nothing reached Vesicash");
  });

  await t.test("one 503 is retried away; a Vesicash failure that persists answers 502 with its code", async () => {
    await sandbox.setFaults({ error_rate: 1, error_statuses: [503], paths: ["/v1/payment/init"], count: 1 });
    try {
      const { status, json } = await call("POST", "/api/checkout", zm("260970000001"));
      assert.equal(status, 201, JSON.stringify(json));
    } finally {
      await sandbox.setFaults({});
    }
    const before = (await sandbox.requests()).length;
    // Three 503s: the first attempt and the default two retries.
    await sandbox.setFaults({ error_rate: 1, error_statuses: [503], paths: ["/v1/payment/init"], count: 3 });
    try {
      const { status, json } = await call("POST", "/api/checkout", zm("260970000001"));
      assert.equal(status, 502, JSON.stringify(json));
      assert.equal(json.error.code, "api_error");
      assert.equal(json.error.status, 503);
      const inits = (await sandbox.requests()).slice(before).filter((r) => r.path === "/v1/payment/init");
      assert.equal(inits.length, 3);
      assert.ok(inits.every((r) => r.body === inits[0].body), "every attempt sends the same body (same reference)");
      assert.ok(!JSON.stringify(json).includes(sandbox.secretKey), "no secret key in the answer");
    } finally {
      await sandbox.setFaults({});
    }
    const unknown = await call("GET", "/api/payments/order-does-not-exist-1234");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, "not_found");
  });

  await t.test("the page and its files are served", async () => {
    for (const [path, type] of [["/", "text/html"], ["/app.js", "javascript"], ["/styles.css", "text/css"]]) {
      const res = await fetch(worker.url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get("content-type"), new RegExp(type));
      await res.arrayBuffer();
    }
  });
});
