// Demo Worker: a merchant checkout taking Vesicash mobile-money payments with
// `vesicash-edge`, imported exactly as a user's Worker would import it.
//
//   POST /api/checkout            {amount, currency, country, phone_number, narration?}
//                                 → initialise + pay (the push prompt); {reference, timeline}
//   POST /api/webhooks/vesicash   Vesicash's signed status webhooks (verified, idempotent)
//   GET  /api/payments/:reference {payment, outcome, timeline, webhook_verified, webhook}
//   GET  /health                  "ok"
//   anything else                 the checkout page (../../www, via the ASSETS binding)
//
// Config (wrangler vars, or `wrangler dev --var NAME:value`): VESICASH_BASE_URL,
// VESICASH_PUBLIC_KEY, VESICASH_SECRET_KEY, VESICASH_WEBHOOK_SECRET (several
// secrets separated by commas while rotating).
import { Vesicash, VesicashError, WebhookVerificationError, paymentOutcome, verifyWebhook } from "vesicash-edge";

const WEBHOOK_PATH = "/api/webhooks/vesicash";
const PAYMENT_PATH = /^\/api\/payments\/([^/]+)$/;
const REFERENCE_PREFIX = "order-";
const DEFAULT_NARRATION = "Demo store order";
/** Orders remembered by this isolate; the oldest are forgotten beyond this. */
const MAX_ORDERS = 500;

// Demo state: an in-memory Map in this isolate (reference → order record).
// It is lost when the isolate restarts and is not shared between isolates or
// locations. A real app keeps orders in a Durable Object or a database, and
// treats GET /v1/payment/:reference as the source of truth, as this one does.
const orders = new Map();

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const { pathname } = url;
    try {
      if (pathname === "/health") return new Response("ok");
      if (pathname === "/api/checkout") {
        return request.method === "POST" ? await checkout(request, env, url.origin) : methodNotAllowed("POST");
      }
      if (pathname === WEBHOOK_PATH) {
        return request.method === "POST" ? await receiveWebhook(request, env) : methodNotAllowed("POST");
      }
      const match = PAYMENT_PATH.exec(pathname);
      if (match) {
        return request.method === "GET" ? await paymentStatus(decodeURIComponent(match[1]), env) : methodNotAllowed("GET");
      }
      if (pathname.startsWith("/api/")) return errorResponse(404, "not_found", `no route ${request.method} ${pathname}`);
      return env.ASSETS.fetch(request);
    } catch (e) {
      if (e instanceof ConfigError) return errorResponse(500, "not_configured", e.message);
      if (e instanceof VesicashError) return vesicashErrorResponse(e);
      console.error("unexpected error", e?.stack ?? e);
      return errorResponse(500, "internal_error", "unexpected error; see the Worker's logs");
    }
  },
};

// ---------------------------------------------------------------------------
// Routes

async function checkout(request, env, origin) {
  let body;
  try {
    body = await request.json();
  } catch {
    return errorResponse(400, "invalid_json", "the request body must be a JSON object", "body");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return errorResponse(400, "invalid_json", "the request body must be a JSON object", "body");
  }
  const { amount, currency, country, phone_number, narration = DEFAULT_NARRATION } = body;
  const client = vesicashClient(env);

  // Choose the reference before the first call: a retried init with the same
  // reference cannot create a second payment.
  const reference = REFERENCE_PREFIX + crypto.randomUUID();
  const initParams = {
    amount,
    currency,
    country,
    narration,
    method: "mobilemoney",
    webhook_url: origin + WEBHOOK_PATH,
    redirect_url: origin + "/",
    reference,
  };
  const payParams = { phone_number };
  // Build (and so validate) both requests before sending anything, so a bad
  // phone number never leaves an initialised payment behind. Throws a
  // VesicashError `validation_error` naming the field → 400.
  client.requests.initialize(initParams);
  client.requests.pay(reference, payParams);

  const order = rememberOrder(reference);
  try {
    const initialized = await client.payments.initialize(initParams);
    record(order, "initialized", `Payment initialised with Vesicash (${initialized.status})`, {
      amount: String(amount),
      currency,
    });
    await client.payments.pay(reference, payParams);
    record(order, "prompt_sent", `Payment prompt sent to ${maskPhone(phone_number)}`);
  } catch (e) {
    if (e instanceof VesicashError) record(order, "error", `Vesicash call failed (${e.code})`, { code: e.code });
    throw e;
  }
  return json({ reference, timeline: timelineOf(order) }, 201);
}

async function receiveWebhook(request, env) {
  // The raw text, exactly as received: the signature covers these bytes.
  const rawBody = await request.text();
  let verified;
  try {
    verified = verifyWebhook(rawBody, request.headers, webhookSecrets(env));
  } catch (e) {
    // Anything else (a misconfigured secret) is our fault, not the sender's: 500.
    if (!(e instanceof WebhookVerificationError)) throw e;
    // The body is untrusted: read it only to note the rejection on the order.
    const order = orders.get(untrustedReference(rawBody));
    if (order) record(order, "webhook_rejected", `Webhook rejected: ${e.code}`, { code: e.code });
    return errorResponse(400, e.code, e.message);
  }

  const { event, data } = verified;
  if (event !== "payment.updated" || typeof data?.reference !== "string") {
    return json({ received: true, ignored: event }); // 2xx: nothing to retry
  }
  // A payment from before this isolate started still gets a record.
  const order = orders.get(data.reference) ?? rememberOrder(data.reference);
  const outcome = paymentOutcome(data.status);
  const detail = { event, status: data.status };

  // Deliveries can repeat and arrive out of order: one step per final state.
  if (order.webhookStatuses.has(data.status)) {
    record(order, "webhook_duplicate", `Duplicate webhook (${data.status}) acknowledged, ignored`, detail);
    return json({ received: true, duplicate: true });
  }
  if (order.final && outcome === "pending") {
    record(order, "webhook_stale", `Stale webhook (${data.status}) after a final state, ignored`, detail);
    return json({ received: true, stale: true });
  }
  order.webhookStatuses.add(data.status);
  order.webhook = { event, status: data.status, verified_at: new Date().toISOString() };
  if (outcome !== "pending") {
    order.final = data.status;
    // When the customer acted, as Vesicash recorded it.
    const answer = customerAnswer(data);
    if (answer) record(order, "customer_answered", answer, { status: data.status }, data.updated_at);
  }
  record(order, "webhook_verified", `Signed webhook verified: ${event} → ${data.status}`, detail);
  return json({ received: true });
}

