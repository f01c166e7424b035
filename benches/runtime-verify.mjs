// Verification timings in whichever runtime runs this file: Node, Deno
// (`deno run -A`) or Bun. The package through its Node entry, against
// node:crypto and WebCrypto by hand (verifiers.mjs), at 1 KB and 64 KB.
// Prints one JSON line `{ runtime, results: { [size]: { [verifier]: µs } } }`.
import * as nodeCrypto from "node:crypto";
import * as api from "../pkg/entry/node.mjs";
import { setup } from "./verifiers.mjs";

const SIZES = [1024, 64 * 1024];
const runtime = globalThis.Deno ? `Deno ${Deno.version.deno}` : globalThis.Bun ? `Bun ${Bun.version}` : `Node ${process.version}`;

async function time(fn, n) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const x = fn();
    if (x instanceof Promise) await x;
  }
  return ((performance.now() - t0) * 1000) / n;
}

const results = {};
for (const size of SIZES) {
  const { text, headers, impls, verifier } = await setup({ api, crypto: nodeCrypto, subtle: crypto.subtle }, size, Math.floor(Date.now() / 1000));
  const n = size > 1024 ? 100 : 2000;
  const names = Object.keys(impls);
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (const k of names) await time(() => impls[k](text, headers), n); // warm-up
  for (let r = 0; r < 7; r++) for (const k of names) samples[k].push(await time(() => impls[k](text, headers), n));
  results[size] = Object.fromEntries(names.map((k) => [k, samples[k].sort((a, b) => a - b)[3]]));
  results[size].hmac = verifier.hmac;
}
console.log(JSON.stringify({ runtime, results }));
