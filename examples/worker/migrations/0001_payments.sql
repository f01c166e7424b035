-- The demo Worker's store (Cloudflare D1, SQLite). Applied with
--   wrangler d1 migrations apply vesicash-demo --local [--persist-to DIR]
-- Times are Unix milliseconds (INTEGER). Nothing the Worker must remember
-- lives anywhere else: every isolate, and a restarted Worker, reads these.

-- One row per checkout, written before anything is sent to Vesicash.
CREATE TABLE orders (
  reference    TEXT PRIMARY KEY,
  amount       TEXT NOT NULL,              -- as the shopper entered it (major units)
  currency     TEXT NOT NULL,
  country      TEXT NOT NULL,
  phone_masked TEXT NOT NULL,
  narration    TEXT NOT NULL,
  created_at   INTEGER NOT NULL
);

-- The payment state, one row per payment: what mergeStatus decided to keep.
CREATE TABLE payment_states (
  reference  TEXT PRIMARY KEY,
  status     TEXT NOT NULL,                -- Vesicash's status string
  at         INTEGER NOT NULL,             -- when it was true: the payment's updated_at, else receipt time
  source     TEXT NOT NULL,                -- initialize | webhook | poll
  version    INTEGER NOT NULL,             -- 1, then +1 per change: every write is a compare-and-swap on it
  change_id  TEXT NOT NULL,                -- the write that set this state (guards the rows written with it)
  payment    TEXT,                         -- the payment object (JSON) the status came with, when there was one
  stored_at  INTEGER NOT NULL
);

-- Every change of payment_states, written in the same batch as the change.
CREATE TABLE status_transitions (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  reference   TEXT NOT NULL,
  from_status TEXT,                        -- NULL for the first state stored
  to_status   TEXT NOT NULL,
  source      TEXT NOT NULL,
  at          INTEGER NOT NULL,
  delivery_id TEXT,                        -- the webhook delivery that caused it, if one did
  change_id   TEXT NOT NULL UNIQUE,
  stored_at   INTEGER NOT NULL
);
CREATE INDEX status_transitions_by_reference ON status_transitions (reference, id);

-- Verified webhook deliveries already processed. The key is the webhook
-- handler's delivery key (a SHA-256 of the event, reference and status):
-- Vesicash's retries, re-signed with a new timestamp, and duplicate copies of
-- one event share it, so a delivery is acted on once, whichever isolate
-- receives it, before or after a restart.
CREATE TABLE webhook_deliveries (
  id          TEXT PRIMARY KEY,             -- the webhook handler's delivery key (64 lowercase hex)
  reference   TEXT NOT NULL,
  event       TEXT NOT NULL,
  status      TEXT NOT NULL,
  at          INTEGER NOT NULL,             -- the payment's updated_at, else receipt time
  effect      TEXT NOT NULL,                -- applied | no_change | stale | conflict
  claim       TEXT NOT NULL,                -- the request that processed it
  received_at INTEGER NOT NULL
);
CREATE INDEX webhook_deliveries_by_reference ON webhook_deliveries (reference, received_at);

-- Two different final statuses seen for one payment. The held one is kept;
-- the code never resolves these: a person does (and sets resolved_at).
CREATE TABLE status_conflicts (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  reference   TEXT NOT NULL,
  held_status TEXT NOT NULL,
  seen_status TEXT NOT NULL,
  source      TEXT NOT NULL,
  delivery_id TEXT,
  payment     TEXT,                          -- the payment object (JSON) that said otherwise
  seen_at     INTEGER NOT NULL,
  resolved_at INTEGER,
  UNIQUE (reference, held_status, seen_status, source)
);

-- What the checkout page shows: one row per step of a payment.
CREATE TABLE timeline (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT NOT NULL,
  step      TEXT NOT NULL,
  label     TEXT NOT NULL,
  at        INTEGER NOT NULL,
  detail    TEXT                            -- JSON, or NULL
);
CREATE INDEX timeline_by_reference ON timeline (reference, at, id);
