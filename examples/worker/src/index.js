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
//   GET  /health                  "ok"
//   anything else                 the checkout page (../../www, via the ASSETS binding)
//
// Config (wrangler vars, or `wrangler dev --var NAME:value`): VESICASH_BASE_URL,
// VESICASH_PUBLIC_KEY, VESICASH_SECRET_KEY, VESICASH_WEBHOOK_SECRET (several
// secrets separated by commas while rotating); the D1 binding DB.
//
// How the state stays right when webhooks repeat, arrive late or out of order,
// and race the status polls: every observation of a status (Vesicash's answer
// to initialise, a verified webhook, a poll) goes through `mergeStatus`, which
// decides the state to keep; the change is written with a compare-and-swap on
// the state's version, in one D1 batch (one transaction) together with its
// transition and timeline rows. A webhook delivery is keyed by the SHA-256 of
// its raw body (retries and duplicate copies of one event carry the same
// body): the batch that records the delivery is the one that acts on it, so
// it is acted on once.
import { Vesicash, VesicashError, WebhookVerificationError, mergeStatus, paymentOutcome, verifyWebhook } from "vesicash-edge";

const WEBHOOK_PATH = "/api/webhooks/vesicash";
const PAYMENT_PATH = /^\/api\/payments\/([^/]+)$/;
const REFERENCE_PREFIX = "order-";
const DEFAULT_NARRATION = "Demo store order";
/** The longest `?wait_ms=` the status route accepts (a Worker request should not hang for long). */
const MAX_WAIT_MS = 25_000;
/** Compare-and-swap attempts before a write gives up (another writer kept moving the state). */
const CAS_ATTEMPTS = 5;
/** Rejected (unverified) deliveries noted on one order's timeline, at most. */
const MAX_REJECTIONS_NOTED = 20;
/** Verification errors that are not the delivery's fault (answered 500, not 400). */
const OUR_FAULT = new Set(["invalid_secret", "body_not_raw"]);

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
        return request.method === "GET" ? await paymentStatus(decodeURIComponent(match[1]), env, url, request) : methodNotAllowed("GET");
      }
      if (pathname.startsWith("/api/")) return errorResponse(404, "not_found", `no route ${request.method} ${pathname}`);
      return env.ASSETS.fetch(request);
    } catch (e) {
      if (e instanceof ConfigError) return errorResponse(500, "not_configured", e.message);
      if (e instanceof VesicashError) return vesicashErrorResponse(e);
      return storeOrInternalError(e);
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
  await db
    .prepare("INSERT INTO orders (reference, amount, currency, country, phone_masked, narration, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .bind(reference, String(amount), currency, country, maskPhone(phone_number), narration, Date.now())
    .run();

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
  // The raw text, exactly as received: the signature covers these bytes.
  const rawBody = await request.text();
  let verified;
  try {
    verified = verifyWebhook(rawBody, request.headers, secrets);
  } catch (e) {
    if (!(e instanceof WebhookVerificationError)) throw e;
    // Our own configuration or code, not the delivery: 500.
    if (OUR_FAULT.has(e.code)) throw new ConfigError(`webhook verification could not run (${e.code}): check VESICASH_WEBHOOK_SECRET`);
    // The sender's fault: 400, whatever happens to the note below.
    await noteRejection(db, rawBody, e).catch((err) => console.error("could not note a rejected webhook", err?.message ?? err));
    return errorResponse(400, e.code, e.message);
  }
  // Verified. From here on any failure (the store, a bug) answers 500, so
  // Vesicash delivers the event again; nothing was recorded unless it was all
  // recorded (one batch), so the next delivery is processed afresh.
  try {
    return await storeWebhook(db, verified, rawBody);
  } catch (e) {
    console.error("verified webhook not stored; answering 500 so that Vesicash delivers it again:", e?.stack ?? e);
    return errorResponse(500, notMigrated(e) ? "store_not_migrated" : "webhook_not_stored", "the webhook was verified but could not be stored; deliver it again");
  }
}

async function storeWebhook(db, { event, data }, rawBody) {
  if (event !== "payment.updated") return json({ received: true, ignored: event }); // 2xx: nothing to retry
  if (typeof data?.reference !== "string" || typeof data?.status !== "string") {
    console.warn("verified payment.updated webhook without a reference or status, ignored");
    return json({ received: true, ignored: "no reference or status" });
  }
  const { reference } = data;
  const delivery = await sha256Hex(rawBody);
  const receivedAt = Date.now();
  const observation = { reference, status: data.status, at: timeOf(data.updated_at, receivedAt), source: "webhook" };
  const detail = { event, status: data.status, delivery: delivery.slice(0, 16) };

  for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
    if (await deliveryProcessed(db, delivery)) {
      await addStep(db, reference, "webhook_duplicate", `Duplicate webhook (${data.status}) acknowledged, ignored`, detail);
      return json({ received: true, duplicate: true });
    }
    const held = await loadState(db, reference);
    const merged = mergeStatus(held && observationOf(held), observation);
    const effect = merged.conflict ? "conflict" : merged.changed ? "applied" : held.status === data.status ? "no_change" : "stale";
    const claim = crypto.randomUUID();
    // The first statement records the delivery, only while the state is still
    // the one merged against; every other statement runs only if it did.
    const claimed = { sql: "EXISTS (SELECT 1 FROM webhook_deliveries WHERE id = ? AND claim = ?)", params: [delivery, claim] };
    const statements = [
      db
        .prepare(
          "INSERT OR IGNORE INTO webhook_deliveries (id, reference, event, status, at, effect, claim, received_at) " +
            "SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE (SELECT version FROM payment_states WHERE reference = ?) IS ?",
        )
        .bind(delivery, reference, event, data.status, observation.at, effect, claim, receivedAt, reference, held?.version ?? null),
    ];
    if (effect === "applied" || effect === "no_change") {
      statements.push(stepStatement(db, reference, "webhook_verified", `Signed webhook verified: ${event} → ${data.status}`, { ...detail, effect }, receivedAt, claimed));
    }
    if (effect === "applied") {
      statements.push(...changeStatements(db, { held, state: merged.state, payment: data, delivery, changeId: claim, guard: claimed, now: receivedAt }));
    } else if (effect === "stale") {
      statements.push(stepStatement(db, reference, "webhook_stale", `Stale webhook (${data.status}) after ${held.status}, ignored`, detail, receivedAt, claimed));
    } else if (effect === "conflict") {
      statements.push(
        conflictStatement(db, { reference, conflict: merged.conflict, source: "webhook", delivery, payment: data, now: receivedAt, guard: claimed }),
        stepStatement(db, reference, "webhook_conflict", conflictLabel(merged.conflict), { ...detail, held: merged.conflict.held }, receivedAt, claimed),
      );
    }
    const [recorded] = await db.batch(statements);
    if (recorded.meta.changes === 1) {
      if (merged.conflict) logConflict(reference, merged.conflict, "webhook");
      return json({ received: true, effect, status: merged.state.status });
    }
    // Not recorded: another request processed this delivery meanwhile (a
    // duplicate), or the state moved under us. Look again.
  }
  throw new Error(`payment ${reference}: the stored state kept changing over ${CAS_ATTEMPTS} attempts`);
}

