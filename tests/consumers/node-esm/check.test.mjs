// `npx vesicash-edge check` from the packed package installed in this
// consumer project, against a real sandbox process: every check holds there,
// live-looking keys are refused, keys never appear in the output, and a
// sandbox that answers otherwise (wrong keys, a proxy dropping a field, a
// delivery signed another way) makes a check say "differs" and the exit code 1.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { signWebhook } from "vesicash-edge";
import { startSandbox } from "../../../sandbox/spawn.mjs";
import { startReceiver } from "../../../sandbox/testkit.mjs";
import { rows, runCheck, startProxy } from "../../support/check-run.mjs";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const READ_ONLY = [
  "keys.countries",
  "keys.countries-no-key",
  "countries.shape",
  "countries.markets",
  "keys.list",
  "list.envelope",
  "list.paging",
  "keys.status-no-secret",
  "keys.status-wrong-secret",
  "status.unknown",
];
const WRITES = ["keys.init-no-secret", "init.reference", "status.fields", "init.duplicate", "list.reference"];
const PHONE = ["pay.prompt", "pay.recorded", "pay.final"];
const DELIVERY = ["webhook.headers", "webhook.timestamp-unit", "webhook.signing", "webhook.encoding", "webhook.verifier", "webhook.event"];
const APPROVES = "260970000001";

const hex = () => crypto.randomUUID().replace(/-/g, "");
/** Keys of this run only, so finding them in the output means they leaked. */
function freshKeys() {
  return { publicKey: `morPub_test_${hex()}`, secretKey: `morSec_test_${hex()}`, webhookSecret: `whsec_test_${hex()}` };
}

async function sandboxWith(keys, t) {
  const sb = await startSandbox({
    args: ["--phone-delay-ms", "50", "--public-key", keys.publicKey, "--secret-key", keys.secretKey, "--webhook-secret", keys.webhookSecret],
  });
  t.after(() => sb.stop());
  return sb;
}

const env = (keys) => ({ VESICASH_PUBLIC_KEY: keys.publicKey, VESICASH_SECRET_KEY: keys.secretKey });

function assertNoSecret(run, ...secrets) {
  for (const s of secrets) {
    assert.ok(!run.stdout.includes(s) && !run.stderr.includes(s), `a secret (${s.slice(0, 7)}…) was printed:\n${run.stdout}\n${run.stderr}`);
  }
}

function assertAllHold(run, ids) {
  const table = rows(run.stdout);
  assert.deepEqual(Object.keys(table), ids, run.stdout + run.stderr);
  for (const id of ids) assert.match(table[id], /^holds\b/, `${id}: ${table[id]}\n${run.stdout}`);
  assert.equal(run.code, 0, run.stdout + run.stderr);
}

