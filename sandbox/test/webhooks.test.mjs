// Webhook delivery: secret rotation, retries with backoff, bounded attempts, duplicates,
// reordering, loopback-only delivery.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startSandbox } from "../spawn.mjs";
import { apiClient, startReceiver, verifySignature } from "../testkit.mjs";

describe("sandbox simulator (tests the simulator, not the package): its webhook deliveries", () => {
  let sb;
  let api;
  const receivers = [];
  before(async () => {
    sb = await startSandbox({ args: ["--phone-delay-ms", "20", "--expiry-ms", "2000"] });
    api = apiClient(sb);
  });
  after(async () => {
    await sb?.stop();
    await Promise.all(receivers.map((r) => r.close()));
  });
  beforeEach(() => sb.reset());
  async function receiver(statuses) {
    const rx = await startReceiver({ statuses });
    receivers.push(rx);
    return rx;
  }
  async function paid(rx, phone = "260970000001") {
    const { reference } = await api.init(`${rx.url}/hook`);
    await api.pay(reference, phone);
    return reference;
  }

  test("rotating the secret signs later deliveries with the new one only", async () => {
    const rx = await receiver();
    await paid(rx);
    const [first] = await rx.waitForHits(1);
    assert.ok(verifySignature(sb.webhookSecret, first.headers, first.body));

    assert.equal((await api.call("POST", "/v1/account/generate-webhook-secret", { keys: ["public-key"] })).status, 401);
    const r = await api.call("POST", "/v1/account/generate-webhook-secret", { keys: ["secret-key"] });
    assert.equal(r.status, 200);
    const secret = r.json.data.webhook_secret;
    assert.match(secret, /^whsec_[0-9a-f]{32}$/);
    assert.notEqual(secret, sb.webhookSecret);

    await paid(rx);
    const [, second] = await rx.waitForHits(2);
    assert.ok(verifySignature(secret, second.headers, second.body));
    assert.ok(!verifySignature(sb.webhookSecret, second.headers, second.body), "the old secret stops working at once");

    await sb.reset(); // reset restores the secret from the ready line
    await paid(rx);
    const [, , third] = await rx.waitForHits(3);
    assert.ok(verifySignature(sb.webhookSecret, third.headers, third.body));
  });

  test("a 500 from the receiver is retried with exponential backoff until a 2xx", async () => {
    const rx = await receiver([500, 503]);
    await sb.setWebhookOptions({ base_backoff_ms: 50 });
    await paid(rx);
    const hits = await rx.waitForHits(3);
    assert.deepEqual(
      hits.map((h) => h.status),
      [500, 503, 200],
    );
    assert.equal(hits[0].body, hits[2].body, "every retry carries the same body");
    for (const h of hits) assert.ok(verifySignature(sb.webhookSecret, h.headers, h.body));
    assert.ok(hits[1].at - hits[0].at >= 45, "first retry after ~base");
    assert.ok(hits[2].at - hits[1].at >= 95, "second retry after ~2x base");
    const log = await sb.waitFor(async () => {
      const l = await sb.webhooks();
      return l.length === 3 && l;
    });
    assert.deepEqual(
      log.map((e) => [e.attempt, e.status]),
      [
        [1, 500],
        [2, 503],
        [3, 200],
      ],
    );
    assert.equal(new Set(log.map((e) => e.event_id)).size, 1);
    for (const e of log) for (const k of ["id", "event_id", "url", "attempt", "status", "error", "body", "headers", "at"]) assert.ok(k in e, k);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(rx.hits.length, 3, "no delivery after the 2xx");
  });

  test("attempts are bounded by max_attempts, and connection errors are logged", async () => {
    const rx = await receiver(Array(10).fill(500));
    await sb.setWebhookOptions({ base_backoff_ms: 10, max_attempts: 3 });
    await paid(rx);
    await rx.waitForHits(3);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(rx.hits.length, 3);

    await sb.reset();
    await sb.setWebhookOptions({ base_backoff_ms: 10, max_attempts: 2 });
    const { reference } = await api.init("http://127.0.0.1:9/closed-port");
    await api.pay(reference, "260970000001");
    const log = await sb.waitFor(async () => {
      const l = await sb.webhooks();
      return l.length === 2 && l;
    });
    assert.equal(log[0].status, null);
    assert.match(log[0].error, /ECONNREFUSED/);
  });

  test("duplicate: true delivers each event twice with the same event id", async () => {
    const rx = await receiver();
    await sb.setWebhookOptions({ duplicate: true });
    await paid(rx);
    const hits = await rx.waitForHits(2);
    assert.equal(hits[0].body, hits[1].body);
    const log = await sb.waitFor(async () => {
      const l = await sb.webhooks();
      return l.length === 2 && l;
    });
    assert.equal(log[0].event_id, log[1].event_id);
    assert.deepEqual(log.map((e) => e.copy).sort(), [1, 2]);
  });

  test("reorder delays every other event so a later one arrives first", async () => {
    const rx = await receiver();
    await sb.setWebhookOptions({ reorder: true, delay_ms: 300 });
    const first = await paid(rx, "260970000001");
    await new Promise((r) => setTimeout(r, 60)); // first payment final, its delivery held back
    const second = await paid(rx, "260970000002");
    const hits = await rx.waitForHits(2);
    assert.deepEqual(
      hits.map((h) => JSON.parse(h.body).data.reference),
      [second, first],
    );
  });

  test("non-loopback webhook URLs are recorded as skipped, never sent", async () => {
    const { reference } = await api.init("https://merchant.example.com/hook");
    await api.pay(reference, "260970000001");
    const [entry] = await sb.waitFor(async () => {
      const l = await sb.webhooks();
      return l.length && l;
    });
    assert.equal(entry.skipped, true);
    assert.equal(entry.status, null);
    assert.match(entry.error, /loopback/);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal((await sb.webhooks()).length, 1, "a skipped delivery is not retried");
  });

  test("bad webhook options are a 400", async () => {
    await assert.rejects(sb.setWebhookOptions({ max_attempts: 0 }), /400.*max_attempts/);
    await assert.rejects(sb.setWebhookOptions({ duplicate: "yes" }), /400.*duplicate/);
    await assert.rejects(sb.setWebhookOptions({ colour: 1 }), /400.*unknown field/);
  });
});
