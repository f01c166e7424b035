// The webhook handler's contract, checked the same way in every consumer
// (Node ESM and CJS calling it directly, node:http and Express through the
// Node adapter, workerd over HTTP). Each endpoint under test is built with
// createWebhookHandler({ secret: HOOK_SECRET, onEvent: recordingOnEvent(log),
// maxBodyBytes: HOOK_MAX_BODY }); `seen()` returns that log.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";

import { HOOK_MAX_BODY, HOOK_SECRET } from "./handler-endpoint.mjs";

export { HOOK_MAX_BODY, HOOK_SECRET, recordingOnEvent } from "./handler-endpoint.mjs";
const HEX64 = /^[0-9a-f]{64}$/;

const eventBody = (reference, status = "successful", space = "") =>
  JSON.stringify({ event: "payment.updated", data: { reference, status, amount: "1.30", currency: "ZMW" } }, null, space);

/** The answer must not carry the secret, the store's message or the body's reference. */
function assertQuiet(res, ...secrets) {
  for (const s of [HOOK_SECRET, "the store is down", ...secrets]) assert.ok(!res.text.includes(s), `the answer ${res.text} holds ${s}`);
}

/**
 * Every status the handler answers, against an endpoint reached by `send`.
 * @param {{send: (method: string, body: string | Uint8Array | undefined, headers: Record<string, string>) =>
 *   Promise<{status: number, text: string, headers: Headers}>, seen: () => Promise<object[]>,
 *   signWebhook: Function, tag: string}} endpoint `tag` keeps references unique per endpoint
 */
export async function checkHandlerCases({ send, seen, signWebhook, tag }) {
  const now = Math.floor(Date.now() / 1000);
  const sign = (body, secret = HOOK_SECRET, timestamp = now) => ({ "content-type": "application/json", ...signWebhook(body, secret, { timestamp }) });
  const calls = async () => (await seen()).length;
  const json = (res) => JSON.parse(res.text);

  // 405, before anything is read.
  const before = await calls();
  const get = await send("GET", undefined, {});
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST");
  assert.deepEqual(json(get), { error: "method_not_allowed" });

  // A good delivery: 200, onEvent called once with a 64-hex key and the verified event.
  const reference = `PY_${tag}_good_0001`;
  const body = eventBody(reference);
  const good = await send("POST", body, sign(body));
  assert.equal(good.status, 200, good.text);
  assertQuiet(good, reference);
  let log = await seen();
  assert.equal(log.length, before + 1, "onEvent called once for one delivery");
  const first = log.at(-1);
  assert.deepEqual({ ...first, key: "" }, { key: "", event: "payment.updated", reference, status: "successful", method: "POST", threw: false });
  assert.match(first.key, HEX64);
  // The derivation the README documents, so a merchant can compute it: it must never change.
  const documented = createHash("sha256")
    .update(JSON.stringify(["payment.updated", reference, "successful"]))
    .digest("hex");
  assert.equal(first.key, documented);

  // The same event again: re-signed later, serialised again (other whitespace), sent as bytes: same key.
  const again = eventBody(reference, "successful", 2);
  assert.equal((await send("POST", again, sign(again, HOOK_SECRET, now - 30))).status, 200);
  const bytes = new TextEncoder().encode(body);
  assert.equal((await send("POST", bytes, sign(bytes, HOOK_SECRET, now + 1))).status, 200);
  log = await seen();
  assert.equal(log.length, before + 3);
  assert.deepEqual(
    log.slice(-2).map((e) => e.key),
    [first.key, first.key],
    "every delivery of one event has one key",
  );
  // Another state of the same payment, and another payment: other keys.
  const failed = eventBody(reference, "failed");
  assert.equal((await send("POST", failed, sign(failed))).status, 200);
  const other = eventBody(`PY_${tag}_good_0002`);
  assert.equal((await send("POST", other, sign(other))).status, 200);
  log = await seen();
  const [k1, k2] = log.slice(-2).map((e) => e.key);
  assert.equal(new Set([first.key, k1, k2]).size, 3, "a new status or a new reference is a new key");

  // Refusals: 400 with the code only, and onEvent never called.
  const refusals = [
    ["signed with another secret", body, sign(body, "whsec_someone_else"), "signature_mismatch"],
    ["unsigned", body, { "content-type": "application/json" }, "missing_signature"],
    ["tampered", body.replace("1.30", "9.30"), sign(body), "signature_mismatch"],
    ["replayed an hour later", body, sign(body, HOOK_SECRET, now - 3600), "timestamp_too_old"],
    ["signed but not an event", "not json", sign("not json"), "invalid_payload"],
    ["larger than maxBodyBytes", "x".repeat(HOOK_MAX_BODY + 1), sign("x"), "body_too_large"],
  ];
  const count = await calls();
  for (const [what, b, h, code] of refusals) {
    const res = await send("POST", b, h);
    assert.equal(res.status, 400, `${what}: ${res.text}`);
    assert.deepEqual(json(res), { error: code }, what);
    assertQuiet(res, reference);
  }
  assert.equal(await calls(), count, "onEvent is never called for a refused delivery");

  // The merchant's failure: 500, nothing of the error in the answer.
  const down = eventBody(`PY_${tag}_FAILALWAYS_1`);
  const failing = await send("POST", down, sign(down));
  assert.equal(failing.status, 500);
  assert.deepEqual(json(failing), { error: "internal_error" });
  assertQuiet(failing, `PY_${tag}_FAILALWAYS_1`);
  assert.equal((await seen()).at(-1).threw, true);
}

