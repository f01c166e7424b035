// The webhook handler from the packed package, imported as ESM: called
// directly as a fetch-standard handler, and served by node:http and Express
// through the Node adapter, each taking real signed deliveries from the sandbox.
import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import express from "express";
import {
  Vesicash,
  VesicashError,
  WebhookVerificationError,
  createNodeWebhookHandler,
  createWebhookHandler,
  signWebhook,
  toNodeHandler,
} from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { HOOK_MAX_BODY, HOOK_SECRET, checkHandlerCases, checkSandboxDeliveries, recordingOnEvent } from "../../support/handler-checks.mjs";

const strays = [];
const onStray = (e) => strays.push(e);
process.on("unhandledRejection", onStray);
test.after(() => {
  process.off("unhandledRejection", onStray);
  assert.deepEqual(strays, [], "no unhandled rejection");
});

const options = (log) => ({ secret: HOOK_SECRET, onEvent: recordingOnEvent(log), maxBodyBytes: HOOK_MAX_BODY, onError: () => {} });

/** A `send` that calls a fetch-standard handler directly. */
const direct = (handler) => async (method, body, headers) => {
  const res = await handler(new Request("http://shop.example/hooks/vesicash", { method, body, headers }));
  return { status: res.status, text: await res.text(), headers: res.headers };
};

/** A `send` over HTTP to `url`. */
const over = (url) => async (method, body, headers) => {
  const res = await fetch(url, { method, body, headers });
  return { status: res.status, text: await res.text(), headers: res.headers };
};

/** Listens on a free loopback port; resolves to the URL of `path` and a stop(). */
async function serve(listener, path) {
  const server = createServer(listener);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const stop = () => new Promise((resolve) => server.close(resolve).closeAllConnections());
  return { url: `http://127.0.0.1:${server.address().port}${path}`, stop };
}

test("handler: the fetch-standard handler answers 200, 400, 405 and 500 as documented", async () => {
  const log = [];
  await checkHandlerCases({ send: direct(createWebhookHandler(options(log))), seen: async () => log, signWebhook, tag: "direct" });
});

test("handler: a streamed body is cut off at maxBodyBytes, Content-Length or not", async () => {
  const log = [];
  const errors = [];
  const handler = createWebhookHandler({ ...options(log), onError: (e, { status }) => errors.push([e, status]) });
  let pulled = 0;
  const chunk = new Uint8Array(16 * 1024).fill(0x20);
  const endless = new ReadableStream({
    pull(c) {
      pulled++;
      c.enqueue(chunk);
    },
  });
  const res = await handler(new Request("http://x/", { method: "POST", body: endless, duplex: "half", headers: signWebhook("{}", HOOK_SECRET) }));
  assert.equal(res.status, 400);
  assert.deepEqual(await res.json(), { error: "body_too_large" });
  assert.ok(pulled <= HOOK_MAX_BODY / chunk.byteLength + 2, `read ${pulled} chunks of an endless body`);
  assert.deepEqual(log, []);
  assert.equal(errors.length, 1);
  assert.ok(errors[0][0] instanceof WebhookVerificationError);
  assert.equal(errors[0][1], 400);
});

test("handler: an unset secret, a body already read and onEvent's failure answer 500 and reach onError", async () => {
  const body = JSON.stringify({ event: "payment.updated", data: { reference: "PY_unset_0001", status: "successful" } });
  const errors = [];
  const onError = (e, { status, request }) => errors.push({ e, status, method: request.method });
  const log = [];
  const unset = createWebhookHandler({ secret: undefined, onEvent: recordingOnEvent(log), onError });
  const res = await unset(new Request("http://x/", { method: "POST", body, headers: signWebhook(body, HOOK_SECRET) }));
  assert.equal(res.status, 500, "an unset secret is the merchant's to fix: Vesicash must deliver again");
  assert.deepEqual(await res.json(), { error: "internal_error" });
  assert.equal(errors[0].status, 500);
  assert.ok(errors[0].e instanceof VesicashError && !(errors[0].e instanceof WebhookVerificationError));
  assert.equal(errors[0].e.code, "invalid_secret");

  const handler = createWebhookHandler({ secret: HOOK_SECRET, onEvent: recordingOnEvent(log), onError });
  const read = new Request("http://x/", { method: "POST", body, headers: signWebhook(body, HOOK_SECRET) });
  await read.text(); // a middleware read it first
  assert.equal((await handler(read)).status, 500);
  assert.equal(errors.at(-1).status, 500);
  assert.equal(errors.at(-1).e.code, "body_not_raw");

  // A rejected promise and a synchronous throw alike; an onError that throws changes nothing.
  const sync = createWebhookHandler({
    secret: HOOK_SECRET,
    onEvent: () => {
      throw new Error("sync");
    },
    onError: () => {
      throw new Error("the logger is down");
    },
  });
  assert.equal((await sync(new Request("http://x/", { method: "POST", body, headers: signWebhook(body, HOOK_SECRET) }))).status, 500);
  assert.deepEqual(log, [], "onEvent was never reached");
});

