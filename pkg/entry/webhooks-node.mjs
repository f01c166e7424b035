// `vesicash-edge/webhooks` for Node ESM: the webhook-only module read from
// disk and compiled synchronously, so importing is enough.
import { readFileSync } from "node:fs";
import * as glue from "../dist/vesicash_edge_webhooks.js";
import { useWebhookCore } from "../src/webhook.js";
glue.initSync({ module: readFileSync(new URL("../dist/vesicash_edge_webhooks_bg.wasm", import.meta.url)) });
useWebhookCore(glue);
export * from "../src/webhooks.js";
