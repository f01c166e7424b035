// Many orders through the client against a faulty sandbox, as a careful
// merchant would run them: every loop bounded, every failure recorded.
// Written once and run inside each runtime under test (Node, workerd): no
// node: imports, only fetch, setTimeout and Date. It returns plain JSON;
// tests/support/fault-checks.mjs asserts on it together with the sandbox's
// own records (payments, prompts, faults), which are the ground truth.

/**
 * A call outlives its deadline when a timer set for this long past it, as the
 * call starts, fires before the call settles: the client's own last timer
 * expires by the deadline, so only a call that ignored it can lose that race.
 */
const DEADLINE_MARKER_SLACK_MS = 250;
/**
 * Likewise per attempt: an attempt outlives its time limit (timeoutMs at most)
 * when a timer set this long past it, as the attempt starts (onRequest), fires
 * before its onResponse. Generous: 16 calls share one event loop.
 */
const ATTEMPT_MARKER_SLACK_MS = 1000;

/** Client options for the run (per attempt, retries, whole call). */
export const FAULT_CLIENT = { timeoutMs: 400, maxRetries: 4, deadlineMs: 8000 };

/** The sandbox's magic phones and the final status each one leads to. */
export const FAULT_PHONES = [
  { phone: "260970000001", expected: "successful" }, // approves
  { phone: "260970000002", expected: "failed" }, // declines
  { phone: "260970000004", expected: "failed" }, // insufficient funds
];

/** The error codes the client may reject with (the API contract). */
export const ERROR_CODES = [
  "validation_error",
  "authentication_error",
  "not_found",
  "route_not_found",
  "invalid_request",
  "reference_exists",
  "payment_in_progress",
  "payment_already_final",
  "payment_mismatch",
  "api_error",
  "invalid_response",
  "redirected",
  "response_too_large",
  "connection_error",
  "timeout",
  "aborted",
  "rate_limited",
  "outcome_unknown",
];

// The merchant's own bounds (the client's are FAULT_CLIENT).
const INIT_RECALLS = 3; // initialize called again after a retryable failure, at most
// Re-sends of pay after the client could not tell whether the prompt landed and
// polling showed it had not. The brief said 3; 5 keeps the run from failing by
// chance: a pay send fails before processing with p = error+html+drop rates
// (0.12 in FAULT_CONFIG), so 4 sends all fail with p ≈ 2e-4 per order (4 % of
// 200-order runs), 6 sends with p ≈ 3e-6 (0.06 %).
const PAY_RESENDS = 5;
const LANDED_POLL_MS = 1500; // after outcome_unknown: how long to look for the prompt
const FINAL_POLL_MS = 10_000; // after pay: how long to wait for the customer
const POLL_INTERVAL_MS = 100;
const GET_TRIES = 5; // gets of a payment the merchant must see (adopting a reference)
const WEBHOOK_URL = "https://shop.example/hooks/vesicash";
const REDIRECT_URL = "https://shop.example/done";
// Codes after which sending pay again cannot help (a bug or a wrong request).
const PAY_FATAL = new Set(["validation_error", "authentication_error", "not_found", "route_not_found", "invalid_request", "payment_mismatch"]);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const isFinal = (outcome, status) => {
  try {
    return outcome(status) !== "pending";
  } catch {
    return false;
  }
};
const landed = (outcome, p) => Boolean(p && (isFinal(outcome, p.status) || p.phone_number));

/** Order n's narration: the checks count the sandbox's payments by it. */
export const narrationOf = (prefix, n) => `order ${prefix}-${n}`;

function referenceOf(prefix, n) {
  // URL-safe, 10-100 chars, unique per run (the random tail survives a sandbox reused by hand).
  const safe = String(prefix)
    .replace(/[^A-Za-z0-9_-]/g, "_")
    .slice(0, 40);
  return `ORD-${safe}-${String(n).padStart(5, "0")}-${Math.random().toString(36).slice(2, 8)}`;
}

function headerValues(headers) {
  if (!headers) return [];
  if (typeof headers.values === "function" && typeof headers.get === "function") return [...headers.values()];
  return Object.values(headers).map(String);
}