async function paymentStatus(reference, env, url, request) {
  const db = database(env);
  const waitMs = waitParam(url.searchParams.get("wait_ms"));
  if (typeof waitMs === "string") return errorResponse(400, "validation_error", waitMs, "wait_ms");

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

// ---------------------------------------------------------------------------
// The store (D1)

function database(env) {
  if (!env.DB || typeof env.DB.prepare !== "function") {
    throw new ConfigError("bind a D1 database as DB ([[d1_databases]] in wrangler.toml) and apply migrations/");
  }
  return env.DB;
}

async function loadState(db, reference) {
  return db.prepare("SELECT * FROM payment_states WHERE reference = ?").bind(reference).first();
}

async function deliveryProcessed(db, id) {
  return (await db.prepare("SELECT 1 AS one FROM webhook_deliveries WHERE id = ?").bind(id).first()) !== null;
}

/** The row's state as an observation for mergeStatus. */
function observationOf(row) {
  return { reference: row.reference, status: row.status, at: row.at, source: row.source };
}

/**
 * Merges one observation (initialize, poll) into the stored state, writing
 * the change, its transition and timeline rows in one batch guarded by the
 * state's version; retried when another writer got there first.
 */
async function applyObservation(db, observation, payment) {
  const { reference } = observation;
  for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
    const held = await loadState(db, reference);
    const merged = mergeStatus(held && observationOf(held), observation);
    const now = Date.now();
    if (merged.conflict) {
      const version = { sql: "(SELECT version FROM payment_states WHERE reference = ?) IS ?", params: [reference, held.version] };
      await conflictStatement(db, { reference, conflict: merged.conflict, source: observation.source, delivery: null, payment, now, guard: version }).run();
      logConflict(reference, merged.conflict, observation.source);
      return merged;
    }
    if (!merged.changed) return merged;
    const changeId = crypto.randomUUID();
    const [written] = await db.batch(changeStatements(db, { held, state: merged.state, payment, delivery: null, changeId, guard: null, now }));
    if (written.meta.changes === 1) return merged;
  }
  throw new Error(`payment ${reference}: the stored state kept changing over ${CAS_ATTEMPTS} attempts`);
}

