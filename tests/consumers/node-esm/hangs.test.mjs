// Servers that hang, against the packed package: per-attempt timeouts that
// cover the body, retries of get, no re-send of pay, the caller's abort
// (in flight and during a backoff wait) and the whole-call deadline.
// Real sockets on 127.0.0.1, started and closed by each test.
//
// No wall-clock bounds: each case records one timeline (the client's hooks,
// what the server saw, the call's end) and asserts the order of its events
// against marker timers set on the same event loop as the client's own
// timers. A loaded machine delays both alike, so the order holds; a broken
// timeout, deadline or abort changes it. Each case pins one error code.
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { Vesicash, VesicashError } from "vesicash-edge";
import { freePort } from "../../support/processes.mjs";

const KEYS = { publicKey: "morPub_test_hangs", secretKey: "morSec_test_hangs_SECRET" };
const REF = "PY_hang_0000000001";
const PAY = { phone_number: "260970000001" };
const TEST = { timeout: 60_000 };
const PAID = JSON.stringify({
  status: "success",
  code: 200,
  message: "success",
  data: { reference: REF, status: "successful", amount: "7.00", currency: "ZMW" },
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One ordered record of a case: hook events, server sightings, the call's end, markers. */
function timeline() {
  const events = [];
  const markers = [];
  const push = (name) => events.push(name);
  const at = (name) => {
    const i = events.indexOf(name);
    assert.ok(i >= 0, `no "${name}" in ${JSON.stringify(events)}`);
    return i;
  };
  const hooksThen = (then) => ({
    onRequest: (e) => push(`request ${e.attempt}`),
    onResponse: (e) => {
      push(`response ${e.attempt}`);
      then(e);
    },
  });
  return {
    events,
    push,
    /** Records `name` once `ms` have passed on the event loop's clock. */
    mark(name, ms) {
      markers.push(new Promise((resolve) => setTimeout(() => resolve(push(name)), ms)));
    },
    /** Resolves once every marker set so far (and any they led to) has fired. */
    async settled() {
      for (let n = 0; n < markers.length; n = markers.length) await Promise.all(markers);
    },
    /** Asserts that every name happened, in this order. */
    order(...names) {
      const where = names.map(at);
      for (let i = 1; i < where.length; i += 1)
        assert.ok(where[i - 1] < where[i], `"${names[i - 1]}" should come before "${names[i]}": ${JSON.stringify(events)}`);
    },
    has: (name) => events.includes(name),
    /** onRequest/onResponse hooks that record `request k` and `response k`. */
    hooks: hooksThen(() => {}),
    /** The hooks, with `then(event)` run after each response is recorded. */
    hooksThen,
  };
}

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

/**
 * Keeps which sockets carried a request and resolves `closed()` once all of
 * them are closed (an abandoned, not cancelled, request keeps its socket open;
 * Node's fetch may open a spare idle connection after an abort: not counted).
 */
function socketWatch(tl) {
  const busy = new Set();
  let wake = () => {};
  return {
    carried(socket) {
      if (busy.has(socket)) return;
      busy.add(socket);
      socket.once("close", () => {
        busy.delete(socket);
        tl?.push("server: socket closed");
        if (busy.size === 0) wake();
      });
    },
    closed: () => (busy.size === 0 ? Promise.resolve() : new Promise((r) => (wake = r))),
  };
}

/**
 * Accepts connections and reads requests, never answers unless `release()`
 * is called: then every held request, and every later one, gets a 200
 * with the paid payment (so a call that ignored its timeout or abort would resolve).
 */
async function silentServer(tl) {
  const sockets = new Set();
  const watch = socketWatch(tl);
  const requests = [];
  const held = [];
  const waiters = [];
  let released = false;
  const answer = (socket) => {
    if (!socket.destroyed)
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(PAID)}\r\n\r\n${PAID}`);
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buf = "";
    socket.on("data", (d) => {
      buf += d.toString("latin1");
      let m;
      while ((m = buf.match(/^([A-Z]+) (\S+) HTTP\/1\.[01]\r\n/m))) {
        requests.push({ method: m[1], path: m[2] });
        tl?.push(`server: ${m[1]} ${requests.length}`);
        watch.carried(socket);
        for (const w of waiters.filter((x) => x.n <= requests.length)) w.resolve();
        buf = buf.slice(m.index + m[0].length);
        if (released) answer(socket);
        else held.push(socket);
      }
    });
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  const url = await listen(server);
  return {
    url,
    requests,
    /** Resolves once every socket that carried a request is closed. */
    closed: watch.closed,
    /** Resolves once the server has read `n` requests. */
    saw: (n) => (requests.length >= n ? Promise.resolve() : new Promise((resolve) => waiters.push({ n, resolve }))),
    release() {
      released = true;
      for (const s of held.splice(0)) answer(s);
    },
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** Answers 200 with a full content-length, sends part of the JSON body, then holds the socket. */
async function partialBodyServer(tl) {
  const requests = [];
  const watch = socketWatch(tl);
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, path: req.url });
    tl?.push(`server: ${req.method} ${requests.length}`);
    watch.carried(req.socket);
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
    closed: watch.closed,
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
    requests.push({ method: req.method, path: req.url });
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

function client(url, options) {
  return new Vesicash({ ...KEYS, baseUrl: url, ...options });
}

/** Awaits a promise that must reject; records "rejected" on the timeline and returns the error. */
async function rejection(promise, tl) {
  try {
    const value = await promise;
    tl?.push("resolved");
    assert.fail(`resolved with ${JSON.stringify(value)}; expected a rejection`);
  } catch (e) {
    if (e instanceof assert.AssertionError) throw e;
    tl?.push("rejected");
    return e;
  }
}

function assertVesicashError(err, code) {
  assert.ok(err instanceof VesicashError, `not a VesicashError: ${err?.stack ?? err}`);
  assert.equal(err.code, code, err.message);
  assert.equal(typeof err.retryable, "boolean", "retryable is a boolean");
  assert.ok(Number.isInteger(err.attempts) && err.attempts >= 0, `attempts: ${err.attempts}`);
  assert.ok(!String(err.message).includes(KEYS.secretKey), "the message carries no secret key");
}

/**
 * Hooks that keep the timeline and, per attempt, two markers: `half k` at
 * half the attempt's timeout and `late k` at three times it, both set as the
 * attempt starts (just before the client sets its own timer). An attempt cut
 * off at its timeout ends after the first and before the second.
 */
function perAttemptMarkers(tl, timeoutMs) {
  return {
    onRequest: (e) => {
      tl.hooks.onRequest(e);
      if (JSON.stringify(e).includes(KEYS.secretKey)) tl.push("secret in a hook");
      tl.mark(`half ${e.attempt}`, timeoutMs / 2);
      tl.mark(`late ${e.attempt}`, timeoutMs * 3);
    },
    onResponse: (e) => {
      tl.hooks.onResponse(e);
      if (e.status !== null) tl.push(`status ${e.status}`);
      if (JSON.stringify(e).includes(KEYS.secretKey)) tl.push("secret in a hook");
    },
  };
}

/**
 * Runs `get` against a server that never finishes an answer, with a 300 ms
 * timeout and 2 retries: every attempt is cut off at its timeout, then the
 * call rejects `timeout` after 3 attempts.
 */
async function timesOutOnEveryAttempt(makeServer) {
  const tl = timeline();
  const srv = await makeServer(tl);
  try {
    const timeoutMs = 300;
    const v = client(srv.url, { timeoutMs, maxRetries: 2, deadlineMs: 25_000, ...perAttemptMarkers(tl, timeoutMs) });
    const err = await rejection(v.payments.get(REF), tl);

    assertVesicashError(err, "timeout");
    assert.equal(err.attempts, 3);
    await tl.settled();
    assert.deepEqual(srv.requests, Array(3).fill({ method: "GET", path: `/v1/payment/${REF}` }), "get is retried: one request per attempt");
    // The server seeing attempt k is ordered only after the client sent it: how
    // soon a loaded machine delivers it over loopback is not this test's business.
    for (const k of [1, 2, 3]) {
      tl.order(`request ${k}`, `server: GET ${k}`);
      tl.order(`request ${k}`, `half ${k}`, `response ${k}`, `late ${k}`);
    }
    tl.order("response 3", "rejected");
    assert.ok(!tl.events.some((e) => e.startsWith("status ")), `no status on a timed-out attempt: ${tl.events}`);
    assert.ok(!tl.has("secret in a hook"), "hook events are redacted");
    // Each timed-out attempt was really cancelled: every socket that carried one gets closed.
    await srv.closed();
    return tl;
  } finally {
    await srv.close();
  }
}

test("get: a server that never answers times out on every attempt, then rejects timeout", TEST, async (t) => {
  const tl = await timesOutOnEveryAttempt(silentServer);
  t.diagnostic(tl.events.join(" → "));
});

test("get: headers then a stalled body: the timeout covers reading the body", TEST, async () => {
  await timesOutOnEveryAttempt(partialBodyServer);
});

/**
 * `pay` against a server that never finishes its answer: one pay request,
 * then only status look-ups, and `outcome_unknown` (not retryable) before a
 * marker set just past the call's deadline. Nothing is sent after that.
 */
async function payOnceThenUnknown(srv, tl) {
  const deadlineMs = 2000;
  const v = client(srv.url, { timeoutMs: 300, maxRetries: 2, deadlineMs, ...tl.hooks });
  tl.mark("past the deadline", deadlineMs + 500);
  const err = await rejection(v.payments.pay(REF, PAY), tl);
  assert.ok(!tl.has("past the deadline"), `outlived its deadline: ${tl.events}`);

  // A pay that timed out after it was sent is ambiguous: outcome_unknown, as tests/engine.rs pins.
  assertVesicashError(err, "outcome_unknown");
  assert.equal(err.retryable, false, "an unknown pay outcome must not invite a blind retry");
  // Whatever the client still had scheduled ended with its deadline: a stray re-send would show by now.
  await tl.settled();
  tl.order("request 1", "rejected", "past the deadline");
  const pays = srv.requests.filter((r) => r.method === "POST");
  assert.deepEqual(pays, [{ method: "POST", path: `/v1/payment/pay/${REF}` }], `requests: ${JSON.stringify(srv.requests)}`);
  assert.ok(
    srv.requests.every((r) => r.method === "POST" || (r.method === "GET" && r.path === `/v1/payment/${REF}`)),
    "only the status look-up besides pay",
  );
}

test("pay: a server that never answers gets exactly one pay request; outcome_unknown, not retryable", TEST, async (t) => {
  const tl = timeline();
  const srv = await silentServer(tl);
  t.after(() => srv.close());
  await payOnceThenUnknown(srv, tl);
  t.diagnostic(`pay vs silent server: ${srv.requests.length - 1} get(s) to consult`);
});

test("pay: answered 200 but the body stalls (processed, answer lost): not re-sent", TEST, async (t) => {
  const tl = timeline();
  const srv = await partialBodyServer(tl);
  t.after(() => srv.close());
  await payOnceThenUnknown(srv, tl);
});

test("pay: connection refused (Node proves nothing was sent): retried", TEST, async () => {
  const port = await freePort();
  const v = client(`http://127.0.0.1:${port}`, { timeoutMs: 1000, maxRetries: 2, deadlineMs: 20_000 });
  const err = await rejection(v.payments.pay(REF, PAY));
  assertVesicashError(err, "connection_error");
  assert.equal(err.attempts, 3);
});

test("abort mid-request: rejects aborted before the server's answer comes, sends nothing more, closes the socket", TEST, async (t) => {
  const tl = timeline();
  const srv = await silentServer(tl);
  t.after(() => srv.close());
  const timeoutMs = 10_000;
  const v = client(srv.url, { timeoutMs, maxRetries: 2, deadlineMs: 30_000, ...tl.hooks });
  const controller = new AbortController();
  const pending = rejection(v.payments.get(REF, { signal: controller.signal }), tl);
  await srv.saw(1);
  tl.push("abort");
  controller.abort();
  // The server answers at once with the paid payment: a call that ignored its abort would resolve with it.
  srv.release();
  const err = await pending;

  assertVesicashError(err, "aborted");
  tl.order("request 1", "server: GET 1", "abort", "rejected");
  assert.ok(!tl.has("request 2"), `no attempt after the abort: ${tl.events}`);
  // The aborted request's socket is closed (cancelled, not abandoned).
  await srv.closed();
  assert.equal(srv.requests.length, 1, "no attempt after the abort");
});

test("abort before the call: rejects aborted, sends nothing", TEST, async (t) => {
  const tl = timeline();
  const srv = await silentServer(tl);
  t.after(() => srv.close());
  const v = client(srv.url, { timeoutMs: 1000, ...tl.hooks });
  const err = await rejection(v.payments.pay(REF, PAY, { signal: AbortSignal.abort() }), tl);
  assertVesicashError(err, "aborted");
  assert.equal(err.attempts, 0);
  assert.deepEqual(tl.events, ["rejected"], "no attempt started");
  // Past the call's own timeout: nothing was sent later either.
  await sleep(1000);
  assert.equal(srv.requests.length, 0);
});

/**
 * A `status` answer asking Retry-After 2 s, and the caller aborting 50 ms
 * after it: the abort lands in the wait (its timer fires long before the
 * wait's), the call rejects aborted before the wait would have ended, and
 * the retry is never sent.
 */
async function abortInRetryAfterWait(status, call) {
  const tl = timeline();
  const srv = await statusServer(status, { "retry-after": "2" });
  try {
    const controller = new AbortController();
    const v = client(srv.url, {
      timeoutMs: 2000,
      maxRetries: 3,
      deadlineMs: 30_000,
      ...tl.hooksThen((e) => {
        if (e.attempt !== 1) return;
        tl.push(`status ${e.status}`);
        tl.mark("the Retry-After wait is over", 2000 + 200);
        setTimeout(() => {
          tl.push("abort");
          controller.abort();
        }, 50);
      }),
    });
    const err = await rejection(call(v, controller.signal), tl);

    assertVesicashError(err, "aborted");
    assert.equal(err.attempts, 1);
    tl.order("request 1", "response 1", `status ${status}`, "abort", "rejected");
    await tl.settled();
    tl.order("abort", "rejected", "the Retry-After wait is over");
    assert.ok(!tl.has("request 2"), `a retry started: ${tl.events}`);
    assert.equal(srv.requests.length, 1, "aborted in the wait: the retry was never sent (no leftover backoff timer)");
  } finally {
    await srv.close();
  }
}

test("abort during the backoff wait after a 503: rejects aborted before the wait ends, no retry sent", TEST, async () => {
  await abortInRetryAfterWait(503, (v, signal) => v.payments.get(REF, { signal }));
});

test("abort during a Retry-After wait (429, 2 s) on pay: rejects aborted before the wait ends, no retry sent", TEST, async () => {
  await abortInRetryAfterWait(429, (v, signal) => v.payments.pay(REF, PAY, { signal }));
});

test("deadline shorter than Retry-After (429, 5 s): rate_limited at once, without waiting for the deadline", TEST, async (t) => {
  const srv = await statusServer(429, { "retry-after": "5" });
  t.after(() => srv.close());
  const tl = timeline();
  const deadlineMs = 1000;
  const v = client(srv.url, {
    timeoutMs: 500,
    maxRetries: 4,
    deadlineMs,
    // Set after the answer, so it fires after the call's deadline has passed.
    ...tl.hooksThen(() => tl.mark("the deadline has passed", deadlineMs)),
  });
  const err = await rejection(v.payments.get(REF), tl);

  // The wait asked for is longer than the time left: the engine stops at once (policy: Stop::RateLimited).
  assertVesicashError(err, "rate_limited");
  assert.equal(err.retryAfter, 5);
  assert.equal(err.attempts, 1);
  assert.match(err.message, /Retry-After/);
  await tl.settled();
  tl.order("request 1", "response 1", "rejected", "the deadline has passed");
  assert.equal(srv.requests.length, 1, "no retry before Retry-After");
});

test("503s asking Retry-After 1 s, maxRetries 10, deadline 1.8 s: stops when the next wait would pass the deadline", TEST, async (t) => {
  const srv = await statusServer(503, { "retry-after": "1" });
  t.after(() => srv.close());
  const tl = timeline();
  const deadlineMs = 1800;
  const v = client(srv.url, {
    timeoutMs: 1000,
    maxRetries: 10,
    deadlineMs,
    // When the wait the server asked for would end; then, when the deadline is certainly over.
    ...tl.hooksThen((e) => {
      tl.mark(`wait ${e.attempt} over`, 1000);
      if (e.attempt === 2) tl.mark("past the deadline", deadlineMs);
    }),
  });
  const err = await rejection(v.payments.get(REF), tl);

  // Attempt 1 at 0 s, its retry at 1 s, then 0.8 s left: less than the 1 s asked for, so the call
  // ends with the last answer (api_error, 503) instead of sleeping into its deadline.
  assertVesicashError(err, "api_error");
  assert.equal(err.status, 503);
  assert.equal(err.attempts, 2);
  assert.match(err.message, /deadline/);
  await tl.settled();
  tl.order("request 1", "response 1", "wait 1 over", "request 2", "response 2", "rejected", "wait 2 over", "past the deadline");
  assert.equal(srv.requests.length, 2, "no request after the call gave up");
});

test("deadline cuts an attempt short: a silent server, timeoutMs 1000, deadlineMs 1800", TEST, async (t) => {
  const tl = timeline();
  const srv = await silentServer(tl);
  t.after(() => srv.close());
  const timeoutMs = 1000;
  const deadlineMs = 1800;
  const hooks = perAttemptMarkers(tl, timeoutMs);
  const v = client(srv.url, {
    timeoutMs,
    maxRetries: 4,
    deadlineMs,
    // Its own timeout, set when the attempt starts: the deadline must end attempt 2 before it.
    onRequest: (e) => {
      hooks.onRequest(e);
      tl.mark(`timeout ${e.attempt}`, timeoutMs);
    },
    onResponse: hooks.onResponse,
  });
  const err = await rejection(v.payments.get(REF), tl);

  assertVesicashError(err, "timeout");
  // Attempt 1 runs its full timeout; the backoff (at most 300 ms) leaves the retry ~0.5-0.8 s: cut by the deadline.
  assert.equal(err.attempts, 2);
  await tl.settled();
  tl.order("request 1", "half 1", "response 1", "request 2", "response 2", "rejected", "timeout 2");
  await srv.closed();
  assert.equal(srv.requests.length, 2);
});