function pathKind(method, url) {
  const path = String(url)
    .replace(/^[a-z]+:\/\/[^/]+/i, "")
    .split("?")[0];
  if (method === "POST" && path.endsWith("/v1/payment/init")) return { kind: "initialize" };
  let m = path.match(/\/v1\/payment\/pay\/([^/]+)$/);
  if (method === "POST" && m) return { kind: "pay", reference: decodeURIComponent(m[1]) };
  m = path.match(/\/v1\/payment\/([^/]+)$/);
  if (method === "GET" && m) return { kind: "get", reference: decodeURIComponent(m[1]) };
  return { kind: "other" };
}

function bump(obj, key, by = 1) {
  obj[key] = (obj[key] ?? 0) + by;
}

/**
 * Runs `orders` orders numbered start..start+orders-1 through the package module
 * `mod` against the sandbox at `baseUrl`, `concurrency` at a time.
 * @returns {object} plain JSON; see the return statement
 */
export async function runFaultRun(mod, { baseUrl, publicKey, secretKey, orders = 200, concurrency = 16, prefix = "f", start = 0 }) {
  const { Vesicash, VesicashError, paymentOutcome } = mod;
  const t0 = Date.now();
  const counters = {
    initRecalls: 0, // initialize called again by the merchant
    initResolvedByAlreadyExists: 0, // client retries of init answered 400 (already exists), seen by the hooks
    referenceExists: 0, // reference_exists errors seen by the merchant
    referenceExistsAdopted: 0, // ... resolved by the merchant: its own earlier call had landed
    outcomeUnknown: 0, // pay rejected outcome_unknown
    paySettledByClient: 0, // pay resolved although an attempt of it failed ambiguously (client consulted get)
    paySettledByMerchantPoll: 0, // pay failed ambiguously, the merchant's polling found the prompt had landed
    payResends: 0, // pay sent again because polling showed the prompt had not landed
    doublePromptAttempts: 0, // pay answered payment_in_progress (a second prompt was asked for)
    payAlreadyFinal: 0,
  };
  const attempts = { count: 0, retries: 0, retriesByKind: {}, maxAttempt: 0, maxElapsedMs: 0, overLimit: 0, byStatus: {}, byError: {} };
  // Open attempts' markers by method, URL and attempt number. The hooks name no
  // request, and concurrent inits share a URL: a response takes the youngest
  // marker that has not fired, so an attempt counts as over its limit only when
  // every open attempt of its kind has outlived it (never a false alarm).
  const open = new Map();
  const markAttempt = ({ method, url, attempt }) => {
    const key = `${method} ${url} ${attempt}`;
    const marker = { fired: false };
    marker.timer = setTimeout(() => (marker.fired = true), FAULT_CLIENT.timeoutMs + ATTEMPT_MARKER_SLACK_MS);
    open.set(key, [...(open.get(key) ?? []), marker]);
  };
  const endAttempt = ({ method, url, attempt }) => {
    const key = `${method} ${url} ${attempt}`;
    const markers = open.get(key) ?? [];
    const young = markers.findLastIndex((m) => !m.fired);
    if (young < 0 && markers.length) attempts.overLimit++;
    const [marker] = markers.splice(Math.max(young, 0), 1);
    if (marker) clearTimeout(marker.timer);
    if (!markers.length) open.delete(key);
  };
  const ambiguousPay = new Map(); // reference -> ambiguous pay attempts seen by the hooks
  let hookLeaks = 0;
  let errorLeaks = 0; // errors whose text (message, stack, JSON, requestId) shows the secret key
  const badErrors = [];
  const calls = [];

  const onRequest = (event) => {
    // The key headers must reach the hook redacted: the secret key never.
    if (headerValues(event.headers).some((v) => v.includes(secretKey))) hookLeaks++;
    markAttempt(event);
  };
  const onResponse = ({ method, url, attempt, status, elapsedMs, error }) => {
    endAttempt({ method, url, attempt });
    const { kind, reference } = pathKind(method, url);
    attempts.count++;
    if (attempt > 1) {
      attempts.retries++;
      bump(attempts.retriesByKind, kind);
    }
    attempts.maxAttempt = Math.max(attempts.maxAttempt, attempt);
    if (typeof elapsedMs === "number") attempts.maxElapsedMs = Math.max(attempts.maxElapsedMs, elapsedMs);
    bump(attempts.byStatus, status === null || status === undefined ? "none" : String(status));
    if (error) bump(attempts.byError, error);
    if (kind === "initialize" && attempt > 1 && status === 400) counters.initResolvedByAlreadyExists++;
    // Ambiguous for pay: no status (timeout, reset), a 5xx, or a 2xx whose body was cut.
    if (kind === "pay" && (status === null || status === undefined || status >= 500 || (status < 300 && error))) {
      ambiguousPay.set(reference, (ambiguousPay.get(reference) ?? 0) + 1);
    }
  };

  const client = new Vesicash({ publicKey, secretKey, baseUrl, ...FAULT_CLIENT, onRequest, onResponse });

  /**
   * One client call, timed; never throws. Whether it outlived its deadline is
   * told by a marker timer set as it starts, on the same event loop as the
   * client's own timers (a busy loop delays both alike), not by the clock.
   */
  async function call(order, kind, fn) {
    const began = Date.now();
    let past = false;
    const marker = setTimeout(() => (past = true), FAULT_CLIENT.deadlineMs + DEADLINE_MARKER_SLACK_MS);
    const outlived = () => {
      clearTimeout(marker);
      return past;
    };
    try {
      const value = await fn();
      calls.push({ kind, elapsedMs: Date.now() - began, deadlineMs: FAULT_CLIENT.deadlineMs, outlived: outlived(), code: "ok" });
      return { ok: true, value };
    } catch (e) {
      const elapsedMs = Date.now() - began;
      const late = outlived();
      const isVesicash = e instanceof VesicashError;
      const code = isVesicash ? e.code : "unexpected";
      if ([e?.message, e?.stack, e?.requestId, JSON.stringify(e ?? null)].some((t) => typeof t === "string" && t.includes(secretKey))) errorLeaks++;
      calls.push({ kind, elapsedMs, deadlineMs: FAULT_CLIENT.deadlineMs, outlived: late, code, attempts: e?.attempts });
      order.errors.push({ kind, code, attempts: e?.attempts, retryable: e?.retryable, elapsedMs });
      if (!isVesicash || !ERROR_CODES.includes(e.code) || typeof e.retryable !== "boolean" || !(Number.isInteger(e.attempts) && e.attempts >= 1)) {
        if (badErrors.length < 20) {
          badErrors.push({
            kind,
            name: e?.name,
            code: e?.code,
            retryable: e?.retryable,
            attempts: e?.attempts,
            message: String(e?.message ?? e).slice(0, 300),
          });
        }
      }
      return { ok: false, error: e };
    }
  }

  /** get, retried by the merchant a few times (the client retries inside each call too). */
  async function getPayment(order, reference) {
    for (let i = 0; i < GET_TRIES; i++) {
      const r = await call(order, "get", () => client.payments.get(reference));
      if (r.ok) return r.value;
    }
    return null;
  }

  async function runOrder(n) {
    const { phone, expected } = FAULT_PHONES[n % FAULT_PHONES.length];
    const ownReference = n % 2 === 0;
    const order = { n, reference: null, ownReference, phone, expected, finalStatus: null, errors: [], notes: [] };
    const amount = Number((1 + (n % 97) + 0.25).toFixed(2));
    const params = {
      amount,
      currency: "ZMW",
      country: "ZM",
      method: "mobilemoney",
      narration: narrationOf(prefix, n),
      webhook_url: WEBHOOK_URL,
      redirect_url: REDIRECT_URL,
    };

    // 1. initialize: again with the same reference after a retryable failure.
    let reference = ownReference ? referenceOf(prefix, n) : undefined;
    let initialized = false;
    for (let i = 0; i <= INIT_RECALLS && !initialized; i++) {
      if (i > 0) counters.initRecalls++;
      const body = reference === undefined ? params : { ...params, reference };
      const r = await call(order, "initialize", () => client.payments.initialize(body));
      if (r.ok) {
        if (reference !== undefined && r.value?.reference !== reference)
          order.notes.push(`init answered reference ${r.value?.reference}, sent ${reference}`);
        reference = r.value?.reference;
        initialized = true;
        break;
      }
      const e = r.error;
      if (typeof e?.reference === "string" && e.reference !== "") {
        if (reference !== undefined && e.reference !== reference) order.notes.push(`init error carried reference ${e.reference}, sent ${reference}`);
        reference = e.reference;
      }
      if (e?.code === "reference_exists") {
        counters.referenceExists++;
        if (i === 0) break; // not ours: a collision, nothing to adopt
        // An earlier call of ours landed: adopt the payment if it is the same order.
        const p = await getPayment(order, reference);
        if (p && p.narration === params.narration && p.amount === params.amount && p.currency === params.currency) {
          counters.referenceExistsAdopted++;
          initialized = true;
        } else {
          order.notes.push(`reference_exists for ${reference} and the payment is ${p ? "another order's" : "unreadable"}`);
        }
        break;
      }
      // A redirect (a misbehaving proxy) is not retryable as such, but an init
      // with its reference fixed is safe to call again: a careful merchant does.
      if (e?.retryable !== true && e?.code !== "redirected") break;
      if (reference === undefined) {
        // Calling again without the reference could create a second payment.
        order.notes.push("retryable init failure without err.reference: not called again");
        break;
      }
    }
    order.reference = reference ?? null;
    if (!initialized) return order;

    // 2. pay: never blindly again; only once polling shows the prompt did not land.
    const payParams = { phone_number: phone, customer_first_name: "Fault", customer_last_name: `Run${n}` };
    let prompted = false;
    for (let sends = 0; sends <= PAY_RESENDS && !prompted; sends++) {
      if (sends > 0) counters.payResends++;
      const before = ambiguousPay.get(reference) ?? 0;
      const r = await call(order, "pay", () => client.payments.pay(reference, payParams));
      if (r.ok) {
        if ((ambiguousPay.get(reference) ?? 0) > before) counters.paySettledByClient++;
        prompted = true;
        break;
      }
      const e = r.error;
      if (e?.code === "payment_in_progress") {
        counters.doublePromptAttempts++;
        prompted = true;
        break;
      }
      if (e?.code === "payment_already_final") {
        counters.payAlreadyFinal++;
        prompted = true;
        break;
      }
      if (PAY_FATAL.has(e?.code) || !(e instanceof VesicashError)) break;
      if (e.code === "outcome_unknown") counters.outcomeUnknown++;
      // Did it land? outcome_unknown / timeout: poll for a while; a failure
      // that proves nothing was sent (rate_limited, refused): one look.
      const pollFor = e.code === "outcome_unknown" || e.code === "timeout" || e.retryable === false ? LANDED_POLL_MS : 0;
      const until = Date.now() + pollFor;
      let seen = e.payment;
      while (!landed(paymentOutcome, seen)) {
        const g = await call(order, "get", () => client.payments.get(reference));
        if (g.ok) seen = g.value;
        if (landed(paymentOutcome, seen) || Date.now() >= until) break;
        await sleep(POLL_INTERVAL_MS);
      }
      if (landed(paymentOutcome, seen)) {
        if (e.code === "outcome_unknown" || e.code === "timeout") counters.paySettledByMerchantPoll++;
        prompted = true;
      }
    }
    if (!prompted) return order;

    // 3. Wait for the customer: get until the outcome is final.
    const until = Date.now() + FINAL_POLL_MS;
    let last = null;
    for (;;) {
      const g = await call(order, "get", () => client.payments.get(reference));
      if (g.ok) last = g.value;
      if ((last && isFinal(paymentOutcome, last.status)) || Date.now() >= until) break;
      await sleep(POLL_INTERVAL_MS);
    }
    order.finalStatus = last?.status ?? null;
    return order;
  }

  const results = new Array(orders);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, orders)) }, async () => {
    while (next < orders) {
      const i = next++;
      try {
        results[i] = await runOrder(start + i);
      } catch (e) {
        // A bug in this harness, not a client failure: keep the order, say why.
        const { phone, expected } = FAULT_PHONES[(start + i) % FAULT_PHONES.length];
        results[i] = {
          n: start + i,
          reference: null,
          phone,
          expected,
          finalStatus: null,
          errors: [{ kind: "harness", code: "unexpected" }],
          notes: [String(e?.stack ?? e).slice(0, 500)],
        };
      }
    }
  });
  await Promise.all(lanes);

  return {
    prefix,
    start,
    client: FAULT_CLIENT,
    elapsedMs: Date.now() - t0,
    orders: results,
    calls: summarizeCalls(calls),
    retries: attempts.retries,
    attempts,
    counters,
    hookLeaks,
    errorLeaks,
    badErrors,
  };
}

