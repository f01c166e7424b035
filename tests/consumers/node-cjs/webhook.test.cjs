// Webhook vectors against the packed package loaded with require(): the CJS
// entry must verify synchronously right after require(), like the ESM one.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const api = require("vesicash-edge");

const doc = JSON.parse(readFileSync(join(__dirname, "../../vectors/webhook.json"), "utf8"));
// The runner imports nothing; it gets the require()d package as `api`.
const runner = import("../../vectors/runner.mjs");

test("CJS: verifyWebhook is synchronous right after require()", () => {
  const c = doc.cases[0];
  const event = api.verifyWebhook(c.body, Object.fromEntries(c.headers), c.secrets[0], { now: c.now });
  assert.equal(event.data.reference, c.expect.reference);
  assert.ok(new api.WebhookVerificationError("x", { code: "signature_mismatch" }) instanceof api.VesicashError);
});

for (const c of doc.cases) {
  test(`webhook vector: ${c.name}`, async () => {
    const { checkCase } = await runner;
    assert.deepEqual(checkCase(api, c, doc.secrets_used).failures, []);
  });
}

test("webhook: a good delivery still verifies after every negative case", async () => {
  const { finalGoodVerify } = await runner;
  assert.equal(finalGoodVerify(api, doc).ok, true);
});

test("CJS: WebhookVerifier verifies synchronously right after require()", () => {
  const c = doc.cases[0];
  const v = new api.WebhookVerifier(c.secrets[0]);
  assert.equal(v.verify(c.body, Object.fromEntries(c.headers), { now: c.now }).data.reference, c.expect.reference);
  assert.throws(() => v.verify(c.body + " ", Object.fromEntries(c.headers), { now: c.now }), { code: "signature_mismatch" });
  v.free();
});
