// Secret hygiene: a representative slice of the suite's calls through the
// packed package against a real sandbox (successes, every error kind through
// fault injection, hooks, webhook failures, console output), with every error
// message and property, hook argument and log line collected. No key or
// webhook secret may appear in any of them, and the sandbox's own request
// log shows the secret key never sent to pay, list or countries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import * as api from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { freePort } from "../../support/processes.mjs";

const PUBLIC = "morPub_test_hygiene_0001";
const SECRET = "morSec_test_hygiene_9f8e7d6c5b4a3210";
const WRONG_SECRET = "morSec_test_wrong_key_77776666";
const WEBHOOK_SECRET = "whsec_hygiene_1a2b3c4d5e6f7a8b";
const WRONG_WEBHOOK_SECRET = "whsec_wrong_0f0e0d0c0b0a0908";
const APPROVES = "260970000001";
const HOOK = "https://shop.example/hooks";

/** Everything a caller could see or log, rendered as text. */
class Collector {
  entries = [];
  codes = new Set();

  add(where, value) {
    this.entries.push({ where, text: render(value) });
  }

  error(where, e) {
    if (typeof e?.code === "string") this.codes.add(e.code);
    this.add(where, e);
  }

  /** Awaits `promise` (or runs `fn`), collecting the error it fails with; returns the value or undefined. */
  async settle(where, work) {
    try {
      return await (typeof work === "function" ? work() : work);
    } catch (e) {
      this.error(where, e);
      return undefined;
    }
  }
}

// Every form a merchant's logger may print: message, stack, own properties
// (enumerable or not), util.inspect (what console.log shows), JSON, causes.
function render(value, depth = 0) {
  const parts = [inspect(value, { depth: 8, showHidden: true, getters: true })];
  try {
    parts.push(JSON.stringify(value));
  } catch {
    /* cyclic: inspect has it */
  }
  if (value instanceof Error) {
    parts.push(String(value), String(value.stack));
    for (const key of Object.getOwnPropertyNames(value)) parts.push(`${key}=${inspect(value[key], { depth: 8 })}`);
    if (value.cause !== undefined && depth < 5) parts.push(render(value.cause, depth + 1));
  }
  return parts.join("\n");
}

