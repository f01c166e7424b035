// Bundles the CommonJS entry of the package: the ESM glue and sources become
// one dist/node.cjs, sharing dist/vesicash_edge_bg.wasm with the other entries.
import { build } from "esbuild";
import { copyFileSync } from "node:fs";

const pkg = new URL("../pkg/", import.meta.url);
await build({
  entryPoints: [new URL("entry/node-cjs.mjs", pkg).pathname],
  outfile: new URL("dist/node.cjs", pkg).pathname,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  logLevel: "warning",
  // The glue's async init reads import.meta.url; the CJS entry never calls it.
  logOverride: { "empty-import-meta": "silent" },
});
copyFileSync(new URL("index.d.ts", pkg), new URL("index.d.cts", pkg));
