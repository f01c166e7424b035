// The simulated phone: magic numbers, signed payment.updated webhooks, final states, no double charge.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startSandbox } from "../spawn.mjs";
import { apiClient, startReceiver, verifySignature } from "../testkit.mjs";

describe("sandbox simulator (tests the simulator, not the package): its phone-number rules", () => {
  const EXPIRY_MS = 300;
  let sb;
  let rx;
  let api;
  before(async () => {
    sb = await startSandbox({ args: ["--phone-delay-ms", "30", "--expiry-ms", String(EXPIRY_MS)] });
    rx = await startReceiver();
    api = apiClient(sb);
  });
  after(async () => {
    await sb?.stop();
    await rx?.close();
  });
  beforeEach(async () => {
    await sb.reset();
    rx.hits.length = 0;
  });

  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const OUTCOMES = [
    ["260970000001", "successful", undefined],
    ["233240000001", "successful", undefined],
    ["260970000002", "failed", "DECLINED_TRANSACTION"],
    ["233240000002", "failed", "DECLINED_TRANSACTION"],
    ["260970000003", "expired", undefined],
    ["233240000003", "expired", undefined],
    ["260970000004", "failed", "INSUFFICIENT_FUNDS"],
    ["233240000004", "failed", "INSUFFICIENT_FUNDS"],
    ["260971234567", "successful", undefined],
  ];

  for (const [phone, status, reason] of OUTCOMES) {
    test(`${phone} ends ${status}${reason ? ` (${reason})` : ""} with one signed webhook`, async () => {
      const { reference } = await api.init(`${rx.url}/hook?ref=x`);
      // Held, the phone cannot answer between pay and the GET, however slow the machine.
      await sb.holdPhone(true);
      const paid = await api.pay(reference, phone);
      assert.equal(paid.status, 200);
      assert.equal(paid.json.data.status, "pending");
      assert.equal(paid.json.data.reference, reference);
      assert.equal((await api.get(reference)).status, "pending");
      assert.equal(rx.hits.length, 0, "no webhook while the payment is pending");
      await sb.holdPhone(false);

      const [hit] = await rx.waitForHits(1, EXPIRY_MS + 2000);
      assert.equal(hit.method, "POST");
      assert.equal(hit.path, "/hook?ref=x");
      assert.equal(hit.headers["content-type"], "application/json");
      assert.match(hit.headers["mor-timestamp"], /^\d{10}$/);
      assert.ok(Math.abs(Number(hit.headers["mor-timestamp"]) - Date.now() / 1000) < 300);
      assert.match(hit.headers["mor-signature"], /^[0-9a-f]{64}$/);
      assert.ok(verifySignature(sb.webhookSecret, hit.headers, hit.body), "signature verifies with the webhook secret");
      assert.ok(!verifySignature("whsec_other", hit.headers, hit.body));

      const event = JSON.parse(hit.body);
      assert.equal(event.event, "payment.updated");
      const current = await api.get(reference);
      assert.deepEqual(event.data, current, "webhook data is the GET object");
      assert.equal(current.status, status);
      assert.equal(current.failure_reason, reason);
      assert.equal(current.phone_number, phone);
      assert.equal(current.customer_first_name, "Ada");
      if (status !== "expired") assert.match(current.provider_transaction_id, /^SBX/);
    });
  }

  test("a final state never changes again", async () => {
    const { reference } = await api.init(`${rx.url}/hook`);
    await api.pay(reference, "260970000001");
    await rx.waitForHits(1);
    await sleep(EXPIRY_MS + 100); // past the expiry timer, which must have been cancelled
    assert.equal((await api.get(reference)).status, "successful");
    await assert.rejects(sb.answer(reference, "decline"), /already successful/);
    const again = await api.pay(reference, "260970000001");
    assert.equal(again.status, 400);
    assert.match(again.json.message, /already successful/);
    assert.equal((await api.get(reference)).status, "successful");
    assert.equal(rx.hits.length, 1);
  });

  test("paying twice does not prompt twice", async () => {
    const { reference } = await api.init(`${rx.url}/hook`);
    await sb.holdPhone(true); // the second pay comes while the first prompt is unanswered
    assert.equal((await api.pay(reference, "260970000001")).status, 200);
    const second = await api.pay(reference, "260970000002");
    assert.equal(second.status, 400);
    assert.match(second.json.message, /already in progress/);
    await sb.holdPhone(false);
    await rx.waitForHits(1);
    await sleep(100);
    assert.equal(rx.hits.length, 1);
    const p = await sb.payment(reference);
    assert.equal(p.status, "successful");
    assert.equal(p.phone_number, "260970000001", "the second pay changed nothing");
    assert.deepEqual([p.pay_attempts, p.prompts], [2, 1], "both pays reached the store, one prompted");
  });

  test("pay_attempts counts pays that reached the store: not 404s or bad fields, but refusals on a final payment", async () => {
    const { reference } = await api.init(`${rx.url}/hook`);
    let p = await sb.payment(reference);
    assert.deepEqual([p.pay_attempts, p.prompts], [0, 0]);
    const bad = await api.pay(reference, "not-a-phone");
    assert.equal(bad.status, 400);
    assert.equal((await api.pay("PY_no_such_payment_0001", "260970000001")).status, 404);
    assert.equal((await sb.payment(reference)).pay_attempts, 0, "refused before the store");
    await sb.answer(reference, "expire"); // final without a prompt
    assert.match((await api.pay(reference, "260970000001")).json.message, /already expired/);
    p = await sb.payment(reference);
    assert.deepEqual([p.pay_attempts, p.prompts], [1, 0]);
  });

  test("GET /_sandbox/payments: every internal view, oldest first", async () => {
    assert.deepEqual(await sb.payments(), []);
    const refs = [];
    for (let i = 0; i < 3; i++) refs.push((await api.init(`${rx.url}/hook`, { reference: `ref-list-000${i}` })).reference);
    await api.pay(refs[1], "233240000003");
    const all = await sb.payments();
    assert.deepEqual(
      all.map((p) => p.reference),
      refs,
    );
    assert.deepEqual(all[1], await sb.payment(refs[1]), "the same view as GET /_sandbox/payments/:reference");
    assert.deepEqual(
      all.map((p) => p.pay_attempts),
      [0, 1, 0],
    );
    const raw = await (await fetch(`${sb.url}/_sandbox/payments/`)).json();
    assert.equal(raw.status, "success");
    assert.equal(raw.data.length, 3, "a trailing slash lists too");
  });

  test("a no-answer payment can be answered by hand through the control API", async () => {
    const { reference } = await api.init(`${rx.url}/hook`);
    await api.pay(reference, "233240000003");
    const internal = await sb.payment(reference);
    assert.equal(internal.phase, "prompted");
    assert.equal(internal.phone_outcome, "no_answer");
    assert.equal(internal.webhook_url, `${rx.url}/hook`);
    const answered = await sb.answer(reference, "insufficient_funds");
    assert.equal(answered.status, "failed");
    const [hit] = await rx.waitForHits(1);
    assert.equal(JSON.parse(hit.body).data.failure_reason, "INSUFFICIENT_FUNDS");
    await sleep(EXPIRY_MS + 50);
    assert.equal((await api.get(reference)).status, "failed");
    assert.equal(rx.hits.length, 1);
    assert.equal(await sb.payment("PY_unknown_ref"), null);
  });

  test("a held phone answers nothing until released, then every prompt that came due", async () => {
    const refs = [];
    for (let i = 0; i < 2; i++) refs.push((await api.init(`${rx.url}/hook?n=${i}`)).reference);
    assert.deepEqual(await sb.holdPhone(true), { held: true, waiting: 0 });
    await api.pay(refs[0], "260970000001");
    await api.pay(refs[1], "260970000002");
    // Both answers come due (30 ms) while held: wait for the sandbox to have queued them.
    await sb.waitFor(async () => (await sb.holdPhone(true)).waiting === 2);
    for (const r of refs) assert.equal((await api.get(r)).status, "pending");
    assert.equal(rx.hits.length, 0);
    assert.deepEqual(await sb.holdPhone(false), { held: false, waiting: 0 });
    assert.deepEqual(await Promise.all(refs.map(async (r) => (await api.get(r)).status)), ["successful", "failed"]);
    const hits = await rx.waitForHits(2);
    assert.deepEqual(hits.map((h) => h.path).sort(), ["/hook?n=0", "/hook?n=1"]);
    const bad = await fetch(`${sb.url}/_sandbox/phone`, { method: "POST", body: JSON.stringify({ hold: "yes" }) });
    assert.equal(bad.status, 400);
  });

  test("an initialised but unpaid payment stays pending and sends nothing", async () => {
    const { reference } = await api.init(`${rx.url}/hook`);
    await sleep(EXPIRY_MS + 50);
    assert.equal((await api.get(reference)).status, "pending");
    assert.equal(rx.hits.length, 0);
  });
});
