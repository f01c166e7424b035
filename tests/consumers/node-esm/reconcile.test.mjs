// The reconciliation API of the packed package in Node: payments.refresh against the sandbox
// (one result per reference in input order, VesicashErrors for the failures, a shared pause
// under rate limiting), the pure reconcileSchedule and failureAdvice, and their argument checks.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Vesicash, VesicashError, failureAdvice, reconcileSchedule } from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";

const MIN = 60_000;

test("refresh: a result per reference, in order; failures are VesicashErrors, never a rejection", async (t) => {
  const sb = await startSandbox({ args: ["--phone-delay-ms", "20", "--expiry-ms", "5000"] });
  t.after(() => sb.stop());
  const client = new Vesicash({ publicKey: sb.publicKey, secretKey: sb.secretKey, baseUrl: sb.url });
  const paid = await client.payments.charge({
    amount: 1.3,
    currency: "ZMW",
    country: "ZM",
    narration: "rice",
    method: "mobilemoney",
    webhook_url: "http://127.0.0.1:9/hook",
    redirect_url: "http://127.0.0.1:9/done",
    phone_number: "260970000001",
  });
  await sb.waitFor(async () => (await sb.payment(paid.reference)).status === "successful");
  const fresh = await client.payments.initialize({
    amount: 2,
    currency: "ZMW",
    country: "ZM",
    narration: "beans",
    method: "mobilemoney",
    webhook_url: "http://127.0.0.1:9/hook",
    redirect_url: "http://127.0.0.1:9/done",
  });
  const results = await client.payments.refresh(
    [paid.reference, "PY_missing_0000000001", { reference: fresh.reference, createdAt: new Date() }, "bad/ref"],
    { concurrency: 2, deadlineMs: 10_000 },
  );
  assert.deepEqual(
    results.map((r) => [r.reference, r.ok]),
    [
      [paid.reference, true],
      ["PY_missing_0000000001", false],
      [fresh.reference, true],
      ["bad/ref", false],
    ],
  );
  assert.equal(results[0].payment.status, "successful");
  assert.equal(results[2].payment.status, "pending");
  assert.ok(results[1].error instanceof VesicashError);
  assert.deepEqual([results[1].error.code, results[1].error.retryable], ["not_found", false]);
  assert.equal(results[3].error.code, "validation_error");

  // A 429 with Retry-After on the first call holds the batch: nothing else is sent during the second.
  await sb.setFaults({ rate_limit_rate: 1, retry_after_seconds: 1, count: 1 });
  const started = Date.now();
  const limited = await client.payments.refresh([paid.reference, paid.reference, paid.reference], { concurrency: 1 });
  assert.ok(
    limited.every((r) => r.ok),
    JSON.stringify(limited),
  );
  const gets = (await sb.requests()).filter((r) => r.path === `/v1/payment/${paid.reference}`).slice(-4);
  assert.equal(gets[0].fault, "rate_limit");
  assert.ok(Date.now() - started >= 1000, "the Retry-After was waited out");

  const abort = new AbortController();
  abort.abort();
  const aborted = await client.payments.refresh([paid.reference], { signal: abort.signal });
  assert.equal(aborted[0].error.code, "aborted");
  for (const [references, options, field] of [
    ["PY_1", undefined, "references"],
    [[paid.reference], { concurrency: 0 }, "concurrency"],
    [[paid.reference], { concurrency: 1.5 }, "concurrency"],
    [[paid.reference], { deadlineMs: "1s" }, "deadlineMs"],
    [[{ reference: paid.reference, createdAt: "yesterday" }], undefined, "createdAt"],
    [[42], undefined, "references[0]"],
  ]) {
    await assert.rejects(client.payments.refresh(references, options), (e) => e instanceof VesicashError && e.field === field, field);
  }
});

test("reconcileSchedule: backing off from the creation, then expired after the horizon", () => {
  const t0 = Date.UTC(2026, 11, 1);
  assert.deepEqual(reconcileSchedule(t0, null, t0 + 10_000), { due: false, nextCheckAt: t0 + 30_000, expired: false, horizonAt: t0 + 24 * 60 * MIN });
  assert.equal(reconcileSchedule(t0, t0 + 30_000, t0 + 30_000).nextCheckAt, t0 + MIN);
  assert.equal(reconcileSchedule(t0, t0 + 5 * MIN, t0 + 15 * MIN).due, true);
  assert.deepEqual(reconcileSchedule(t0, t0 + 24 * 60 * MIN, t0 + 25 * 60 * MIN), {
    due: false,
    nextCheckAt: null,
    expired: true,
    horizonAt: t0 + 24 * 60 * MIN,
  });
  for (const args of [
    [Number.NaN, null, t0],
    ["2026-12-01", null, t0],
    [t0, "x", t0],
  ]) {
    assert.throws(
      () => reconcileSchedule(...args),
      (e) => e instanceof VesicashError && e.code === "validation_error",
    );
  }
});

test("failureAdvice: retryable or not, with a text to show; the misspelt codes as documented", () => {
  assert.deepEqual(
    ["INSUFFICIENT_FUNDS", "ACCOUNT_BLOCKED", "TRNASACTION_FAILED", "TRANSACTION_FAILED", "TRNASACTION_PENDING", "SIM_SWAPPED"].map((r) => {
      const a = failureAdvice(r);
      return [a.reason, a.known, a.retryable];
    }),
    [
      ["INSUFFICIENT_FUNDS", true, true],
      ["ACCOUNT_BLOCKED", true, false],
      ["TRNASACTION_FAILED", true, true],
      ["TRNASACTION_FAILED", true, true],
      ["TRNASACTION_PENDING", true, false],
      ["SIM_SWAPPED", false, false],
    ],
  );
  assert.match(failureAdvice("INSUFFICIENT_FUNDS").message, /top up/);
  assert.throws(
    () => failureAdvice(null),
    (e) => e instanceof VesicashError && e.field === "reason",
  );
});
