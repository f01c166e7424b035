// Webhook vectors (tests/vectors/webhook.json, computed with Python's hmac)
// against the packed package imported as ESM: every case, every body type
// and header form, then a good delivery to prove no trap poisoned the instance.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createHmac } from "node:crypto";
import * as api from "vesicash-edge";
import { caseBody, checkCase, finalGoodVerify } from "../../vectors/runner.mjs";

const doc = JSON.parse(readFileSync(new URL("../../vectors/webhook.json", import.meta.url), "utf8"));

for (const c of doc.cases) {
  test(`webhook vector: ${c.name}`, () => {
    const { failures } = checkCase(api, c, doc.secrets_used);
    assert.deepEqual(failures, []);
  });
}

test("webhook: a good delivery still verifies after every negative case", () => {
  assert.equal(finalGoodVerify(api, doc).ok, true);
});

test("webhook: signWebhook agrees with node:crypto and verifyWebhook", () => {
  const body = '{"event":"payment.updated","data":{"reference":"PY_sign_0001","status":"successful"}}';
  const h = api.signWebhook(body, "whsec_x", { timestamp: 1767225600 });
  const want = createHmac("sha256", "whsec_x").update(`1767225600.${body}`).digest("hex");
  assert.deepEqual(h, { "mor-signature": want, "mor-timestamp": "1767225600" });
  assert.equal(api.verifyWebhook(body, h, "whsec_x", { now: 1767225600 }).data.reference, "PY_sign_0001");
  const legacy = api.signWebhook(new TextEncoder().encode(body), "whsec_x", { legacyBodyOnly: true });
  assert.deepEqual(legacy, { "mor-signature": createHmac("sha256", "whsec_x").update(body).digest("hex") });
  // Default timestamp: now, and it verifies with the real clock.
  const now = api.signWebhook(body, "whsec_x");
  assert.ok(Math.abs(Number(now["mor-timestamp"]) - Date.now() / 1000) < 5);
  assert.equal(api.verifyWebhook(body, now, ["whsec_old", "whsec_x"]).event, "payment.updated");
});

test("webhook: option and argument misuse gives precise errors", () => {
  const body = '{"event":"payment.updated","data":{"reference":"PY_1","status":"pending"}}';
  const h = api.signWebhook(body, "whsec_x", { timestamp: 1767225600 });
  const code = (fn) => {
    try {
      fn();
    } catch (e) {
      return [e.name, e.code];
    }
    return "no error";
  };
  assert.deepEqual(
    code(() => api.verifyWebhook(body, h, "whsec_x", { now: 1767225600, toleranceSeconds: -1 })),
    ["VesicashError", "validation_error"],
  );
  assert.deepEqual(
    code(() => api.verifyWebhook(body, h, "whsec_x", { now: "soon" })),
    ["VesicashError", "validation_error"],
  );
  assert.deepEqual(
    code(() => api.verifyWebhook(body, h, undefined, { now: 1767225600 })),
    ["VesicashError", "invalid_secret"],
  );
  assert.deepEqual(
    code(() => api.verifyWebhook(body, h, ["whsec_x", 42], { now: 1767225600 })),
    ["VesicashError", "invalid_secret"],
  );
  assert.deepEqual(
    code(() => api.verifyWebhook(body, null, "whsec_x", { now: 1767225600 })),
    ["WebhookVerificationError", "missing_signature"],
  );
  assert.deepEqual(
    code(() => api.verifyWebhook(JSON.parse(body), h, "whsec_x")),
    ["WebhookVerificationError", "body_not_raw"],
  );
  assert.deepEqual(
    code(() => api.signWebhook(body, "whsec_x", { timestamp: 1.5 })),
    ["VesicashError", "validation_error"],
  );
  assert.deepEqual(
    code(() => api.signWebhook(body, " whsec_x")),
    ["VesicashError", "invalid_secret"],
  );
  // now in milliseconds: refused, and the message says why.
  try {
    api.verifyWebhook(body, h, "whsec_x", { now: 1767225600 * 1000 });
    assert.fail("accepted");
  } catch (e) {
    assert.equal(e.code, "timestamp_too_old");
    assert.match(e.message, /milliseconds/);
  }
  try {
    api.verifyWebhook(JSON.parse(body), h, "whsec_x");
  } catch (e) {
    assert.match(e.message, /await request\.text\(\)/);
    assert.match(e.message, /express\.raw/);
  }
});

