// `vesicash-edge/webhooks` for Vercel and Next.js edge (`edge-light`, `worker`):
// the webhook-only module as a precompiled WebAssembly.Module by their
// `?module` convention, as entry/edge-light.mjs does for the whole package.
import wasm from "../dist/vesicash_edge_webhooks_bg.wasm?module";
import * as glue from "../dist/vesicash_edge_webhooks.js";
import { useWebhookCore } from "../src/webhook.js";
glue.initSync({ module: wasm });
useWebhookCore(glue);
export * from "../src/webhooks.js";
