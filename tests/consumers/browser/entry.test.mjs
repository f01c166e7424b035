// The package's `browser` entry (top-level await, .wasm fetched beside it),
// from the packed tarball, in real Chromium: after the import, verification
// and the request builders are synchronous, as on the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { pageResult, servePage } from "../../support/browser.mjs";

const PKG = fileURLToPath(new URL("./node_modules/vesicash-edge/", import.meta.url));

const PAGE = `<!doctype html><meta charset="utf-8"><title>browser entry</title>
<script type="importmap">{ "imports": { "vesicash-edge": "/pkg/entry/browser.mjs" } }</script>
<script type="module">
  import { Vesicash, VesicashError, verifyWebhook, signWebhook, WebhookVerificationError } from "vesicash-edge";
  const out = {};
  const body = JSON.stringify({ event: "payment.updated", data: { reference: "PY_1", status: "successful", amount: 1.3 } });
  const headers = signWebhook(body, "whsec_browser", { timestamp: 1800000000 });
  out.headers = headers;
  out.fromString = verifyWebhook(body, headers, "whsec_browser", { now: 1800000000 }).data.status;
  out.fromBytes = verifyWebhook(new TextEncoder().encode(body), new Headers(headers), "whsec_browser", { now: 1800000000 }).data.reference;
  try { verifyWebhook(body + " ", headers, "whsec_browser", { now: 1800000000 }); } catch (e) {
    out.tampered = { code: e.code, isWebhookError: e instanceof WebhookVerificationError, isVesicashError: e instanceof VesicashError };
  }
  try { new Vesicash({ publicKey: "morPub_test_b", secretKey: "morSec_test_b", baseUrl: "http://127.0.0.1:9" }); } catch (e) {
    out.refused = { code: e.code, field: e.field, says: /browser page/.test(e.message), leaks: e.message.includes("morSec_test_b") };
  }
  const client = new Vesicash({ publicKey: "morPub_test_b", secretKey: "morSec_test_b", baseUrl: "http://127.0.0.1:9", dangerouslyAllowBrowser: true });
  out.request = client.requests.pay("PY_1", { phone_number: "260970000001" });
  try { client.requests.initialize({ amount: 0.1 + 0.2 }); } catch (e) { out.invalid = { code: e.code, field: e.field }; }
  window.result = out;
</script>`;

test("browser entry: the packed package loads and verifies in Chromium", async (t) => {
  const server = await servePage(PAGE, { "/pkg/": PKG });
  t.after(() => server.close());
  const { out, problems } = await pageResult(t, server, { timeoutMs: 15_000 });
  assert.deepEqual(problems, []);
  assert.ok(out, "the page's module did not finish");
  assert.match(out.headers["mor-signature"], /^[0-9a-f]{64}$/);
  assert.equal(out.headers["mor-timestamp"], "1800000000");
  assert.equal(out.fromString, "successful");
  assert.equal(out.fromBytes, "PY_1");
  assert.deepEqual(out.tampered, { code: "signature_mismatch", isWebhookError: true, isVesicashError: true });
  assert.deepEqual(out.request.headers, { "public-key": "morPub_test_b", "content-type": "application/json" });
  assert.equal(out.request.url, "http://127.0.0.1:9/v1/payment/pay/PY_1");
  assert.deepEqual(out.invalid, { code: "validation_error", field: "amount" });
  // A secret key in a page is refused unless the page opts in explicitly.
  assert.deepEqual(out.refused, { code: "validation_error", field: "secret_key", says: true, leaks: false });
});
