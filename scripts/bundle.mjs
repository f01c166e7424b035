// Bundles the CommonJS entry of the package: the ESM glue and sources become
// one dist/node.cjs, sharing dist/vesicash_edge_bg.wasm with the other entries.
import { build } from "esbuild";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";

const pkg = new URL("../pkg/", import.meta.url);
// The whole package's, and `vesicash-edge/webhooks`' over the webhook-only module.
for (const [entry, out] of [
  ["entry/node-cjs.mjs", "dist/node.cjs"],
  ["entry/webhooks-node-cjs.mjs", "dist/webhooks.cjs"],
]) {
  await build({
    entryPoints: [new URL(entry, pkg).pathname],
    outfile: new URL(out, pkg).pathname,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "warning",
    // The glue's async init reads import.meta.url; the CJS entry never calls it.
    logOverride: { "empty-import-meta": "silent" },
  });
}
// The CommonJS type entry: the same declarations as CommonJS files (under
// node16/nodenext a .d.cts may not import the ESM types.d.ts).
copyFileSync(new URL("types.d.ts", pkg), new URL("types.d.cts", pkg));
const index = readFileSync(new URL("index.d.ts", pkg), "utf8");
const cjs = index.replaceAll('from "./types.js"', 'from "./types.cjs"');
if (cjs === index) throw new Error("pkg/index.d.ts no longer imports ./types.js: update scripts/bundle.mjs");
writeFileSync(new URL("index.d.cts", pkg), cjs);
const hooks = readFileSync(new URL("webhooks.d.ts", pkg), "utf8");
const hooksCjs = hooks.replaceAll('from "./index.js"', 'from "./index.cjs"').replaceAll('from "./types.js"', 'from "./types.cjs"');
if (!hooksCjs.includes("./index.cjs")) throw new Error("pkg/webhooks.d.ts no longer imports ./index.js: update scripts/bundle.mjs");
writeFileSync(new URL("webhooks.d.cts", pkg), hooksCjs);
