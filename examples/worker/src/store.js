// The demo Worker's store: every read and write of D1 (the tables of
// migrations/0001_payments.sql). Orders, payment states, status transitions,
// processed webhook deliveries, conflicts and the timeline.
//
// Every observation of a status goes through `mergeStatus`; a change is
// written with a compare-and-swap on the state's version, in one D1 batch
// (one transaction) with its transition and timeline rows, and retried when
// another writer got there first. A webhook delivery is keyed by the package
// handler's delivery key (the event, the reference and the status: the same for
// every copy and redelivery of one event): the batch that records it is the one
// that acts on it.
import { failureAdvice, mergeStatus, paymentOutcome } from "vesicash-edge";
import { ConfigError } from "./http.js";
import { firstCheckAt } from "./reconcile.js";
import { timeOf } from "./util.js";

/** Compare-and-swap attempts before a write gives up (another writer kept moving the state). */
const CAS_ATTEMPTS = 5;
/** Rejected (unverified) deliveries noted on one order's timeline, at most. */
const MAX_REJECTIONS_NOTED = 20;

export function database(env) {
  if (!env.DB || typeof env.DB.prepare !== "function") {
    throw new ConfigError("bind a D1 database as DB ([[d1_databases]] in wrangler.toml) and apply migrations/");
  }
  return env.DB;
}

/** The order, stored before Vesicash hears of it. */
export async function storeOrder(db, { reference, amount, currency, country, phoneMasked, narration }) {
  const createdAt = Date.now();
  await db
    .prepare(
      "INSERT INTO orders (reference, amount, currency, country, phone_masked, narration, created_at, next_check_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(reference, amount, currency, country, phoneMasked, narration, createdAt, firstCheckAt(createdAt))
    .run();
}

export async function loadState(db, reference) {
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
 * Acts on one verified webhook, once per delivery (`delivery`: the handler's
 * delivery key); returns the body of the 200 answer. Throws when the store
 * fails (the caller answers 500, so that Vesicash delivers it again).
 */
export async function recordWebhook(db, { event, data }, delivery) {
  if (event !== "payment.updated") return { received: true, ignored: event }; // 2xx: nothing to retry
  if (typeof data?.reference !== "string" || typeof data?.status !== "string") {
    console.warn("verified payment.updated webhook without a reference or status, ignored");
    return { received: true, ignored: "no reference or status" };
  }
  const { reference } = data;
  const receivedAt = Date.now();
  const observation = { reference, status: data.status, at: timeOf(data.updated_at, receivedAt), source: "webhook" };
  const detail = { event, status: data.status, delivery: delivery.slice(0, 16) };

  for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
    if (await deliveryProcessed(db, delivery)) {
      await addStep(db, reference, "webhook_duplicate", `Duplicate webhook (${data.status}) acknowledged, ignored`, detail);
      return { received: true, duplicate: true };
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
      statements.push(
        stepStatement(
          db,
          reference,
          "webhook_verified",
          `Signed webhook verified: ${event} → ${data.status}`,
          { ...detail, effect },
          receivedAt,
          claimed,
        ),
      );
    }
    if (effect === "applied") {
      statements.push(
        ...changeStatements(db, { held, state: merged.state, payment: data, delivery, changeId: claim, guard: claimed, now: receivedAt }),
      );
    } else if (effect === "stale") {
      statements.push(
        stepStatement(db, reference, "webhook_stale", `Stale webhook (${data.status}) after ${held.status}, ignored`, detail, receivedAt, claimed),
      );
    } else if (effect === "conflict") {
      statements.push(
        conflictStatement(db, { reference, conflict: merged.conflict, source: "webhook", delivery, payment: data, now: receivedAt, guard: claimed }),
        stepStatement(
          db,
          reference,
          "webhook_conflict",
          conflictLabel(merged.conflict),
          { ...detail, held: merged.conflict.held },
          receivedAt,
          claimed,
        ),
      );
    }
    const [recorded] = await db.batch(statements);
    if (recorded.meta.changes === 1) {
      if (merged.conflict) logConflict(reference, merged.conflict, "webhook");
      return { received: true, effect, status: merged.state.status };
    }
    // Not recorded: another request processed this delivery meanwhile (a
    // duplicate), or the state moved under us. Look again.
  }
  throw new Error(`payment ${reference}: the stored state kept changing over ${CAS_ATTEMPTS} attempts`);
}

/**
 * Merges one observation (initialize, poll) into the stored state, writing
 * the change, its transition and timeline rows in one batch guarded by the
 * state's version; retried when another writer got there first.
 */
export async function applyObservation(db, observation, payment) {
  const { reference } = observation;
  for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt++) {
    const held = await loadState(db, reference);
    const merged = mergeStatus(held && observationOf(held), observation);
    const now = Date.now();
    if (merged.conflict) {
      const version = { sql: "(SELECT version FROM payment_states WHERE reference = ?) IS ?", params: [reference, held.version] };
      await conflictStatement(db, {
        reference,
        conflict: merged.conflict,
        source: observation.source,
        delivery: null,
        payment,
        now,
        guard: version,
      }).run();
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
      .bind(
        reference,
        state.status,
        Math.round(state.at),
        state.source,
        changeId,
        payment ? JSON.stringify(payment) : null,
        now,
        ...(guard?.params ?? []),
        held?.version ?? null,
      ),
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
    stepStatement(
      db,
      reference,
      "status",
      `Status stored in D1: ${from}${state.status} (${SOURCE_LABELS[state.source] ?? state.source})`,
      {
        status: state.status,
        from: held?.status ?? null,
        source: state.source,
        ...(payment?.failure_reason ? { failure_reason: payment.failure_reason } : {}),
      },
      now,
      changed,
    ),
  );
  return statements;
}

const SOURCE_LABELS = {
  initialize: "Vesicash's answer to initialise",
  webhook: "the signed webhook",
  poll: "asked Vesicash",
  reconcile: "the reconciliation job asked Vesicash",
};

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
  console.error(
    `CONFLICT payment ${reference}: ${source} says ${seen}, ${held} is stored; kept ${held}, recorded in status_conflicts for a person to resolve`,
  );
}

