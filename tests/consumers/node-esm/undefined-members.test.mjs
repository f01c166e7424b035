// The declarations say every optional member of an input takes `undefined`
// (`?: T | undefined`, for exactOptionalPropertyTypes). This checks the runtime
// agrees, from the packed tarball: a member set to `undefined` builds exactly the
// request its absence builds, and verification reads it as absent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Vesicash, signWebhook, verifyWebhook } from "vesicash-edge";

const KEYS = { publicKey: "morPub_test_undefined", secretKey: "morSec_test_undefined" };
const client = new Vesicash({ ...KEYS, baseUrl: "http://127.0.0.1:9" });

test("client options set to undefined are the defaults", () => {
  const unset = new Vesicash({
    ...KEYS,
    baseUrl: undefined,
    fetch: undefined,
    timeoutMs: undefined,
    maxRetries: undefined,
    deadlineMs: undefined,
    maxResponseBytes: undefined,
    onRequest: undefined,
    onResponse: undefined,
  });
  assert.deepEqual(unset.requests.countries(), new Vesicash(KEYS).requests.countries());
  assert.match(unset.requests.countries().url, /^https:\/\/api\.mor\.vesicash\.com\//);
});

test("params and filters: a member set to undefined builds the request its absence builds", () => {
  const pay = { phone_number: "+260971234567" };
  assert.deepEqual(
    client.requests.pay("order-undefined-01", {
      ...pay,
      email: undefined,
      customer_first_name: undefined,
      customer_last_name: undefined,
      customer_city: undefined,
      account_number: undefined,
    }),
    client.requests.pay("order-undefined-01", pay),
  );

  const refund = { payment_reference: "order-undefined-01", amount: "1.30", reason: "returned", webhook_url: "https://shop.example/hooks" };
  assert.deepEqual(
    client.requests.refund({ ...refund, country_id: undefined, transfer_to: undefined, momo_phone_number: undefined }),
    client.requests.refund(refund),
  );

  assert.deepEqual(
    client.requests.listPayments({ page: undefined, limit: undefined, reference: undefined, from: undefined, to: undefined }),
    client.requests.listPayments({}),
  );

  const init = {
    amount: "1.30",
    currency: "ZMW",
    country: "ZM",
    narration: "rice",
    method: "mobilemoney",
    webhook_url: "https://shop.example/hooks",
    redirect_url: "https://shop.example/done",
  };
  const built = client.requests.initialize({ ...init, reference: undefined });
  assert.deepEqual(built, client.requests.initialize(init));
  assert.equal("reference" in JSON.parse(built.body), false, "no reference member when none was given");
});

test("verification options set to undefined are the defaults", () => {
  const body = JSON.stringify({ event: "payment.updated", data: { reference: "order-undefined-01", status: "successful" } });
  const headers = signWebhook(body, "whsec_undefined", { timestamp: undefined });
  const event = verifyWebhook(body, headers, "whsec_undefined", {
    toleranceSeconds: undefined,
    now: undefined,
    legacyBodyOnly: undefined,
    maxBodyBytes: undefined,
    hostCrypto: undefined,
  });
  assert.equal(event.data.reference, "order-undefined-01");
});