test("secret hygiene: no key or webhook secret in any error, hook argument or log line", { timeout: 120_000 }, async (t) => {
  const sb = await startSandbox({
    args: ["--public-key", PUBLIC, "--secret-key", SECRET, "--webhook-secret", WEBHOOK_SECRET, "--phone-delay-ms", "30", "--expiry-ms", "20000"],
  });
  t.after(() => sb.stop());
  const seen = new Collector();

  // Console output of the package (and of anything it calls) while the slice runs.
  const methods = ["log", "info", "warn", "error", "debug", "trace"];
  const original = Object.fromEntries(methods.map((m) => [m, console[m]]));
  for (const m of methods) console[m] = (...args) => seen.add(`console.${m}`, args);
  const onWarning = (w) => seen.add("process warning", w);
  process.on("warning", onWarning);
  t.after(() => {
    Object.assign(console, original);
    process.off("warning", onWarning);
  });

  const hooks = {
    onRequest: (event) => seen.add("onRequest", event),
    onResponse: (event) => seen.add("onResponse", event),
  };
  const client = new api.Vesicash({ publicKey: PUBLIC, secretKey: SECRET, baseUrl: sb.url, ...hooks });
  const init = { amount: "1.30", currency: "ZMW", country: "ZM", narration: "rice", method: "mobilemoney", webhook_url: HOOK, redirect_url: HOOK };

  // Successes.
  await seen.settle("countries", client.countries.list());
  const paid = await seen.settle("charge", client.payments.charge({ ...init, phone_number: APPROVES }));
  assert.ok(paid?.reference, "the charge went through");
  await seen.settle("waitForFinal", client.payments.waitForFinal(paid.reference, { timeoutMs: 10_000 }));
  await seen.settle("get", client.payments.get(paid.reference));
  await seen.settle("list", client.payments.list({ limit: 5 }));
  await seen.settle("listAll", async () => {
    for await (const p of client.payments.listAll({ limit: 1 })) seen.add("listAll item", p.reference);
  });
  await seen.settle("refund", client.refunds.create({ payment_reference: paid.reference, amount: "0.30", reason: "damaged", webhook_url: HOOK }));
  await seen.settle(
    "payout",
    client.payouts.create({ amount: 3, countryId: 1, transfer_to: "mobile_money", momo_phone_number: APPROVES, webhook_url: HOOK }),
  );

  // Every error kind the client has.
  await seen.settle("validation", client.payments.initialize({ ...init, amount: "1.001" }));
  await seen.settle("validation: key as public key", () => new api.Vesicash({ publicKey: SECRET, secretKey: SECRET }));
  await seen.settle("validation: key with a newline", () => new api.Vesicash({ publicKey: PUBLIC, secretKey: `${SECRET}\n` }));
  await seen.settle("validation: key with a space", () => new api.Vesicash({ publicKey: PUBLIC, secretKey: `${SECRET} x` }));
  const wrong = new api.Vesicash({ publicKey: PUBLIC, secretKey: WRONG_SECRET, baseUrl: sb.url, ...hooks });
  await seen.settle("authentication", wrong.payments.get(paid.reference));
  await seen.settle(
    "authentication: refund",
    wrong.refunds.create({ payment_reference: paid.reference, amount: "0.10", reason: "r", webhook_url: HOOK }),
  );
  await seen.settle("not found", client.payments.get("PY_not_a_payment_0001"));
  await seen.settle("route not found", new api.Vesicash({ publicKey: PUBLIC, secretKey: SECRET, baseUrl: `${sb.url}/nope` }).countries.list());
  await seen.settle("invalid request", client.refunds.create({ payment_reference: paid.reference, amount: "99.00", reason: "r", webhook_url: HOOK }));
  const reference = `ORD-hygiene-${Date.now()}`;
  await seen.settle("initialize", client.payments.initialize({ ...init, reference }));
  await seen.settle("reference exists", client.payments.initialize({ ...init, amount: "2.00", reference }));
  // The phone is held between the two pays, so the second finds the prompt unanswered
  // (payment_in_progress) however slow the machine, never already approved.
  await sb.holdPhone(true);
  await seen.settle("pay", client.payments.pay(reference, { phone_number: APPROVES }));
  await seen.settle("payment in progress", client.payments.pay(reference, { phone_number: APPROVES }));
  await sb.holdPhone(false);
  const closed = await freePort();
  await seen.settle(
    "connection",
    new api.Vesicash({ publicKey: PUBLIC, secretKey: SECRET, baseUrl: `http://127.0.0.1:${closed}`, maxRetries: 0 }).payments.get(paid.reference),
  );
  await seen.settle("aborted", client.payments.get(paid.reference, { signal: AbortSignal.abort() }));
  const pendingRef = (await seen.settle("initialize pending", client.payments.initialize(init)))?.reference;
  await seen.settle("wait timeout", client.payments.waitForFinal(pendingRef, { timeoutMs: 300, intervalMs: 50 }));
  const once = { publicKey: PUBLIC, secretKey: SECRET, baseUrl: sb.url, maxRetries: 0, timeoutMs: 400, ...hooks };
  for (const [kind, fault] of [
    ["api error (5xx)", { error_rate: 1 }],
    ["rate limited", { rate_limit_rate: 1, retry_after_seconds: 30 }],
    ["html page", { html_rate: 1 }],
    ["dropped socket", { drop_rate: 1 }],
    ["stalled body", { stall_rate: 1 }],
    ["cut body", { truncate_rate: 1 }],
  ]) {
    await sb.setFaults({ ...fault, count: 2 });
    const c = new api.Vesicash(once);
    await seen.settle(`${kind}: get`, c.payments.get(paid.reference));
    await seen.settle(`${kind}: initialize`, c.payments.initialize(init));
    await sb.setFaults({});
  }
  await sb.setFaults({ truncate_rate: 1, count: 1, paths: ["/v1/payment/pay/"] });
  const ambiguous = (await seen.settle("initialize for an ambiguous pay", client.payments.initialize(init)))?.reference;
  await seen.settle("ambiguous pay", new api.Vesicash({ ...once, timeoutMs: 2000 }).payments.pay(ambiguous, { phone_number: APPROVES }));
  await sb.setFaults({});

  // Webhooks: every way a delivery or a configuration fails.
  const body = JSON.stringify({ event: "payment.updated", data: { reference: paid.reference, status: "successful" } });
  const now = Math.floor(Date.now() / 1000);
  const headers = api.signWebhook(body, WEBHOOK_SECRET, { timestamp: now });
  seen.add("verified event", api.verifyWebhook(body, headers, WEBHOOK_SECRET));
  await seen.settle("webhook: wrong secret", () => api.verifyWebhook(body, headers, WRONG_WEBHOOK_SECRET));
  await seen.settle("webhook: rotation list, none right", () => api.verifyWebhook(body, headers, [WRONG_WEBHOOK_SECRET, `${WRONG_WEBHOOK_SECRET}x`]));
  await seen.settle("webhook: tampered body", () => api.verifyWebhook(body.replace("successful", "failed"), headers, WEBHOOK_SECRET));
  await seen.settle("webhook: no headers", () => api.verifyWebhook(body, {}, WEBHOOK_SECRET));
  await seen.settle("webhook: old", () => api.verifyWebhook(body, api.signWebhook(body, WEBHOOK_SECRET, { timestamp: now - 3600 }), WEBHOOK_SECRET));
  await seen.settle("webhook: unset secret", () => api.verifyWebhook(body, headers, undefined));
  await seen.settle("webhook: padded secret", () => api.verifyWebhook(body, headers, ` ${WEBHOOK_SECRET}\n`));
  await seen.settle("webhook: too large", () => api.verifyWebhook("x".repeat(3 << 20), headers, WEBHOOK_SECRET));
  await seen.settle("webhook: parsed body", () => api.verifyWebhook(JSON.parse(body), headers, WEBHOOK_SECRET));
  await seen.settle("webhook: sign with a number", () => api.signWebhook(body, 5));

  // Rotation last: its answer is the one place a webhook secret may be.
  const rotated = (await seen.settle("rotate", client.webhooks.rotateSecret()))?.webhook_secret;
  assert.match(rotated ?? "", /^whsec_/);
  await seen.settle("webhook: rotated away", () => api.verifyWebhook(body, headers, rotated));

  const expected = [
    "validation_error",
    "authentication_error",
    "not_found",
    "route_not_found",
    "invalid_request",
    "reference_exists",
    "payment_in_progress",
    "connection_error",
    "aborted",
    "timeout",
    "api_error",
    "rate_limited",
    "signature_mismatch",
    "missing_signature",
    "timestamp_too_old",
    "invalid_secret",
    "body_too_large",
    "body_not_raw",
  ];
  assert.deepEqual(
    expected.filter((c) => !seen.codes.has(c)),
    [],
    `error kinds the slice never produced (saw ${[...seen.codes]})`,
  );
  assert.ok(seen.entries.filter((e) => e.where === "onRequest").length >= 20, "the hooks saw the requests");

  // The secrets, whole and without their well-known prefixes (a cut or re-encoded leak).
  const secrets = [SECRET, WRONG_SECRET, WEBHOOK_SECRET, WRONG_WEBHOOK_SECRET, rotated];
  const needles = secrets.flatMap((s) => [s, s.replace(/^(morSec_|whsec_)/, "")]);
  const leaks = seen.entries.flatMap((e) => needles.filter((n) => e.text.includes(n)).map((n) => `${e.where}: ${n.slice(0, 12)}…`));
  assert.deepEqual(leaks, [], "a secret appeared in an error, hook argument or log line");
  t.diagnostic(`${seen.entries.length} errors, hook arguments and log lines checked; codes: ${[...seen.codes].sort().join(", ")}`);

  // The request builders: the pay, list and countries requests carry no secret key.
  const built = [
    client.requests.pay(paid.reference, { phone_number: APPROVES }),
    client.requests.listPayments({ limit: 1 }),
    client.requests.countries(),
  ];
  for (const r of built) assert.ok(!JSON.stringify(r).includes(SECRET), `${r.method} ${r.url} carries the secret key`);
  assert.equal(client.requests.get(paid.reference).headers["secret-key"], SECRET, "control: get does carry it");

  // What reached the wire, from the sandbox's own log.
  const requests = (await sb.requests()).filter((q) => q.path.startsWith("/v1/"));
  const pathOf = (q) => q.path.split("?")[0];
  const kinds = {
    pay: requests.filter((q) => q.method === "POST" && pathOf(q).startsWith("/v1/payment/pay/")),
    list: requests.filter((q) => q.method === "GET" && (pathOf(q) === "/v1/payment/" || pathOf(q) === "/v1/payment")),
    countries: requests.filter((q) => pathOf(q) === "/v1/countries"),
  };
  for (const [kind, list] of Object.entries(kinds)) {
    assert.ok(list.length > 0, `no ${kind} request reached the sandbox`);
    const carrying = list.filter((q) => Object.values(q.headers).some((v) => String(v).includes(SECRET)) || q.body.includes(SECRET));
    assert.deepEqual(
      carrying.map((q) => `${q.method} ${q.path}`),
      [],
      `the secret key was sent to ${kind}`,
    );
  }
  const gets = requests.filter((q) => q.method === "GET" && pathOf(q).startsWith("/v1/payment/PY_"));
  assert.ok(
    gets.some((q) => q.headers["secret-key"] === SECRET),
    "control: the log does show the key where it is sent",
  );
  for (const q of requests) assert.ok(!JSON.stringify(q).includes(WEBHOOK_SECRET), `${q.method} ${q.path} carries the webhook secret`);
});