function summarizeCalls(calls) {
  const out = { count: calls.length, maxElapsedMs: 0, maxOverDeadlineMs: -Infinity, byCode: {}, byKind: {}, slowest: [], overDeadline: [] };
  for (const c of calls) {
    out.maxElapsedMs = Math.max(out.maxElapsedMs, c.elapsedMs);
    out.maxOverDeadlineMs = Math.max(out.maxOverDeadlineMs, c.elapsedMs - c.deadlineMs);
    bump(out.byCode, c.code);
    const k = (out.byKind[c.kind] ??= { count: 0, maxElapsedMs: 0, byCode: {} });
    k.count++;
    k.maxElapsedMs = Math.max(k.maxElapsedMs, c.elapsedMs);
    bump(k.byCode, c.code);
    if (c.outlived) out.overDeadline.push(c);
  }
  out.slowest = [...calls].sort((a, b) => b.elapsedMs - a.elapsedMs).slice(0, 5);
  if (calls.length === 0) out.maxOverDeadlineMs = null;
  return out;
}

function mergeCounts(into, from) {
  for (const [k, v] of Object.entries(from ?? {})) bump(into, k, v);
  return into;
}

/** Merges the results of several runs (e.g. the workerd batches) into one of the same shape. */
export function mergeFaultRuns(runs) {
  const out = {
    prefix: runs[0]?.prefix,
    start: Math.min(...runs.map((r) => r.start)),
    client: runs[0]?.client,
    elapsedMs: Math.max(0, ...runs.map((r) => r.elapsedMs)),
    orders: runs.flatMap((r) => r.orders).sort((a, b) => a.n - b.n),
    calls: { count: 0, maxElapsedMs: 0, maxOverDeadlineMs: null, byCode: {}, byKind: {}, slowest: [], overDeadline: [] },
    retries: 0,
    attempts: { count: 0, retries: 0, retriesByKind: {}, maxAttempt: 0, maxElapsedMs: 0, overLimit: 0, byStatus: {}, byError: {} },
    counters: {},
    hookLeaks: 0,
    errorLeaks: 0,
    badErrors: [],
  };
  for (const r of runs) {
    const c = r.calls;
    out.calls.count += c.count;
    out.calls.maxElapsedMs = Math.max(out.calls.maxElapsedMs, c.maxElapsedMs);
    if (c.maxOverDeadlineMs !== null) out.calls.maxOverDeadlineMs = Math.max(out.calls.maxOverDeadlineMs ?? -Infinity, c.maxOverDeadlineMs);
    mergeCounts(out.calls.byCode, c.byCode);
    for (const [kind, k] of Object.entries(c.byKind)) {
      const m = (out.calls.byKind[kind] ??= { count: 0, maxElapsedMs: 0, byCode: {} });
      m.count += k.count;
      m.maxElapsedMs = Math.max(m.maxElapsedMs, k.maxElapsedMs);
      mergeCounts(m.byCode, k.byCode);
    }
    out.calls.slowest.push(...c.slowest);
    out.calls.overDeadline.push(...c.overDeadline);
    out.retries += r.retries;
    const a = r.attempts;
    out.attempts.count += a.count;
    out.attempts.retries += a.retries;
    mergeCounts(out.attempts.retriesByKind, a.retriesByKind);
    out.attempts.maxAttempt = Math.max(out.attempts.maxAttempt, a.maxAttempt);
    out.attempts.maxElapsedMs = Math.max(out.attempts.maxElapsedMs, a.maxElapsedMs);
    out.attempts.overLimit += a.overLimit;
    mergeCounts(out.attempts.byStatus, a.byStatus);
    mergeCounts(out.attempts.byError, a.byError);
    mergeCounts(out.counters, r.counters);
    out.hookLeaks += r.hookLeaks;
    out.errorLeaks += r.errorLeaks ?? 0;
    out.badErrors.push(...r.badErrors);
  }
  out.calls.slowest = out.calls.slowest.sort((a, b) => b.elapsedMs - a.elapsedMs).slice(0, 5);
  return out;
}
