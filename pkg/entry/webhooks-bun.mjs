// `vesicash-edge/webhooks` for Bun: the webhook-only module named by Bun's
// `with { type: "file" }` (embedded by `bun build --compile`), as entry/bun.mjs.
import { readFileSync } from "node:fs";
import wasmPath from "../dist/vesicash_edge_webhooks_bg.wasm" with { type: "file" };
import * as glue from "../dist/vesicash_edge_webhooks.js";
import { useWebhookCore } from "../src/webhook.js";
glue.initSync({ module: readFileSync(wasmPath) });
useWebhookCore(glue);
export * from "../src/webhooks.js";
