// The webhook handler from the packed package, loaded with require(): called
// directly as a fetch-standard handler, and served by node:http through the
// Node adapter.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { once } = require("node:events");
const { createServer } = require("node:http");
const { createNodeWebhookHandler, createWebhookHandler, signWebhook } = require("vesicash-edge");

const strays = [];
const onStray = (e) => strays.push(e);
process.on("unhandledRejection", onStray);
test.after(() => {
  process.off("unhandledRejection", onStray);
  assert.deepEqual(strays, [], "no unhandled rejection");
});

const reply = async (res) => ({ status: res.status, text: await res.text(), headers: res.headers });

test("Node CJS: the fetch-standard handler answers 200, 400, 405 and 500 as documented", async () => {
  const { HOOK_MAX_BODY, HOOK_SECRET, checkHandlerCases, recordingOnEvent } = await import("../../support/handler-checks.mjs");
  const log = [];
  const handler = createWebhookHandler({ secret: HOOK_SECRET, onEvent: recordingOnEvent(log), maxBodyBytes: HOOK_MAX_BODY, onError() {} });
  const send = async (method, body, headers) => reply(await handler(new Request("http://shop.example/hooks", { method, body, headers })));
  await checkHandlerCases({ send, seen: async () => log, signWebhook, tag: "cjsdirect" });
});

test("Node CJS: node:http through createNodeWebhookHandler", async (t) => {
  const { HOOK_MAX_BODY, HOOK_SECRET, checkHandlerCases, recordingOnEvent } = await import("../../support/handler-checks.mjs");
  const log = [];
  const server = createServer(
    createNodeWebhookHandler({ secret: HOOK_SECRET, onEvent: recordingOnEvent(log), maxBodyBytes: HOOK_MAX_BODY, onError() {} }),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  t.after(() => new Promise((resolve) => server.close(resolve).closeAllConnections()));
  const url = `http://127.0.0.1:${server.address().port}/hooks`;
  const send = async (method, body, headers) => reply(await fetch(url, { method, body, headers }));
  await checkHandlerCases({ send, seen: async () => log, signWebhook, tag: "cjshttp" });
});
