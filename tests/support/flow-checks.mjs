// Assertions on a runFlow() result and on the requests the sandbox received.
// The expected bodies are written out byte for byte from docs/contract.md.
import assert from "node:assert/strict";
import { FLOW } from "./flow.mjs";

const INIT_BODY =
  '{"currency":"ZMW","country":"ZM","narration":"payment for rice","method":"mobilemoney","amount":1.3,' +
  '"webhook_url":"https://shop.example/hooks/vesicash","redirect_url":"https://shop.example/done","reference":"order-2026-0000001"}';
const PAY_BODY =
  '{"email":"","customer_first_name":"Ada","customer_last_name":"","customer_city":"","account_number":"260970000001","phone_number":"260970000001"}';

/** Asserts the flow's results and the exact requests on the wire. */
export function checkFlow(out, requests, { publicKey, secretKey, baseUrl }) {
  // Results: wire field names, values from the sandbox.
  assert.equal(out.init.reference, FLOW.reference);
  assert.equal(out.init.status, "pending");
  assert.equal(out.init.payment_link, "");
  assert.equal(out.pay.status, "pending");
  assert.equal(out.firstGet.reference, FLOW.reference);
  assert.equal(out.firstGet.amount, 1.3);
  assert.equal(out.firstGet.currency, "ZMW");
  assert.equal(out.final.status, "successful");
  assert.equal(out.finalOutcome, "paid");
  assert.deepEqual(
    out.exports.filter((k) => ["Vesicash", "VesicashError", "paymentOutcome"].includes(k)),
    ["Vesicash", "VesicashError", "paymentOutcome"],
  );

  // The happy path's requests, exactly; nothing sent by the validation cases.
  const happy = requests.slice(0, out.requestsAfterHappyPath);
  const [init, pay, get] = happy;
  assert.equal(init.method, "POST");
  assert.equal(init.path, "/v1/payment/init");
  assert.equal(init.headers["secret-key"], secretKey);
  assert.equal(init.headers["public-key"], publicKey);
  assert.match(init.headers["content-type"], /^application\/json/);
  assert.equal(init.body, INIT_BODY);

  assert.equal(pay.method, "POST");
  assert.equal(pay.path, `/v1/payment/pay/${FLOW.reference}`);
  assert.equal(pay.headers["public-key"], publicKey);
  assert.equal(pay.headers["secret-key"], undefined, "pay must not send the secret key");
  assert.equal(pay.body, PAY_BODY);

  for (const g of happy.slice(2)) {
    assert.equal(g.method, "GET");
    assert.equal(g.path, `/v1/payment/${FLOW.reference}`);
    assert.equal(g.headers["secret-key"], secretKey);
    assert.equal(g.headers["public-key"], publicKey);
    assert.equal(g.body, "");
  }
  assert.equal(get.method, "GET");
  // After the happy path: only the 3 API-error calls that reach the sandbox
  // (the refused one goes to a closed port).
  const rest = requests.slice(out.requestsAfterHappyPath);
  assert.deepEqual(
    rest.map((r) => `${r.method} ${r.path}`),
    [`GET /v1/payment/PY_does_not_exist`, `GET /v1/payment/${FLOW.reference}`, `POST /v1/payment/init`, `GET /api/v1/payment/${FLOW.reference}`],
    "validation failures must send nothing",
  );

  // Request builders.
  assert.deepEqual(out.builtInit.headers, { "secret-key": secretKey, "public-key": publicKey, "content-type": "application/json" });
  assert.equal(out.builtInit.url, `${baseUrl}/v1/payment/init`);
  assert.match(out.builtInit.body, /"amount":19\.99,/);
  assert.deepEqual(out.builtGet, {
    method: "GET",
    url: `${baseUrl}/v1/payment/PY_abc`,
    headers: { "secret-key": secretKey, "public-key": publicKey },
    body: null,
  });

  // Typed errors.
  const fields = {
    amountFloat: "amount",
    amountZero: "amount",
    amountNaN: "amount",
    amountThreeDecimals: "amount",
    currency: "currency",
    country: "country",
    method: "method",
    narration: "narration",
    webhookUrl: "webhook_url",
    redirectUrl: "redirect_url",
    reference: "reference",
    unknownField: "params",
    notObject: "params",
    phone: "phone_number",
    payReference: "reference",
    getReference: "reference",
    noKeys: "secret_key",
    paddedKey: "secret_key",
    badBaseUrl: "base_url",
  };
  for (const [name, field] of Object.entries(fields)) {
    const e = out.validation[name];
    assert.equal(e.thrown, true, `${name} should throw`);
    assert.equal(e.isError && e.isVesicashError, true, `${name}: a VesicashError`);
    assert.equal(e.name, "VesicashError");
    assert.equal(e.code, "validation_error", `${name}: ${e.message}`);
    assert.equal(e.field, field, `${name}: ${e.message}`);
    assert.ok(!e.message.includes(secretKey) && !e.message.includes("morSec_test_sandbox"), `${name} leaks the secret`);
  }
  assert.match(out.validation.amountFloat.message, /2 decimal places/);
  assert.match(out.validation.unknownField.message, /`refrence`/);

  const api = out.apiErrors;
  // [code, status, retryable, attempts]: client errors are never retried.
  assert.deepEqual([api.notFound.code, api.notFound.status, api.notFound.retryable, api.notFound.attempts], ["not_found", 404, false, 1]);
  assert.deepEqual([api.wrongSecret.code, api.wrongSecret.status, api.wrongSecret.retryable], ["authentication_error", 401, false]);
  assert.deepEqual([api.reusedReference.code, api.reusedReference.status, api.reusedReference.attempts], ["reference_exists", 400, 1]);
  assert.match(api.reusedReference.message, /already exists/);
  assert.deepEqual([api.unknownRoute.code, api.unknownRoute.status], ["route_not_found", 404]);
  assert.match(api.unknownRoute.message, /baseUrl/);
  // Nothing listens: a read is retried (default maxRetries 2), then says it may be retried again.
  assert.deepEqual([api.refused.code, api.refused.retryable, api.refused.attempts], ["connection_error", true, 3]);
  for (const e of Object.values(api)) {
    assert.equal(e.isVesicashError, true);
    assert.ok(!e.message.includes("morSec_test"), "errors never carry a secret key");
  }
}
