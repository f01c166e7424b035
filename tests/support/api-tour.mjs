// The whole v1 API through the packed package against a real sandbox process:
// countries, charge (and the orphan it prevents), listing and paging, refunds
// partial then full, payouts to a phone and a bank, and a webhook-secret
// rotation, each webhook verified as a merchant would. Shared by the runtime
// consumers; every check reads the sandbox's own records too.
import assert from "node:assert/strict";
import { startReceiver } from "../../sandbox/testkit.mjs";

const APPROVES = "260970000001";

async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail("expected a rejection");
}

/** Runs the tour with `mod` (the package's exports) against the started sandbox `sb`. */
export async function apiTour(mod, sb, t) {
  const { Vesicash, VesicashError, WebhookVerificationError, verifyWebhook } = mod;
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const vesicash = new Vesicash({ publicKey: sb.publicKey, secretKey: sb.secretKey, baseUrl: sb.url });
  const hook = `${receiver.url}/hooks`;
  const sent = async () => (await sb.requests()).filter((r) => r.path.startsWith("/v1/")).length;
  /** The verified events delivered so far whose data.reference is `reference`. */
  const events = async (reference, n, secret = sb.webhookSecret) => {
    const deadline = Date.now() + 5000;
    for (;;) {
      const mine = receiver.hits.map((h) => ({ h, body: JSON.parse(h.body) })).filter((x) => x.body.data?.reference === reference);
      if (mine.length >= n) return mine.map(({ h }) => verifyWebhook(h.body, h.headers, secret));
      if (Date.now() > deadline) assert.fail(`${mine.length} deliveries for ${reference}, wanted ${n}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  await t.test("countries.list: the ids payouts take", async () => {
    const countries = await vesicash.countries.list();
    assert.deepEqual(
      countries.map((c) => [typeof c.id, c.country_code, c.currency_code]),
      [
        ["number", "ZM", "ZMW"],
        ["number", "GH", "GHS"],
      ],
    );
  });

  let paid;
  await t.test("payments.charge: validates init and pay before sending either", async () => {
    const before = await sent();
    const params = {
      amount: "1.30",
      currency: "ZMW",
      country: "ZM",
      narration: "rice",
      method: "mobilemoney",
      webhook_url: hook,
      redirect_url: "https://shop.example/done",
      phone_number: "097 123",
    };
    const e = await rejection(vesicash.payments.charge(params));
    assert.ok(e instanceof VesicashError);
    assert.deepEqual([e.code, e.field, e.retryable], ["validation_error", "phone_number", false]);
    assert.equal(await sent(), before, "an invalid charge sent nothing: no orphan payment");
    const payment = await vesicash.payments.charge({ ...params, phone_number: APPROVES, customer_first_name: "Ada" });
    assert.equal(payment.status, "pending");
    const record = await sb.payment(payment.reference);
    assert.equal(record.pay_attempts, 1, "one prompt");
    paid = await vesicash.payments.waitForFinal(payment.reference, { timeoutMs: 10_000 });
    assert.equal(paid.status, "successful");
    const [first] = await events(paid.reference, 1);
    assert.equal(first.event, "payment.updated");
  });

  await t.test("refunds.create: partial, then the rest, then one cent too many", async () => {
    const base = { payment_reference: paid.reference, reason: "damaged", webhook_url: hook };
    const part = await vesicash.refunds.create({ ...base, amount: "0.30" });
    assert.equal(part.status, "pending");
    assert.match(part.reference, /^RF_/);
    const rest = await vesicash.refunds.create({ ...base, amount: 1 });
    const over = await rejection(vesicash.refunds.create({ ...base, amount: "0.01" }));
    assert.deepEqual([over.code, over.status, over.retryable], ["invalid_request", 400, false]);
    for (const receipt of [part, rest]) {
      const [event] = await events(receipt.reference, 1);
      assert.deepEqual([event.event, event.data.status, event.data.payment_reference], ["refund.updated", "successful", paid.reference]);
    }
    const before = await sent();
    const bad = await rejection(vesicash.refunds.create({ ...base, amount: 0.1 + 0.2 }));
    assert.deepEqual([bad.code, bad.field], ["validation_error", "amount"]);
    assert.equal(await sent(), before);
  });

  await t.test("payouts.create: to a phone and to a bank, each announced by webhook", async () => {
    const base = { amount: 25, countryId: 1, webhook_url: hook, narration: "weekly" };
    const momo = await vesicash.payouts.create({ ...base, transfer_to: "mobile_money", momo_phone_number: APPROVES });
    const bank = await vesicash.payouts.create({ ...base, transfer_to: "bank", bank_id: 44, account_number: "0012345678" });
    for (const [receipt, to] of [
      [momo, "mobile_money"],
      [bank, "bank"],
    ]) {
      assert.match(receipt.reference, /^PO_/);
      const [event] = await events(receipt.reference, 1);
      assert.deepEqual([event.event, event.data.status, event.data.transfer_to], ["payout.updated", "successful", to]);
    }
    const before = await sent();
    const e = await rejection(vesicash.payouts.create({ ...base, transfer_to: "bank", account_number: "1" }));
    assert.deepEqual([e.code, e.field], ["validation_error", "bank_id"]);
    const e2 = await rejection(vesicash.payouts.create({ ...base, transfer_to: "wallet" }));
    assert.deepEqual([e2.code, e2.field], ["validation_error", "transfer_to"]);
    assert.equal(await sent(), before);
  });

  await t.test("payments.list and listAll: pages, filters, the last page", async () => {
    const mine = [];
    for (let i = 0; i < 5; i += 1) {
      const p = await vesicash.payments.initialize({
        amount: i + 1,
        currency: "ZMW",
        country: "ZM",
        narration: "list",
        method: "mobilemoney",
        webhook_url: hook,
        redirect_url: "https://shop.example/done",
        reference: `list-${Date.now()}-${i}`,
      });
      mine.push(p.reference);
    }
    const first = await vesicash.payments.list({ limit: 2 });
    assert.deepEqual([first.page, first.limit, first.items.length], [1, 2, 2]);
    const all = (await sb.payments()).length;
    assert.equal(first.total, all);
    const seen = [];
    for await (const p of vesicash.payments.listAll({ limit: 2 })) seen.push(p.reference);
    assert.equal(seen.length, all);
    assert.equal(new Set(seen).size, all, "no payment twice");
    for (const r of mine) assert.ok(seen.includes(r), r);
    const one = await vesicash.payments.list({ reference: mine[2] });
    assert.deepEqual(
      one.items.map((p) => p.reference),
      [mine[2]],
    );
    const empty = [];
    for await (const p of vesicash.payments.listAll({ reference: "no-such-payment" })) empty.push(p);
    assert.deepEqual(empty, []);
    const dated = await vesicash.payments.list({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000), limit: 100 });
    assert.equal(dated.total, all);
    const e = await rejection(vesicash.payments.list({ limit: 101 }));
    assert.deepEqual([e.code, e.field], ["validation_error", "limit"]);
  });

  await t.test("webhooks.rotateSecret: the new secret verifies, the old one stops", async () => {
    const old = sb.webhookSecret;
    const { webhook_secret: fresh } = await vesicash.webhooks.rotateSecret();
    assert.equal(typeof fresh, "string");
    assert.notEqual(fresh, old);
    const p = await vesicash.payments.charge({
      amount: 2,
      currency: "ZMW",
      country: "ZM",
      narration: "after rotation",
      method: "mobilemoney",
      webhook_url: hook,
      redirect_url: "https://shop.example/done",
      phone_number: APPROVES,
    });
    const [event] = await events(p.reference, 1, fresh);
    assert.equal(event.data.reference, p.reference);
    const hit = receiver.hits.find((h) => JSON.parse(h.body).data.reference === p.reference);
    const refused = (() => {
      try {
        verifyWebhook(hit.body, hit.headers, old);
      } catch (e) {
        return e;
      }
    })();
    assert.ok(refused instanceof WebhookVerificationError);
    assert.equal(refused.code, "signature_mismatch");
    assert.equal(verifyWebhook(hit.body, hit.headers, [old, fresh]).data.reference, p.reference, "both during the switch");
    sb.webhookSecret = fresh;
  });

  await t.test("requests.*: each endpoint's headers exactly as the contract says", () => {
    const keys = (r) =>
      Object.keys(r.headers)
        .filter((h) => h.endsWith("-key"))
        .sort();
    assert.deepEqual(keys(vesicash.requests.countries()), ["public-key"]);
    assert.deepEqual(keys(vesicash.requests.listPayments({ page: 2 })), ["public-key"]);
    assert.equal(vesicash.requests.listPayments({ page: 2 }).url, `${sb.url}/v1/payment/?page=2`);
    assert.deepEqual(keys(vesicash.requests.rotateWebhookSecret()), ["secret-key"]);
    const refund = vesicash.requests.refund({ payment_reference: "PY_1", amount: "0.10", reason: "r", webhook_url: hook });
    assert.deepEqual(keys(refund), ["public-key", "secret-key"]);
    assert.equal(JSON.parse(refund.body).amount, 0.1);
    const [init, pay] = vesicash.requests.charge({
      amount: 1,
      currency: "ZMW",
      country: "ZM",
      narration: "n",
      method: "mobilemoney",
      webhook_url: hook,
      redirect_url: hook,
      reference: "order-00000042",
      phone_number: APPROVES,
    });
    assert.deepEqual([init.url.endsWith("/v1/payment/init"), pay.url.endsWith("/v1/payment/pay/order-00000042")], [true, true]);
  });
}