/**
 * The statements of one state change: the compare-and-swap upsert of the
 * state (first: its `changes` says whether the change happened), then the
 * transition and the timeline rows, which exist only if it did.
 */
function changeStatements(db, { held, state, payment, delivery, changeId, guard, now }) {
  const { reference } = state;
  const where = guard ? guard.sql : "1";
  const changed = { sql: "EXISTS (SELECT 1 FROM payment_states WHERE reference = ? AND change_id = ?)", params: [reference, changeId] };
  const statements = [
    db
      .prepare(
        "INSERT INTO payment_states (reference, status, at, source, version, change_id, payment, stored_at) " +
          `SELECT ?, ?, ?, ?, 1, ?, ?, ? WHERE ${where} ` +
          "ON CONFLICT (reference) DO UPDATE SET status = excluded.status, at = excluded.at, source = excluded.source, " +
          "version = payment_states.version + 1, change_id = excluded.change_id, payment = excluded.payment, stored_at = excluded.stored_at " +
          "WHERE payment_states.version IS ?",
      )
      .bind(reference, state.status, Math.round(state.at), state.source, changeId, payment ? JSON.stringify(payment) : null, now, ...(guard?.params ?? []), held?.version ?? null),
    db
      .prepare(
        "INSERT INTO status_transitions (reference, from_status, to_status, source, at, delivery_id, change_id, stored_at) " +
          `SELECT ?, ?, ?, ?, ?, ?, ?, ? WHERE ${changed.sql}`,
      )
      .bind(reference, held?.status ?? null, state.status, state.source, Math.round(state.at), delivery, changeId, now, ...changed.params),
  ];
  const answer = paymentOutcome(state.status) !== "pending" && payment ? customerAnswer(payment) : null;
  // When the customer acted, as Vesicash recorded it.
  if (answer) statements.push(stepStatement(db, reference, "customer_answered", answer, { status: state.status }, Math.round(state.at), changed));
  const from = held ? `${held.status} → ` : "";
  statements.push(
    stepStatement(db, reference, "status", `Status stored in D1: ${from}${state.status} (${SOURCE_LABELS[state.source] ?? state.source})`, {
      status: state.status,
      from: held?.status ?? null,
      source: state.source,
      ...(payment?.failure_reason ? { failure_reason: payment.failure_reason } : {}),
    }, now, changed),
  );
  return statements;
}

const SOURCE_LABELS = { initialize: "Vesicash's answer to initialise", webhook: "the signed webhook", poll: "asked Vesicash" };

