// Webhook signing and delivery. Deliveries go to loopback hosts only (a sandbox must never
// send traffic off the machine), are signed at each attempt with the secret current at that
// moment (so rotation takes effect at once), and are retried with exponential backoff.
import { createHmac } from "node:crypto";
import http from "node:http";
import { randomHex } from "./envelope.mjs";
import { mulberry32 } from "./faults.mjs";
import { createTimerSet } from "./timers.mjs";

/** Default delivery options; POST /_sandbox/webhook-options changes them. */
export const DEFAULT_WEBHOOK_OPTIONS = Object.freeze({
  duplicate: false, // deliver each event twice (same event_id), as a retrying sender may
  reorder: false, // delay only every other event by delay_ms, so later events overtake it
  delay_ms: 0, // wait before the first attempt
  max_attempts: 6,
  base_backoff_ms: 100, // retry n waits base * 2^(n-1)
  timeout_ms: 2000, // per attempt
  // Lossy delivery (a merchant endpoint that was down, a proxy that ate the request): for each
  // event one seeded draw decides whether it is dropped (never sent), then whether it is sent
  // twice and whether it goes late (after late_ms/2 to late_ms, overtaken by later events).
  drop_rate: 0,
  duplicate_rate: 0,
  late_rate: 0,
  late_ms: 1000,
  seed: 1,
});
const LIMITS = { delay_ms: 60_000, max_attempts: 20, base_backoff_ms: 60_000, timeout_ms: 60_000, late_ms: 600_000, seed: 2 ** 32 - 1 };
const RATES = ["drop_rate", "duplicate_rate", "late_rate"];
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/i;

/** Lowercase hex HMAC-SHA256(secret, timestamp + "." + rawBody): the mor-signature header. */
export function signPayload(secret, timestamp, rawBody) {
  return createHmac("sha256", secret).update(`${timestamp}.${rawBody}`).digest("hex");
}

/** True if the URL is http(s) on 127.0.0.0/8, localhost or [::1]. */
export function isLoopbackUrl(url) {
  try {
    const u = new URL(url);
    return (u.protocol === "http:" || u.protocol === "https:") && LOOPBACK.test(u.hostname);
  } catch {
    return false;
  }
}

/** Checks webhook options; returns an error message or null. */
export function checkWebhookOptions(o) {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return "body must be a JSON object";
  for (const [k, v] of Object.entries(o)) {
    if (k === "duplicate" || k === "reorder") {
      if (typeof v !== "boolean") return `invalid field "${k}": must be a boolean`;
    } else if (RATES.includes(k)) {
      if (typeof v !== "number" || !(v >= 0 && v <= 1)) return `invalid field "${k}": must be a number from 0 to 1`;
    } else if (k in LIMITS) {
      const min = k === "max_attempts" || k === "timeout_ms" || k === "late_ms" ? 1 : 0;
      if (!Number.isInteger(v) || v < min || v > LIMITS[k]) return `invalid field "${k}": must be an integer from ${min} to ${LIMITS[k]}`;
    } else return `unknown field "${k}"`;
  }
  return null;
}