test("webhook: verifying 1 MiB costs about 16 times 64 KiB, not more (linear, no quadratic path); its time against node:crypto + JSON.parse is printed", () => {
  const c = doc.cases.find((x) => x.body_repeat);
  const bytes = caseBody(c);
  const text = new TextDecoder().decode(bytes);
  const headers = Object.fromEntries(c.headers);
  // A body of 1/16 the size, signed with the same secret and time, so that only its length differs.
  const padded = (size) => {
    const head = '{"event":"payment.updated","data":{"reference":"PY_speed_0001","status":"successful","pad":"';
    const body = `${head}${"x".repeat(size - head.length - 3)}"}}`;
    return { body: new TextEncoder().encode(body), headers: api.signWebhook(body, c.secrets[0], { timestamp: c.now }) };
  };
  const small = padded(bytes.length / 16);
  const large = padded(bytes.length);
  // The fastest of several runs, the two sizes interleaved: a busy machine slows a run
  // down, never speeds it up, so the minimum is what the code costs, for both alike.
  const fastest = (fns, rounds = 15) => {
    const best = fns.map(() => Number.POSITIVE_INFINITY);
    for (let r = 0; r < rounds; r += 1)
      fns.forEach((fn, i) => {
        const t0 = process.hrtime.bigint();
        fn();
        best[i] = Math.min(best[i], Number(process.hrtime.bigint() - t0) / 1e6);
      });
    return best;
  };
  const verify = (e) => () => api.verifyWebhook(e.body, e.headers, c.secrets[0], { now: c.now });
  assert.equal(verify(large)().data.reference, "PY_speed_0001");
  const [smallMs, largeMs] = fastest([verify(small), verify(large)]);
  const [wasmText, wasmBytes, native] = fastest([
    () => api.verifyWebhook(text, headers, c.secrets[0], { now: c.now }),
    () => api.verifyWebhook(bytes, headers, c.secrets[0], { now: c.now }),
    () => {
      createHmac("sha256", c.secrets[0]).update(`${c.now}.`).update(bytes).digest("hex");
      JSON.parse(text);
    },
  ]);
  const ratio = largeMs / smallMs;
  console.log(
    `1 MiB verify: wasm ${wasmText.toFixed(2)} ms (string), ${wasmBytes.toFixed(2)} ms (bytes); node:crypto HMAC + JSON.parse ${native.toFixed(2)} ms; 1 MiB / 64 KiB: ${ratio.toFixed(1)}×`,
  );
  // Linear work gives ~16× (a fixed cost per call makes it less); a path quadratic in the
  // length would give ~256×.
  assert.ok(ratio < 48, `1 MiB took ${ratio.toFixed(1)} times as long as 64 KiB (${largeMs.toFixed(2)} ms against ${smallMs.toFixed(2)} ms)`);
});

test("WebhookVerifier: reused across deliveries and secrets, same errors as verifyWebhook, free() ends it", () => {
  const body = '{"event":"payment.updated","data":{"reference":"PY_v_1","status":"successful"}}';
  const v = new api.WebhookVerifier(["whsec_old", "whsec_new"], { toleranceSeconds: 60 });
  for (const secret of ["whsec_old", "whsec_new"]) {
    const h = api.signWebhook(body, secret, { timestamp: 1767225600 });
    assert.deepEqual(v.verify(body, h, { now: 1767225630 }), JSON.parse(body));
    assert.deepEqual(v.verify(Buffer.from(body), new Headers(h), { now: 1767225600 }), JSON.parse(body));
    // The tolerance given to the constructor holds for every call.
    assert.throws(() => v.verify(body, h, { now: 1767225661 }), { name: "WebhookVerificationError", code: "timestamp_too_old" });
    assert.throws(() => v.verify(body + " ", h, { now: 1767225600 }), { name: "WebhookVerificationError", code: "signature_mismatch" });
  }
  // Without `now`, the real clock.
  assert.equal(v.verify(body, api.signWebhook(body, "whsec_new")).data.reference, "PY_v_1");
  assert.throws(() => v.verify({ event: "x" }, {}), { code: "body_not_raw" });
  assert.throws(() => v.verify(body, {}, { now: "soon" }), { name: "VesicashError", code: "validation_error" });
  assert.throws(
    () => new api.WebhookVerifier(undefined),
    (e) => e.name === "VesicashError" && e.code === "invalid_secret",
  );
  assert.throws(
    () => new api.WebhookVerifier("whsec_x\n"),
    (e) => e.code === "invalid_secret" && !e.message.includes("whsec_x"),
  );
  assert.throws(() => new api.WebhookVerifier("whsec_x", { toleranceSeconds: -1 }), { code: "validation_error" });
  const small = new api.WebhookVerifier("whsec_x", { maxBodyBytes: 10 });
  assert.throws(() => small.verify(body, {}), { name: "WebhookVerificationError", code: "body_too_large" });
  v.free();
  v.free(); // twice is harmless
  assert.throws(() => v.verify(body, {}), { name: "VesicashError", code: "validation_error" });
});
