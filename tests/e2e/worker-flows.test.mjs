// examples/worker end to end: the demo Worker (real workerd via wrangler dev,
// with the packed package installed into examples/worker/node_modules, its
// state in a local D1 database) against the sandbox, whose simulated phone
// answers each magic number differently and delivers the signed final-state
// webhook to the Worker's own webhook route. Each test applies the D1
// migrations to a fresh temporary persist dir, runs `wrangler dev` on it, and
// deletes it at the end; the stored state is read through the Worker's status
// route and, at the end, straight from D1 with `wrangler d1 execute`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../sandbox/spawn.mjs";
import { applyD1Migrations, d1Execute, sandboxVars, startWrangler } from "../support/processes.mjs";

const CONFIG = fileURLToPath(new URL("../../examples/worker/wrangler.toml", import.meta.url));
// The packed package as the demo Worker has it installed (signWebhook, for deliveries we sign ourselves).
const { signWebhook } = createRequire(new URL("../../examples/worker/package.json", import.meta.url))("vesicash-edge");
const DATABASE = "vesicash-demo";
const WEBHOOK_PATH = "/api/webhooks/vesicash";
const WAIT_MS = 10_000; // bound on reaching a final state (expiry is 1.5 s)

const CASES = [
  { name: "approved", order: zm("260970000001"), status: "successful", outcome: "paid", reason: undefined, answer: /approved/ },
  { name: "declined", order: zm("260970000002"), status: "failed", outcome: "failed", reason: "DECLINED_TRANSACTION", answer: /declined/ },
  { name: "unanswered", order: zm("260970000003"), status: "expired", outcome: "failed", reason: undefined, answer: /expired/ },
  {
    name: "insufficient funds (Ghana)",
    order: gh("233240000004"),
    status: "failed",
    outcome: "failed",
    reason: "INSUFFICIENT_FUNDS",
    answer: /insufficient funds/,
  },
];

function zm(phone_number) {
  return { amount: "25.50", currency: "ZMW", country: "ZM", phone_number, narration: "e2e order" };
}
function gh(phone_number) {
  return { amount: 12.3, currency: "GHS", country: "GH", phone_number };
}

/**
 * The sandbox, a fresh D1 persist dir with the migrations applied, and the
 * Worker on it; everything is stopped and the dir deleted when `t` ends.
 * `restart()` stops the Worker and starts it again on the same port and dir;
 * `offline(fn)` runs `fn` with the Worker stopped, then starts it again.
 */
async function startStack(t, sandboxArgs) {
  const persistTo = mkdtempSync(join(tmpdir(), "vesicash-demo-d1-"));
  let sandbox, worker;
  t.after(async () => {
    await Promise.allSettled([worker?.stop(), sandbox?.stop()]);
    rmSync(persistTo, { recursive: true, force: true });
  });
  sandbox = await startSandbox({ args: sandboxArgs });
  await applyD1Migrations(CONFIG, { database: DATABASE, persistTo });
  const start = (port) => startWrangler(CONFIG, { vars: sandboxVars(sandbox), persistTo, port });
  worker = await start();

  const stack = {
    sandbox,
    get worker() {
      return worker;
    },
    /** Rows of `sql` read straight from the D1 file (`wrangler d1 execute --local`). */
    query: (command) => d1Execute(CONFIG, { database: DATABASE, persistTo, command }),
    async offline(fn) {
      const { port } = worker;
      await worker.stop();
      try {
        return await fn();
      } finally {
        worker = await start(port); // the same port: the webhook_url Vesicash holds still reaches it
      }
    },
    restart() {
      return stack.offline(async () => {});
    },
    async call(method, path, body, headers = {}) {
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
    },
    async checkout(order) {
      const { status, json } = await stack.call("POST", "/api/checkout", order);
      assert.equal(status, 201, `checkout answered ${status}: ${JSON.stringify(json)}\n${worker.output()}`);
      return json;
    },
    async view(reference) {
      const { status, json } = await stack.call("GET", `/api/payments/${reference}`);
      assert.equal(status, 200, JSON.stringify(json));
      return json;
    },
    /** GET the payment until its stored state is final and its webhook verified (bounded). */
    settled(reference) {
      return sandbox.waitFor(
        async () => {
          const view = await stack.view(reference);
          return view.outcome !== "pending" && view.webhook_verified ? view : null;
        },
        { timeoutMs: WAIT_MS, intervalMs: 50 },
      );
    },
    async deliveriesFor(reference) {
      return (await sandbox.webhooks()).filter((d) => JSON.parse(d.body).data.reference === reference);
    },
    /** Resolves with the deliveries once `n` of them answered 2xx (bounded). */
    delivered(reference, n = 1, timeoutMs = WAIT_MS) {
      return sandbox.waitFor(
        async () => {
          const ds = await stack.deliveriesFor(reference);
          return ds.filter((d) => d.status >= 200 && d.status < 300).length >= n ? ds : null;
        },
        { timeoutMs },
      );
    },
  };
  return stack;
}

