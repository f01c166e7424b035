// Assertions on a runFaultRun() result, judged by the sandbox's own records:
// its payments (one per order, one pay request and one prompt each, the
// expected final status), its fault log (enough faults, every kind) and its
// request log. Returns a summary for the test to print.
import assert from "node:assert/strict";
import { mergeFaultRuns, narrationOf } from "./fault-run.mjs";

/** Sandbox flags for a fault run: a quick phone, and no expiry during the run. */
export const FAULT_SANDBOX_ARGS = ["--phone-delay-ms", "30", "--expiry-ms", "20000"];

/**
 * About 30 % of API requests faulted, every kind. The kinds that fail before
 * processing and leave pay ambiguous (error, html, drop) are kept lower: each
 * one costs the order a re-send of pay, and the merchant's re-sends are bounded.
 */
export const FAULT_CONFIG = {
  seed: 20260401,
  error_rate: 0.04,
  html_rate: 0.04,
  drop_rate: 0.04,
  rate_limit_rate: 0.06,
  truncate_rate: 0.06,
  stall_rate: 0.06,
  retry_after_seconds: 1,
};

export const FAULT_KINDS = ["error", "rate_limit", "drop", "html", "truncate", "stall"];
/** Kinds after which the request was processed but its answer lost. */
const LANDED_KINDS = new Set(["truncate", "stall"]);
const MIN_FAULT_SHARE = 0.25;

async function control(sandbox, path) {
  const res = await fetch(sandbox.url + path);
  const json = await res.json();
  if (!res.ok) throw new Error(`sandbox GET ${path}: ${res.status} ${json.message}`);
  return json.data;
}