/** The deliveries the sandbox made for `reference`, in order. */
async function deliveriesOf(sandbox, reference) {
  return (await sandbox.webhooks()).filter((d) => JSON.parse(d.body).data.reference === reference);
}

/**
 * Real deliveries: payments charged on the sandbox with `url` as their webhook_url.
 * A good one is delivered once (200) and seen once; one whose first onEvent throws
 * is answered 500, delivered again by the sandbox (re-signed, a new timestamp) and
 * seen twice under one key.
 * @param {{Vesicash: Function, sandbox: object, url: string, seen: () => Promise<object[]>, tag: string}} endpoint
 */
export async function checkSandboxDeliveries({ Vesicash, sandbox, url, seen, tag }) {
  // A second and more between attempts: the redelivery carries a new mor-timestamp.
  await sandbox.setWebhookOptions({ base_backoff_ms: 1100 });
  const vesicash = new Vesicash({ publicKey: sandbox.publicKey, secretKey: sandbox.secretKey, baseUrl: sandbox.url });
  const charge = (reference) =>
    vesicash.payments.charge({
      amount: "1.30",
      currency: "ZMW",
      country: "ZM",
      method: "mobilemoney",
      narration: "handler test",
      reference,
      phone_number: "260970000001",
      webhook_url: url,
      redirect_url: "http://127.0.0.1/done",
    });
  const ok = `order-${tag}-ok-${Date.now()}`;
  const once = `order-${tag}-FAILONCE-${Date.now()}`;
  await charge(ok);
  await charge(once);
  const delivered = (ref) => async () => {
    const d = await deliveriesOf(sandbox, ref);
    return d.some((x) => x.status === 200) && d;
  };
  const okDeliveries = await sandbox.waitFor(delivered(ok), { timeoutMs: 20_000 });
  const onceDeliveries = await sandbox.waitFor(delivered(once), { timeoutMs: 20_000 });

  assert.deepEqual(
    okDeliveries.map((d) => d.status),
    [200],
  );
  const okSeen = (await seen()).filter((e) => e.reference === ok);
  assert.equal(okSeen.length, 1, "one delivery, one onEvent");
  assert.equal(okSeen[0].status, "successful");
  assert.match(okSeen[0].key, HEX64);

  assert.deepEqual(
    onceDeliveries.map((d) => d.status),
    [500, 200],
    "a 500 makes the sandbox deliver again",
  );
  const [t1, t2] = onceDeliveries.map((d) => d.headers["mor-timestamp"]);
  assert.notEqual(t1, t2, "the redelivery was signed again");
  const onceSeen = (await seen()).filter((e) => e.reference === once);
  assert.deepEqual(
    onceSeen.map((e) => e.threw),
    [true, false],
  );
  assert.equal(onceSeen[0].key, onceSeen[1].key, "a redelivery has the same key");
  assert.notEqual(onceSeen[0].key, okSeen[0].key);
}