async function paymentStatus(reference, env) {
  // The status endpoint is the source of truth; webhooks only tell us to look.
  const payment = await vesicashClient(env).payments.get(reference);
  const outcome = paymentOutcome(payment.status);
  const order = orders.get(reference);
  if (order && outcome !== "pending" && order.confirmedStatus !== payment.status) {
    order.confirmedStatus = payment.status;
    record(order, "status", `Status confirmed by Vesicash: ${payment.status}`, {
      status: payment.status,
      ...(payment.failure_reason ? { failure_reason: payment.failure_reason } : {}),
    });
  }
  return json({
    payment,
    outcome,
    timeline: order ? timelineOf(order) : [],
    webhook_verified: Boolean(order?.webhook),
    webhook: order?.webhook ?? null,
  });
}

// ---------------------------------------------------------------------------
// Orders and their timelines

function rememberOrder(reference) {
  const order = {
    reference,
    startedAt: Date.now(),
    steps: [],
    webhookStatuses: new Set(),
    webhook: null,
    final: null,
    confirmedStatus: null,
  };
  orders.set(reference, order);
  while (orders.size > MAX_ORDERS) orders.delete(orders.keys().next().value);
  return order;
}

function record(order, step, label, detail, at) {
  const time = at && !Number.isNaN(Date.parse(at)) ? Date.parse(at) : Date.now();
  order.steps.push({ step, label, at: new Date(time).toISOString(), elapsed_ms: time - order.startedAt, ...(detail ? { detail } : {}) });
}

/** Steps in time order (a webhook can land before the call that caused it returns). */
function timelineOf(order) {
  return order.steps.map((s, i) => [s, i]).sort(([a, i], [b, j]) => a.elapsed_ms - b.elapsed_ms || i - j).map(([s]) => s);
}

function customerAnswer(payment) {
  if (payment.status === "expired") return "No answer on the phone: the prompt expired";
  const outcome = paymentOutcome(payment.status);
  if (outcome === "paid") return "Customer approved the payment on the phone";
  if (payment.failure_reason === "declined") return "Customer declined the payment on the phone";
  if (payment.failure_reason === "insufficient_funds") return "Payment failed: insufficient funds in the wallet";
  if (outcome === "failed") return `Payment ${payment.status}${payment.failure_reason ? ` (${payment.failure_reason})` : ""}`;
  return null;
}

// ---------------------------------------------------------------------------
// Helpers

class ConfigError extends Error {}

function vesicashClient(env) {
  const missing = ["VESICASH_PUBLIC_KEY", "VESICASH_SECRET_KEY"].filter((k) => !env[k]);
  if (missing.length) throw new ConfigError(`set ${missing.join(" and ")} (wrangler secret put, or --var for local dev)`);
  return new Vesicash({
    publicKey: env.VESICASH_PUBLIC_KEY,
    secretKey: env.VESICASH_SECRET_KEY,
    ...(env.VESICASH_BASE_URL ? { baseUrl: env.VESICASH_BASE_URL } : {}),
  });
}

function webhookSecrets(env) {
  const secrets = String(env.VESICASH_WEBHOOK_SECRET ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (!secrets.length) throw new ConfigError("set VESICASH_WEBHOOK_SECRET to verify webhooks");
  return secrets.length === 1 ? secrets[0] : secrets;
}

function untrustedReference(rawBody) {
  try {
    const reference = JSON.parse(rawBody)?.data?.reference;
    return typeof reference === "string" ? reference : undefined;
  } catch {
    return undefined;
  }
}

function maskPhone(phone) {
  const s = String(phone);
  return s.length > 7 ? `${s.slice(0, s.length - 7)}•••${s.slice(-4)}` : s;
}

function json(value, status = 200) {
  return Response.json(value, { status, headers: { "cache-control": "no-store" } });
}

function errorResponse(status, code, message, field) {
  return json({ error: { code, ...(field ? { field } : {}), message } }, status);
}

function vesicashErrorResponse(e) {
  if (e.code === "validation_error") return errorResponse(400, e.code, e.message, e.field);
  if (e.code === "not_found") return errorResponse(404, e.code, e.message);
  // Vesicash (or the way to it) failed: a bad gateway from our caller's view.
  return json({ error: { code: e.code, message: e.message, ...(e.status ? { status: e.status } : {}) } }, 502);
}

function methodNotAllowed(allow) {
  return new Response(JSON.stringify({ error: { code: "method_not_allowed", message: `use ${allow}` } }), {
    status: 405,
    headers: { allow, "content-type": "application/json" },
  });
}