/** Creates the dispatcher; getSecret() returns the webhook secret to sign with right now. */
export function createWebhookDispatcher({ getSecret }) {
  let options = { ...DEFAULT_WEBHOOK_OPTIONS };
  let log = [];
  let events = 0;
  // The lossy delivery's own record: one entry per event, what was decided and when it went out.
  let record = [];
  let rng = mulberry32(options.seed);
  let firstDelivered = 0; // highest event number whose first attempt completed so far
  let attempts = 0;
  const timers = createTimerSet();
  const inflight = new Set();

  function post(url, headers, body, timeoutMs) {
    return new Promise((resolve, reject) => {
      const u = new URL(url);
      if (u.protocol !== "http:") return reject(new Error("the sandbox delivers over plain http only"));
      const req = http.request(u, { method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) }, timeout: timeoutMs });
      inflight.add(req);
      req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
      req.on("error", (e) => {
        inflight.delete(req);
        reject(e);
      });
      req.on("response", (res) => {
        res.resume(); // drain: we only need the status
        res.on("end", () => {
          inflight.delete(req);
          resolve(res.statusCode);
        });
        res.on("error", (e) => {
          inflight.delete(req);
          reject(e);
        });
      });
      req.end(body);
    });
  }

  function attempt(d) {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      "content-type": "application/json",
      "mor-timestamp": timestamp,
      "mor-signature": signPayload(getSecret(), timestamp, d.body),
    };
    const entry = {
      id: `whd_${++attempts}`,
      event_id: d.eventId,
      event: d.event,
      url: d.url,
      attempt: d.n,
      copy: d.copy,
      status: null,
      error: null,
      body: d.body,
      headers,
      at: new Date().toISOString(),
    };
    if (!isLoopbackUrl(d.url)) {
      entry.error = "skipped: the sandbox only delivers to loopback hosts (127.0.0.1, localhost, [::1])";
      entry.skipped = true;
      log.push(entry);
      return;
    }
    const currentLog = log; // a reset while in flight must not leak old entries into the new log
    post(d.url, headers, d.body, d.opts.timeout_ms)
      .then(
        (status) => {
          entry.status = status;
        },
        (err) => {
          entry.error = err.message;
        },
      )
      .then(() => {
        if (currentLog !== log) return;
        log.push(entry);
        if (d.n === 1 && d.copy === 1 && d.decided) {
          // Overtaken: a later event's first attempt completed before this one's.
          d.decided.reordered = d.decided.n < firstDelivered;
          d.decided.first_attempt_at = entry.at;
          firstDelivered = Math.max(firstDelivered, d.decided.n);
        }
        const ok = entry.status >= 200 && entry.status < 300;
        if (!ok && d.n < d.opts.max_attempts) {
          timers.after(d.opts.base_backoff_ms * 2 ** (d.n - 1), () => attempt({ ...d, n: d.n + 1 }));
        }
      });
  }

  function reset() {
    timers.clear();
    for (const req of inflight) req.destroy();
    inflight.clear();
    log = [];
    events = 0;
    options = { ...DEFAULT_WEBHOOK_OPTIONS };
    record = [];
    rng = mulberry32(options.seed);
    firstDelivered = 0;
  }

  /** What the lossy delivery does with the next event (one draw per decision, in this order). */
  function decide(opts) {
    if (rng() < opts.drop_rate) return { dropped: true, copies: 0, late_ms: 0 };
    const copies = rng() < opts.duplicate_rate ? 2 : 1;
    const late = rng() < opts.late_rate ? Math.ceil(opts.late_ms / 2 + (rng() * opts.late_ms) / 2) : 0;
    return { dropped: false, copies, late_ms: late };
  }

  return {
    /** Queues one event for delivery to url; returns its event id. */
    send(url, event, data) {
      const opts = { ...options }; // options in force when the event happened
      const eventId = `evt_${randomHex(24)}`;
      const body = JSON.stringify({ event, data });
      events += 1;
      const lossy = opts.drop_rate > 0 || opts.duplicate_rate > 0 || opts.late_rate > 0;
      const decision = lossy ? decide(opts) : { dropped: false, copies: 1, late_ms: 0 };
      const delay = (opts.reorder ? (events % 2 === 1 ? opts.delay_ms : 0) : opts.delay_ms) + decision.late_ms;
      const copies = decision.dropped ? 0 : Math.max(decision.copies, opts.duplicate ? 2 : 1);
      const decided = lossy
        ? {
            n: events,
            event_id: eventId,
            event,
            reference: data?.reference ?? null,
            status: data?.status ?? null,
            dropped: decision.dropped,
            copies,
            late_ms: decision.late_ms,
            reordered: false,
            raised_at: new Date().toISOString(),
            first_attempt_at: null,
          }
        : null;
      if (decided) record.push(decided);
      for (let copy = 1; copy <= copies; copy++) {
        timers.after(delay, () => attempt({ eventId, event, url, body, copy, n: 1, opts, decided }));
      }
      return eventId;
    },
    /** The delivery log: one entry per attempt, in completion order. */
    log: () => log,
    /** Current delivery options. */
    options: () => ({ ...options }),
    /** Merges validated options into the current ones; a `seed` restarts the lossy draws. */
    setOptions(o) {
      options = { ...options, ...o };
      if (o.seed !== undefined) rng = mulberry32(options.seed);
    },
    /**
     * The lossy delivery's record: `{options, counts, events}`, one event per payment.updated
     * (or refund/payout) raised while a rate was set, with what was decided for it.
     */
    record() {
      const counts = { events: record.length, dropped: 0, duplicated: 0, late: 0, reordered: 0, delivered: 0 };
      for (const r of record) {
        if (r.dropped) counts.dropped += 1;
        else counts.delivered += 1;
        if (r.copies > 1) counts.duplicated += 1;
        if (r.late_ms > 0) counts.late += 1;
        if (r.reordered) counts.reordered += 1;
      }
      const { drop_rate, duplicate_rate, late_rate, late_ms, seed } = options;
      return { options: { drop_rate, duplicate_rate, late_rate, late_ms, seed }, counts, events: record.map((r) => ({ ...r })) };
    },
    /** Clears the log, restores default options and cancels queued deliveries. */
    reset,
    /** Stops all delivery activity (shutdown). */
    close: reset,
  };
}
