// The `vesicash-edge/webhooks` entry's contract, checked the same way in every
// consumer (Node ESM and CJS on the module itself; workerd and Chromium on the
// JSON their page or Worker answers): its exports, the shared vectors through
// every HMAC path the runtime has, and the differential test of the two paths.
// The runtimes run tests/vectors/runner.mjs and differential.mjs; these checks
// run in Node on what came back.
import assert from "node:assert/strict";

/** What the webhook-only entry exports, sorted: the verifier, signer, handlers and errors, nothing of the client. */
export const WEBHOOKS_EXPORTS = [
  "VesicashError",
  "WebhookVerificationError",
  "WebhookVerifier",
  "createNodeWebhookHandler",
  "createWebhookHandler",
  "signWebhook",
  "toNodeHandler",
  "verifyWebhook",
];

/** The entry's export names (`Object.keys(module)`, in any order) are exactly WEBHOOKS_EXPORTS. */
export function checkWebhooksExports(names) {
  assert.deepEqual([...names].sort(), WEBHOOKS_EXPORTS);
  assert.equal(names.includes("Vesicash"), false, "the client is not in the webhook-only entry");
}

/**
 * The module itself, where the test holds it (Node ESM and CJS): its exports,
 * its error classes, and which HMAC its verifier picks.
 * @param {object} hooks the module (`import * as` or `require`)
 * @param {{hostHmac: string}} runtime the HMAC a default verifier uses there ("node:crypto" in Node)
 */
export function checkWebhooksModule(hooks, { hostHmac }) {
  checkWebhooksExports(Object.keys(hooks));
  assert.ok(new hooks.WebhookVerificationError("x", { code: "signature_mismatch" }) instanceof hooks.VesicashError);
  assert.equal(new hooks.WebhookVerifier("whsec_x").hmac, hostHmac);
  assert.equal(new hooks.WebhookVerifier("whsec_x", { hostCrypto: false }).hmac, "wasm");
  assert.throws(() => new hooks.WebhookVerifier("whsec_x", { hostCrypto: "yes" }), { code: "validation_error", field: "hostCrypto" });
}

/**
 * A runVectors() report: every case of `doc` passed, the final good verify
 * held, and the HMAC paths used are exactly `hmac`.
 */
export function checkVectorReport(report, doc, hmac) {
  assert.deepEqual(
    report.cases.filter((c) => !c.pass).map((c) => [c.name, c.failures]),
    [],
  );
  assert.equal(report.passed, doc.cases.length);
  assert.equal(report.final.ok, true);
  assert.deepEqual(report.hmac, hmac);
}

/**
 * A runDifferential() result over `cases` deliveries: no disagreement, each
 * delivery compared through its 3 pairs of paths, the one-shot path on `hmac`,
 * and both kinds of answer exercised (at least a tenth accepted, a tenth refused).
 */
export function checkDifferential(r, { cases, hmac }) {
  assert.deepEqual(r.disagreements, []);
  assert.deepEqual(r.hmac, hmac);
  assert.equal(r.compared, cases * 3);
  assert.ok(r.accepted >= cases / 10 && r.refused >= cases / 10, JSON.stringify(r));
}
