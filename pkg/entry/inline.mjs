// Deno (`npm:vesicash-edge`) and Node under webpack: the wasm bytes ship inside
// a JavaScript module, so nothing is read from disk at run time. Deno then needs
// no --allow-read (nor Deno Deploy, Supabase or Netlify a file next to the code),
// and webpack, whose Next.js server build turns `new URL(…, import.meta.url)`
// into an object readFileSync refuses, bundles it as plain code.
// Synchronous compile: no top-level await.
import { initSync } from "../dist/vesicash_edge.js";
import { wasmBytes } from "../dist/wasm-inline.js";
initSync({ module: wasmBytes() });
export * from "../src/index.js";
