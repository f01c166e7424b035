// Writes the seed corpora of the fuzz targets into fuzz/corpus/<target>/
// (gitignored) from the repo's own test vectors and documented examples.
// Usage: node fuzz/seed.mjs  (scripts/fuzz.sh runs it before every run).
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const MAX_SEED = 16 * 1024;
let written = 0;

function seed(target, bytes) {
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, "utf8");
  if (buf.length > MAX_SEED) return;
  const dir = join(here, "corpus", target);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "seed-" + createHash("sha1").update(buf).digest("hex")), buf);
  written++;
}

// Documented responses (the README/doc examples and the crate's unit tests).
const responses = [
  [
    200,
    `{ "status": "success", "code": 200, "message": "success",
  "data": { "payment_link": "", "reference": "PY_c77f7bff21514bdf9dfe9f1b2", "payment_id": "", "status": "pending" } }`,
  ],
  [
    200,
    `{"status":"success","code":200,"message":"success","data":{"id":12,"amount":1.3,"type":"payment","method":"mobilemoney","status":"successful","currency":"ZMW","reference":"PY_x","business_id":7,"created_at":"2026-11-27T10:00:00Z","environment":"test","redirect_url":"https://shop.example/done","email":"","customer_first_name":"Ada","customer_last_name":"","phone_number":"260971234567","brand_new_field":[1]}}`,
  ],
  [401, `{"status":"error","code":401,"message":"invalid secret key","data":null}`],
  [404, `{"status":"error","message":"payment not found: PY_1"}`],
  [404, `{"status":"error","message":"route not found: GET /v2/x"}`],
  [404, `404 page not found`],
  [429, `{"status":"error","message":"slow down"}`],
  [400, `{"status":"error","message":"payment already in progress: prompted"}`],
  [400, `{"status":"error","message":"payment is already successful"}`],
  [400, `{"status":"error","code":400,"message":"payment reference already exists","data":null}`],
  [502, `<html><body>Bad gateway</body></html>`],
  [200, `{"status":"success","data":{"refer`],
  [200, `{"status":"success","code":200,"message":"success","data":null}`],
  [200, `{"status":"failed","message":"nope","data":null}`],
  [200, `{"status":"success","data":[1,2]}`],
  [201, `{"status":"success","code":"201","message":"","data":{"reference":"PY_1","status":"processing","amount":"1.30"}}`],
];
for (const [status, body] of responses) seed("parse_payment", `${status}\n${body}`);

// Webhook vectors: the framing of fuzz_targets/webhook_verify.rs.
const doc = JSON.parse(readFileSync(join(root, "tests/vectors/webhook.json"), "utf8"));
for (const c of doc.cases) {
  let body;
  if (typeof c.body === "string") body = Buffer.from(c.body, "utf8");
  else if (typeof c.body_b64 === "string") body = Buffer.from(c.body_b64, "base64");
  else continue; // body_repeat (64 KiB) and JS-only object bodies
  const header = (name) => {
    const values = (c.headers || []).filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
    return values.length ? values.join(", ") : null;
  };
  const sig = header(doc.signature_header);
  const ts = header(doc.timestamp_header);
  if ([sig, ts, ...(c.secrets || [])].some((v) => v !== null && /[\n\t]/.test(v))) continue;
  const o = c.options || {};
  const lines = [
    String(c.now ?? 0),
    o.tolerance_seconds === undefined ? "" : String(o.tolerance_seconds),
    o.legacy_body_only ? "l" : "",
    sig === null ? "-" : "S:" + sig,
    ts === null ? "-" : "T:" + ts,
    (c.secrets || []).join("\t"),
  ];
  const framed = Buffer.concat([Buffer.from(lines.join("\n") + "\n", "utf8"), body]);
  seed("webhook_verify", framed);
  // The same delivery re-signed by the target itself (flag `s`): reaches the payload checks.
  seed("webhook_verify", Buffer.concat([Buffer.from([lines[0], lines[1], lines[2] + "s", "-", lines[4], lines[5]].join("\n") + "\n"), body]));
  // Webhook payloads are payments in the status endpoint's shape.
  try {
    const data = JSON.parse(body.toString("utf8")).data;
    if (data && typeof data === "object") {
      seed("parse_payment", `200\n${JSON.stringify({ status: "success", code: 200, message: "success", data })}`);
    }
  } catch {}
}

// Params: the documented init and pay examples.
for (const json of [
  `{"currency":"ZMW","country":"ZM","narration":"payment for rice","method":"mobilemoney","amount":1.3,"webhook_url":"https://shop.example/hooks/vesicash","redirect_url":"https://shop.example/done"}`,
  `{"currency":"GHS","country":"GH","narration":"rice \\"basmati\\" \\u2713","method":"card","amount":"250.00","webhook_url":"http://127.0.0.1:8787/x?y=1","redirect_url":"https://a.b","reference":"order-0000001"}`,
  `{"amount":1e3,"currency":"ZMW","country":"ZM","narration":"n","method":"mobilemoney","webhook_url":"https://a.b/h","redirect_url":"https://a.b/d","reference":null}`,
  `{"email":"ada@shop.example","customer_first_name":"Ada","customer_last_name":"","customer_city":"Lusaka","phone_number":"+260971234567"}`,
  `{"phone_number":"260971234567","account_number":"0971234567","email":null}`,
]) {
  for (const ref of ["PY_c77f7bff21514bdf9dfe9f1b2", "order-0000001", "a b/c%\u00e9", ".."]) seed("params", `${ref}\n${json}`);
}

// Amounts: text, then the 8 little-endian bytes of an f64.
for (const text of ["1.3", "1.30", "1.300", "250", "0.05", "007.5", "1000000000", "1000000000.01", "1.234", "1e3", ".5", "1.", "0"])
  seed("amount", text);
for (const x of [1.3, 19.99, 0.1 + 0.2, 1e21, 1000000000, 0.01, 5e-324]) {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  seed("amount", b);
}

console.log(`fuzz seeds: ${written} files in fuzz/corpus/`);