const steps = (view, name) => view.timeline.filter((s) => s.step === name);
const transitions = (view) => view.transitions.map((t) => `${t.from ?? "∅"}→${t.to}`);
const finalTransitions = (view) => view.transitions.filter((t) => t.from !== null);

test("demo Worker on D1: checkout, signed webhooks and the stored status for every phone answer", { timeout: 240_000 }, async (t) => {
  const stack = await startStack(t, ["--phone-delay-ms", "100", "--expiry-ms", "1500"]);
  const { sandbox, call, checkout, view: viewOf, settled, deliveriesFor } = stack;
  const requestsFor = async (reference) => (await sandbox.requests()).filter((r) => r.path.includes(reference) || r.body.includes(`"${reference}"`));

  const references = {};
  for (const c of CASES) {
    await t.test(c.name, async () => {
      const { reference, timeline } = await checkout(c.order);
      references[c.name] = reference;
      assert.match(reference, /^order-[0-9a-f-]{36}$/);
      // Stored before the answer: the order, Vesicash's pending, the prompt.
      assert.deepEqual(
        timeline.slice(0, 3).map((s) => s.step),
        ["initialized", "status", "prompt_sent"],
      );
      assert.equal(timeline[1].detail.status, "pending");

      const view = await settled(reference);
      assert.equal(view.store, "d1");
      assert.equal(view.reference, reference);
      // The stored state: final, kept by mergeStatus.
      assert.equal(view.state.status, c.status);
      assert.ok(["webhook", "poll"].includes(view.state.source), view.state.source);
      assert.equal(view.outcome, c.outcome);
      // The payment that came with it.
      assert.equal(view.payment.reference, reference);
      assert.equal(view.payment.status, c.status);
      assert.equal(view.payment.failure_reason, c.reason);
      // The sandbox sends documented codes: failureAdvice knows them, and asking again can help.
      if (c.reason) assert.deepEqual([view.failure_advice.reason, view.failure_advice.known, view.failure_advice.retryable], [c.reason, true, true]);
      assert.equal(view.payment.currency, c.order.currency);
      assert.equal(view.payment.amount, Number(c.order.amount));
      assert.equal(view.order.currency, c.order.currency);
      assert.equal(view.order.amount, String(c.order.amount));
      // Exactly one transition out of pending, into the final state.
      assert.deepEqual(transitions(view), ["∅→pending", `pending→${c.status}`]);
      assert.equal(view.transitions[0].source, "initialize");
      // The webhook for the final state arrived and the handler verified it in the Worker.
      assert.equal(view.webhook_verified, true);
      assert.equal(view.webhook.status, c.status);
      assert.equal(view.webhook.event, "payment.updated");
      assert.match(view.webhook.delivery_id, /^[0-9a-f]{64}$/);
      assert.ok(["applied", "no_change"].includes(view.webhook.effect), view.webhook.effect);
      assert.equal(view.webhooks.length, 1);
      const verified = steps(view, "webhook_verified");
      assert.equal(verified.length, 1, JSON.stringify(view.timeline));
      assert.equal(verified[0].detail.status, c.status);
      assert.equal(steps(view, "webhook_rejected").length, 0);
      const answered = steps(view, "customer_answered");
      assert.equal(answered.length, 1);
      assert.match(answered[0].label, c.answer);
      assert.deepEqual(
        steps(view, "status").map((s) => s.detail.status),
        ["pending", c.status],
      );
      assert.deepEqual(view.conflicts, []);
      for (const s of view.timeline) assert.ok(Number.isFinite(s.elapsed_ms) && s.elapsed_ms >= 0, JSON.stringify(s));

      // Final in the store: the status route answers from D1 without asking Vesicash.
      const count = (await sandbox.requests()).length;
      const again = await viewOf(reference);
      assert.equal(again.vesicash.asked, false);
      assert.equal(again.state.status, c.status);
      assert.deepEqual(again.timeline, view.timeline);
      assert.equal((await sandbox.requests()).length, count, "no call to Vesicash for a final stored state");

      // The sandbox delivered the final state once, and the Worker answered 2xx.
      const deliveries = await deliveriesFor(reference);
      assert.equal(deliveries.length, 1, JSON.stringify(deliveries));
      assert.equal(deliveries[0].status, 200);
      assert.equal(deliveries[0].url, stack.worker.url + WEBHOOK_PATH);
      assert.equal(JSON.parse(deliveries[0].body).data.status, c.status);

      // Exactly the expected API calls: init (both keys), pay (public key only), then GETs (both keys).
      const reqs = await requestsFor(reference);
      assert.deepEqual(
        reqs.slice(0, 2).map((r) => `${r.method} ${r.path}`),
        ["POST /v1/payment/init", `POST /v1/payment/pay/${reference}`],
      );
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
      assert.equal(initBody.webhook_url, stack.worker.url + WEBHOOK_PATH);
      assert.equal(JSON.parse(pay.body).phone_number, c.order.phone_number);
      for (const r of reqs) assert.equal(r.fault, null);
    });
  }

  await t.test("a pending payment is asked of Vesicash; ?wait_ms waits for the final state (waitForFinal)", async () => {
    // A prompt nobody answers, settled by hand while the Worker waits.
    await sandbox.setWebhookOptions({ delay_ms: 3000 }); // the webhook comes late: the poll gets there first
    try {
      const { reference } = await checkout(zm("260970000003"));
      const pending = await viewOf(reference);
      assert.equal(pending.vesicash.asked, true);
      assert.equal(pending.state.status, "pending");
      assert.equal(pending.outcome, "pending");
      assert.equal(pending.payment.status, "pending");
      const answer = new Promise((r) => setTimeout(r, 300)).then(() => sandbox.answer(reference, "decline"));
      const waited = await call("GET", `/api/payments/${reference}?wait_ms=8000`);
      await answer;
      assert.equal(waited.status, 200, JSON.stringify(waited.json));
      assert.equal(waited.json.state.status, "failed");
      assert.equal(waited.json.state.source, "poll");
      assert.deepEqual(transitions(waited.json), ["∅→pending", "pending→failed"]);
      assert.match(steps(waited.json, "customer_answered")[0].label, /declined/);
      // The late webhook confirms it, and changes nothing.
      const view = await settled(reference);
      assert.equal(view.webhook.effect, "no_change");
      assert.deepEqual(transitions(view), ["∅→pending", "pending→failed"]);
      assert.equal(steps(view, "webhook_verified").length, 1);
      const bad = await call("GET", `/api/payments/${reference}?wait_ms=soon`);
      assert.equal(bad.status, 400);
      assert.equal(bad.json.error.field, "wait_ms");
    } finally {
      await sandbox.setWebhookOptions({ delay_ms: 0 });
    }
  });

  await t.test("Vesicash failing while the stored state is pending: the status route answers the stored state", async () => {
    const { reference } = await checkout(zm("260970000003")); // expires after 1.5 s
    // Every attempt of the next status check fails (the first and the two retries).
    await sandbox.setFaults({ error_rate: 1, error_statuses: [503], paths: [`/v1/payment/${reference}`], count: 3 });
    try {
      const view = await viewOf(reference);
      assert.deepEqual(view.vesicash, { asked: true, error: "api_error" });
      assert.equal(view.state.status, "pending");
      assert.equal(view.outcome, "pending");
      assert.deepEqual(
        view.timeline.map((s) => s.step),
        ["initialized", "status", "prompt_sent"],
      );
    } finally {
      await sandbox.setFaults({});
    }
    const view = await settled(reference);
    assert.equal(view.state.status, "expired");
    assert.deepEqual(transitions(view), ["∅→pending", "pending→expired"]);
  });

  await t.test("a forged webhook (bad signature) is rejected with 400 signature_mismatch", async () => {
    const reference = references.declined;
    assert.ok(reference, "needs the declined payment");
    const before = await viewOf(reference);
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

    const after = await viewOf(reference);
    assert.equal(after.state.status, "failed");
    assert.equal(after.payment.status, "failed");
    assert.equal(after.webhook.status, "failed");
    assert.deepEqual(after.transitions, before.transitions);
    assert.equal(after.webhooks.length, 1, "a rejected delivery is not a processed one");
    assert.equal(steps(after, "webhook_verified").length, 1);
    assert.deepEqual(
      steps(after, "webhook_rejected")
        .map((s) => s.detail.code)
        .slice(0, 1),
      ["signature_mismatch"],
    );
    assert.equal(steps(after, "webhook_rejected").length, 2);
  });

  await t.test("a correctly signed but contradicting final status is stored as a conflict, the held state kept", async () => {
    const reference = references.declined;
    const before = await viewOf(reference);
    const body = JSON.stringify({
      event: "payment.updated",
      data: { ...before.payment, status: "successful", failure_reason: undefined, updated_at: new Date().toISOString() },
    });
    const res = await call("POST", WEBHOOK_PATH, body, signWebhook(body, sandbox.webhookSecret));
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.effect, "conflict");
    const after = await viewOf(reference);
    assert.equal(after.state.status, "failed", "the held final state is kept");
    assert.deepEqual(after.transitions, before.transitions);
    assert.deepEqual(
      after.conflicts.map((c) => [c.held, c.seen, c.source, c.resolved_at]),
      [["failed", "successful", "webhook", null]],
    );
    assert.equal(steps(after, "webhook_conflict").length, 1);
    assert.equal(after.webhook.status, "failed", "the confirming delivery is still the failed one");
    // …and logged for a person (the Worker's console, in wrangler's output).
    await sandbox.waitFor(() => stack.worker.output().includes(`CONFLICT payment ${reference}: webhook says successful, failed is stored`), {
      timeoutMs: 5000,
    });
    // Delivered again: a duplicate, not a second conflict.
    const again = await call("POST", WEBHOOK_PATH, body, signWebhook(body, sandbox.webhookSecret));
    assert.equal(again.json.duplicate, true);
    assert.equal((await viewOf(reference)).conflicts.length, 1);
  });

  await t.test("duplicates (sandbox copies, a re-POST) and a stale pending leave exactly one transition", async () => {
    await sandbox.setWebhookOptions({ duplicate: true });
    let reference;
    try {
      ({ reference } = await checkout(zm("260970000001")));
      const deliveries = await stack.delivered(reference, 2);
      assert.equal(deliveries.length, 2);
      assert.deepEqual(
        deliveries.map((d) => d.status),
        [200, 200],
      );
      assert.equal(deliveries[0].body, deliveries[1].body, "copies of one event carry one body");
    } finally {
      await sandbox.setWebhookOptions({ duplicate: false });
    }
    let view = await settled(reference);
    assert.equal(view.state.status, "successful");
    assert.equal(steps(view, "webhook_verified").length, 1);
    assert.equal(steps(view, "customer_answered").length, 1);
    assert.equal(steps(view, "webhook_duplicate").length, 1);
    assert.equal(view.webhooks.length, 1);
    assert.deepEqual(transitions(view), ["∅→pending", "pending→successful"]);

    // The captured delivery, POSTed again exactly as the sandbox sent it.
    const [captured] = await deliveriesFor(reference);
    const replay = await call("POST", WEBHOOK_PATH, captured.body, captured.headers);
    assert.equal(replay.status, 200, JSON.stringify(replay.json));
    assert.equal(replay.json.duplicate, true);
    // Redelivered as a sender that retries later does it: serialised again (other
    // whitespace) and re-signed with a new timestamp. The body's bytes differ; the
    // handler's delivery key (event, reference, status) does not: still a duplicate.
    const reserialised = JSON.stringify(JSON.parse(captured.body), null, 1);
    assert.notEqual(reserialised, captured.body);
    const resigned = signWebhook(reserialised, sandbox.webhookSecret, { timestamp: Math.floor(Date.now() / 1000) + 5 });
    assert.notEqual(resigned["mor-timestamp"], captured.headers["mor-timestamp"]);
    const redelivered = await call("POST", WEBHOOK_PATH, reserialised, resigned);
    assert.equal(redelivered.status, 200, JSON.stringify(redelivered.json));
    assert.equal(redelivered.json.duplicate, true);

    // A stale pending, correctly signed, delivered after the final one.
    const payment = JSON.parse(captured.body).data;
    const stale = JSON.stringify({
      event: "payment.updated",
      data: { ...payment, status: "pending", provider_transaction_id: "", updated_at: payment.created_at },
    });
    const late = await call("POST", WEBHOOK_PATH, stale, signWebhook(stale, sandbox.webhookSecret));
    assert.equal(late.status, 200, JSON.stringify(late.json));
    assert.equal(late.json.effect, "stale");
    assert.equal(late.json.status, "successful");

    view = await viewOf(reference);
    assert.equal(view.state.status, "successful");
    assert.deepEqual(transitions(view), ["∅→pending", "pending→successful"]);
    assert.equal(finalTransitions(view).length, 1);
    assert.equal(steps(view, "webhook_duplicate").length, 3);
    assert.equal(steps(view, "webhook_stale").length, 1);
    assert.equal(steps(view, "webhook_verified").length, 1);
    assert.equal(steps(view, "customer_answered").length, 1);
    assert.deepEqual(
      view.webhooks.map((w) => [w.status, w.effect]),
      [
        ["successful", view.webhook.effect],
        ["pending", "stale"],
      ],
    );
    references.duplicated = reference;
  });

  await t.test("ten copies of one delivery at once: one is acted on, nine are duplicates", async () => {
    // A payment the store has not seen: its first state comes from this webhook.
    const reference = `order-concurrent-${Date.now()}`;
    const at = new Date().toISOString();
    const data = {
      id: "c0ffee00-0000-4000-8000-000000000000",
      amount: 5,
      type: "payment",
      method: "mobilemoney",
      status: "successful",
      currency: "ZMW",
      reference,
      created_at: at,
      updated_at: at,
      phone_number: "260970000001",
      provider_transaction_id: "SBX1",
    };
    const body = JSON.stringify({ event: "payment.updated", data });
    const headers = signWebhook(body, sandbox.webhookSecret);
    const answers = await Promise.all(Array.from({ length: 10 }, () => call("POST", WEBHOOK_PATH, body, headers)));
    assert.deepEqual(
      answers.map((a) => a.status),
      Array(10).fill(200),
      JSON.stringify(answers),
    );
    assert.equal(answers.filter((a) => a.json.effect === "applied").length, 1, JSON.stringify(answers.map((a) => a.json)));
    assert.equal(answers.filter((a) => a.json.duplicate === true).length, 9);
    const view = await viewOf(reference);
    assert.equal(view.vesicash.asked, false);
    assert.equal(view.state.status, "successful");
    assert.deepEqual(transitions(view), ["∅→successful"]);
    assert.equal(view.webhooks.length, 1);
    assert.equal(steps(view, "webhook_verified").length, 1);
    assert.equal(steps(view, "webhook_duplicate").length, 9);
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
    // A malformed percent-escape in the reference: 400 naming it, not a 500 (URIError).
    const malformed = await call("GET", "/api/payments/order-%E0%A4%A");
    assert.equal(malformed.status, 400, JSON.stringify(malformed.json));
    assert.equal(malformed.json.error.code, "validation_error");
    assert.equal(malformed.json.error.field, "reference");
    assert.equal(typeof malformed.json.error.message, "string");
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
      assert.ok(
        inits.every((r) => r.body === inits[0].body),
        "every attempt sends the same body (same reference)",
      );
      assert.ok(!JSON.stringify(json).includes(sandbox.secretKey), "no secret key in the answer");
      references.failedInit = JSON.parse(inits[0].body).reference;
    } finally {
      await sandbox.setFaults({});
    }
    const unknown = await call("GET", "/api/payments/order-does-not-exist-1234");
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, "not_found");
  });

  await t.test("the page and its files are served", async () => {
    for (const [path, type] of [
      ["/", "text/html"],
      ["/app.js", "javascript"],
      ["/styles.css", "text/css"],
    ]) {
      const res = await fetch(stack.worker.url + path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get("content-type"), new RegExp(type));
      await res.arrayBuffer();
    }
  });

  await t.test("the D1 tables hold it all (wrangler d1 execute --local)", async () => {
    const dup = references.duplicated;
    const [states, moves, deliveries, conflicts, failed] = await stack.query([
      "SELECT reference, status, source, version FROM payment_states",
      `SELECT COUNT(*) AS n FROM status_transitions WHERE reference = '${dup}' AND from_status IS NOT NULL`,
      `SELECT effect FROM webhook_deliveries WHERE reference = '${dup}' ORDER BY received_at`,
      "SELECT reference, held_status, seen_status FROM status_conflicts",
      // The order whose initialise failed: stored, with the error on its timeline, and no state.
      "SELECT o.reference, (SELECT COUNT(*) FROM payment_states s WHERE s.reference = o.reference) AS states, " +
        `(SELECT group_concat(step) FROM timeline t WHERE t.reference = o.reference) AS steps FROM orders o WHERE o.reference = '${references.failedInit}'`,
    ]);
    const byRef = new Map(states.map((s) => [s.reference, s]));
    for (const c of CASES) {
      const s = byRef.get(references[c.name]);
      assert.ok(s, `${c.name}: stored`);
      assert.equal(s.status, c.status, c.name);
      assert.equal(s.version, 2, `${c.name}: one change after the first state`);
    }
    assert.equal(byRef.get(dup).status, "successful");
    assert.deepEqual(moves, [{ n: 1 }]);
    assert.equal(deliveries.length, 2);
    assert.equal(deliveries[1].effect, "stale");
    assert.deepEqual(conflicts, [{ reference: references.declined, held_status: "failed", seen_status: "successful" }]);
    assert.deepEqual(failed, [{ reference: references.failedInit, states: 0, steps: "error" }]);
  });
});

