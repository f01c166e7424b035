// The HTTP server: records every API request, applies injected faults, dispatches to the /v1
// API or the /_sandbox control API, and owns shutdown (no timer or socket outlives close()).
import http from "node:http";
import { ApiError, failure, success } from "./envelope.mjs";
import { parseFaultConfig, createFaultInjector } from "./faults.mjs";
import { createPaymentStore, internalView, paymentView } from "./payments.mjs";
import { handleApi } from "./routes.mjs";
import { createTimerSet } from "./timers.mjs";
import { createTransfers } from "./transfers.mjs";
import { checkWebhookOptions, createWebhookDispatcher } from "./webhooks.mjs";
import { parseJsonObject } from "./validate.mjs";

/** Largest request body read; a sandbox has no use for more. */
export const MAX_BODY_BYTES = 1 << 20;
const HTML_502 =
  "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>sandbox injected fault</p></body></html>\n";
const FAULT_MESSAGES = { 429: "rate limit exceeded (sandbox injected fault)" };

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) reject(new ApiError(400, `request body larger than ${MAX_BODY_BYTES} bytes`));
      else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function decode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiError(404, `malformed path segment: ${segment}`);
  }
}

function send(res, status, text, headers = {}) {
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * Sends the status, the headers with the FULL content-length and the first half of the body
 * bytes, then calls then(socket) once that half is flushed: the client gets a 200 whose body
 * never completes, not a short body that merely fails to parse.
 */
function sendHalf(res, status, text, headers, then) {
  const body = Buffer.from(text, "utf8");
  const socket = res.socket;
  res.writeHead(status, { "content-type": "application/json", "content-length": body.length, ...headers });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => then(socket));
}

/**
 * Creates a sandbox (not yet listening). config: { publicKey, secretKey, webhookSecret,
 * phoneDelayMs, expiryMs, seed, verbose }. Returns { server, close(), state }.
 */
