// Verification timings in this Node process: every verifier of
// verifiers.mjs on every body size. Exports measure(); run.mjs prints it.
import * as nodeCrypto from "node:crypto";
import { Webhook } from "standardwebhooks";
import * as api from "../pkg/entry/node.mjs";
import { SIZES, batch, setup } from "./verifiers.mjs";

/** Median µs per call of `fn` over `rounds` batches of `n` calls (awaiting async ones one by one). */
export async function time(fn, n, rounds = 9) {
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const x = fn();
      if (x instanceof Promise) await x;
    }
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3 / n);
  }
  return samples.sort((a, b) => a - b)[rounds >> 1];
}

/** `{ [size]: { [verifier]: µs } }`, the verifiers interleaved round by round so drift hits all alike. */
export async function measure() {
  const out = {};
  for (const size of SIZES) {
    const { text, headers, impls } = await setup({ api, Webhook, crypto: nodeCrypto, subtle: crypto.subtle }, size, Math.floor(Date.now() / 1000));
    const n = batch(size);
    const names = Object.keys(impls);
    const samples = Object.fromEntries(names.map((k) => [k, []]));
    for (const k of names) await time(() => impls[k](text, headers), n, 1); // warm-up
    for (let r = 0; r < 7; r++) for (const k of names) samples[k].push(await time(() => impls[k](text, headers), n, 1));
    out[size] = Object.fromEntries(names.map((k) => [k, samples[k].sort((a, b) => a - b)[3]]));
  }
  return out;
}
