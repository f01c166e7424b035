// Workers entry: workerd forbids compiling wasm from bytes at run time, so the
// module arrives precompiled through a static import (wrangler's wasm rule).
import wasm from "../dist/vesicash_edge_bg.wasm";
import { initSync } from "../dist/vesicash_edge.js";
initSync({ module: wasm });
export * from "../src/index.js";
