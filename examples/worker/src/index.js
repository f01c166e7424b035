// Demo Worker: a merchant checkout taking Vesicash mobile-money payments with
// `vesicash-edge`, imported exactly as a user's Worker would import it. Its
// state lives in Cloudflare D1 (migrations/0001_payments.sql): nothing that
// must survive is kept in memory, so any isolate, and a restarted Worker,
// carries on where the last one stopped.
//
//   POST /api/checkout            {amount, currency, country, phone_number, narration?}
//                                 → stores the order, initialises + pays (the push prompt);
//                                   201 {reference, timeline}
//   POST /api/webhooks/vesicash   Vesicash's signed status webhooks: verified, then stored
//                                 once per delivery (400 when verification fails; 500 when
//                                 the store fails, so that Vesicash delivers it again)
//   GET  /api/payments/:reference the stored state, timeline, transitions, webhooks and
//                                 conflicts; asks Vesicash only while the stored state is
//                                 not final (?wait_ms=N: wait up to N ms for a final one)
//   GET  /api/payments/:reference?source=store
//                                 only what D1 holds: no call to Vesicash
//   GET  /api/reconcile/runs      the last runs of the reconciliation job
//   GET  /health                  "ok"
//   scheduled (Cron Trigger)      reconciliation: the payments due by the package's
//                                 reconcileSchedule, refreshed in one batch (src/reconcile.js)
//   anything else                 the checkout page (../../www, via the ASSETS binding)
//
// Config (wrangler vars, or `wrangler dev --var NAME:value`): VESICASH_BASE_URL,
// VESICASH_PUBLIC_KEY, VESICASH_SECRET_KEY, VESICASH_WEBHOOK_SECRET (several
// secrets separated by commas while rotating); the D1 binding DB; for tests only,
// RECONCILE_CLOCK_SKEW_MS (see clockSkew).
//
// How the state stays right when webhooks repeat, arrive late or out of order,
// and race the status polls: every observation of a status (Vesicash's answer
// to initialise, a verified webhook, a poll) goes through `mergeStatus`, which
// decides the state to keep; the change is written with a compare-and-swap on
// the state's version, in one D1 batch (one transaction) together with its
// transition and timeline rows. Webhooks go through the package's handler
// (createWebhookHandler: raw body, verification, its answers' statuses), and a
// delivery is keyed by the handler's delivery key (the event, the reference and
// the status), so retries, duplicate copies and redeliveries re-signed with a new
// timestamp or serialised again are one delivery: the batch that records the
// delivery is the one that acts on it, so it is acted on once.
//
// Files: index.js (this: routing and the routes), store.js (every read and
// write of D1), http.js (the answers and errors), util.js (shared helpers).
import { Vesicash, VesicashError, createWebhookHandler, paymentOutcome } from "vesicash-edge";
import { reconcile, reconcileRuns } from "./reconcile.js";
import { ConfigError, errorResponse, json, methodNotAllowed, notMigrated, storeOrInternalError, vesicashErrorResponse } from "./http.js";
import { addStep, applyObservation, database, loadState, loadView, noteRejection, recordWebhook, storeOrder } from "./store.js";
import { timeOf } from "./util.js";