export function createSandbox(config) {
  const state = { webhookSecret: config.webhookSecret, requests: [] };
  const webhooks = createWebhookDispatcher({ getSecret: () => state.webhookSecret });
  // --webhook-loss: the lossy delivery options in force from the start (and after every reset).
  const applyLoss = () => config.webhookLoss && webhooks.setOptions(config.webhookLoss);
  applyLoss();
  const payments = createPaymentStore({
    phoneDelayMs: config.phoneDelayMs,
    expiryMs: config.expiryMs,
    onFinal: (p) => webhooks.send(p.webhook_url, "payment.updated", paymentView(p)),
  });
  const transfers = createTransfers({
    settleDelayMs: config.phoneDelayMs,
    onFinal: (kind, t) => webhooks.send(t.webhook_url, `${kind}.updated`, { ...t }),
  });
  const faults = createFaultInjector();
  const latencyTimers = createTimerSet();
  // Sockets held open by a stall fault: nothing else would end them, so close() must.
  const stalled = new Set();
  const ctx = { config, state, payments, transfers };

  function reset() {
    state.requests = [];
    state.webhookSecret = config.webhookSecret; // back to the secret printed in the ready line
    faults.configure(null);
    payments.clear();
    transfers.clear();
    webhooks.reset();
    applyLoss();
  }

  // Control API: no keys; every answer uses the same envelope as the real API.
  function control(method, pathname, raw) {
    const route = `${method} ${pathname.replace(/\/+$/, "")}`;
    const body = () => (raw.trim() === "" ? {} : parseJsonObject(raw));
    let m;
    if (route === "GET /_sandbox/requests") return state.requests;
    if (route === "GET /_sandbox/webhooks") return webhooks.log();
    if (route === "POST /_sandbox/reset") {
      reset();
      return { reset: true };
    }
    if (route === "GET /_sandbox/faults") return faults.state();
    if (route === "POST /_sandbox/faults") {
      const [cfg, err] = parseFaultConfig(body(), config.seed);
      if (err) throw new ApiError(400, err);
      faults.configure(cfg);
      return faults.state();
    }
    if (route === "GET /_sandbox/webhook-options") return webhooks.options();
    if (route === "GET /_sandbox/webhook-record") return webhooks.record();
    if (route === "POST /_sandbox/webhook-options") {
      const o = body();
      const err = checkWebhookOptions(o);
      if (err) throw new ApiError(400, err);
      webhooks.setOptions(o);
      return webhooks.options();
    }
    if (route === "GET /_sandbox/payments") return payments.all().map(internalView);
    if ((m = route.match(/^GET \/_sandbox\/payments\/([^/]+)$/))) {
      const p = payments.get(decode(m[1]));
      if (!p) throw new ApiError(404, `payment not found: ${decode(m[1])}`);
      return internalView(p);
    }
    if (route === "POST /_sandbox/phone") {
      const { hold } = body();
      if (typeof hold !== "boolean") throw new ApiError(400, 'invalid field "hold": must be true or false');
      return payments.holdPhone(hold);
    }
    if ((m = route.match(/^POST \/_sandbox\/payments\/([^/]+)\/answer$/))) {
      return internalView(payments.answer(decode(m[1]), body().outcome));
    }
    if ((m = route.match(/^GET \/_sandbox\/(refunds|payouts)\/([^/]+)$/))) {
      const t = m[1] === "refunds" ? transfers.getRefund(decode(m[2])) : transfers.getPayout(decode(m[2]));
      if (!t) throw new ApiError(404, `${m[1].slice(0, -1)} not found: ${decode(m[2])}`);
      return { ...t };
    }
    throw new ApiError(404, `control route not found: ${method} ${pathname}`);
  }

  async function onRequest(req, res) {
    const url = new URL(req.url, "http://sandbox.invalid");
    let raw;
    try {
      raw = await readBody(req);
    } catch (e) {
      return send(res, 400, JSON.stringify(failure(400, e.message)), { connection: "close" });
    }
    if (url.pathname === "/_sandbox" || url.pathname.startsWith("/_sandbox/")) {
      try {
        return send(res, 200, JSON.stringify(success(control(req.method, url.pathname, raw))));
      } catch (e) {
        const code = e instanceof ApiError ? e.code : 500;
        return send(res, code, JSON.stringify(failure(code, e instanceof ApiError ? e.message : "internal sandbox error")));
      }
    }

    const record = { method: req.method, path: req.url, headers: { ...req.headers }, body: raw, fault: null };
    state.requests.push(record);
    // Faults are decided before processing, so a faulted request changes no state, except
    // truncate and stall: the request is processed and only its answer is cut or never
    // finished (the "landed, but the response was lost" case that idempotent retries exist for).
    const fault = faults.decide(req.method, url.pathname);
    if (fault) {
      record.fault = fault.kind;
      if (fault.latencyMs > 0) await new Promise((resolve) => latencyTimers.after(fault.latencyMs, resolve));
      if (fault.kind === "drop") return req.socket.destroy();
      if (fault.kind === "html") return send(res, 502, HTML_502, { "content-type": "text/html; charset=utf-8" });
      if (fault.kind === "rate_limit" || fault.kind === "error") {
        const message = FAULT_MESSAGES[fault.status] ?? `sandbox injected fault: HTTP ${fault.status}`;
        const headers = fault.retryAfter === undefined ? {} : { "retry-after": String(fault.retryAfter) };
        return send(res, fault.status, JSON.stringify(failure(fault.status, message)), headers);
      }
    }

    let status;
    let text;
    let headers = {};
    try {
      const out = handleApi(ctx, { method: req.method, pathname: url.pathname, query: url.searchParams, headers: req.headers, body: raw });
      status = out.status;
      text = JSON.stringify(out.body);
    } catch (e) {
      if (!(e instanceof ApiError)) console.error("sandbox: internal error:", e);
      status = e instanceof ApiError ? e.code : 500;
      headers = e instanceof ApiError ? e.headers : {};
      text = JSON.stringify(failure(status, e instanceof ApiError ? e.message : "internal sandbox error"));
    }
    if (config.verbose) console.error(`${req.method} ${req.url} -> ${status}${fault ? ` [fault: ${fault.kind}]` : ""}`);
    if (fault?.kind === "truncate") return sendHalf(res, status, text, headers, (socket) => socket?.destroy());
    if (fault?.kind === "stall") {
      return sendHalf(res, status, text, headers, (socket) => {
        if (!socket || socket.destroyed) return; // the client already gave up
        stalled.add(socket);
        socket.once("close", () => stalled.delete(socket));
      });
    }
    send(res, status, text, headers);
  }

  const server = http.createServer((req, res) => {
    onRequest(req, res).catch((e) => {
      console.error("sandbox: request failed:", e);
      if (!res.headersSent) send(res, 500, JSON.stringify(failure(500, "internal sandbox error")));
    });
  });

  return {
    server,
    state,
    /** Stops listening, drops open connections and cancels every pending timer and delivery. */
    close() {
      latencyTimers.clear();
      payments.clear();
      transfers.clear();
      webhooks.close();
      for (const socket of stalled) socket.destroy();
      stalled.clear();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