test("every check holds against the sandbox, writes, prompt and webhook opted in; the captured delivery verifies", {
  timeout: 120_000,
}, async (t) => {
  const keys = freshKeys();
  const sb = await sandboxWith(keys, t);
  const receiver = await startReceiver();
  t.after(() => receiver.close());

  const run = await runCheck(
    HERE,
    ["--base-url", sb.url, "--allow-writes", "--phone", APPROVES, "--webhook-url", `${receiver.url}/hook`],
    env(keys),
    { npx: true },
  );
  assertAllHold(run, [...READ_ONLY, ...WRITES, ...PHONE]);
  assertNoSecret(run, keys.publicKey, keys.secretKey);
  assert.match(run.stdout, /--verify-delivery delivery\.body --headers delivery\.headers\.json/);

  // One tiny payment, paid; refused init created none; nothing that moves money was sent.
  const payments = await sb.payments();
  assert.equal(payments.length, 1, JSON.stringify(payments));
  assert.deepEqual([payments[0].amount, payments[0].currency, payments[0].status], [1, "ZMW", "successful"]);
  const paths = (await sb.requests()).map((r) => `${r.method} ${r.path}`);
  assert.ok(!paths.some((p) => /refunds|payouts|generate-webhook-secret/.test(p)), paths.join("\n"));
  assert.equal(paths.filter((p) => p.startsWith("POST /v1/payment/pay/")).length, 1);

  // The delivery the payment triggered, captured as a merchant would, then checked.
  const [hit] = await receiver.waitForHits(1, 10_000);
  const dir = mkdtempSync(join(tmpdir(), "vesicash-check-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, "delivery.body"), hit.body);
  writeFileSync(join(dir, "delivery.headers.json"), JSON.stringify(hit.headers));
  const checked = await runCheck(
    HERE,
    ["--verify-delivery", "delivery.body", "--headers", "delivery.headers.json"],
    {
      VESICASH_WEBHOOK_SECRET: keys.webhookSecret,
    },
    { cwd: dir },
  );
  assertAllHold(checked, DELIVERY);
  assertNoSecret(checked, keys.webhookSecret);
});

test("without --allow-writes the check only reads: write checks say not tried, the sandbox holds no payment", { timeout: 60_000 }, async (t) => {
  const keys = freshKeys();
  const sb = await sandboxWith(keys, t);
  const run = await runCheck(HERE, ["--base-url", sb.url], env(keys));
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const table = rows(run.stdout);
  assert.deepEqual(Object.keys(table), [...READ_ONLY, ...WRITES, ...PHONE]);
  for (const id of READ_ONLY) assert.match(table[id], /^holds\b/, `${id}: ${table[id]}`);
  for (const id of [...WRITES, ...PHONE]) assert.match(table[id], /^not tried \(needs --allow-writes/, `${id}: ${table[id]}`);
  assert.deepEqual(await sb.payments(), []);
  const methods = new Set((await sb.requests()).map((r) => r.method));
  assert.deepEqual([...methods], ["GET"]);
  assertNoSecret(run, keys.publicKey, keys.secretKey);
});

test("keys that look live are refused before anything is sent, unless --live; a bad flag is refused too", { timeout: 60_000 }, async (t) => {
  const keys = freshKeys();
  const sb = await sandboxWith(keys, t);
  const live = { publicKey: `morPub_live_${hex()}`, secretKey: `morSec_live_${hex()}` };
  for (const pair of [live, { ...keys, secretKey: live.secretKey }, { ...keys, publicKey: live.publicKey }]) {
    const run = await runCheck(HERE, ["--base-url", sb.url, "--allow-writes"], env(pair));
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /look live.*--live/);
    assert.equal(run.stdout, "");
    assertNoSecret(run, pair.publicKey, pair.secretKey);
  }
  assert.deepEqual(await sb.requests(), [], "a refused run sent a request");

  const phoneAlone = await runCheck(HERE, ["--base-url", sb.url, "--phone", APPROVES], env(keys));
  assert.equal(phoneAlone.code, 2);
  assert.match(phoneAlone.stderr, /--phone needs --allow-writes/);
  const unknown = await runCheck(HERE, ["--base-url", sb.url, "--refund"], env(keys));
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown option '--refund'/);
  assert.deepEqual(await sb.requests(), []);

  // With --live the gate opens; the sandbox does not know these keys, so checks differ.
  const run = await runCheck(HERE, ["--base-url", sb.url, "--live"], env(live));
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(rows(run.stdout)["keys.countries"], /^differs: HTTP 401/);
  assertNoSecret(run, live.publicKey, live.secretKey);
});

test("a wrong secret key makes the checks that need it differ, exit 1, and the key is never printed", { timeout: 60_000 }, async (t) => {
  const keys = freshKeys();
  const sb = await sandboxWith(keys, t);
  const wrong = { ...keys, secretKey: `morSec_test_${hex()}` };
  const run = await runCheck(HERE, ["--base-url", sb.url, "--allow-writes"], env(wrong));
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const table = rows(run.stdout);
  assert.match(table["keys.countries"], /^holds/, "countries needs the public key only");
  assert.match(table["keys.list"], /^holds/);
  assert.match(table["status.unknown"], /^differs: HTTP 401 .*\(expected 404\)/);
  assert.match(table["init.reference"], /^differs: HTTP 401/);
  assert.match(table["status.fields"], /^not tried \(init\.reference did not hold\)/);
  assertNoSecret(run, wrong.publicKey, wrong.secretKey, keys.secretKey);
});

test("a proxy that drops or blanks a field or echoes the keys: differs where it should, exit 1, the echoed keys redacted", {
  timeout: 60_000,
}, async (t) => {
  const keys = freshKeys();
  const sb = await sandboxWith(keys, t);
  const proxy = await startProxy(sb.url, (path, status, json, headers) => {
    // The list envelope without `total`.
    if (path.startsWith("/v1/payment/?") && json.data && typeof json.data === "object") {
      const { total, ...rest } = json.data;
      return { status, json: { ...json, data: rest } };
    }
    // A payment read back without the phone number its prompt went to.
    if (/^\/v1\/payment\/vechk_/.test(path) && json.data?.phone_number)
      return { status, json: { ...json, data: { ...json.data, phone_number: "" } } };
    // An unknown payment answered 500, the request's keys echoed in the message.
    if (status === 404) return { status: 500, json: { ...json, message: `oops ${headers["secret-key"]} ${headers["public-key"]}` } };
    return undefined;
  });
  t.after(() => proxy.close());
  const run = await runCheck(HERE, ["--base-url", proxy.url, "--allow-writes", "--phone", APPROVES], env(keys));
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const table = rows(run.stdout);
  assert.match(table["list.envelope"], /^differs: .*total missing/);
  assert.match(table["list.paging"], /^differs: .*total missing/);
  assert.match(table["list.reference"], /^differs: items \["vechk_pay_[^"]+"\], total undefined$/);
  assert.match(table["status.unknown"], /^differs: HTTP 500 .*oops \[secret key\] \[public key\]/);
  assert.match(table["init.duplicate"], /^holds/);
  assert.match(table["pay.recorded"], /^differs: phone_number "", sent 260970000001$/);
  assert.match(table["pay.final"], /^holds \(successful: paid\)$/);
  assertNoSecret(run, keys.publicKey, keys.secretKey);
});

test("--verify-delivery tells timestamp signing from body-only, lowercase from uppercase hex, seconds from milliseconds", {
  timeout: 60_000,
}, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "vesicash-delivery-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const secret = `whsec_test_${hex()}`;
  const body = JSON.stringify({ event: "payment.updated", data: { reference: "vechk_pay_0000000001", status: "successful" } });
  const now = Math.floor(Date.now() / 1000);
  const signed = signWebhook(body, secret, { timestamp: now });
  const verify = async (name, headers, bodyText = body, over = {}) => {
    writeFileSync(join(dir, `${name}.body`), bodyText);
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(headers));
    const run = await runCheck(
      HERE,
      ["--verify-delivery", `${name}.body`, "--headers", `${name}.json`],
      { VESICASH_WEBHOOK_SECRET: secret, ...over },
      { cwd: dir },
    );
    assertNoSecret(run, secret);
    return { ...run, table: rows(run.stdout) };
  };

  const good = await verify("good", { "Content-Type": "application/json", "Mor-Signature": signed["mor-signature"], "Mor-Timestamp": String(now) });
  assertAllHold(good, DELIVERY);

  const legacy = await verify("legacy", { ...signWebhook(body, secret, { legacyBodyOnly: true }), "mor-timestamp": String(now) });
  assert.equal(legacy.code, 1);
  assert.match(legacy.table["webhook.signing"], /^differs: it signs the body alone/);
  assert.match(legacy.table["webhook.encoding"], /^holds/);

  const upper = await verify("upper", { "mor-signature": signed["mor-signature"].toUpperCase(), "mor-timestamp": String(now) });
  assert.equal(upper.code, 1);
  assert.match(upper.table["webhook.signing"], /^holds/);
  assert.match(upper.table["webhook.encoding"], /^differs: UPPERCASE hex/);
  assert.match(upper.table["webhook.verifier"], /^differs: /);

  const ms = now * 1000 + 123;
  const millis = await verify("millis", { ...signWebhook(body, secret, { timestamp: ms }), "mor-timestamp": String(ms) });
  assert.equal(millis.code, 1);
  assert.match(millis.table["webhook.timestamp-unit"], /^differs: \d+ reads as milliseconds/);
  assert.match(millis.table["webhook.signing"], /^holds/);

  const tampered = await verify("tampered", signed, body.replace("successful", "successfuL"));
  assert.equal(tampered.code, 1);
  assert.match(tampered.table["webhook.signing"], /^differs: no signature in the header matches/);
  assert.match(tampered.table["webhook.encoding"], /^not tried/);

  const renamed = await verify("renamed", { "x-signature": signed["mor-signature"], "x-timestamp": String(now) });
  assert.equal(renamed.code, 1);
  assert.match(renamed.table["webhook.headers"], /^differs: no mor-signature, mor-timestamp; headers present: x-signature, x-timestamp/);

  const noSecret = await verify("nosecret", signed, body, { VESICASH_WEBHOOK_SECRET: "" });
  assert.equal(noSecret.code, 2);
  assert.match(noSecret.stderr, /set VESICASH_WEBHOOK_SECRET/);
});

test("the default base URL is the package's; an API that does not answer makes every check it reaches differ", { timeout: 60_000 }, async () => {
  const help = await runCheck(HERE, ["--help"], {});
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--base-url URL +the API to check \(default https:\/\/api\.mor\.vesicash\.com\)/);

  // A loopback port with nothing listening: refused at once, nothing leaves the machine.
  const closed = await new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
  const keys = freshKeys();
  const run = await runCheck(HERE, ["--base-url", `http://127.0.0.1:${closed}`, "--timeout-ms", "3000"], env(keys));
  assert.equal(run.code, 1, run.stdout + run.stderr);
  const table = rows(run.stdout);
  assert.match(table["keys.countries"], /^differs: no answer: .*ECONNREFUSED/);
  assert.match(table["countries.shape"], /^not tried \(keys\.countries did not hold\)/);
  assertNoSecret(run, keys.publicKey, keys.secretKey);
});