const WEBHOOK_PATH = "/api/webhooks/vesicash";
const PAYMENT_PATH = /^\/api\/payments\/([^/]+)$/;
const REFERENCE_PREFIX = "order-";
const DEFAULT_NARRATION = "Demo store order";
/** The longest `?wait_ms=` the status route accepts (a Worker request should not hang for long). */
const MAX_WAIT_MS = 25_000;

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
      if (pathname === "/api/reconcile/runs") {
        return request.method === "GET" ? json(await reconcileRuns(database(env))) : methodNotAllowed("GET");
      }
      const match = PAYMENT_PATH.exec(pathname);
      if (match) {
        if (request.method !== "GET") return methodNotAllowed("GET");
        const reference = decodeSegment(match[1]);
        if (reference === undefined) {
          return errorResponse(400, "validation_error", "the reference in the path is not valid percent-encoding", "reference");
        }
        return await paymentStatus(reference, env, url, request);
      }
      if (pathname.startsWith("/api/")) return errorResponse(404, "not_found", `no route ${request.method} ${pathname}`);
      return env.ASSETS.fetch(request);
    } catch (e) {
      if (e instanceof ConfigError) return errorResponse(500, "not_configured", e.message);
      if (e instanceof VesicashError) return vesicashErrorResponse(e);
      return storeOrInternalError(e);
    }
  },

  // The Cron Trigger (wrangler.toml [triggers]): settles the payments whose webhook never came.
  // Awaited, not handed to waitUntil: the run is the whole of this invocation.
  async scheduled(controller, env) {
    const now = controller.scheduledTime + clockSkew(env);
    const run = await reconcile(database(env), vesicashClient(env), now);
    console.log(`reconcile: ${JSON.stringify(run)}`);
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
  const db = database(env);

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
  // Build (and so validate) both requests before sending or storing anything,
  // so a bad phone number never leaves an initialised payment behind. Throws a
  // VesicashError `validation_error` naming the field → 400.
  client.requests.initialize(initParams);
  client.requests.pay(reference, payParams);

  // The order is stored before Vesicash hears of it: a webhook can never
  // arrive for an order the store does not know.
  await storeOrder(db, { reference, amount: String(amount), currency, country, phoneMasked: maskPhone(phone_number), narration });

  const initialized = await vesicashCall(db, reference, () => client.payments.initialize(initParams));
  await addStep(db, reference, "initialized", `Payment initialised with Vesicash (${initialized.status})`, {
    amount: String(amount),
    currency,
  });
  // Vesicash's answer is the first observation of the status (pending).
  await applyObservation(db, { reference, status: initialized.status, at: Date.now(), source: "initialize" }, null);
  await vesicashCall(db, reference, () => client.payments.pay(reference, payParams));
  await addStep(db, reference, "prompt_sent", `Payment prompt sent to ${maskPhone(phone_number)}`);
  const view = await loadView(db, reference);
  return json({ reference, timeline: view.timeline }, 201);
}

async function receiveWebhook(request, env) {
  const secrets = webhookSecrets(env); // a missing secret is our fault: 500, never 400
  const db = database(env);
  // The bytes as received, kept to note a refused delivery on its order's timeline
  // (a clone would leave one branch unread); the handler gets them untouched.
  const raw = await request.arrayBuffer();
  let recorded;
  let storeFailure;
  let failure;
  // Made per request: the secrets come from this request's env. The handler reads
  // the raw bytes (the signature covers them), verifies them and calls onEvent with
  // the event and its delivery key; its status decides, the body says what we did.
  const handler = createWebhookHandler({
    secret: secrets,
    async onEvent(event, { key }) {
      try {
        recorded = await recordWebhook(db, event, key);
      } catch (e) {
        storeFailure = e;
        throw e;
      }
    },
    onError: (error, { status }) => void (failure = { error, status }),
  });
  const answer = await handler(new Request(request.url, { method: "POST", headers: request.headers, body: raw }));
  if (answer.status === 200) return json(recorded);
  const e = failure?.error;
  if (answer.status === 400) {
    // The sender's fault: 400, whatever happens to the note below.
    await noteRejection(db, new TextDecoder().decode(raw), e).catch((err) => console.error("could not note a rejected webhook", err?.message ?? err));
    return errorResponse(400, e.code, e.message);
  }
  // Verified, but not stored (the store, a bug): 500, so Vesicash delivers the
  // event again; nothing was recorded unless it was all recorded (one batch), so
  // the next delivery is processed afresh.
  if (storeFailure !== undefined) {
    console.error("verified webhook not stored; answering 500 so that Vesicash delivers it again:", storeFailure?.stack ?? storeFailure);
    return errorResponse(
      500,
      notMigrated(storeFailure) ? "store_not_migrated" : "webhook_not_stored",
      "the webhook was verified but could not be stored; deliver it again",
    );
  }
  // A missing or malformed secret is a plain VesicashError `invalid_secret`: our configuration, 500.
  if (e instanceof VesicashError && e.code === "invalid_secret") throw new ConfigError(`check VESICASH_WEBHOOK_SECRET: ${e.message}`);
  if (e instanceof VesicashError) throw new ConfigError(`webhook verification could not run (${e.code}): check VESICASH_WEBHOOK_SECRET`);
  throw e ?? new Error(`the webhook handler answered ${answer.status}`);
}