test("demo Worker on D1: a restart loses nothing; a store failure answers 500 and the re-delivery is stored", { timeout: 240_000 }, async (t) => {
  // The phone never answers on its own (…0003, a long expiry): the test answers by hand.
  const stack = await startStack(t, ["--phone-delay-ms", "100", "--expiry-ms", "120000"]);
  const { sandbox, checkout, view: viewOf } = stack;

  await t.test("restarted between the prompt and the answer: the final state arrives and is stored", async () => {
    const { reference, timeline } = await checkout(zm("260970000003"));
    assert.deepEqual(
      timeline.map((s) => s.step),
      ["initialized", "status", "prompt_sent"],
    );
    const beforeUrl = stack.worker.url;

    await stack.offline(async () => {
      // While nothing runs: the order and its pending state are in the D1 file.
      const rows = await stack.query(
        `SELECT o.reference, s.status FROM orders o JOIN payment_states s USING (reference) WHERE o.reference = '${reference}'`,
      );
      assert.deepEqual(rows, [{ reference, status: "pending" }]);
    });
    assert.equal(stack.worker.url, beforeUrl);

    const pending = await viewOf(reference);
    assert.equal(pending.state.status, "pending");
    assert.deepEqual(
      pending.timeline.map((s) => s.step),
      ["initialized", "status", "prompt_sent"],
    );
    assert.deepEqual(pending.timeline, timeline, "the timeline survived the restart");

    // The customer answers now; the webhook reaches the restarted Worker.
    await sandbox.answer(reference, "approve");
    const deliveries = await stack.delivered(reference);
    assert.deepEqual(
      deliveries.map((d) => d.status),
      [200],
    );
    const view = await viewOf(reference);
    assert.equal(view.vesicash.asked, false, "stored final by the webhook before anyone asked");
    assert.equal(view.state.status, "successful");
    assert.equal(view.state.source, "webhook");
    assert.equal(view.webhook_verified, true);
    assert.deepEqual(transitions(view), ["∅→pending", "pending→successful"]);
    assert.deepEqual(view.timeline.slice(0, 3), timeline);
    assert.match(steps(view, "customer_answered")[0].label, /approved/);
  });

  await t.test("the store fails while a verified webhook comes in: 500 (never 400), and Vesicash's retry is stored", async () => {
    const { reference } = await checkout(zm("260970000003"));
    // Break the store: the deliveries table is gone while the Worker runs.
    await stack.offline(() => stack.query("ALTER TABLE webhook_deliveries RENAME TO webhook_deliveries_away"));
    // Retries every 300, 600, 1200 … ms: enough for a restart in between.
    await sandbox.setWebhookOptions({ max_attempts: 12, base_backoff_ms: 300 });
    try {
      await sandbox.answer(reference, "decline");
      const refused = await sandbox.waitFor(async () => (await stack.deliveriesFor(reference)).find((d) => d.status !== null), {
        timeoutMs: WAIT_MS,
      });
      assert.equal(refused.status, 500);
      // Repair the store (the Worker restarts around it); the next retry lands.
      await stack.offline(() => stack.query("ALTER TABLE webhook_deliveries_away RENAME TO webhook_deliveries"));
      const deliveries = await stack.delivered(reference, 1, 30_000);
      const answered = deliveries.map((d) => d.status).filter((s) => s !== null);
      assert.ok(
        answered.every((s) => s === 500 || s === 200),
        `answers: ${answered}`,
      );
      assert.ok(!answered.includes(400), "a store failure is never a 400");
      assert.equal(answered.at(-1), 200);
    } finally {
      await sandbox.setWebhookOptions({ max_attempts: 6, base_backoff_ms: 100 });
    }
    const view = await viewOf(reference);
    assert.equal(view.vesicash.asked, false);
    assert.equal(view.state.status, "failed");
    assert.equal(view.state.source, "webhook");
    assert.deepEqual(transitions(view), ["∅→pending", "pending→failed"]);
    assert.equal(view.webhooks.length, 1);
    assert.equal(steps(view, "webhook_verified").length, 1);
    assert.match(steps(view, "customer_answered")[0].label, /declined/);
  });
});
