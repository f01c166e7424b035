// Webhook signing and delivery. Deliveries go to loopback hosts only (a sandbox must never
// send traffic off the machine), are signed at each attempt with the secret current at that
// moment (so rotation takes effect at once), and are retried with exponential backoff.
import { createHmac } from "node:crypto";
import http from "node:http";
import { randomHex } from "./envelope.mjs";
import { createTimerSet } from "./timers.mjs";

/** Default delivery options; POST /_sandbox/webhook-options changes them. */
export const DEFAULT_WEBHOOK_OPTIONS = Object.freeze({
  duplicate: false, // deliver each event twice (same event_id), as a retrying sender may
  reorder: false, // delay only every other event by delay_ms, so later events overtake it
  delay_ms: 0, // wait before the first attempt
  max_attempts: 6,
  base_backoff_ms: 100, // retry n waits base * 2^(n-1)
  timeout_ms: 2000, // per attempt
});
const LIMITS = { delay_ms: 60_000, max_attempts: 20, base_backoff_ms: 60_000, timeout_ms: 60_000 };
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
    } else if (k in LIMITS) {
      const min = k === "max_attempts" || k === "timeout_ms" ? 1 : 0;
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
  }

  return {
    /** Queues one event for delivery to url; returns its event id. */
    send(url, event, data) {
      const opts = { ...options }; // options in force when the event happened
      const eventId = `evt_${randomHex(24)}`;
      const body = JSON.stringify({ event, data });
      events += 1;
      const delay = opts.reorder ? (events % 2 === 1 ? opts.delay_ms : 0) : opts.delay_ms;
      for (let copy = 1; copy <= (opts.duplicate ? 2 : 1); copy++) {
        timers.after(delay, () => attempt({ eventId, event, url, body, copy, n: 1, opts }));
      }
      return eventId;
    },
    /** The delivery log: one entry per attempt, in completion order. */
    log: () => log,
    /** Current delivery options. */
    options: () => ({ ...options }),
    /** Merges validated options into the current ones. */
    setOptions(o) {
      options = { ...options, ...o };
    },
    /** Clears the log, restores default options and cancels queued deliveries. */
    reset,
    /** Stops all delivery activity (shutdown). */
    close: reset,
  };
}
