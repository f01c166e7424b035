// The hostile API's cases (tests/support/hostile-api.mjs), run against the
// packed package in any runtime (no node: imports): Node ESM, Node CJS and
// workerd call runTrustCases and check its report with trustProblems.
// Every call must settle with the right code; waits are bounded only as
// hang guards, never asserted on.

export const TRUST_KEYS = { publicKey: "morPub_test_trust_0001", secretKey: "morSec_test_trust_do_not_leak" };
const HANG_GUARD_MS = 20_000;

const INIT = {
  amount: 7,
  currency: "ZMW",
  country: "ZM",
  narration: "trust",
  method: "mobilemoney",
  webhook_url: "https://shop.example/hooks",
  redirect_url: "https://shop.example/done",
};
const PAY = { phone_number: "260970000001" };
const REFUND = { amount: 1, reason: "test", webhook_url: "https://shop.example/hooks" };
const PAYOUT = { amount: 1, countryId: 1, transfer_to: "mobile_money", momo_phone_number: "260970000001", webhook_url: "https://shop.example/hooks" };

/** Every text form of an error a merchant could log. */
export function errorForms(e, inspect) {
  const forms = [String(e), e?.message, e?.stack, JSON.stringify(e), e?.requestId, String(e?.cause ?? ""), JSON.stringify(e?.cause ?? null)];
  if (inspect) forms.push(inspect(e, { depth: 10, showHidden: true }));
  return forms.filter((f) => typeof f === "string").join("\n");
}

async function settle(promise) {
  let guard;
  const hang = new Promise((_, reject) => {
    guard = setTimeout(() => reject(new Error("hang guard: the call did not settle")), HANG_GUARD_MS);
  });
  try {
    return { value: await Promise.race([promise, hang]) };
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(guard);
  }
}

/**
 * Runs every case; returns { cases: [{name, code, want, leaks}], events, ... }.
 * `inspect` is util.inspect where the runtime has it.
 */
export async function runTrustCases(api, { url, inspect, fetchIgnoringSignal }) {
  const events = [];
  const hook = (e) => events.push(JSON.stringify(e));
  const client = (options = {}) => new api.Vesicash({ ...TRUST_KEYS, baseUrl: url, maxRetries: 1, onRequest: hook, onResponse: hook, ...options });
  const prefixed = (scenario, options) => client({ baseUrl: `${url}/s/${scenario}`, ...options });
  const secrets = [TRUST_KEYS.secretKey, TRUST_KEYS.publicKey];
  const cases = [];
  const run = async (name, want, call) => {
    const { value, error } = await settle(call());
    const code = error ? (error instanceof api.VesicashError ? error.code : `untyped ${error?.name}: ${error?.message}`) : "resolved";
    const text = error ? errorForms(error, inspect) : "";
    cases.push({
      name,
      want,
      code,
      message: error?.message,
      leaks: secrets.filter((s) => text.includes(s)).length,
      value: error ? undefined : value,
    });
  };
  const c = client();
  let n = 0;
  const ref = (scenario) => `${scenario}-${String(++n).padStart(8, "0")}`;

  // Answers about another payment, or another amount.
  await run("init answered about another payment", "invalid_response", () => c.payments.initialize({ ...INIT, reference: ref("wrongref") }));
  await run("init answered with 999999.99 GHS", "invalid_response", () => c.payments.initialize({ ...INIT, reference: ref("wrongamt") }));
  await run("get answered about another payment", "invalid_response", () => c.payments.get(ref("wrongref")));
  await run("pay reset, read-back about another paid payment", "outcome_unknown", () => c.payments.pay(ref("payreset"), PAY));
  await run("waitForFinal answered about another paid payment", "timeout", () =>
    c.payments.waitForFinal(ref("wrongref"), { timeoutMs: 1500, intervalMs: 200 }),
  );
  await run("charge whose init is answered about another payment", "invalid_response", () =>
    c.payments.charge({ ...INIT, reference: ref("wrongref"), ...PAY }),
  );
  await run("refund receipt (names no payment) for a correct server", "resolved", () =>
    c.refunds.create({ ...REFUND, payment_reference: ref("ok") }),
  );

  // Redirects: to another origin and to itself, on every call kind.
  for (const scenario of ["redirother", "redirself"]) {
    await run(`${scenario}: init`, "redirected", () => c.payments.initialize({ ...INIT, reference: ref(scenario) }));
    await run(`${scenario}: get`, "redirected", () => c.payments.get(ref(scenario)));
    await run(`${scenario}: pay`, "outcome_unknown", () => c.payments.pay(ref(scenario), PAY));
    await run(`${scenario}: charge`, "redirected", () => c.payments.charge({ ...INIT, reference: ref(scenario), ...PAY }));
    await run(`${scenario}: refund`, "outcome_unknown", () => c.refunds.create({ ...REFUND, payment_reference: ref(scenario) }));
    await run(`${scenario}: payout`, "outcome_unknown", () => prefixed(scenario).payouts.create(PAYOUT));
    await run(`${scenario}: rotate`, "redirected", () => prefixed(scenario).webhooks.rotateSecret());
    await run(`${scenario}: list`, "redirected", () => prefixed(scenario).payments.list());
  }

  // Echoed keys and quoted values.
  await run("401 echoing the keys (message, x-request-id)", "authentication_error", () => c.payments.get(ref("echo")));
  await run("401 echoing the keys on pay", "authentication_error", () => c.payments.pay(ref("echo"), PAY));
  await run("data quoting the keys", "invalid_response", () => c.payments.get(ref("shape")));
  await run(
    "baseUrl with user info",
    "validation_error",
    async () => new api.Vesicash({ ...TRUST_KEYS, baseUrl: "http://merchant:hunter2@127.0.0.1:9" }),
  );

  // Oversized bodies.
  await run("50 MB answer with content-length", "response_too_large", () => c.payments.get(ref("big")));
  await run("50 MB chunked answer", "response_too_large", () => c.payments.get(ref("bigchunk")));
  await run("50 MB answer to pay", "outcome_unknown", () => c.payments.pay(ref("bigchunk"), PAY));
  await run("an answer past a small maxResponseBytes", "response_too_large", () => client({ maxResponseBytes: 100 }).payments.get(ref("ok")));

  // A fetch that ignores its signal, and bodies that never end.
  const deaf = client({ fetch: fetchIgnoringSignal, timeoutMs: 300, deadlineMs: 1000, maxRetries: 3 });
  const timed = async (name, want, call, deadlineMs) => {
    const started = Date.now();
    await run(name, want, call);
    cases.at(-1).elapsedMs = Date.now() - started;
    cases.at(-1).deadlineMs = deadlineMs;
  };
  await timed("get, fetch ignoring its signal, server silent", "timeout", () => deaf.payments.get(ref("hang")), 1000);
  await timed("pay, fetch ignoring its signal, server silent", "outcome_unknown", () => deaf.payments.pay(ref("hang"), PAY), 1000);
  await timed("get, body that never ends", "timeout", () => deaf.payments.get(ref("trickle")), 1000);
  await timed(
    "get, caller's abort with a fetch ignoring it",
    "aborted",
    () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      return client({ fetch: fetchIgnoringSignal, timeoutMs: 60_000, deadlineMs: 60_000 }).payments.get(ref("hang"), { signal: controller.signal });
    },
    200,
  );
  await timed(
    "waitForFinal, fetch ignoring its signal",
    "timeout",
    () => deaf.payments.waitForFinal(ref("hang"), { timeoutMs: 1000, intervalMs: 200 }),
    1000,
  );
  await timed("charge, fetch ignoring its signal", "timeout", () => deaf.payments.charge({ ...INIT, reference: ref("hang"), ...PAY }), 1000);

  // Hooks that reject (async) or throw cannot hurt.
  const rejecting = client({
    onRequest: async () => {
      throw new Error("hook rejects");
    },
    onResponse: () => Promise.reject(new Error("hook rejects too")),
  });
  await run("rejecting async hooks", "resolved", () => rejecting.payments.get(ref("ok")));
  await run("rejecting async hooks, a failing call", "redirected", () => rejecting.payments.get(ref("redirother")));

  const hookLeaks = events.filter((e) => secrets.some((s) => e.includes(s)) || e.includes("hunter2")).length;
  return { cases, hookEvents: events.length, hookLeaks };
}

