// Reconciliation end to end in workerd: the demo Worker (wrangler dev --test-scheduled, a
// real local D1) against the sandbox delivering webhooks lossily: half of them dropped, others
// duplicated or late and overtaken. Over a hundred payments with every phone answer (approve,
// decline, insufficient funds, never answers); once the sandbox holds every final state, the
// scheduled handler is triggered as wrangler does locally (`wrangler dev --test-scheduled`,
// GET /__scheduled). The Worker's test-only RECONCILE_CLOCK_SKEW_MS moves the time its
// schedule reads 31 s ahead, so the schedule's first check (30 s after checkout) is due at once
// instead of after a 30 s sleep. Afterwards every
// payment's row in D1 (GET ?source=store) must equal the sandbox's final truth, none may be
// pending, and each webhook delivery must have been acted on at most once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../sandbox/spawn.mjs";
import { applyD1Migrations, sandboxVars, startWrangler } from "../support/processes.mjs";

const CONFIG = fileURLToPath(new URL("../../examples/worker/wrangler.toml", import.meta.url));
const DATABASE = "vesicash-demo";
const PAYMENTS = 120;
const CHECKOUT_CONCURRENCY = 6;
const LOSS = { drop_rate: 0.5, duplicate_rate: 0.25, late_rate: 0.25, late_ms: 800, seed: 19 };
// The phone answers (sandbox magic numbers); any other number approves.
const PHONES = ["260970000001", "260970000002", "260970000003", "260970000004", "233240000001", "233240000004", "260971234567"];
/** The first check point of the schedule (30 s after checkout) and then some. */
const FIRST_CHECK_MS = 31_000;
const MAX_RUNS = 12;

async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

