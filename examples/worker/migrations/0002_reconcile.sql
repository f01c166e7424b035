-- Reconciliation (src/reconcile.js): when each order's payment was last asked about, when it
-- is due next by the package's reconcileSchedule, and the runs of the scheduled handler.
-- A payment whose webhook is lost is found here by the Cron Trigger and settled by asking
-- Vesicash, even if nobody ever opens its page.
ALTER TABLE orders ADD COLUMN next_check_at INTEGER;      -- NULL once final (or expired locally)
ALTER TABLE orders ADD COLUMN last_checked_at INTEGER;    -- the last reconciliation check, NULL if none
ALTER TABLE orders ADD COLUMN checks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN last_check_error TEXT;      -- the error code of the last check, NULL when it answered
ALTER TABLE orders ADD COLUMN expired_locally_at INTEGER; -- still pending after the schedule's horizon: no more checks
CREATE INDEX orders_by_next_check ON orders (next_check_at) WHERE next_check_at IS NOT NULL;

-- One row per run of the scheduled handler.
CREATE TABLE reconcile_runs (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  at          INTEGER NOT NULL,   -- the run's time (the Cron Trigger's scheduledTime)
  due         INTEGER NOT NULL,   -- orders due by the schedule
  settled     INTEGER NOT NULL,   -- already final in D1 (no call made)
  refreshed   INTEGER NOT NULL,   -- asked Vesicash about (one batch)
  changed     INTEGER NOT NULL,   -- stored states the answers changed
  errors      INTEGER NOT NULL,   -- references whose check failed
  expired     INTEGER NOT NULL,   -- declared expired locally (past the horizon)
  finished_at INTEGER NOT NULL
);
