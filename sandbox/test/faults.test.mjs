// Seeded fault injection: each fault type, determinism, scoping by path and count, by_kind.
// truncate and stall, whose answers never arrive whole, are in partial.test.mjs.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startSandbox } from "../spawn.mjs";
import { apiClient, initBody } from "../testkit.mjs";

describe("sandbox simulator (tests the simulator, not the package): its fault injection", () => {
  let sb;
  let api;
  before(async () => {
    sb = await startSandbox({ args: ["--phone-delay-ms", "20", "--expiry-ms", "500"] });
    api = apiClient(sb);
  });
  after(() => sb?.stop());
  beforeEach(() => sb.reset());

  const HOOK = "http://127.0.0.1:9/hook";
  const countries = () => api.call("GET", "/v1/countries", { keys: ["public-key"] });
  const total = async () => (await api.call("GET", "/v1/payment/", { keys: ["public-key"] })).json.data.total;

  test("error_rate: the status comes from error_statuses, and a faulted init creates no payment", async () => {
    await sb.setFaults({ seed: 3, error_rate: 1, error_statuses: [503] });
    const r = await api.call("POST", "/v1/payment/init", { body: initBody(HOOK) });
    assert.equal(r.status, 503);
    assert.deepEqual({ ...r.json, message: undefined }, { status: "error", code: 503, message: undefined, data: null });
    assert.equal((await sb.requests())[0].fault, "error", "the faulted request is still in the request log");
    await sb.setFaults({});
    assert.equal(await total(), 0);
  });

  test("rate_limit_rate: 429 with Retry-After", async () => {
    await sb.setFaults({ rate_limit_rate: 1, retry_after_seconds: 7 });
    const r = await countries();
    assert.equal(r.status, 429);
    assert.equal(r.headers.get("retry-after"), "7");
    assert.equal(r.json.code, 429);
    assert.match(r.json.message, /rate limit/);
  });

  test("drop_rate: the socket is destroyed without a response", async () => {
    await sb.setFaults({ drop_rate: 1 });
    await assert.rejects(fetch(`${sb.url}/v1/countries`, { headers: { "public-key": sb.publicKey } }), /fetch failed/);
    await assert.rejects(api.init(HOOK));
    await sb.setFaults({});
    assert.equal(await total(), 0, "a dropped init creates no payment");
  });

  test("html_rate: 502 with an HTML page", async () => {
    await sb.setFaults({ html_rate: 1 });
    const r = await countries();
    assert.equal(r.status, 502);
    assert.match(r.headers.get("content-type"), /text\/html/);
    assert.match(r.text, /<html>/);
  });

  test("latency_ms delays the answer", async () => {
    await sb.setFaults({ latency_ms: 150 });
    const t0 = Date.now();
    assert.equal((await countries()).status, 200);
    assert.ok(Date.now() - t0 >= 140);
  });

  test("the same seed gives the same fault sequence; another seed a different one", async () => {
    const mix = { error_rate: 0.3, rate_limit_rate: 0.2, html_rate: 0.1 };
    const run = async (seed) => {
      await sb.setFaults({ seed, ...mix });
      const statuses = [];
      for (let i = 0; i < 30; i++) statuses.push((await countries()).status);
      return statuses;
    };
    const a = await run(42);
    const b = await run(42);
    const c = await run(43);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    assert.ok(new Set(a).size >= 3, `a mix of outcomes: ${a}`);
    const state = await (await fetch(`${sb.url}/_sandbox/faults`)).json();
    assert.equal(state.data.config.seed, 43);
    assert.equal(state.data.injected, c.filter((s) => s !== 200).length);
  });

  test("paths and count scope the faults; {} turns them off; control routes are never faulted", async () => {
    await sb.setFaults({ error_rate: 1, paths: ["/v1/countries"], count: 2 });
    assert.equal((await api.call("POST", "/v1/payment/init", { body: initBody(HOOK) })).status, 200);
    assert.ok((await countries()).status >= 500);
    assert.ok((await countries()).status >= 500);
    assert.equal((await countries()).status, 200, "count exhausted");
    assert.equal((await sb.requests()).length, 4);

    await sb.setFaults({ error_rate: 1 });
    assert.ok((await countries()).status >= 500);
    await sb.setFaults({});
    assert.equal((await countries()).status, 200);
  });

  test("a bad fault config is a 400", async () => {
    await assert.rejects(sb.setFaults({ error_rate: 2 }), /400.*error_rate/);
    await assert.rejects(sb.setFaults({ error_rate: 0.6, drop_rate: 0.6 }), /400.*add up/);
    await assert.rejects(sb.setFaults({ stall_rate: 0.5, truncate_rate: 0.3, html_rate: 0.3 }), /400.*add up/);
    await assert.rejects(sb.setFaults({ stall_rate: -0.1 }), /400.*stall_rate/);
    await assert.rejects(sb.setFaults({ error_statuses: [200] }), /400.*error_statuses/);
    await assert.rejects(sb.setFaults({ typo_rate: 1 }), /400.*unknown field/);
  });

  // One request whatever its fault: the status, or 'dropped'; the body is never read, so a
  // truncated or stalled answer cannot hang the loop.
  async function statusOnly(path) {
    const ctrl = new AbortController();
    try {
      const res = await fetch(sb.url + path, { headers: { "public-key": sb.publicKey }, signal: ctrl.signal });
      return res.status;
    } catch {
      return "dropped";
    } finally {
      ctrl.abort();
    }
  }
  const faultState = async () => (await (await fetch(`${sb.url}/_sandbox/faults`)).json()).data;

  test("every kind takes part in the seeded sequence, and by_kind counts them", async () => {
    const mix = { drop_rate: 0.15, truncate_rate: 0.15, stall_rate: 0.15, html_rate: 0.15, rate_limit_rate: 0.15, error_rate: 0.15, latency_ms: 1 };
    const run = async (seed) => {
      await sb.setFaults({ seed, ...mix });
      for (let i = 0; i < 40; i++) await statusOnly("/v1/countries");
      return faultState();
    };
    const a = await run(7);
    const b = await run(7);
    assert.deepEqual(
      a.history.map((f) => f.kind),
      b.history.map((f) => f.kind),
    );
    assert.deepEqual(a.by_kind, b.by_kind);
    assert.deepEqual(Object.keys(a.by_kind).sort(), ["drop", "error", "html", "latency", "rate_limit", "stall", "truncate"]);
    for (const [kind, n] of Object.entries(a.by_kind)) {
      assert.equal(n, a.history.filter((f) => f.kind === kind).length, kind);
      assert.ok(n > 0, `${kind} drawn at least once in 40: ${JSON.stringify(a.by_kind)}`);
    }
    assert.equal(a.injected, 40, "latency_ms makes every request a fault");
  });

  test("by_kind has every kind, zeros included, and restarts with the config", async () => {
    const zero = { error: 0, rate_limit: 0, drop: 0, truncate: 0, html: 0, stall: 0, latency: 0 };
    assert.deepEqual((await faultState()).by_kind, zero, "faults off");
    await sb.setFaults({ error_rate: 1, count: 2 });
    await countries();
    await countries();
    await countries();
    const state = await faultState();
    assert.deepEqual(state.by_kind, { ...zero, error: 2 });
    assert.equal(state.injected, 2);
    await sb.setFaults({});
    assert.deepEqual((await faultState()).by_kind, zero);
  });
});