function countBy(items, key) {
  const out = {};
  for (const item of items) {
    const k = typeof key === "function" ? key(item) : item[key];
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

function requestKind(r) {
  const path = r.path.split("?")[0];
  if (r.method === "POST" && path === "/v1/payment/init") return "initialize";
  if (r.method === "POST" && path.startsWith("/v1/payment/pay/")) return "pay";
  if (r.method === "GET" && path.startsWith("/v1/payment/")) return "get";
  return "other";
}

/**
 * Checks `out` (runFaultRun or mergeFaultRuns) against the sandbox. Resolves
 * with a summary; rejects with an AssertionError listing every problem found
 * (and the summary).
 * @param {object} out
 * @param {object} sandbox from startSandbox()
 * @param {{orders?: number, label?: string, prefix?: string, start?: number}} [expect]
 */
export async function checkFaultRun(out, sandbox, expect = {}) {
  const label = expect.label ?? "fault run";
  const orderCount = expect.orders ?? out.orders.length;
  const prefix = expect.prefix ?? out.prefix;
  const start = expect.start ?? out.start ?? 0;
  const problems = [];
  const problem = (msg) => problems.push(msg);

  const payments = typeof sandbox.payments === "function" ? await sandbox.payments() : await control(sandbox, "/_sandbox/payments");
  const faults = await control(sandbox, "/_sandbox/faults");
  const requests = await sandbox.requests();

  // Every order ran, once, and the client saw the final status the sandbox holds.
  const orders = [...out.orders].sort((a, b) => a.n - b.n);
  if (orders.length !== orderCount) problem(`${orders.length} orders in the result, expected ${orderCount}`);
  const seen = new Set(orders.map((o) => o.n));
  for (let n = start; n < start + orderCount; n++) if (!seen.has(n)) problem(`order ${n} missing from the result`);

  // Exactly one payment per order, none that belongs to no order.
  const byNarration = new Map();
  for (const p of payments) {
    if (!byNarration.has(p.narration)) byNarration.set(p.narration, []);
    byNarration.get(p.narration).push(p);
  }
  const narrations = new Set(orders.map((o) => narrationOf(prefix, o.n)));
  for (const [narration, list] of byNarration) {
    if (!narrations.has(narration)) problem(`${list.length} sandbox payment(s) with narration "${narration}", which is no order of this run`);
  }
  const describeOrder = (o) =>
    `order ${o.n} (${o.ownReference ? "own" : "generated"} reference ${o.reference}, ${o.phone}): errors ${JSON.stringify(o.errors.map((e) => `${e.kind}:${e.code}`))}${o.notes?.length ? `, notes ${JSON.stringify(o.notes)}` : ""}`;
  for (const o of orders) {
    const list = byNarration.get(narrationOf(prefix, o.n)) ?? [];
    if (list.length !== 1) {
      problem(
        `${describeOrder(o)}: ${list.length} payments in the sandbox (${list.map((p) => `${p.reference}:${p.status}`).join(", ")}), expected exactly 1`,
      );
      continue;
    }
    const p = list[0];
    if (p.reference !== o.reference) problem(`${describeOrder(o)}: the sandbox's payment is ${p.reference}`);
    if (p.status !== o.expected) problem(`${describeOrder(o)}: sandbox status ${p.status} (phase ${p.phase}), expected ${o.expected}`);
    if (o.finalStatus !== o.expected) problem(`${describeOrder(o)}: the client last saw ${o.finalStatus}, expected ${o.expected}`);
    if (p.pay_attempts !== 1) problem(`${describeOrder(o)}: pay_attempts ${p.pay_attempts}, expected 1 (pay re-sent to the store)`);
    if (p.prompts !== 1) problem(`${describeOrder(o)}: prompts ${p.prompts}, expected 1`);
  }

  // Enough faults, of every kind, on the API requests of this run.
  const history = faults.history ?? [];
  const byKind = faults.by_kind ?? countBy(history, "kind");
  const injected = faults.injected ?? history.length;
  const share = requests.length ? injected / requests.length : 0;
  if (share < MIN_FAULT_SHARE)
    problem(
      `only ${injected} of ${requests.length} API requests faulted (${(share * 100).toFixed(1)} %), expected at least ${MIN_FAULT_SHARE * 100} %`,
    );
  for (const k of FAULT_KINDS) if (!(byKind[k] >= 1)) problem(`no ${k} fault injected (by kind: ${JSON.stringify(byKind)})`);
  // The cases idempotency exists for must have happened: init and pay processed with their answer lost.
  const lost = { initialize: 0, pay: 0, get: 0, other: 0 };
  const faultedByCall = {};
  for (const r of requests) {
    if (!r.fault) continue;
    const kind = requestKind(r);
    faultedByCall[kind] ??= {};
    faultedByCall[kind][r.fault] = (faultedByCall[kind][r.fault] ?? 0) + 1;
    if (LANDED_KINDS.has(r.fault)) lost[kind]++;
  }
  if (lost.initialize < 1) problem("no init was processed with its answer lost (truncate/stall): idempotent init went untested");
  if (lost.pay < 1) problem("no pay was processed with its answer lost (truncate/stall): the no-re-send rule went untested");

  // No call outlived its deadline; every error was a well-formed VesicashError.
  const over = out.calls.overDeadline;
  if (over.length) problem(`${over.length} call(s) settled after a marker timer set just past their deadline: ${JSON.stringify(over.slice(0, 5))}`);
  if (out.badErrors.length)
    problem(
      `malformed errors (not a VesicashError, unknown code, retryable not boolean, or attempts not ≥ 1): ${JSON.stringify(out.badErrors.slice(0, 5))}`,
    );
  if (out.hookLeaks) problem(`${out.hookLeaks} onRequest call(s) showed the secret key in headers`);
  if (out.errorLeaks) problem(`${out.errorLeaks} error(s) showed the secret key (message, stack, JSON or requestId)`);
  if (!(out.retries >= 1)) problem("no retry seen by onResponse (attempt > 1) under faults");
  const timeoutMs = out.client?.timeoutMs;
  if (!(out.attempts.overLimit === 0)) {
    problem(
      `${out.attempts.overLimit} attempt(s) ended after a marker timer set past timeoutMs ${timeoutMs} (longest onResponse elapsedMs ${out.attempts.maxElapsedMs}): the per-attempt limit must cover reading the body`,
    );
  }

  const slowest = out.calls.slowest[0] ?? null;
  const c = out.counters;
  const summary = {
    label,
    orders: orders.length,
    payments: payments.length,
    sandboxStatuses: countBy(payments, "status"),
    apiRequests: requests.length,
    faulted: injected,
    faultedPercent: Number((share * 100).toFixed(1)),
    faultsByKind: byKind,
    faultsByCall: faultedByCall,
    answersLostAfterProcessing: { initialize: lost.initialize, pay: lost.pay, get: lost.get },
    retries: out.retries,
    retriesByCall: out.attempts.retriesByKind,
    calls: out.calls.count,
    callsByCode: out.calls.byCode,
    outcomeUnknown: c.outcomeUnknown ?? 0,
    referenceExists: c.referenceExists ?? 0,
    duplicatesPrevented: {
      initRetriesResolvedByAlreadyExists: c.initResolvedByAlreadyExists ?? 0,
      initRecallsAdoptedAfterReferenceExists: c.referenceExistsAdopted ?? 0,
      payAmbiguitiesSettledByClient: c.paySettledByClient ?? 0,
      payAmbiguitiesSettledByMerchantPoll: c.paySettledByMerchantPoll ?? 0,
      total: (c.initResolvedByAlreadyExists ?? 0) + (c.referenceExistsAdopted ?? 0) + (c.paySettledByClient ?? 0) + (c.paySettledByMerchantPoll ?? 0),
    },
    initRecalls: c.initRecalls ?? 0,
    payResendsAfterNotLanded: c.payResends ?? 0,
    doublePromptAttempts: c.doublePromptAttempts ?? 0,
    longestCall: slowest && { kind: slowest.kind, elapsedMs: slowest.elapsedMs, deadlineMs: slowest.deadlineMs, code: slowest.code },
    maxOverDeadlineMs: out.calls.maxOverDeadlineMs,
    longestAttemptMs: out.attempts.maxElapsedMs,
    runMs: out.elapsedMs,
  };

  if (problems.length) {
    const shown = problems.slice(0, 40).join("\n  ");
    const more = problems.length > 40 ? `\n  … and ${problems.length - 40} more` : "";
    throw new assert.AssertionError({
      message: `${label}: ${problems.length} problem(s):\n  ${shown}${more}\nsummary: ${JSON.stringify(summary, null, 2)}`,
    });
  }
  return summary;
}

/** Orders in flight at once in one Worker request: below the 6 connections a Worker may hold open at once. */
const WORKER_CONCURRENCY = 5;

/**
 * Runs `batches` × `perBatch` orders of the fault run inside a Worker (its
 * POST /fault-run, tests/consumers/workerd/src/faults.mjs): one Worker request
 * per batch, `parallel` at a time, so none runs for long. Resolves to the
 * merged run (mergeFaultRuns), numbered from 0 under `prefix`.
 */
export async function runFaultBatches(
  worker,
  keys,
  { batches, perBatch, prefix, parallel = 2, concurrency = WORKER_CONCURRENCY, timeoutMs = 180_000 },
) {
  const runBatch = async (b) => {
    const body = { ...keys, orders: perBatch, start: b * perBatch, concurrency, prefix };
    const res = await fetch(`${worker.url}/fault-run`, { method: "POST", body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    if (res.status === 404) throw new Error("the Worker has no /fault-run route: wire handleFaultRun from src/faults.mjs into src/index.mjs");
    if (res.status !== 200) throw new Error(`batch ${b}: worker answered ${res.status}: ${text}\n${worker.output()}`);
    return JSON.parse(text);
  };
  const runs = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < batches) runs.push(await runBatch(next++));
    }),
  );
  return mergeFaultRuns(runs);
}
