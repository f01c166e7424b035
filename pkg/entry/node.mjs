// Node ESM entry: read the .wasm from disk (Node's fetch cannot read file://)
// and compile it synchronously, so importing is enough: no top-level await.
import { readFileSync } from "node:fs";
import { initSync } from "../dist/vesicash_edge.js";
initSync({ module: readFileSync(new URL("../dist/vesicash_edge_bg.wasm", import.meta.url)) });
export * from "../src/index.js";