async function paymentStatus(reference, env, url, request) {
  const db = database(env);
  const waitMs = waitParam(url.searchParams.get("wait_ms"));
  if (typeof waitMs === "string") return errorResponse(400, "validation_error", waitMs, "wait_ms");

  // What the store alone knows: no call to Vesicash.
  if (url.searchParams.get("source") === "store") {
    const view = await loadView(db, reference);
    if (!view.order && !view.state) return errorResponse(404, "not_found", `no payment ${reference} in the store`);
    return json({ ...view, vesicash: { asked: false } });
  }
  const held = await loadState(db, reference);
  let fresh = null;
  const vesicash = { asked: false };
  // A final state is final: the store answers alone. Otherwise ask Vesicash
  // (the webhook may be late, lost, or still being retried) and merge that too.
  if (!held || paymentOutcome(held.status) === "pending") {
    const client = vesicashClient(env);
    vesicash.asked = true;
    try {
      fresh = waitMs > 0 ? await waitForFinal(client, reference, waitMs, request.signal) : await client.payments.get(reference);
    } catch (e) {
      // Nothing stored to show: answer with the error (404 unknown, 502 …).
      if (!(e instanceof VesicashError) || !held) throw e;
      vesicash.error = e.code; // the stored state stands; the page asks again
    }
    if (fresh) await applyObservation(db, { reference, status: fresh.status, at: timeOf(fresh.updated_at, Date.now()), source: "poll" }, fresh);
  }
  const view = await loadView(db, reference);
  if (fresh && (!view.payment || view.state?.status === fresh.status)) view.payment = fresh;
  return json({ ...view, vesicash });
}

/** waitForFinal, bounded by `waitMs`; on timeout, the last payment seen. */
async function waitForFinal(client, reference, waitMs, signal) {
  try {
    return await client.payments.waitForFinal(reference, { timeoutMs: waitMs, intervalMs: 500, signal });
  } catch (e) {
    if (e instanceof VesicashError && e.code === "timeout" && e.payment) return e.payment;
    throw e;
  }
}

/** Runs a Vesicash call, noting a failure on the order's timeline before rethrowing it. */
async function vesicashCall(db, reference, call) {
  try {
    return await call();
  } catch (e) {
    if (e instanceof VesicashError) {
      await addStep(db, reference, "error", `Vesicash call failed (${e.code})`, { code: e.code }).catch((err) =>
        console.error("could not note a failed call", err?.message ?? err),
      );
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Helpers

function vesicashClient(env) {
  const missing = ["VESICASH_PUBLIC_KEY", "VESICASH_SECRET_KEY"].filter((k) => !env[k]);
  if (missing.length) throw new ConfigError(`set ${missing.join(" and ")} (wrangler secret put, or --var for local dev)`);
  return new Vesicash({
    publicKey: env.VESICASH_PUBLIC_KEY,
    secretKey: env.VESICASH_SECRET_KEY,
    ...(env.VESICASH_BASE_URL ? { baseUrl: env.VESICASH_BASE_URL } : {}),
  });
}

/**
 * RECONCILE_CLOCK_SKEW_MS, for tests only (never set it in production): milliseconds added to
 * the time the reconciliation schedule reads, so a test reaches the schedule's first check
 * (30 s after checkout) without waiting for it. Anything but a whole number is refused.
 */
function clockSkew(env) {
  const raw = env.RECONCILE_CLOCK_SKEW_MS;
  if (raw === undefined || raw === "") return 0;
  if (!/^\d{1,10}$/.test(String(raw))) throw new ConfigError("RECONCILE_CLOCK_SKEW_MS must be a whole number of milliseconds (tests only)");
  return Number(raw);
}

function webhookSecrets(env) {
  const secrets = String(env.VESICASH_WEBHOOK_SECRET ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!secrets.length) throw new ConfigError("set VESICASH_WEBHOOK_SECRET to verify webhooks");
  return secrets.length === 1 ? secrets[0] : secrets;
}

/** `?wait_ms=`: 0 when absent, a whole number of ms up to MAX_WAIT_MS, else the reason (a string). */
function waitParam(value) {
  if (value === null || value === "") return 0;
  if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_WAIT_MS) return `must be a whole number of milliseconds from 0 to ${MAX_WAIT_MS}`;
  return Number(value);
}

/** A path segment, percent-decoded; undefined when its escapes are malformed. */
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function maskPhone(phone) {
  const s = String(phone);
  return s.length > 7 ? `${s.slice(0, s.length - 7)}•••${s.slice(-4)}` : s;
}
