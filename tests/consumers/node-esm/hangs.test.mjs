// Servers that hang, against the packed package: per-attempt timeouts that
// cover the body, retries of get, no re-send of pay, the caller's abort
// (in flight and during a backoff wait) and the whole-call deadline.
// Real sockets on 127.0.0.1, started and closed by each test. Timing bounds
// are generous on purpose (shared, noisy machines): "well below X", never equality.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { performance } from "node:perf_hooks";
import { Vesicash, VesicashError } from "vesicash-edge";
import { freePort } from "../../support/processes.mjs";

const KEYS = { publicKey: "morPub_test_hangs", secretKey: "morSec_test_hangs_SECRET" };
const REF = "PY_hang_0000000001";
const PAY = { phone_number: "260970000001" };
const SLACK_MS = 500; // timer and scheduling lag on a busy machine
/** Largest total of backoff waits we accept for 2 retries (no Retry-After); the engine's own schedule is its choice. */
const MAX_BACKOFF_TOTAL_MS = 10_000;
const TEST = { timeout: 60_000 };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

/**
 * Accepts connections and reads requests, never answers. Counts requests, and
 * the sockets that carried one and are still open (Node's fetch may also open
 * a spare idle connection after an abort: that one is not counted).
 */
async function silentServer() {
  const sockets = new Set();
  const busy = new Set();
  const requests = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buf = "";
    socket.on("data", (d) => {
      buf += d.toString("latin1");
      let m;
      while ((m = buf.match(/^([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/m))) {
        requests.push({ method: m[1], path: m[2], at: performance.now() });
        busy.add(socket);
        buf = buf.slice(m.index + m[0].length);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      sockets.delete(socket);
      busy.delete(socket);
    });
  });
  const url = await listen(server);
  return {
    url,
    requests,
    /** Open sockets that carried a request (an abandoned, not cancelled, request keeps one). */
    open: () => busy.size,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Answers 200 with a full content-length, sends part of the JSON body, then holds the socket. */
async function partialBodyServer() {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, path: req.url, at: performance.now() });
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "4096" });
      res.write('{"status":"success","code":200,"message":"success","data":{"id":"');
    });
  });
  const url = await listen(server);
  return {
    url,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Answers every request with `status`, a JSON error envelope and `headers`. */
async function statusServer(status, headers = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, path: req.url, at: performance.now() });
    req.resume();
    req.on("end", () => {
      const body = JSON.stringify({ status: "error", code: status, message: `sandbox says ${status}`, data: null });
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...headers });
      res.end(body);
    });
  });
  const url = await listen(server);
  return {
    url,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** onRequest/onResponse hooks that keep a timeline. */
function recorder() {
  const events = [];
  return {
    events,
    hooks: {
      onRequest: (e) => events.push({ type: "request", t: performance.now(), method: e.method, url: e.url, attempt: e.attempt, headers: e.headers }),
      onResponse: (e) =>
        events.push({
          type: "response",
          t: performance.now(),
          method: e.method,
          url: e.url,
          attempt: e.attempt,
          status: e.status,
          elapsedMs: e.elapsedMs,
          error: e.error,
        }),
    },
    /** Attempts of `method` in order: {duration, gapBefore} from our own clock. */
    attempts(method) {
      const out = [];
      let lastResponse = null;
      let open = null;
      for (const e of events.filter((x) => x.method === method)) {
        if (e.type === "request") open = { start: e.t, attempt: e.attempt, gapBefore: lastResponse === null ? 0 : e.t - lastResponse };
        else if (open) {
          out.push({ ...open, duration: e.t - open.start, status: e.status, error: e.error, elapsedMs: e.elapsedMs });
          lastResponse = e.t;
          open = null;
        }
      }
      return out;
    },
  };
}

function client(url, options) {
  return new Vesicash({ ...KEYS, baseUrl: url, ...options });
}

/** Awaits a promise that must reject; returns the error and when it came. */
async function rejection(promise) {
  try {
    const value = await promise;
    assert.fail(`resolved with ${JSON.stringify(value)}; expected a rejection`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    return { err: e, at: performance.now() };
  }
}

function assertVesicashError(err) {
  assert.ok(err instanceof VesicashError, `not a VesicashError: ${err?.stack ?? err}`);
  assert.equal(typeof err.retryable, "boolean", "retryable is a boolean");
  assert.ok(Number.isInteger(err.attempts) && err.attempts >= 0, `attempts: ${err.attempts}`);
  assert.ok(!String(err.message).includes(KEYS.secretKey), "the message carries no secret key");
}

async function waitUntil(predicate, timeoutMs) {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (predicate()) return true;
    await sleep(20);
  }
  return predicate();
}

/**
 * Runs `get` against `srv` with a 300 ms timeout and 2 retries, and checks it
 * times out on every attempt, each cut off at its limit; returns what it saw.
 */
async function timesOutOnEveryAttempt(srv) {
  const rec = recorder();
  const timeoutMs = 300;
  const maxRetries = 2;
  const v = client(srv.url, { timeoutMs, maxRetries, deadlineMs: 25_000, ...rec.hooks });
  const t0 = performance.now();
  const { err, at } = await rejection(v.payments.get(REF));
  const elapsed = at - t0;

  assertVesicashError(err);
  assert.equal(err.code, "timeout", err.message);
  assert.equal(err.attempts, maxRetries + 1);
  assert.equal(srv.requests.length, maxRetries + 1, "get is retried: one request per attempt");
  assert.ok(srv.requests.every((r) => r.method === "GET" && r.path === `/v1/payment/${REF}`));
  const attempts = rec.attempts("GET");
  assert.deepEqual(
    attempts.map((a) => a.attempt),
    [1, 2, 3],
  );
  for (const a of attempts) {
    assert.equal(a.status, null, "no status on a timed-out attempt");
    assert.ok(a.duration >= timeoutMs * 0.8, `attempt ${a.attempt} ended after ${a.duration.toFixed(0)} ms, before its ${timeoutMs} ms timeout`);
    assert.ok(a.duration < timeoutMs + SLACK_MS, `attempt ${a.attempt} took ${a.duration.toFixed(0)} ms (timeout ${timeoutMs})`);
  }
  const backoff = attempts.reduce((s, a) => s + a.gapBefore, 0);
  assert.ok(backoff < MAX_BACKOFF_TOTAL_MS, `backoff waits total ${backoff.toFixed(0)} ms`);
  assert.ok(
    elapsed < timeoutMs * (maxRetries + 1) + backoff + SLACK_MS,
    `took ${elapsed.toFixed(0)} ms: ${timeoutMs} ms × ${maxRetries + 1} + ${backoff.toFixed(0)} ms backoff`,
  );
  for (const e of rec.events.filter((x) => x.type === "request")) {
    assert.ok(!JSON.stringify(e.headers ?? {}).includes(KEYS.secretKey), "onRequest headers are redacted");
  }
  return { elapsed, attempts, backoff };
}

test("get: a server that never answers times out on every attempt, then rejects timeout", TEST, async (t) => {
  const srv = await silentServer();
  t.after(() => srv.close());
  const { elapsed, attempts, backoff } = await timesOutOnEveryAttempt(srv);
  // Each timed-out attempt was really cancelled: its socket is closed, not abandoned.
  assert.ok(await waitUntil(() => srv.open() === 0, 2000), `${srv.open()} socket(s) still open after the call`);
  t.diagnostic(
    `get vs silent server: ${elapsed.toFixed(0)} ms, attempts ${attempts.map((a) => a.duration.toFixed(0)).join("/")} ms, backoff ${backoff.toFixed(0)} ms`,
  );
});

test("get: headers then a stalled body: the timeout covers reading the body", TEST, async (t) => {
  const srv = await partialBodyServer();
  t.after(() => srv.close());
  await timesOutOnEveryAttempt(srv);
});

test("pay: a server that never answers gets exactly one pay request; outcome_unknown, not retryable", TEST, async (t) => {
  const srv = await silentServer();
  t.after(() => srv.close());
  const rec = recorder();
  const deadlineMs = 4000;
  const v = client(srv.url, { timeoutMs: 300, maxRetries: 2, deadlineMs, ...rec.hooks });
  const t0 = performance.now();
  const { err, at } = await rejection(v.payments.pay(REF, PAY));

  assertVesicashError(err);
  // A pay that timed out after it was sent is ambiguous: outcome_unknown, as tests/engine.rs pins.
  assert.equal(err.code, "outcome_unknown", err.message);
  assert.equal(err.retryable, false, "an unknown pay outcome must not invite a blind retry");
  assert.ok(at - t0 < deadlineMs + SLACK_MS, `took ${(at - t0).toFixed(0)} ms, deadline ${deadlineMs}`);
  await sleep(1000); // a stray retry would show up now
  const pays = srv.requests.filter((r) => r.method === "POST");
  assert.equal(pays.length, 1, `pay requests: ${JSON.stringify(srv.requests)}`);
  assert.equal(pays[0].path, `/v1/payment/pay/${REF}`);
  assert.ok(
    srv.requests.every((r) => r.method === "POST" || (r.method === "GET" && r.path === `/v1/payment/${REF}`)),
    "only the status look-up besides pay",
  );
  t.diagnostic(`pay vs silent server: ${err.code} after ${(at - t0).toFixed(0)} ms; ${srv.requests.length - 1} get(s) to consult`);
});

test("pay: answered 200 but the body stalls (processed, answer lost): not re-sent", TEST, async (t) => {
  const srv = await partialBodyServer();
  t.after(() => srv.close());
  const deadlineMs = 4000;
  const v = client(srv.url, { timeoutMs: 300, maxRetries: 2, deadlineMs });
  const t0 = performance.now();
  const { err, at } = await rejection(v.payments.pay(REF, PAY));

  assertVesicashError(err);
  // A pay that timed out after it was sent is ambiguous: outcome_unknown, as tests/engine.rs pins.
  assert.equal(err.code, "outcome_unknown", err.message);
  assert.equal(err.retryable, false);
  assert.ok(at - t0 < deadlineMs + SLACK_MS, `took ${(at - t0).toFixed(0)} ms, deadline ${deadlineMs}`);
  await sleep(1000);
  assert.equal(srv.requests.filter((r) => r.method === "POST").length, 1, `requests: ${JSON.stringify(srv.requests)}`);
});

test("pay: connection refused (Node proves nothing was sent): retried", TEST, async () => {
  const port = await freePort();
  const maxRetries = 2;
  const v = client(`http://127.0.0.1:${port}`, { timeoutMs: 1000, maxRetries, deadlineMs: 20_000 });
  const { err } = await rejection(v.payments.pay(REF, PAY));
  assertVesicashError(err);
  assert.equal(err.code, "connection_error", err.message);
  assert.equal(err.attempts, maxRetries + 1);
});

test("abort mid-request: rejects aborted at once, sends nothing more, closes the socket", TEST, async (t) => {
  const srv = await silentServer();
  t.after(() => srv.close());
  const v = client(srv.url, { timeoutMs: 10_000, maxRetries: 2, deadlineMs: 30_000 });
  const controller = new AbortController();
  const pending = rejection(v.payments.get(REF, { signal: controller.signal }));
  assert.ok(await waitUntil(() => srv.requests.length === 1, 5000), "the request reached the server");
  await sleep(100);
  const abortedAt = performance.now();
  controller.abort();
  const { err, at } = await pending;

  assertVesicashError(err);
  assert.equal(err.code, "aborted", err.message);
  assert.ok(at - abortedAt < 250, `rejected ${(at - abortedAt).toFixed(0)} ms after the abort`);
  await sleep(500);
  assert.equal(srv.requests.length, 1, "no attempt after the abort");
  assert.ok(await waitUntil(() => srv.open() === 0, 2000), "the aborted request's socket is closed");
});

test("abort before the call: rejects aborted, sends nothing", TEST, async (t) => {
  const srv = await silentServer();
  t.after(() => srv.close());
  const v = client(srv.url, { timeoutMs: 1000 });
  const { err } = await rejection(v.payments.pay(REF, PAY, { signal: AbortSignal.abort() }));
  assertVesicashError(err);
  assert.equal(err.code, "aborted", err.message);
  await sleep(200);
  assert.equal(srv.requests.length, 0);
});

test("abort during the backoff wait after a 503: rejects aborted at once, no retry sent", TEST, async (t) => {
  const srv = await statusServer(503, { "retry-after": "2" });
  t.after(() => srv.close());
  const rec = recorder();
  const controller = new AbortController();
  let abortedAt = null;
  let inWait = null;
  const v = client(srv.url, {
    timeoutMs: 2000,
    maxRetries: 3,
    deadlineMs: 30_000,
    onRequest: rec.hooks.onRequest,
    onResponse: (e) => {
      rec.hooks.onResponse(e);
      if (e.attempt === 1) {
        setTimeout(() => {
          // In the wait if attempt 2 has not started yet.
          inWait = !rec.events.some((x) => x.type === "request" && x.attempt === 2);
          abortedAt = performance.now();
          controller.abort();
        }, 50);
      }
    },
  });
  const t0 = performance.now();
  const { err, at } = await rejection(v.payments.get(REF, { signal: controller.signal }));

  assertVesicashError(err);
  assert.equal(err.code, "aborted", err.message);
  assert.ok(abortedAt !== null, "the first attempt got its 503");
  assert.ok(at - abortedAt < 250, `rejected ${(at - abortedAt).toFixed(0)} ms after the abort`);
  const before = srv.requests.length;
  await sleep(700);
  assert.equal(srv.requests.length, before, "no request after the rejection (a leftover backoff timer?)");
  // Retry-After: 2 holds the retry for 2 s, so the abort 50 ms after the 503 always lands in the wait.
  assert.equal(inWait, true, "the abort came before attempt 2");
  assert.equal(srv.requests.length, 1, "aborted in the wait: the retry was never sent");
  t.diagnostic(`503 then abort during the Retry-After wait; rejected after ${(at - t0).toFixed(0)} ms`);
});

test("abort during a Retry-After wait (429, 2 s): rejects at once, well before the wait ends", TEST, async (t) => {
  const srv = await statusServer(429, { "retry-after": "2" });
  t.after(() => srv.close());
  const controller = new AbortController();
  let abortedAt = null;
  const v = client(srv.url, {
    timeoutMs: 2000,
    maxRetries: 3,
    deadlineMs: 30_000,
    onResponse: (e) => {
      if (e.attempt === 1)
        setTimeout(() => {
          abortedAt = performance.now();
          controller.abort();
        }, 300);
    },
  });
  const t0 = performance.now();
  const { err, at } = await rejection(v.payments.pay(REF, PAY, { signal: controller.signal }));

  assertVesicashError(err);
  assert.equal(err.code, "aborted", err.message);
  assert.ok(abortedAt !== null, "the first attempt got its 429");
  assert.ok(at - abortedAt < 250, `rejected ${(at - abortedAt).toFixed(0)} ms after the abort`);
  assert.ok(at - t0 < 1200, `rejected after ${(at - t0).toFixed(0)} ms; the Retry-After wait alone is 2000 ms`);
  await sleep(2500); // past the end of the Retry-After wait
  assert.equal(srv.requests.length, 1, "the retry was never sent");
});

test("deadline shorter than Retry-After (429, 5 s): gives up by the deadline", TEST, async (t) => {
  const srv = await statusServer(429, { "retry-after": "5" });
  t.after(() => srv.close());
  const deadlineMs = 1000;
  const v = client(srv.url, { timeoutMs: 500, maxRetries: 4, deadlineMs });
  const t0 = performance.now();
  const { err, at } = await rejection(v.payments.get(REF));

  assertVesicashError(err);
  assert.ok(["timeout", "rate_limited"].includes(err.code), `${err.code}: ${err.message}`);
  assert.ok(at - t0 < deadlineMs + SLACK_MS, `took ${(at - t0).toFixed(0)} ms, deadline ${deadlineMs}`);
  assert.equal(srv.requests.length, 1, "no retry before Retry-After");
  if (err.code === "rate_limited") assert.equal(err.retryAfter, 5);
  t.diagnostic(`429 + Retry-After 5 with a ${deadlineMs} ms deadline: ${err.code} after ${(at - t0).toFixed(0)} ms`);
});

test("503s with maxRetries 10 and a 600 ms deadline: gives up by the deadline, whatever the backoff schedule", TEST, async (t) => {
  const srv = await statusServer(503);
  t.after(() => srv.close());
  const deadlineMs = 600;
  const v = client(srv.url, { timeoutMs: 500, maxRetries: 10, deadlineMs });
  const t0 = performance.now();
  const { err, at } = await rejection(v.payments.get(REF));

  assertVesicashError(err);
  assert.ok(["timeout", "api_error"].includes(err.code), `${err.code}: ${err.message}`);
  assert.ok(at - t0 < deadlineMs + SLACK_MS, `took ${(at - t0).toFixed(0)} ms, deadline ${deadlineMs}`);
  const before = srv.requests.length;
  await sleep(1000);
  assert.equal(srv.requests.length, before, "no request after the call gave up");
  t.diagnostic(`503s with a ${deadlineMs} ms deadline: ${err.code} after ${(at - t0).toFixed(0)} ms, ${before} request(s)`);
});

test("deadline cuts an attempt short: a silent server, timeoutMs 1000, deadlineMs 1500", TEST, async (t) => {
  const srv = await silentServer();
  t.after(() => srv.close());
  const deadlineMs = 1500;
  const v = client(srv.url, { timeoutMs: 1000, maxRetries: 4, deadlineMs });
  const t0 = performance.now();
  const { err, at } = await rejection(v.payments.get(REF));

  assertVesicashError(err);
  assert.equal(err.code, "timeout", err.message);
  assert.ok(at - t0 < deadlineMs + SLACK_MS, `took ${(at - t0).toFixed(0)} ms, deadline ${deadlineMs}`);
  assert.ok(at - t0 >= deadlineMs * 0.6, `gave up after ${(at - t0).toFixed(0)} ms, long before the deadline`);
  assert.ok(err.attempts >= 1 && err.attempts <= 2, `attempts ${err.attempts}`);
  assert.ok(await waitUntil(() => srv.open() === 0, 2000), "the cut attempt's socket is closed");
});
