// `vesicash-edge/webhooks` imported as ESM from the packed package: the
// webhook-only module verifies every shared vector through both HMAC paths
// (node:crypto and the wasm SHA-256), agrees with the whole package on random
// deliveries, and never loads the client.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as hooks from "vesicash-edge/webhooks";
import * as whole from "vesicash-edge";
import { runVectors } from "../../vectors/runner.mjs";
import { runDifferential } from "../../vectors/differential.mjs";
import { checkDifferential, checkVectorReport, checkWebhooksModule } from "../../support/webhooks-entry-checks.mjs";

const doc = JSON.parse(readFileSync(new URL("../../vectors/webhook.json", import.meta.url), "utf8"));
const dist = (file) => fileURLToPath(new URL(`../dist/${file}`, import.meta.resolve("vesicash-edge/webhooks")));

test("webhooks entry: every vector, through the host's HMAC and the wasm one", () => {
  checkVectorReport(runVectors(hooks, doc), doc, ["node:crypto", "wasm"]);
});

test("webhooks entry: the verifier, signer and errors, and nothing of the client", () => {
  checkWebhooksModule(hooks, { hostHmac: "node:crypto" });
});

test("webhooks entry: its module is the webhook-only one, at most half the whole one", () => {
  const small = statSync(dist("vesicash_edge_webhooks_bg.wasm")).size;
  const big = statSync(dist("vesicash_edge_bg.wasm")).size;
  assert.ok(small * 2 <= big, `webhook-only ${small} B against ${big} B`);
  // A fresh process that imports only the subpath compiles exactly one module: that one.
  const probe = `const sizes = []; const M = WebAssembly.Module;
    WebAssembly.Module = function (b) { sizes.push(b.byteLength); return new M(b); };
    const h = await import("vesicash-edge/webhooks");
    const s = h.signWebhook("{}", "whsec_x", { timestamp: 1 });
    console.log(JSON.stringify({ sizes, ok: typeof s["mor-signature"] }));`;
  const out = JSON.parse(
    execFileSync(process.execPath, ["--input-type=module", "-e", probe], { cwd: fileURLToPath(new URL(".", import.meta.url)), encoding: "utf8" }),
  );
  assert.deepEqual(out, { sizes: [small], ok: "string" });
});

test("webhooks entry: host and wasm HMAC agree on 300 random deliveries (seeded)", () => {
  checkDifferential(runDifferential(hooks, { seed: 20, cases: 300 }), { cases: 300, hmac: ["node:crypto"] });
});

test("the whole package: host and wasm HMAC agree on the same random deliveries", () => {
  checkDifferential(runDifferential(whole, { seed: 20, cases: 300 }), { cases: 300, hmac: ["node:crypto"] });
});

test("both modules loaded in one process: each entry's verifiers keep working", () => {
  const c = doc.cases[0];
  const headers = Object.fromEntries(c.headers);
  const a = new hooks.WebhookVerifier(c.secrets[0]);
  const b = new whole.WebhookVerifier(c.secrets[0], { hostCrypto: false });
  for (let i = 0; i < 3; i++) {
    assert.equal(a.verify(c.body, headers, { now: c.now }).data.reference, c.expect.reference);
    assert.equal(b.verify(c.body, headers, { now: c.now }).data.reference, c.expect.reference);
    assert.equal(whole.verifyWebhook(c.body, headers, c.secrets[0], { now: c.now }).data.reference, c.expect.reference);
  }
});
