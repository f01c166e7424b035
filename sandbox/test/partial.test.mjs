// truncate and stall: the request landed, but its answer never arrived whole. Checked over raw
// sockets (where exactly the bytes stop) and with fetch (what a client actually sees).
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startSandbox } from "../spawn.mjs";
import { apiClient, initBody, rawRequest } from "../testkit.mjs";

describe("sandbox simulator (tests the simulator, not the package): its partial answers", () => {
  let sb;
  let api;
  const open = []; // raw sockets to close even when a test fails halfway
  before(async () => {
    sb = await startSandbox({ args: ["--phone-delay-ms", "20", "--expiry-ms", "2000"] });
    api = apiClient(sb);
  });
  after(async () => {
    await Promise.all(open.map((r) => r.close()));
    await sb?.stop();
  });
  beforeEach(() => sb.reset());

  const HOOK = "http://127.0.0.1:9/hook";
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const keys = () => ({ "content-type": "application/json", "public-key": sb.publicKey, "secret-key": sb.secretKey });
  async function raw(path, body) {
    const r = await rawRequest(sb.url, {
      method: body === undefined ? "GET" : "POST",
      path,
      headers: keys(),
      body: body === undefined ? "" : JSON.stringify(body),
    });
    open.push(r);
    return r;
  }
  const halfSent = (r) => r.body.length >= Math.floor(Number(r.headers["content-length"]) / 2);
  const faultState = async () => (await (await fetch(`${sb.url}/_sandbox/faults`)).json()).data;

  test("truncate: full content-length, half the bytes, then the socket is destroyed", async () => {
    await sb.setFaults({ truncate_rate: 1 });
    const r = await raw("/v1/payment/init", initBody(HOOK, { reference: "ref-truncated-01" }));
    await r.closed; // the sandbox ends it, not us
    const res = r.response();
    assert.equal(res.status, 200);
    const length = Number(res.headers["content-length"]);
    assert.equal(res.body.length, Math.floor(length / 2), "exactly the first half of the declared length");
    assert.ok(res.body.toString().startsWith('{"status":"success"'));
    assert.equal(res.headers["content-type"], "application/json");
    await sb.setFaults({});
    assert.ok(await sb.payment("ref-truncated-01"), "truncation models a landed request whose answer was lost");
    const retry = await api.call("POST", "/v1/payment/init", { body: initBody(HOOK, { reference: "ref-truncated-01" }) });
    assert.equal(retry.json.message, "payment reference already exists");
  });

  test('truncate with fetch: status 200, then the body read fails with "terminated"', async () => {
    await sb.setFaults({ truncate_rate: 1 });
    const res = await fetch(`${sb.url}/v1/countries`, { headers: keys() });
    assert.equal(res.status, 200);
    await assert.rejects(res.text(), (e) => e instanceof TypeError && /terminated/.test(e.message));
    const res2 = await fetch(`${sb.url}/v1/countries`, { headers: keys() });
    await assert.rejects(res2.arrayBuffer(), /terminated/);
    assert.deepEqual((await faultState()).by_kind.truncate, 2);
  });

  test("stall: status, headers and half the body, then nothing until the client closes", async () => {
    await sb.setFaults({ stall_rate: 1 });
    const r = await raw("/v1/payment/init", initBody(HOOK, { reference: "ref-stalled-001" }));
    const res = await r.waitFor(halfSent);
    assert.equal(res.status, 200);
    assert.equal(res.body.length, Math.floor(Number(res.headers["content-length"]) / 2));
    await sleep(300);
    assert.equal(r.response().body.length, res.body.length, "not one byte more");
    assert.equal(r.socket.destroyed, false, "the sandbox holds the socket open");
    await r.close();
    assert.equal((await faultState()).history[0].kind, "stall");
    assert.equal((await sb.requests())[0].fault, "stall");
    await sb.setFaults({});
    assert.ok(await sb.payment("ref-stalled-001"), "a stalled request was processed");
    assert.equal((await api.call("GET", "/v1/countries", { keys: ["public-key"] })).status, 200, "the sandbox still answers");
  });

  test("stall with fetch: the response arrives, its body never does; the client timeout ends it", async () => {
    await sb.setFaults({ stall_rate: 1 });
    const res = await fetch(`${sb.url}/v1/countries`, { headers: keys(), signal: AbortSignal.timeout(300) });
    assert.equal(res.status, 200);
    const t0 = Date.now();
    await assert.rejects(res.text(), (e) => e.name === "TimeoutError");
    assert.ok(Date.now() - t0 >= 200, "the body hung until the client gave up");
  });

  test("a stalled pay landed once: pay_attempts 1, prompts 1; a re-sent pay would show as 2", async () => {
    const { reference } = await api.init(HOOK);
    await sb.setFaults({ stall_rate: 1, paths: ["/v1/payment/pay/"] });
    const r = await raw(`/v1/payment/pay/${reference}`, { phone_number: "260970000003" });
    await r.waitFor(halfSent);
    await r.close();
    let p = await sb.payment(reference);
    assert.deepEqual([p.pay_attempts, p.prompts, p.phase], [1, 1, "prompted"]);
    await sb.setFaults({});
    const again = await api.pay(reference, "260970000003");
    assert.match(again.json.message, /already in progress/);
    p = await sb.payment(reference);
    assert.deepEqual([p.pay_attempts, p.prompts], [2, 1]);
  });

  test("close() ends stalled sockets: SIGTERM alone stops it and the exit is clean", async (t) => {
    const own = await startSandbox();
    t.after(() => own.stop());
    const res = await fetch(`${own.url}/_sandbox/faults`, { method: "POST", body: JSON.stringify({ stall_rate: 1 }) });
    assert.equal(res.status, 200);
    const r = await rawRequest(own.url, { path: "/v1/countries", headers: { "public-key": own.publicKey } });
    t.after(() => r.close());
    await r.waitFor(halfSent);
    const hanging = await fetch(`${own.url}/v1/countries`, { headers: { "public-key": own.publicKey } });
    const body = hanging.text();
    body.catch(() => {}); // asserted below; no unhandled rejection meanwhile
    await own.stop();
    // Ended by SIGTERM with code 0: had the stalled sockets kept it alive, stop()'s SIGKILL
    // fallback would have ended it instead (exitCode null, signal SIGKILL).
    assert.equal(own.process.exitCode, 0, "SIGTERM was enough, no SIGKILL");
    assert.equal(own.process.signalCode, null);
    await r.closed;
    await assert.rejects(body, /terminated/);
  });
});
