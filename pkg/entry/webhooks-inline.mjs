// `vesicash-edge/webhooks` for Deno and Node under webpack: the webhook-only
// module's bytes inlined in JavaScript, as entry/inline.mjs does for the whole
// package (no file read at run time, nothing for a bundler to resolve).
import * as glue from "../dist/vesicash_edge_webhooks.js";
import { wasmBytes } from "../dist/webhooks-wasm-inline.js";
import { useWebhookCore } from "../src/webhook.js";
glue.initSync({ module: wasmBytes() });
useWebhookCore(glue);
export * from "../src/webhooks.js";
