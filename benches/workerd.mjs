// Verification timings inside real workerd (wrangler dev): the Worker in
// workerd/ runs a batch of calls per request, timed from here, because
// workerd's clock stands still during synchronous code. Per call:
// (median time of an n-call request − median time of an empty one) / n.
import { fileURLToPath } from "node:url";
import { startWrangler } from "../tests/support/processes.mjs";
import { SIZES, batch } from "./verifiers.mjs";

const config = fileURLToPath(new URL("./workerd/wrangler.toml", import.meta.url));

async function request(url) {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${text}`);
  return Number(process.hrtime.bigint() - t0) / 1e3;
}

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

/** `{ [size]: { [verifier]: µs } }` measured inside workerd. */
export async function measure({ rounds = 7 } = {}) {
  const worker = await startWrangler(config);
  try {
    const out = {};
    for (const size of SIZES) {
      const names = await (await fetch(`${worker.url}/names?size=${size}`)).json();
      const n = batch(size) * 2;
      const empty = [];
      const full = Object.fromEntries(names.map((k) => [k, []]));
      for (const k of names) await request(`${worker.url}/run?impl=${encodeURIComponent(k)}&size=${size}&n=${n}`); // warm-up
      for (let r = 0; r < rounds; r++) {
        empty.push(await request(`${worker.url}/run?impl=standardwebhooks&size=${size}&n=0`));
        for (const k of names) full[k].push(await request(`${worker.url}/run?impl=${encodeURIComponent(k)}&size=${size}&n=${n}`));
      }
      const base = median(empty);
      out[size] = Object.fromEntries(names.map((k) => [k, Math.max(0, median(full[k]) - base) / n]));
    }
    return out;
  } finally {
    await worker.stop();
  }
}
