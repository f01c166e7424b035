// The /v1 API: keys, validation, envelope, 404/405, references, list, countries, refunds, payouts.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { apiClient, initBody as baseInit, startReceiver } from "../testkit.mjs";
import { startSandbox } from "../spawn.mjs";

describe("sandbox simulator (tests the simulator, not the package): its HTTP API", () => {
  let sb;
  let rx;
  before(async () => {
    sb = await startSandbox({ args: ["--phone-delay-ms", "30", "--expiry-ms", "300"] });
    rx = await startReceiver();
  });
  after(async () => {
    await sb?.stop();
    await rx?.close();
  });
  beforeEach(() => sb.reset());

  const BOTH = ["public-key", "secret-key"];
  const call = (...a) => apiClient(sb).call(...a);
  const initBody = (over) => baseInit(`${rx.url}/hook`, over);
  const init = async (over) => (await call("POST", "/v1/payment/init", { body: initBody(over) })).json.data;
  function assertError(r, code, pattern) {
    assert.equal(r.status, code, JSON.stringify(r.json));
    assert.equal(r.json.status, "error");
    assert.equal(r.json.code, code);
    assert.equal(r.json.data, null);
    assert.match(r.json.message, pattern);
  }

  test("the ready line carries the default test keys", () => {
    assert.match(sb.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(sb.publicKey, "morPub_test_sandbox");
    assert.equal(sb.secretKey, "morSec_test_sandbox");
    assert.equal(sb.webhookSecret, "whsec_test_sandbox");
  });

  test("init answers the documented envelope and generates a PY_ reference", async () => {
    const r = await call("POST", "/v1/payment/init", { body: initBody() });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json), ["status", "code", "message", "data"]);
    assert.equal(r.json.status, "success");
    assert.equal(r.json.code, 200);
    assert.equal(r.json.message, "success");
    assert.equal(r.json.data.payment_link, "");
    assert.equal(r.json.data.status, "pending");
    assert.match(r.json.data.reference, /^PY_[0-9a-f]{25}$/);
    assert.ok(r.json.data.payment_id);
  });

  describe("keys", () => {
    const endpoints = [
      ["POST", "/v1/payment/init", BOTH],
      ["GET", "/v1/payment/PY_0000000000", BOTH],
      ["POST", "/v1/payment/refunds/process", BOTH],
      ["POST", "/v1/payment/payouts/process", BOTH],
      ["POST", "/v1/payment/pay/PY_0000000000", ["public-key"]],
      ["GET", "/v1/payment/", ["public-key"]],
      ["GET", "/v1/countries", ["public-key"]],
      ["POST", "/v1/account/generate-webhook-secret", ["secret-key"]],
    ];
    for (const [method, path, needed] of endpoints) {
      test(`${method} ${path} needs ${needed.join(" + ")}`, async () => {
        for (const name of needed) {
          assertError(
            await call(method, path, { body: method === "GET" ? undefined : {}, keys: needed.filter((k) => k !== name) }),
            401,
            new RegExp(`missing ${name} header`),
          );
        }
      });
    }

    test("a wrong key is a 401 naming the header and never echoing the key", async () => {
      const res = await fetch(`${sb.url}/v1/countries`, { headers: { "public-key": "morPub_test_WRONG" } });
      const json = await res.json();
      assert.equal(res.status, 401);
      assert.match(json.message, /invalid public-key header/);
      assert.doesNotMatch(json.message, /WRONG/);
      const r2 = await fetch(`${sb.url}/v1/payment/init`, {
        method: "POST",
        headers: { "public-key": sb.publicKey, "secret-key": "nope" },
        body: "{}",
      });
      assert.match((await r2.json()).message, /invalid secret-key header/);
    });

    test("header names are case-insensitive", async () => {
      const res = await fetch(`${sb.url}/v1/countries`, { headers: { "Public-Key": sb.publicKey } });
      assert.equal(res.status, 200);
    });

    test("pay and list do not need the secret key", async () => {
      const { reference } = await init();
      assert.equal(
        (await call("POST", `/v1/payment/pay/${reference}`, { body: { phone_number: "260971234567" }, keys: ["public-key"] })).status,
        200,
      );
      assert.equal((await call("GET", "/v1/payment/", { keys: ["public-key"] })).status, 200);
    });
  });

  describe("init validation", () => {
    const cases = [
      ["currency", { currency: "zmw" }, /"currency".*3 uppercase/],
      ["currency missing", { currency: undefined }, /missing required field "currency"/],
      ["country", { country: "ZMB" }, /"country".*2 uppercase/],
      ["narration empty", { narration: " " }, /"narration".*empty/],
      ["narration type", { narration: 5 }, /"narration".*string/],
      ["method", { method: "bank" }, /"method".*"mobilemoney", "card"/],
      ["amount as string", { amount: "1.30" }, /"amount".*not a string/],
      ["amount zero", { amount: 0 }, /"amount".*greater than 0/],
      ["amount negative", { amount: -1 }, /"amount".*greater than 0/],
      ["amount 3 decimals", { amount: 1.005 }, /"amount".*2 decimal/],
      ["amount missing", { amount: undefined }, /missing required field "amount"/],
      ["webhook_url relative", { webhook_url: "/hook" }, /"webhook_url".*absolute http/],
      ["redirect_url ftp", { redirect_url: "ftp://x.example/" }, /"redirect_url".*absolute http/],
      ["reference short", { reference: "short" }, /"reference".*at least 10/],
      ["reference type", { reference: 1234567890 }, /"reference".*string/],
    ];
    for (const [name, over, pattern] of cases) {
      test(`400: ${name}`, async () => {
        assertError(await call("POST", "/v1/payment/init", { body: initBody(over) }), 400, pattern);
      });
    }

    test("400: invalid JSON, non-object body", async () => {
      assertError(await call("POST", "/v1/payment/init", { raw: '{"amount":' }), 400, /not valid JSON/);
      assertError(await call("POST", "/v1/payment/init", { raw: "[1]" }), 400, /must be a JSON object, got array/);
    });

    test("amounts with up to 2 decimals and card method are accepted", async () => {
      for (const amount of [1, 1.1, 250.99, 0.01]) {
        assert.equal((await call("POST", "/v1/payment/init", { body: initBody({ amount, method: "card" }) })).status, 200);
      }
    });

    test("a caller reference is kept, and reusing it is a 400", async () => {
      const reference = "order-2024-000123";
      assert.equal((await init({ reference })).reference, reference);
      assertError(await call("POST", "/v1/payment/init", { body: initBody({ reference }) }), 400, /^payment reference already exists$/);
    });
  });

  describe("lookups", () => {
    test("GET returns the full payment object", async () => {
      const { reference, payment_id } = await init({ currency: "GHS", country: "GH", amount: 250 });
      const r = await call("GET", `/v1/payment/${reference}`);
      assert.equal(r.status, 200);
      const p = r.json.data;
      for (const k of [
        "id",
        "amount",
        "type",
        "method",
        "status",
        "currency",
        "reference",
        "business_id",
        "created_at",
        "updated_at",
        "environment",
        "redirect_url",
        "email",
        "customer_first_name",
        "customer_last_name",
        "phone_number",
        "narration",
        "provider_transaction_id",
      ]) {
        assert.ok(k in p, `missing ${k}`);
      }
      assert.equal(p.id, payment_id);
      assert.equal(p.amount, 250);
      assert.equal(p.type, "payment");
      assert.equal(p.status, "pending");
      assert.equal(p.environment, "test");
      assert.ok(!("failure_reason" in p));
      assert.equal(new Date(p.created_at).toISOString(), p.created_at);
    });

    test("404 for unknown references and routes, 405 for a wrong method", async () => {
      assertError(await call("GET", "/v1/payment/PY_doesnotexist"), 404, /payment not found/);
      assertError(await call("POST", "/v1/payment/pay/PY_doesnotexist", { body: { phone_number: "260971234567" } }), 404, /payment not found/);
      assertError(await call("GET", "/v1/nothing"), 404, /route not found/);
      const r = await call("GET", "/v1/payment/init");
      assertError(r, 405, /use POST/);
      assert.equal(r.headers.get("allow"), "POST");
      assertError(await call("DELETE", "/v1/countries"), 405, /not allowed/);
    });

    test("countries", async () => {
      const r = await call("GET", "/v1/countries", { keys: ["public-key"] });
      assert.deepEqual(r.json.data, [
        { id: 1, name: "Zambia", country_code: "ZM", currency_code: "ZMW" },
        { id: 2, name: "Ghana", country_code: "GH", currency_code: "GHS" },
      ]);
    });

    test("list paginates newest first and filters by reference and date", async () => {
      const refs = [];
      for (let i = 0; i < 5; i++) refs.push((await init()).reference);
      const p1 = (await call("GET", "/v1/payment/?page=1&limit=2", { keys: ["public-key"] })).json.data;
      assert.equal(p1.total, 5);
      assert.equal(p1.page, 1);
      assert.equal(p1.limit, 2);
      assert.deepEqual(
        p1.items.map((p) => p.reference),
        [refs[4], refs[3]],
      );
      const p3 = (await call("GET", "/v1/payment?page=3&limit=2", { keys: ["public-key"] })).json.data;
      assert.deepEqual(
        p3.items.map((p) => p.reference),
        [refs[0]],
      );
      const one = (await call("GET", `/v1/payment/?reference=${refs[2]}`, { keys: ["public-key"] })).json.data;
      assert.deepEqual(
        one.items.map((p) => p.reference),
        [refs[2]],
      );
      const future = (await call("GET", "/v1/payment/?from=2999-01-01", { keys: ["public-key"] })).json.data;
      assert.equal(future.total, 0);
      const today = new Date().toISOString().slice(0, 10);
      assert.equal((await call("GET", `/v1/payment/?from=${today}&to=${today}`, { keys: ["public-key"] })).json.data.total, 5);
      assertError(await call("GET", "/v1/payment/?page=0", { keys: ["public-key"] }), 400, /"page"/);
      assertError(await call("GET", "/v1/payment/?limit=1000", { keys: ["public-key"] }), 400, /"limit"/);
      assertError(await call("GET", "/v1/payment/?from=yesterday", { keys: ["public-key"] }), 400, /"from"/);
    });

    test("the request log keeps method, path with query, lowercased headers and the raw body", async () => {
      const raw = '{"currency":"ZMW" , "amount":1.30}';
      await call("POST", "/v1/payment/init?x=1", { raw });
      const [req] = await sb.requests();
      assert.equal(req.method, "POST");
      assert.equal(req.path, "/v1/payment/init?x=1");
      assert.equal(req.body, raw);
      assert.equal(req.headers["public-key"], sb.publicKey);
      assert.equal(req.headers["content-type"], "application/json");
    });
  });

  describe("pay validation", () => {
    test("phone_number is required and must be digits", async () => {
      const { reference } = await init();
      assertError(await call("POST", `/v1/payment/pay/${reference}`, { body: { email: "" } }), 400, /missing required field "phone_number"/);
      assertError(await call("POST", `/v1/payment/pay/${reference}`, { body: { phone_number: "0977-123" } }), 400, /"phone_number".*digits/);
      assertError(await call("POST", `/v1/payment/pay/${reference}`, { body: { phone_number: "260971234567", email: 7 } }), 400, /"email".*string/);
      assert.equal((await call("POST", `/v1/payment/pay/${reference}`, { body: { phone_number: "+260971234567" } })).status, 200);
    });
  });

  describe("refunds", () => {
    async function paidPayment(amount = 10) {
      const { reference } = await init({ amount });
      await call("POST", `/v1/payment/pay/${reference}`, { body: { phone_number: "260970000001" } });
      await sb.waitFor(async () => (await sb.payment(reference)).status === "successful");
      return reference;
    }
    const refundBody = (payment_reference, amount) => ({ amount, payment_reference, reason: "customer asked", webhook_url: `${rx.url}/refunds` });

    test("only successful payments can be refunded", async () => {
      const { reference } = await init();
      assertError(await call("POST", "/v1/payment/refunds/process", { body: refundBody(reference, 1) }), 400, /only successful payments.*pending/);
      assertError(await call("POST", "/v1/payment/refunds/process", { body: refundBody("PY_unknown_ref", 1) }), 404, /payment not found/);
    });

    test("partial refunds up to the remainder, then 400", async () => {
      const ref = await paidPayment(10);
      const r1 = await call("POST", "/v1/payment/refunds/process", { body: refundBody(ref, 6.5) });
      assert.equal(r1.status, 200);
      assert.equal(r1.json.data.status, "pending");
      assert.equal(r1.json.data.message, "refund queued successfully");
      assert.match(r1.json.data.reference, /^RF_[0-9a-f]{25}$/);
      assertError(await call("POST", "/v1/payment/refunds/process", { body: refundBody(ref, 3.51) }), 400, /exceeds the refundable remainder 3\.50/);
      assert.equal((await call("POST", "/v1/payment/refunds/process", { body: refundBody(ref, 3.5) })).status, 200);
      assertError(await call("POST", "/v1/payment/refunds/process", { body: { ...refundBody(ref, 1), reason: undefined } }), 400, /"reason"/);
      assertError(await call("POST", "/v1/payment/refunds/process", { body: refundBody(ref, "1") }), 400, /"amount".*not a string/);
      const hook = await sb.waitFor(async () => (await sb.webhooks()).find((w) => w.event === "refund.updated"));
      const body = JSON.parse(hook.body);
      assert.equal(body.data.status, "successful");
      assert.equal(body.data.payment_reference, ref);
      assert.equal(hook.url, `${rx.url}/refunds`);
    });

    test("the current page's destination fields: all three or none, each validated and kept", async () => {
      const ref = await paidPayment(10);
      const dest = { country_id: "2", transfer_to: "mobile_number", momo_phone_number: "233211111111" };
      const ok = await call("POST", "/v1/payment/refunds/process", { body: { ...refundBody(ref, 1), ...dest } });
      assert.equal(ok.status, 200, ok.text);
      const stored = await sb.waitFor(async () => {
        const r = await fetch(`${sb.url}/_sandbox/refunds/${ok.json.data.reference}`);
        return r.status === 200 ? (await r.json()).data : null;
      });
      assert.deepEqual([stored.country_id, stored.transfer_to, stored.momo_phone_number], ["2", "mobile_number", "233211111111"]);
      const bad = (over, pattern) =>
        call("POST", "/v1/payment/refunds/process", { body: { ...refundBody(ref, 1), ...dest, ...over } }).then((r) => assertError(r, 400, pattern));
      await bad({ momo_phone_number: undefined }, /missing required field "momo_phone_number"/);
      await bad({ country_id: undefined, transfer_to: undefined }, /missing required field "country_id"/);
      await bad({ country_id: 2 }, /"country_id": must be a string/);
      await bad({ country_id: "9" }, /"country_id": no country has id 9/);
      await bad({ transfer_to: "mobile_money" }, /"transfer_to": must be one of "mobile_number"/);
      await bad({ momo_phone_number: "+233211111111" }, /"momo_phone_number": must be E\.164 digits without \+/);
      await bad({ momo_phone_number: "0211111111" }, /"momo_phone_number"/);
    });
  });

  describe("payouts", () => {
    const payout = (over = {}) => ({
      amount: 5,
      countryId: 1,
      transfer_to: "mobile_money",
      momo_phone_number: "260971234567",
      webhook_url: `${rx.url}/payouts`,
      narration: "salary",
      ...over,
    });

    test("validation", async () => {
      assertError(await call("POST", "/v1/payment/payouts/process", { body: payout({ countryId: 9 }) }), 400, /"countryId"/);
      assertError(await call("POST", "/v1/payment/payouts/process", { body: payout({ countryId: "1" }) }), 400, /"countryId"/);
      assertError(await call("POST", "/v1/payment/payouts/process", { body: payout({ transfer_to: "cash" }) }), 400, /"transfer_to"/);
      assertError(await call("POST", "/v1/payment/payouts/process", { body: payout({ momo_phone_number: undefined }) }), 400, /"momo_phone_number"/);
      assertError(await call("POST", "/v1/payment/payouts/process", { body: payout({ transfer_to: "bank" }) }), 400, /"bank_id"/);
      assertError(await call("POST", "/v1/payment/payouts/process", { body: payout({ transfer_to: "bank", bank_id: 3 }) }), 400, /"account_number"/);
      assertError(await call("POST", "/v1/payment/payouts/process", { body: payout({ webhook_url: undefined }) }), 400, /"webhook_url"/);
    });

    test("a payout is pending, then settles by webhook", async () => {
      const r = await call("POST", "/v1/payment/payouts/process", { body: payout() });
      assert.equal(r.status, 200);
      assert.equal(r.json.data.status, "pending");
      assert.match(r.json.data.reference, /^PO_/);
      const bank = await call("POST", "/v1/payment/payouts/process", {
        body: payout({ transfer_to: "bank", bank_id: 3, account_number: "0012345678", momo_phone_number: undefined }),
      });
      assert.equal(bank.status, 200);
      const declined = await call("POST", "/v1/payment/payouts/process", { body: payout({ momo_phone_number: "260970000002" }) });
      const hooks = await sb.waitFor(async () => {
        const w = (await sb.webhooks()).filter((h) => h.event === "payout.updated");
        return w.length === 3 && w;
      });
      const byRef = Object.fromEntries(hooks.map((h) => [JSON.parse(h.body).data.reference, JSON.parse(h.body).data]));
      assert.equal(byRef[r.json.data.reference].status, "successful");
      assert.equal(byRef[bank.json.data.reference].status, "successful");
      assert.equal(byRef[declined.json.data.reference].status, "failed");
      assert.equal(byRef[declined.json.data.reference].failure_reason, "DECLINED_TRANSACTION");
    });
  });
});