/** What is wrong with a report (empty when all holds). */
export function trustProblems(report, records) {
  const problems = [];
  for (const c of report.cases) {
    if (c.code !== c.want) problems.push(`${c.name}: ${c.code}, wanted ${c.want}`);
    if (c.leaks) problems.push(`${c.name}: a key in the error`);
  }
  if (report.hookLeaks) problems.push(`${report.hookLeaks} hook events carry a key`);
  // A malformed answer is described by its field and the type that came, never its value.
  const shape = report.cases.find((c) => c.name === "data quoting the keys");
  if (!/`reference` must be a string, got an array/.test(shape?.message ?? "")) problems.push(`shape error: ${shape?.message}`);
  const userinfo = report.cases.find((c) => c.name === "baseUrl with user info");
  if (!/base_url/.test(userinfo?.message ?? "") || /hunter2|merchant/.test(userinfo?.message ?? ""))
    problems.push(`baseUrl error: ${userinfo?.message}`);
  if (records.other.length) problems.push(`${records.other.length} requests reached the other origin`);
  // The read-back after a reset pay never resolved with the other, paid payment.
  for (const c of report.cases) if (c.value?.reference === "PY_someone_elses_paid") problems.push(`${c.name}: resolved with another payment`);
  // Per payment, pay sent at most once (a redirect to itself is never followed).
  const pays = {};
  for (const r of records.main) if (r.path.startsWith("/v1/payment/pay/")) pays[r.reference] = (pays[r.reference] ?? 0) + 1;
  for (const [reference, count] of Object.entries(pays)) if (count > 1) problems.push(`pay sent ${count} times for ${reference}`);
  // Every request of a redirect scenario reached the main origin once per attempt: no loop.
  const loops = records.main.filter((r) => r.scenario === "redirself").length;
  if (loops > 20) problems.push(`${loops} requests to the redirect-to-itself scenario`);
  return problems;
}

/** The counts the closing note reports. */
export function trustCounts(report, records) {
  const refused = report.cases.filter((c) => c.code === "invalid_response" || c.code === "redirected" || c.code === "response_too_large").length;
  const pays = {};
  for (const r of records.main) if (r.path.startsWith("/v1/payment/pay/")) pays[r.reference] = (pays[r.reference] ?? 0) + 1;
  const timed = report.cases.filter((c) => c.deadlineMs);
  const worst = timed.reduce((a, c) => (c.elapsedMs / c.deadlineMs > (a?.elapsedMs ?? 0) / (a?.deadlineMs ?? 1) ? c : a), undefined);
  return {
    answersRefused: refused,
    otherOriginRequests: records.other.length,
    maxPaysPerPayment: Math.max(0, ...Object.values(pays)),
    longestCall: worst ? `${worst.name}: ${worst.elapsedMs} ms against ${worst.deadlineMs} ms` : "none",
  };
}
