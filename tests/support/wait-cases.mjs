// payments.waitForFinal, case by case, written once and run inside each
// runtime under test (Node, workerd) against the packed package. No node:
// imports: only fetch, setTimeout, Date and AbortController. runWaitCase()
// returns plain JSON; checkWaitCase() (plain JS too, so both test files share
// it) compares that JSON with the sandbox's own records and returns the list
// of problems, empty when the case passed.
//
// Two sandboxes serve the cases (WAIT_SANDBOXES): "fast", whose phone answers
// after 300 ms and whose unanswered prompts expire after 1.5 s, and "slow",
// whose phone answers only after 5 s, for the waits that must end first.

/** The interval cap every case passes, so waits poll every 200 ms. */
export const WAIT_INTERVAL_MS = 200;

/** The sandboxes' flags, by name. */
export const WAIT_SANDBOXES = {
  fast: ["--phone-delay-ms", "300", "--expiry-ms", "1500"],
  slow: ["--phone-delay-ms", "5000", "--expiry-ms", "60000"],
};

// No wall-clock bounds: the result carries a timeline of the wait's events
// (polls as the client sent them, its end) and of marker timers set on the
// same event loop as the client's own timers; the checks assert their order,
// which a slow machine delays alike and does not change.
const RESOLVE_TIMEOUT_MS = 30_000; // the wait's timeoutMs in cases that must resolve
const TIMEOUT_CASE_MS = 1_500; // the wait's timeoutMs in the timeout case (the phone answers after 5 s)
const ABORT_AFTER_MS = 700; // the abort case aborts this long into the wait
const ABORT_MARKER_MS = 500; // the aborted wait rejects before a marker set this long after the abort
const GAP_MARKER_MS = 600; // intervalMs 200 caps the gaps: each next poll starts before a marker this long after an answer (uncapped, the first gap is 1000 ms)
const QUIET_MS = 1_000; // after the wait settles, no poll may follow in this time (5 intervals)
const CLIENT = { timeoutMs: 2_000 }; // per attempt; the client's default retries and deadline otherwise

/**
 * The cases. `sandbox` names the sandbox (WAIT_SANDBOXES) the case runs against;
 * `expect` is what checkWaitCase() asserts.
 * Fault seeds (error_rate 0.5 on the GET path of the case's payment only, set
 * after pay; mulberry32 as in sandbox/faults.mjs): seed 8 answers 502, 503, then
 * 200, so the first poll needs two retries; seed 9 answers 503, 503, then 200,
 * so with no client retries the first two polls fail outright and the wait goes on.
 */
export const WAIT_CASES = {
  approved: { sandbox: "fast", phone: "260970000001", expect: { resolves: true, status: "successful", outcome: "paid" } },
  declined: {
    sandbox: "fast",
    phone: "260970000002",
    expect: { resolves: true, status: "failed", outcome: "failed", failure_reason: "DECLINED_TRANSACTION" },
  },
  insufficient_funds: {
    sandbox: "fast",
    phone: "260970000004",
    expect: { resolves: true, status: "failed", outcome: "failed", failure_reason: "INSUFFICIENT_FUNDS" },
  },
  expired: { sandbox: "fast", phone: "260970000003", expect: { resolves: true, status: "expired", outcome: "failed" } },
  timeout: {
    sandbox: "slow",
    phone: "260970000001",
    timeoutMs: TIMEOUT_CASE_MS,
    expect: { code: "timeout", retryable: true, paymentStatus: "pending" },
  },
  aborted: { sandbox: "slow", phone: "260970000001", abortAfterMs: ABORT_AFTER_MS, expect: { code: "aborted", paymentStatus: "pending" } },
  faults_retried: {
    sandbox: "fast",
    phone: "260970000001",
    client: { maxRetries: 3 },
    faults: { seed: 8, error_rate: 0.5 },
    expect: { resolves: true, status: "successful", outcome: "paid", faultedGets: true, retriedPoll: true },
  },
  faults_no_client_retries: {
    sandbox: "fast",
    phone: "260970000002",
    client: { maxRetries: 0 },
    faults: { seed: 9, error_rate: 0.5 },
    expect: { resolves: true, status: "failed", outcome: "failed", failure_reason: "DECLINED_TRANSACTION", faultedGets: true, failedPoll: true },
  },
  not_found: { sandbox: "fast", phone: null, expect: { code: "not_found", retryable: false, gets: 1 } },
};

