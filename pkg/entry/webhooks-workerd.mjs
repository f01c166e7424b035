// `vesicash-edge/webhooks` for Workers: the webhook-only module, precompiled
// by wrangler through a static import (workerd compiles no wasm from bytes).
import wasm from "../dist/vesicash_edge_webhooks_bg.wasm";
import * as glue from "../dist/vesicash_edge_webhooks.js";
import { useWebhookCore } from "../src/webhook.js";
glue.initSync({ module: wasm });
useWebhookCore(glue);
export * from "../src/webhooks.js";
