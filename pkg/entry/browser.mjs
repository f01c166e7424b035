// Browsers and other runtimes: fetch the .wasm next to this file. The one
// entry with top-level await; after it every call, verification included,
// is synchronous.
import init from "../dist/vesicash_edge.js";
await init({ module_or_path: new URL("../dist/vesicash_edge_bg.wasm", import.meta.url) });
export * from "../src/index.js";
