// Source of dist/node.cjs (bundled to CommonJS by scripts/bundle.mjs, where
// __dirname is dist/). Synchronous, so `require("vesicash-edge")` works.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "../dist/vesicash_edge.js";
initSync({ module: readFileSync(join(__dirname, "vesicash_edge_bg.wasm")) });
export * from "../src/index.js";
