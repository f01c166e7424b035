// Lossy webhook delivery: dropped, duplicated and late (overtaken) events, seeded, with the
// sandbox's own record of what it did, from the CLI flag and from the control endpoint.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { parseArgs } from "../server.mjs";
import { startSandbox } from "../spawn.mjs";
import { apiClient, startReceiver } from "../testkit.mjs";

const EVENTS = 40;
const LOSS = { drop_rate: 0.5, duplicate_rate: 0.3, late_rate: 0.3, late_ms: 300, seed: 7 };
const cleanup = [];
after(() => Promise.all(cleanup.map((f) => f())));

/** Pays `n` payments (all approve) toward `rx`; resolves with their references. */
async function payMany(api, rx, n) {
  const references = [];
  for (let i = 0; i < n; i++) {
    const { reference } = await api.init(`${rx.url}/hook`);
    await api.pay(reference, "260970000001");
    references.push(reference);
  }
  return references;
}

/** Waits (bounded) until every event was raised and every copy not dropped has arrived. */
async function settled(sb, rx, n) {
  return sb.waitFor(
    async () => {
      const record = await sb.webhookRecord();
      if (record.counts.events < n) return null;
      const expected = record.events.reduce((sum, e) => sum + e.copies, 0);
      return rx.hits.length >= expected ? record : null;
    },
    { timeoutMs: 10_000, intervalMs: 25 },
  );
}

async function run(args, configure) {
  const sb = await startSandbox({ args: ["--phone-delay-ms", "10", "--expiry-ms", "5000", ...args] });
  const rx = await startReceiver();
  cleanup.push(
    () => sb.stop(),
    () => rx.close(),
  );
  if (configure) await sb.setWebhookOptions(configure);
  const references = await payMany(apiClient(sb), rx, EVENTS);
  const record = await settled(sb, rx, EVENTS);
  return { sb, rx, references, record };
}

describe("sandbox simulator (tests the simulator, not the package): its lossy webhook delivery", () => {
  test("the flag drops, duplicates and delays deliveries, and the record says which", async () => {
    const { rx, references, record } = await run(["--webhook-loss", JSON.stringify(LOSS)]);
    assert.deepEqual(record.options, LOSS);
    const { counts, events } = record;
    assert.equal(counts.events, EVENTS);
    assert.deepEqual(events.map((e) => e.reference).sort(), [...references].sort());
    // Roughly half dropped (seeded, so exact for this seed; bounds keep the test honest).
    assert.ok(counts.dropped >= 10 && counts.dropped <= 30, JSON.stringify(counts));
    assert.ok(counts.duplicated > 0 && counts.late > 0 && counts.reordered > 0, JSON.stringify(counts));
    assert.equal(counts.delivered, EVENTS - counts.dropped);
    // What arrived is exactly what the record says: no copy of a dropped event, two of a duplicated one.
    const hitsBy = new Map();
    for (const h of rx.hits) {
      const ref = JSON.parse(h.body).data.reference;
      hitsBy.set(ref, (hitsBy.get(ref) ?? 0) + 1);
    }
    for (const e of events) {
      assert.equal(hitsBy.get(e.reference) ?? 0, e.copies, `${e.reference}: ${JSON.stringify(e)}`);
      assert.ok(e.dropped ? e.copies === 0 : e.copies >= 1, JSON.stringify(e));
      if (e.dropped) assert.equal(e.first_attempt_at, null);
      if (e.late_ms > 0) assert.ok(e.late_ms >= LOSS.late_ms / 2 && e.late_ms <= LOSS.late_ms, JSON.stringify(e));
    }
    // An overtaken event really arrived after a later one.
    const order = rx.hits.map((h) => JSON.parse(h.body).data.reference);
    const firstArrival = (ref) => order.indexOf(ref);
    const raised = events.filter((e) => !e.dropped);
    for (const e of raised.filter((x) => x.reordered)) {
      assert.ok(
        raised.some((later) => later.n > e.n && firstArrival(later.reference) < firstArrival(e.reference)),
        `${e.reference} is marked reordered but nothing raised later arrived first`,
      );
    }
  });

  test("the same seed makes the same decisions; the control endpoint sets them too", async () => {
    const a = await run([], LOSS);
    const b = await run(["--webhook-loss", JSON.stringify(LOSS)]);
    const decisions = (r) => r.record.events.map((e) => [e.dropped, e.copies, e.late_ms]);
    assert.deepEqual(decisions(a), decisions(b));
    const c = await run([], { ...LOSS, seed: 8 });
    assert.notDeepEqual(decisions(a), decisions(c));
    // Reset keeps the flag's loss, clears the record.
    await b.sb.reset();
    const after = await b.sb.webhookRecord();
    assert.deepEqual([after.counts.events, after.options.drop_rate], [0, 0.5]);
  });

  test("bad loss options are refused with the field named", async () => {
    const sb = await startSandbox();
    cleanup.push(() => sb.stop());
    const r = await fetch(`${sb.url}/_sandbox/webhook-options`, { method: "POST", body: JSON.stringify({ drop_rate: 1.5 }) });
    assert.equal(r.status, 400);
    assert.match((await r.json()).message, /drop_rate/);
    assert.throws(() => parseArgs(["--webhook-loss", "{nope"]), /--webhook-loss needs a JSON object/);
    assert.throws(() => parseArgs(["--webhook-loss", '{"late_rate":-1}']), /late_rate/);
    assert.deepEqual(parseArgs(["--webhook-loss", '{"drop_rate":0.25}']).webhookLoss, { drop_rate: 0.25 });
  });
});
