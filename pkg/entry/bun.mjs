// Bun: `with { type: "file" }` is Bun's own way to name a file the code needs:
// the runtime answers its path, and `bun build --compile` embeds the file and
// answers the embedded path. Read and compiled synchronously: no top-level await.
import { readFileSync } from "node:fs";
import wasmPath from "../dist/vesicash_edge_bg.wasm" with { type: "file" };
import { initSync } from "../dist/vesicash_edge.js";
initSync({ module: readFileSync(wasmPath) });
export * from "../src/index.js";