test("the scheduled handler settles every payment whose webhook was lost; D1 ends equal to the truth", { timeout: 300_000 }, async (t) => {
  const persistTo = mkdtempSync(join(tmpdir(), "vesicash-reconcile-d1-"));
  let sandbox;
  let worker;
  t.after(async () => {
    await Promise.allSettled([worker?.stop(), sandbox?.stop()]);
    rmSync(persistTo, { recursive: true, force: true });
  });
  sandbox = await startSandbox({ args: ["--phone-delay-ms", "50", "--expiry-ms", "1500", "--webhook-loss", JSON.stringify(LOSS)] });
  await applyD1Migrations(CONFIG, { database: DATABASE, persistTo });
  worker = await startWrangler(CONFIG, {
    vars: { ...sandboxVars(sandbox), RECONCILE_CLOCK_SKEW_MS: String(FIRST_CHECK_MS) },
    persistTo,
    args: ["--test-scheduled"],
  });

  const call = async (method, path, body) => {
    const res = await fetch(worker.url + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    try {
      return { status: res.status, json: JSON.parse(text), text };
    } catch {
      return { status: res.status, json: undefined, text };
    }
  };

  // 1. The checkouts, every phone answer in turn.
  const orders = Array.from({ length: PAYMENTS }, (_, i) => ({
    amount: `${10 + (i % 7)}.50`,
    currency: PHONES[i % PHONES.length].startsWith("233") ? "GHS" : "ZMW",
    country: PHONES[i % PHONES.length].startsWith("233") ? "GH" : "ZM",
    phone_number: PHONES[i % PHONES.length],
  }));
  const references = await pool(orders, CHECKOUT_CONCURRENCY, async (order) => {
    const r = await call("POST", "/api/checkout", order);
    assert.equal(r.status, 201, `${r.text}\n${worker.output()}`);
    return r.json.reference;
  });
  assert.equal(new Set(references).size, PAYMENTS);

  // 2. The truth settles: every payment final in the sandbox, every event raised, and every
  //    copy not dropped delivered (late ones included) and answered by the Worker.
  const record = await sandbox.waitFor(
    async () => {
      const [payments, rec, log] = await Promise.all([sandbox.payments(), sandbox.webhookRecord(), sandbox.webhooks()]);
      if (payments.some((p) => p.status === "pending") || rec.counts.events < PAYMENTS) return null;
      const answered = new Map();
      for (const d of log) if (d.status >= 200 && d.status < 300) answered.set(d.event_id, (answered.get(d.event_id) ?? 0) + 1);
      return rec.events.every((e) => (answered.get(e.event_id) ?? 0) >= e.copies) ? rec : null;
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  );
  const truth = new Map((await sandbox.payments()).map((p) => [p.reference, p]));
  const store = async (reference) => {
    const r = await call("GET", `/api/payments/${reference}?source=store`);
    assert.equal(r.status, 200, r.text);
    return r.json;
  };
  const before = await pool(references, CHECKOUT_CONCURRENCY, store);
  const pendingBefore = before.filter((v) => v.outcome === "pending").length;
  // With half the webhooks dropped, the store alone is behind the truth.
  assert.ok(pendingBefore >= PAYMENTS / 4, `${pendingBefore} pending before reconciliation`);
  assert.equal(pendingBefore, record.counts.dropped, "exactly the payments whose webhook was dropped are pending in D1");
  const statusCallsBefore = (await sandbox.requests()).filter((r) => r.method === "GET" && r.path.startsWith("/v1/payment/order-")).length;
  assert.equal(statusCallsBefore, 0, "?source=store never asks Vesicash");

  // 3. The scheduled handler, as wrangler runs it locally; its clock 31 s ahead.
  const scheduled = async () => {
    const before = Date.now();
    const r = await fetch(`${worker.url}/__scheduled?cron=${encodeURIComponent("* * * * *")}`, { signal: AbortSignal.timeout(60_000) });
    const text = await r.text();
    assert.equal(r.status, 200, `${text}\n${worker.output()}`);
    const { json } = await call("GET", "/api/reconcile/runs");
    const run = json.runs[0];
    assert.ok(run && run.at >= before + FIRST_CHECK_MS && run.at <= Date.now() + FIRST_CHECK_MS, `${JSON.stringify(run)}\n${worker.output()}`);
    return run;
  };
  const runs = [];
  for (let i = 0; i < MAX_RUNS; i++) {
    const run = await scheduled();
    runs.push(run);
    if (run.due === 0) break;
  }
  assert.equal(runs.at(-1).due, 0, `still due after ${MAX_RUNS} runs: ${JSON.stringify(runs)}`);
  assert.ok(runs.length >= 3, "more due payments than one run takes: several runs");
  assert.equal(
    runs.reduce((n, r) => n + r.refreshed, 0),
    record.counts.dropped,
  );
  assert.ok(
    runs.every((r) => r.errors === 0 && r.expired === 0),
    JSON.stringify(runs),
  );

  // 4. D1 equals the truth, payment by payment.
  const after = await pool(references, CHECKOUT_CONCURRENCY, store);
  const differing = [];
  const settledBy = {};
  let duplicatesIgnored = 0;
  for (const view of after) {
    const real = truth.get(view.reference);
    const same =
      view.state?.status === real.status &&
      view.payment?.status === real.status &&
      (view.payment?.failure_reason ?? null) === (real.failure_reason ?? null) &&
      view.payment?.provider_transaction_id === real.provider_transaction_id;
    if (!same) differing.push({ reference: view.reference, stored: view.state?.status, truth: real.status });
    assert.notEqual(view.outcome, "pending", view.reference);
    settledBy[view.state.source] = (settledBy[view.state.source] ?? 0) + 1;
    // One move out of pending, once.
    assert.deepEqual(
      view.transitions.map((x) => `${x.from ?? "∅"}→${x.to}`),
      ["∅→pending", `pending→${real.status}`],
      view.reference,
    );
    // Each delivery acted on at most once: one row per distinct delivery, at most one that
    // changed the state, and a second copy only ever acknowledged as a duplicate.
    const ids = view.webhooks.map((w) => w.delivery_id);
    assert.equal(new Set(ids).size, ids.length, view.reference);
    assert.ok(view.webhooks.filter((w) => w.effect === "applied").length <= 1, view.reference);
    assert.ok(view.timeline.filter((s) => s.step === "webhook_verified").length <= ids.length, view.reference);
    const event = record.events.find((e) => e.reference === view.reference);
    assert.equal(ids.length, event.dropped ? 0 : 1, `${view.reference}: ${JSON.stringify(event)}`);
    duplicatesIgnored += view.timeline.filter((s) => s.step === "webhook_duplicate").length;
    // The job checked the ones it had to and stopped checking every one.
    assert.equal(view.reconciliation.next_check_at, null, view.reference);
    assert.equal(view.reconciliation.expired_locally_at, null, view.reference);
    if (view.state.source === "reconcile") assert.ok(view.reconciliation.checks >= 1, view.reference);
  }
  assert.deepEqual(differing, []);
  // The payments the webhooks never told about were settled by the job, and only by it.
  assert.equal(settledBy.reconcile ?? 0, record.counts.dropped);
  // Deliveries the sandbox had to attempt again (the Worker's answer was late under load, say):
  // each lands on a delivery already recorded, acknowledged as a duplicate.
  const retriedDeliveries = (await sandbox.webhooks()).filter((d) => d.attempt > 1).length;
  const requests = await sandbox.requests();
  const statusCalls = requests.filter((r) => r.method === "GET" && r.path.startsWith("/v1/payment/order-")).length;
  assert.equal(statusCalls, record.counts.dropped, "one status call per payment whose webhook was lost, none for the others");

  const outcomes = {};
  for (const p of truth.values()) {
    const key = p.failure_reason ? `${p.status} (${p.failure_reason})` : p.status;
    outcomes[key] = (outcomes[key] ?? 0) + 1;
  }
  const figures = {
    payments: PAYMENTS,
    outcomes,
    webhooks: {
      events: record.counts.events,
      dropped: record.counts.dropped,
      duplicated: record.counts.duplicated,
      late: record.counts.late,
      reordered: record.counts.reordered,
    },
    duplicate_deliveries_ignored: duplicatesIgnored,
    sandbox_delivery_retries: retriedDeliveries,
    scheduled_runs: runs.length,
    runs: runs.map(({ due, settled, refreshed, changed, errors, expired }) => ({ due, settled, refreshed, changed, errors, expired })),
    pending_in_d1_before_reconciliation: pendingBefore,
    settled_by: settledBy,
    status_calls: statusCalls,
    differing_from_truth: differing.length,
  };
  console.log(`reconcile e2e figures: ${JSON.stringify(figures)}`);
  assert.ok(record.counts.duplicated > 0 && record.counts.reordered > 0, JSON.stringify(record.counts));
});
