// Vercel and Next.js edge (the `edge-light` condition) and other `worker`
// runtimes bundled by Next.js: compiling wasm from bytes at run time is
// forbidden there, and `import … from "….wasm?module"` is their convention
// for a precompiled WebAssembly.Module (webpack's and Turbopack's edge builds
// both understand it). No top-level await, no fetch of a URL.
import wasm from "../dist/vesicash_edge_bg.wasm?module";
import { initSync } from "../dist/vesicash_edge.js";
initSync({ module: wasm });
export * from "../src/index.js";