function conflictStatement(db, { reference, conflict, source, delivery, payment, now, guard }) {
  return db
    .prepare(
      "INSERT OR IGNORE INTO status_conflicts (reference, held_status, seen_status, source, delivery_id, payment, seen_at) " +
        `SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(reference, conflict.held, conflict.seen, source, delivery, payment ? JSON.stringify(payment) : null, now, ...guard.params);
}

function conflictLabel({ held, seen }) {
  return `Conflict: Vesicash now says ${seen}, the store holds ${held}; ${held} kept, flagged for a person`;
}

function logConflict(reference, { held, seen }, source) {
  console.error(`CONFLICT payment ${reference}: ${source} says ${seen}, ${held} is stored; kept ${held}, recorded in status_conflicts for a person to resolve`);
}

function stepStatement(db, reference, step, label, detail, at, guard) {
  return db
    .prepare(`INSERT INTO timeline (reference, step, label, at, detail) SELECT ?, ?, ?, ?, ? WHERE ${guard ? guard.sql : "1"}`)
    .bind(reference, step, label, at ?? Date.now(), detail ? JSON.stringify(detail) : null, ...(guard?.params ?? []));
}

function addStep(db, reference, step, label, detail) {
  return stepStatement(db, reference, step, label, detail).run();
}

/** A rejected delivery, noted on the order it names (if that order exists): its body is untrusted. */
async function noteRejection(db, rawBody, e) {
  const reference = untrustedReference(rawBody);
  if (!reference) return;
  await db
    .prepare(
      "INSERT INTO timeline (reference, step, label, at, detail) SELECT ?, 'webhook_rejected', ?, ?, ? " +
        "WHERE EXISTS (SELECT 1 FROM orders WHERE reference = ?) " +
        "AND (SELECT COUNT(*) FROM timeline WHERE reference = ? AND step = 'webhook_rejected') < ?",
    )
    .bind(reference, `Webhook rejected: ${e.code}`, Date.now(), JSON.stringify({ code: e.code }), reference, reference, MAX_REJECTIONS_NOTED)
    .run();
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

/** Everything stored about one payment, in one round trip. */
async function loadView(db, reference) {
  const [order, state, steps, transitions, deliveries, conflicts] = await db.batch([
    db.prepare("SELECT amount, currency, country, phone_masked, narration, created_at FROM orders WHERE reference = ?").bind(reference),
    db.prepare("SELECT status, at, source, version, payment, stored_at FROM payment_states WHERE reference = ?").bind(reference),
    db.prepare("SELECT id, step, label, at, detail FROM timeline WHERE reference = ? ORDER BY at, id").bind(reference),
    db.prepare("SELECT from_status, to_status, source, at, delivery_id, stored_at FROM status_transitions WHERE reference = ? ORDER BY id").bind(reference),
    db.prepare("SELECT id, event, status, at, effect, received_at FROM webhook_deliveries WHERE reference = ? ORDER BY received_at, rowid").bind(reference),
    db.prepare("SELECT held_status, seen_status, source, delivery_id, seen_at, resolved_at FROM status_conflicts WHERE reference = ? ORDER BY id").bind(reference),
  ]);
  const o = order.results[0] ?? null;
  const s = state.results[0] ?? null;
  const origin = o?.created_at ?? steps.results[0]?.at ?? 0;
  const iso = (ms) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
  const webhooks = deliveries.results.map((d) => ({
    delivery_id: d.id,
    event: d.event,
    status: d.status,
    effect: d.effect,
    at: iso(d.at),
    verified_at: iso(d.received_at),
  }));
  // The delivery that confirms the stored state, if one came.
  const confirming = s ? webhooks.filter((w) => w.status === s.status && (w.effect === "applied" || w.effect === "no_change")).at(-1) : undefined;
  return {
    reference,
    store: "d1",
    order: o && { ...o, created_at: iso(o.created_at) },
    state: s && { status: s.status, at: iso(s.at), source: s.source, version: s.version, stored_at: iso(s.stored_at) },
    outcome: paymentOutcome(s?.status),
    payment: s?.payment ? JSON.parse(s.payment) : null,
    timeline: steps.results.map((r) => ({
      id: r.id,
      step: r.step,
      label: r.label,
      at: iso(r.at),
      elapsed_ms: Math.max(0, r.at - origin),
      ...(r.detail ? { detail: JSON.parse(r.detail) } : {}),
    })),
    transitions: transitions.results.map((t) => ({
      from: t.from_status,
      to: t.to_status,
      source: t.source,
      at: iso(t.at),
      delivery_id: t.delivery_id,
      stored_at: iso(t.stored_at),
    })),
    webhooks,
    webhook_verified: Boolean(confirming),
    webhook: confirming ?? webhooks.at(-1) ?? null,
    conflicts: conflicts.results.map((c) => ({
      held: c.held_status,
      seen: c.seen_status,
      source: c.source,
      delivery_id: c.delivery_id,
      seen_at: iso(c.seen_at),
      resolved_at: iso(c.resolved_at),
    })),
  };
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

async function sha256Hex(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Unix ms of an RFC 3339 time, or `fallback` when absent or unreadable. */
function timeOf(value, fallback) {
  const ms = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

/** `?wait_ms=`: 0 when absent, a whole number of ms up to MAX_WAIT_MS, else the reason (a string). */
function waitParam(value) {
  if (value === null || value === "") return 0;
  if (!/^\d{1,6}$/.test(value) || Number(value) > MAX_WAIT_MS) return `must be a whole number of milliseconds from 0 to ${MAX_WAIT_MS}`;
  return Number(value);
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

/** D1 reports a missing table as "no such table": the migrations were not applied. */
function notMigrated(e) {
  return /no such table/i.test(String(e?.message ?? e));
}

function storeOrInternalError(e) {
  console.error("unexpected error", e?.stack ?? e);
  if (notMigrated(e)) {
    return errorResponse(500, "store_not_migrated", "the D1 tables are missing: run `wrangler d1 migrations apply vesicash-demo --local` (same --persist-to as wrangler dev)");
  }
  return errorResponse(500, "internal_error", "unexpected error; see the Worker's logs");
}

function methodNotAllowed(allow) {
  return new Response(JSON.stringify({ error: { code: "method_not_allowed", message: `use ${allow}` } }), {
    status: 405,
    headers: { allow, "content-type": "application/json" },
  });
}