const INIT = {
  currency: "ZMW",
  country: "ZM",
  method: "mobilemoney",
  webhook_url: "https://shop.example/hooks/vesicash",
  redirect_url: "https://shop.example/done",
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function referenceOf(prefix, name) {
  const safe = `${prefix}-${name}`.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 60);
  return `WAIT-${safe}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The GET path of a payment, as the sandbox logs it (no query). */
export const getPathOf = (reference) => `/v1/payment/${encodeURIComponent(reference)}`;

const isGetOf = (reference) => (r) => r.method === "GET" && String(r.path).split("?")[0] === getPathOf(reference);

async function control(baseUrl, method, path, body) {
  const res = await fetch(`${baseUrl}/_sandbox/${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sandbox ${method} /_sandbox/${path} answered ${res.status}: ${text}`);
  return JSON.parse(text).data;
}

async function countGets(baseUrl, reference) {
  return (await control(baseUrl, "GET", "requests")).filter(isGetOf(reference)).length;
}

function describeError(e, VesicashError) {
  return {
    isError: e instanceof Error,
    isVesicashError: e instanceof VesicashError,
    name: e?.name,
    code: e?.code,
    retryable: e?.retryable,
    attempts: e?.attempts,
    status: e?.status,
    message: String(e?.message ?? e).slice(0, 500),
    hasPayment: e?.payment !== undefined,
    payment: e?.payment ?? null,
  };
}

/**
 * Runs case `name` (a key of WAIT_CASES) with the package module `mod` against
 * the sandbox at `baseUrl` (the one WAIT_CASES[name].sandbox names).
 * @returns {Promise<object>} plain JSON: see the return statement
 */
export async function runWaitCase(mod, { case: name, baseUrl, publicKey, secretKey, prefix = "w" }) {
  const spec = WAIT_CASES[name];
  if (!spec) throw new Error(`unknown wait case ${JSON.stringify(name)}`);
  const { Vesicash, VesicashError, paymentOutcome } = mod;
  const polls = []; // one per attempt of a GET of this payment, as the client sent it
  const responses = []; // ... and as it ended
  const timeline = []; // names, in the order they happened: `poll n` (first attempts), markers, `settled`
  const markers = [];
  const mark = (name, ms) => markers.push(setTimeout(() => timeline.push(name), ms));
  const began = Date.now();
  const since = () => Date.now() - began;
  const reference = referenceOf(prefix, name);
  const mine = (url) =>
    String(url)
      .replace(/^[a-z]+:\/\/[^/]+/i, "")
      .split("?")[0] === getPathOf(reference);
  const client = new Vesicash({
    publicKey,
    secretKey,
    baseUrl,
    ...CLIENT,
    ...spec.client,
    onRequest: ({ method, url, attempt }) => {
      if (method !== "GET" || !mine(url)) return;
      polls.push({ attempt, atMs: since() });
      if (attempt === 1) timeline.push(`poll ${polls.filter((p) => p.attempt === 1).length}`);
    },
    onResponse: ({ method, url, attempt, status, error }) => {
      if (method !== "GET" || !mine(url)) return;
      responses.push({ attempt, status: status ?? null, error: error ?? null, atMs: since() });
      mark(`gap marker ${polls.filter((p) => p.attempt === 1).length}`, GAP_MARKER_MS);
    },
  });

  let pay = null;
  if (spec.phone !== null) {
    const init = await client.payments.initialize({ ...INIT, amount: 12.5, narration: `wait case ${name}`, reference });
    if (init.reference !== reference) throw new Error(`initialize answered reference ${init.reference}, sent ${reference}`);
    pay = await client.payments.pay(reference, { phone_number: spec.phone, customer_first_name: "Wait" });
  }
  if (spec.faults) {
    await control(baseUrl, "POST", "faults", { ...spec.faults, paths: [getPathOf(reference)] });
  }

  const controller = new AbortController();
  const options = { timeoutMs: spec.timeoutMs ?? RESOLVE_TIMEOUT_MS, intervalMs: WAIT_INTERVAL_MS, signal: controller.signal };
  const waitStart = Date.now();
  let abortedAtMs = null;
  let abortTimer = null;
  // Half the wait's timeout and three times it, set as the wait starts (just before the client's own timer).
  mark("half the timeout", options.timeoutMs / 2);
  mark("3 × the timeout", options.timeoutMs * 3);
  if (spec.abortAfterMs !== undefined) {
    abortTimer = setTimeout(() => {
      abortedAtMs = Date.now() - waitStart;
      timeline.push("abort");
      controller.abort();
      mark("abort marker", ABORT_MARKER_MS);
    }, spec.abortAfterMs);
  }
  let payment = null;
  let error = null;
  try {
    payment = await client.payments.waitForFinal(reference, options);
  } catch (e) {
    error = describeError(e, VesicashError);
  }
  timeline.push("settled");
  const elapsedMs = Date.now() - waitStart;
  if (abortTimer !== null) clearTimeout(abortTimer);

  // No poll may follow the end of the wait.
  const getsAtSettle = await countGets(baseUrl, reference);
  await sleep(QUIET_MS);
  const getsAfterQuiet = await countGets(baseUrl, reference);
  for (const m of markers) clearTimeout(m);

  let faults = null;
  if (spec.faults) {
    const state = await control(baseUrl, "GET", "faults");
    faults = {
      injected: state.injected,
      byKind: state.by_kind,
      history: state.history.map(({ method, path, kind, status }) => ({ method, path, kind, status })),
    };
    await control(baseUrl, "POST", "faults", {});
  }

  let outcome = null;
  if (payment) {
    try {
      outcome = paymentOutcome(payment.status);
    } catch (e) {
      outcome = `threw: ${e?.message ?? e}`;
    }
  }
  return {
    case: name,
    reference,
    phone: spec.phone,
    options: { timeoutMs: options.timeoutMs, intervalMs: options.intervalMs, client: { ...CLIENT, ...spec.client } },
    payStatus: pay?.status ?? null,
    resolved: error === null,
    payment,
    outcome,
    error,
    elapsedMs,
    abortedAtMs,
    abortToRejectMs: abortedAtMs === null ? null : elapsedMs - abortedAtMs,
    polls,
    responses,
    timeline,
    getsAtSettle,
    getsAfterQuiet,
    faults,
  };
}

/**
 * Checks the result of runWaitCase() against the case's expectations and the
 * sandbox's records: `requests` (GET /_sandbox/requests) and `payment` (the
 * sandbox's internal view of the payment, or null).
 * @returns {string[]} the problems; empty when the case passed
 */
export function checkWaitCase(result, { requests, payment: internal }) {
  const problems = [];
  const spec = WAIT_CASES[result.case];
  const { expect } = spec;
  const check = (ok, what) => {
    if (!ok) problems.push(what);
  };
  const ref = result.reference;
  const gets = requests.filter(isGetOf(ref));
  const at = (name) => result.timeline.indexOf(name);
  // `a` happened, and before `b` (or `b` never did).
  const before = (a, b) => at(a) >= 0 && (at(b) < 0 || at(a) < at(b));
  const events = () => result.timeline.join(" → ");

  check(
    result.getsAfterQuiet === result.getsAtSettle,
    `a poll followed the end of the wait: ${result.getsAtSettle} GETs when it settled, ${result.getsAfterQuiet} ${QUIET_MS} ms later`,
  );
  check(gets.length === result.getsAfterQuiet, `the sandbox logged ${gets.length} GETs of ${ref}, the case counted ${result.getsAfterQuiet}`);
  check(gets.length === result.polls.length, `the sandbox logged ${gets.length} GETs of ${ref}, the client's onRequest saw ${result.polls.length}`);
  if (spec.phone !== null) check(result.payStatus === "pending", `pay answered status ${result.payStatus}, expected pending`);

  if (expect.resolves) {
    check(result.resolved, `waitForFinal rejected: ${JSON.stringify(result.error)}`);
    if (result.resolved) {
      const p = result.payment;
      check(p?.reference === ref, `resolved with reference ${p?.reference}, expected ${ref}`);
      check(p?.status === expect.status, `resolved with status ${p?.status}, expected ${expect.status}`);
      check(result.outcome === expect.outcome, `paymentOutcome(${p?.status}) = ${result.outcome}, expected ${expect.outcome}`);
      if (expect.failure_reason)
        check(p?.failure_reason === expect.failure_reason, `failure_reason ${p?.failure_reason}, expected ${expect.failure_reason}`);
      check(internal?.status === p?.status, `resolved with status ${p?.status}, the sandbox holds ${internal?.status}`);
      // The final status is the last thing the polls saw: the wait ended on the first final answer.
      const last = result.responses.at(-1);
      check(last?.status === 200, `the last poll answered ${last?.status}, expected 200`);
    }
  } else {
    check(!result.resolved, `waitForFinal resolved (${JSON.stringify(result.payment)}), expected ${expect.code}`);
    const e = result.error;
    if (e) {
      check(e.isError && e.isVesicashError && e.name === "VesicashError", `rejected with a non-VesicashError: ${JSON.stringify(e)}`);
      check(e.code === expect.code, `rejected with code ${e.code}, expected ${expect.code}: ${e.message}`);
      if (expect.retryable !== undefined) check(e.retryable === expect.retryable, `retryable ${e.retryable}, expected ${expect.retryable}`);
      check(Number.isInteger(e.attempts) && e.attempts >= 1, `attempts ${e.attempts}, expected a whole number >= 1`);
      if (expect.paymentStatus) {
        check(e.hasPayment && e.payment?.reference === ref, `err.payment is ${JSON.stringify(e.payment)}, expected the last payment seen (${ref})`);
        check(e.payment?.status === expect.paymentStatus, `err.payment.status ${e.payment?.status}, expected ${expect.paymentStatus}`);
      }
    }
  }

  if (expect.code === "timeout") {
    check(
      before("half the timeout", "settled") && before("settled", "3 × the timeout"),
      `the ${spec.timeoutMs} ms timeout did not end the wait between half and three times it: ${events()}`,
    );
    check(gets.length >= 2, `${gets.length} polls before the timeout, expected several (interval ${WAIT_INTERVAL_MS} ms)`);
  }
  if (expect.code === "aborted") {
    check(result.abortedAtMs !== null, "the abort timer never fired before the wait ended");
    check(
      before("abort", "settled") && before("settled", "abort marker"),
      `the wait did not reject between the abort and a marker ${ABORT_MARKER_MS} ms later: ${events()}`,
    );
  }
  if (expect.code === "not_found") {
    check(gets.length === expect.gets, `${gets.length} GETs of an unknown reference, expected ${expect.gets} (not_found ends the wait at once)`);
    check(!result.error?.hasPayment, `err.payment set (${JSON.stringify(result.error?.payment)}) though no poll saw a payment`);
    check(before("poll 1", "settled") && at("poll 2") < 0, `not_found did not end the wait after its one poll: ${events()}`);
  }

  // intervalMs caps the gaps between polls (first attempts only; faulted cases retry in between):
  // each poll that the wait follows with another starts before the marker set at the last answer.
  if (!spec.faults && expect.code !== "not_found") {
    const count = result.timeline.filter((e) => e.startsWith("poll ")).length;
    for (let n = 1; n < count; n += 1)
      check(before(`poll ${n + 1}`, `gap marker ${n}`), `poll ${n + 1} came later than ${GAP_MARKER_MS} ms after poll ${n}'s answer: ${events()}`);
  }

  if (expect.faultedGets) {
    const faulted = gets.filter((r) => r.fault !== null && r.fault !== undefined);
    check(faulted.length >= 1, `no faulted GET of ${ref} in the sandbox's request log`);
    check(
      faulted.every((r) => r.fault === "error"),
      `faulted GETs of kinds ${faulted.map((r) => r.fault).join(", ")}, expected only error`,
    );
    const fivexx = result.responses.filter((r) => typeof r.status === "number" && r.status >= 500);
    check(fivexx.length === faulted.length, `the client saw ${fivexx.length} 5xx answers to its polls, the sandbox faulted ${faulted.length}`);
    check(
      result.faults?.injected === faulted.length && result.faults.history.every((h) => h.method === "GET" && h.path === getPathOf(ref)),
      `the fault history since the case set its faults (${JSON.stringify(result.faults)}) is not exactly the faulted GETs of ${ref}`,
    );
  }
  if (expect.retriedPoll) {
    check(
      result.polls.some((p) => p.attempt > 1),
      `no poll was retried by the client (attempts: ${result.polls.map((p) => p.attempt).join(", ")})`,
    );
  }
  if (expect.failedPoll) {
    check(
      result.polls.every((p) => p.attempt === 1),
      `maxRetries 0, yet a poll was retried (attempts: ${result.polls.map((p) => p.attempt).join(", ")})`,
    );
    const failed = result.responses.filter((r) => typeof r.status === "number" && r.status >= 500);
    check(
      failed.length >= 1 && result.responses.indexOf(failed[0]) < result.responses.length - 1,
      `no poll failed outright before the final answer: ${JSON.stringify(result.responses)}`,
    );
  }
  return problems;
}