test("handler: misuse is refused when the handler is made, by name", () => {
  const field = (fn) => {
    try {
      fn();
    } catch (e) {
      return [e.constructor.name, e.code, e.field];
    }
    return "no error";
  };
  assert.deepEqual(
    field(() => createWebhookHandler({ secret: "whsec_x" })),
    ["VesicashError", "validation_error", "onEvent"],
  );
  assert.deepEqual(
    field(() => createWebhookHandler(undefined)),
    ["VesicashError", "validation_error", "options"],
  );
  assert.deepEqual(
    field(() => createWebhookHandler({ secret: "s", onEvent() {}, maxBodyBytes: -1 })),
    ["VesicashError", "validation_error", "maxBodyBytes"],
  );
  assert.deepEqual(
    field(() => createWebhookHandler({ secret: "s", onEvent() {}, toleranceSeconds: Number.NaN })),
    ["VesicashError", "validation_error", "toleranceSeconds"],
  );
  assert.deepEqual(
    field(() => createWebhookHandler({ secret: "s", onEvent() {}, hostCrypto: "yes" })),
    ["VesicashError", "validation_error", "hostCrypto"],
  );
  assert.deepEqual(
    field(() => toNodeHandler("not a handler")),
    ["VesicashError", "validation_error", "handler"],
  );
});

test("handler: node:http through createNodeWebhookHandler, with the sandbox's deliveries", async (t) => {
  const log = [];
  const server = await serve(createNodeWebhookHandler(options(log)), "/hooks/vesicash");
  t.after(server.stop);
  await checkHandlerCases({ send: over(server.url), seen: async () => log, signWebhook, tag: "nodehttp" });
  // Streamed, no Content-Length: cut off at the limit, and the 400 still arrives.
  const chunk = new Uint8Array(16 * 1024).fill(0x20);
  let sent = 0;
  const body = new ReadableStream({
    pull(c) {
      if (sent++ < 64) c.enqueue(chunk);
      else c.close();
    },
  });
  const big = await fetch(server.url, { method: "POST", body, duplex: "half", headers: signWebhook("{}", HOOK_SECRET) });
  assert.equal(big.status, 400);
  assert.deepEqual(await big.json(), { error: "body_too_large" });
  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "50", "--webhook-secret", HOOK_SECRET] });
  t.after(() => sandbox.stop());
  await checkSandboxDeliveries({ Vesicash, sandbox, url: server.url, seen: async () => log, tag: "nodehttp" });
});

test("handler: Express with express.raw, with no body parser, and with express.json by mistake", async (t) => {
  const log = [];
  const errors = [];
  const app = express();
  const hook = toNodeHandler(createWebhookHandler({ ...options(log), onError: (e, { status }) => errors.push([e.code, status]) }));
  app.all("/raw", express.raw({ type: "application/json", limit: "1mb" }), hook);
  app.all("/stream", hook);
  app.post("/parsed", express.json(), hook);
  const server = await serve(app, "");
  t.after(server.stop);

  await checkHandlerCases({ send: over(`${server.url}/raw`), seen: async () => log, signWebhook, tag: "expressraw" });
  await checkHandlerCases({ send: over(`${server.url}/stream`), seen: async () => log, signWebhook, tag: "expressstream" });

  // A parsed body cannot be verified: the merchant's set-up, so 500 (delivered again), not a 400 that loses it.
  const body = JSON.stringify({ event: "payment.updated", data: { reference: "PY_parsed_0001", status: "successful" } });
  const calls = log.length;
  const res = await fetch(`${server.url}/parsed`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...signWebhook(body, HOOK_SECRET) },
  });
  assert.equal(res.status, 500);
  assert.deepEqual(errors.at(-1), ["body_not_raw", 500]);
  assert.equal(log.length, calls);

  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "50", "--webhook-secret", HOOK_SECRET] });
  t.after(() => sandbox.stop());
  await checkSandboxDeliveries({ Vesicash, sandbox, url: `${server.url}/raw`, seen: async () => log, tag: "express" });
});

test("handler: hostCrypto reaches its verifier (true: node:crypto's HMAC even for 1 KB; false: never, even for 64 KB)", async () => {
  // The builtin module object the package reaches through process.getBuiltinModule:
  // counting its createHmac calls tells which HMAC verified each delivery.
  const crypto = process.getBuiltinModule("node:crypto");
  const original = crypto.createHmac;
  let calls = 0;
  crypto.createHmac = (...args) => {
    calls += 1;
    return original.apply(crypto, args);
  };
  try {
    const deliver = async (hostCrypto, size) => {
      const log = [];
      const handler = createWebhookHandler({ ...options(log), maxBodyBytes: 1 << 20, hostCrypto });
      const reference = `PY_HOSTCRYPTO_${hostCrypto}_${size}`;
      const data = { reference, status: "successful", pad: "x".repeat(size) };
      const body = JSON.stringify({ event: "payment.updated", data });
      const before = calls;
      const res = await direct(handler)("POST", body, { "content-type": "application/json", ...signWebhook(body, HOOK_SECRET) });
      assert.equal(res.status, 200, res.text);
      assert.equal(log.length, 1, "delivered once");
      return calls - before;
    };
    assert.ok((await deliver(true, 1024)) >= 1, "hostCrypto: true uses node:crypto for a 1 KB body");
    assert.equal(await deliver(false, 65536), 0, "hostCrypto: false never uses node:crypto");
    assert.equal(await deliver(undefined, 1024), 0, "by default a 1 KB body is hashed in wasm");
  } finally {
    crypto.createHmac = original;
  }
});
