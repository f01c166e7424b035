// `vesicash-edge/webhooks` for browsers and other runtimes: fetch the
// webhook-only .wasm next to this file (top-level await, then synchronous).
import * as glue from "../dist/vesicash_edge_webhooks.js";
import { useWebhookCore } from "../src/webhook.js";
await glue.default({ module_or_path: new URL("../dist/vesicash_edge_webhooks_bg.wasm", import.meta.url) });
useWebhookCore(glue);
export * from "../src/webhooks.js";
