// The npm build's reader on the shared corpus of response bodies
// (tests/vectors/envelopes.json): the packed package's client reads each body
// from a `fetch` that answers it, and must classify it as the native reader
// does (tests/parse_agreement.rs runs the same corpus through serde_json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Vesicash, VesicashError } from "vesicash-edge";

const corpus = JSON.parse(readFileSync(new URL("../../vectors/envelopes.json", import.meta.url), "utf8"));
const REF = "PY_agreement_0001";
/** A reference a request can carry (URL-safe characters). */
const ASKABLE = /^[A-Za-z0-9_.~-]{1,100}$/;

test("the npm build's reader classifies the corpus as the native reader does", async () => {
  assert.ok(corpus.cases.length >= 40, "the corpus lost cases");
  let answer;
  const fetch = async () => new Response(answer.bytes, { status: answer.status, headers: { "content-type": "application/json" } });
  const client = new Vesicash({
    publicKey: "morPub_test_agree",
    secretKey: "morSec_test_agree",
    baseUrl: "http://127.0.0.1:9",
    fetch,
    maxRetries: 0,
  });
  const wrong = [];
  const unaskable = [];
  for (const c of corpus.cases) {
    answer = { status: c.status, bytes: c.body_hex !== undefined ? Buffer.from(c.body_hex, "hex") : new TextEncoder().encode(c.body) };
    // Each answer must be about the payment asked for (issue 17): ask for the one it names.
    const asked = ASKABLE.test(c.reference ?? "") ? c.reference : REF;
    let got;
    try {
      const p = await client.payments.get(asked);
      got = "ok";
      if (p.reference !== c.reference || p.status !== c.payment_status)
        wrong.push(`${c.name}: read reference ${JSON.stringify(p.reference)} status ${JSON.stringify(p.status)}`);
    } catch (e) {
      assert.ok(e instanceof VesicashError, `${c.name}: ${e}`);
      got = e.code;
      // A readable answer naming a payment no request can name (a NUL in its
      // reference) is refused as not about this request: read, then refused.
      if (c.expect === "ok" && asked !== c.reference && /not about this request/.test(e.message)) {
        unaskable.push(c.name);
        continue;
      }
    }
    if (got !== c.expect) wrong.push(`${c.name}: ${got}, expected ${c.expect}`);
  }
  assert.deepEqual(wrong, []);
  assert.deepEqual(unaskable, ["escaped status and NUL in reference"]);
});

test("a wrong-typed optional field reaches the caller as sent", async () => {
  const body = '{"status":"success","data":{"reference":"PY_1","status":"pending","currency":5,"payment_link":{},"amount":"x"}}';
  const client = new Vesicash({
    publicKey: "morPub_test_agree",
    secretKey: "morSec_test_agree",
    baseUrl: "http://127.0.0.1:9",
    fetch: async () => new Response(body),
  });
  const p = await client.payments.get("PY_1");
  assert.deepEqual([p.currency, p.payment_link, p.amount], [5, {}, "x"]);
});
