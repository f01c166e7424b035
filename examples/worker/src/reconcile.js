// Reconciliation: the Cron Trigger's job. Webhooks get lost (an endpoint down, a deploy half
// done, a proxy answering 503); a payment whose webhook never comes and whose page nobody opens
// would stay pending in D1 forever. Each run selects the orders due by the package's
// reconcileSchedule (30 s, 1, 2, 5, 15, 30 min, 1 h after checkout, then hourly up to 24 h),
// skips those already final in D1, asks Vesicash about the rest in one payments.refresh batch,
// merges each answer with mergeStatus and the store's compare-and-swap (applyObservation), and
// records when each was checked and when it is due next.
import { paymentOutcome, reconcileSchedule } from "vesicash-edge";
import { applyObservation } from "./store.js";
import { timeOf } from "./util.js";

/** Orders one run checks at most (the rest are due at the next run). */
export const RECONCILE_BATCH = 50;
/** Status calls in flight at once. */
export const RECONCILE_CONCURRENCY = 4;
/** The whole batch's deadline: well inside a Cron Trigger's time. */
export const RECONCILE_DEADLINE_MS = 20_000;

/** The first check of a new order, by the schedule. */
export function firstCheckAt(createdAt) {
  return reconcileSchedule(createdAt, null, createdAt).nextCheckAt;
}

/**
 * One reconciliation run at `now` (Unix ms: the Cron Trigger's scheduledTime). Returns the
 * run's counts, also stored in reconcile_runs.
 */
export async function reconcile(db, client, now) {
  const { results: due } = await db
    .prepare(
      "SELECT o.reference, o.created_at, o.last_checked_at, s.status FROM orders o LEFT JOIN payment_states s ON s.reference = o.reference " +
        "WHERE o.next_check_at IS NOT NULL AND o.next_check_at <= ? ORDER BY o.next_check_at LIMIT ?",
    )
    .bind(now, RECONCILE_BATCH)
    .all();
  const run = { at: now, due: due.length, settled: 0, refreshed: 0, changed: 0, errors: 0, expired: 0 };
  // Final in D1 already (a webhook came): nothing to ask, no more checks.
  const settled = due.filter((o) => o.status !== null && paymentOutcome(o.status) !== "pending");
  const pending = due.filter((o) => !settled.includes(o));
  run.settled = settled.length;
  const writes = settled.map((o) => db.prepare("UPDATE orders SET next_check_at = NULL WHERE reference = ?").bind(o.reference));

  if (pending.length) {
    run.refreshed = pending.length;
    const results = await client.payments.refresh(
      pending.map((o) => ({ reference: o.reference, createdAt: o.created_at })),
      { concurrency: RECONCILE_CONCURRENCY, deadlineMs: RECONCILE_DEADLINE_MS },
    );
    for (const [i, result] of results.entries()) {
      const order = pending[i];
      let status = order.status;
      if (result.ok) {
        const { payment } = result;
        const merged = await applyObservation(
          db,
          { reference: order.reference, status: payment.status, at: timeOf(payment.updated_at, now), source: "reconcile" },
          payment,
        );
        if (merged.changed) run.changed += 1;
        status = merged.state.status;
      } else {
        run.errors += 1;
      }
      const schedule = reconcileSchedule(order.created_at, now, now);
      const final = status !== null && paymentOutcome(status) !== "pending";
      const expired = !final && schedule.expired;
      if (expired) run.expired += 1;
      writes.push(
        db
          .prepare(
            "UPDATE orders SET last_checked_at = ?, checks = checks + 1, last_check_error = ?, next_check_at = ?, " +
              "expired_locally_at = CASE WHEN ? THEN ? ELSE expired_locally_at END WHERE reference = ?",
          )
          .bind(now, result.ok ? null : result.error.code, final || expired ? null : schedule.nextCheckAt, expired ? 1 : 0, now, order.reference),
      );
    }
  }
  writes.push(
    db
      .prepare("INSERT INTO reconcile_runs (at, due, settled, refreshed, changed, errors, expired, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .bind(now, run.due, run.settled, run.refreshed, run.changed, run.errors, run.expired, Date.now()),
  );
  await db.batch(writes);
  return run;
}

/** The last runs of the job, newest first (at most 100). */
export async function reconcileRuns(db) {
  const { results } = await db.prepare("SELECT * FROM reconcile_runs ORDER BY id DESC LIMIT 100").all();
  return { runs: results };
}