function stepStatement(db, reference, step, label, detail, at, guard) {
  return db
    .prepare(`INSERT INTO timeline (reference, step, label, at, detail) SELECT ?, ?, ?, ?, ? WHERE ${guard ? guard.sql : "1"}`)
    .bind(reference, step, label, at ?? Date.now(), detail ? JSON.stringify(detail) : null, ...(guard?.params ?? []));
}

export function addStep(db, reference, step, label, detail) {
  return stepStatement(db, reference, step, label, detail).run();
}

/** A rejected delivery, noted on the order it names (if that order exists): its body is untrusted. */
export async function noteRejection(db, rawBody, e) {
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

/** Everything stored about one payment, in one round trip. */
export async function loadView(db, reference) {
  const [order, state, steps, transitions, deliveries, conflicts] = await db.batch([
    db
      .prepare(
        "SELECT amount, currency, country, phone_masked, narration, created_at, next_check_at, last_checked_at, checks, last_check_error, " +
          "expired_locally_at FROM orders WHERE reference = ?",
      )
      .bind(reference),
    db.prepare("SELECT status, at, source, version, payment, stored_at FROM payment_states WHERE reference = ?").bind(reference),
    db.prepare("SELECT id, step, label, at, detail FROM timeline WHERE reference = ? ORDER BY at, id").bind(reference),
    db
      .prepare("SELECT from_status, to_status, source, at, delivery_id, stored_at FROM status_transitions WHERE reference = ? ORDER BY id")
      .bind(reference),
    db
      .prepare("SELECT id, event, status, at, effect, received_at FROM webhook_deliveries WHERE reference = ? ORDER BY received_at, rowid")
      .bind(reference),
    db
      .prepare("SELECT held_status, seen_status, source, delivery_id, seen_at, resolved_at FROM status_conflicts WHERE reference = ? ORDER BY id")
      .bind(reference),
  ]);
  const o = order.results[0] ?? null;
  const s = state.results[0] ?? null;
  const payment = s?.payment ? JSON.parse(s.payment) : null;
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
    order: o && {
      amount: o.amount,
      currency: o.currency,
      country: o.country,
      phone_masked: o.phone_masked,
      narration: o.narration,
      created_at: iso(o.created_at),
    },
    reconciliation: o && {
      checks: o.checks,
      last_checked_at: iso(o.last_checked_at),
      next_check_at: iso(o.next_check_at),
      last_check_error: o.last_check_error,
      expired_locally_at: iso(o.expired_locally_at),
    },
    // What the merchant can tell the customer about a failure (retry or not).
    failure_advice: payment?.failure_reason ? failureAdvice(payment.failure_reason) : null,
    state: s && { status: s.status, at: iso(s.at), source: s.source, version: s.version, stored_at: iso(s.stored_at) },
    outcome: paymentOutcome(s?.status),
    payment,
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
  // The documented code, whatever its case or spelling (failureAdvice reads it as the package does).
  const reason = payment.failure_reason ? failureAdvice(payment.failure_reason).reason : null;
  if (reason === "DECLINED_TRANSACTION") return "Customer declined the payment on the phone";
  if (reason === "INSUFFICIENT_FUNDS") return "Payment failed: insufficient funds in the wallet";
  if (outcome === "failed") return `Payment ${payment.status}${payment.failure_reason ? ` (${payment.failure_reason})` : ""}`;
  return null;
}

function untrustedReference(rawBody) {
  try {
    const reference = JSON.parse(rawBody)?.data?.reference;
    return typeof reference === "string" ? reference : undefined;
  } catch {
    return undefined;
  }
}
