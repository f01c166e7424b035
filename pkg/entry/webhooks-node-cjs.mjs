// Source of dist/webhooks.cjs (bundled to CommonJS by scripts/bundle.mjs,
// where __dirname is dist/): `require("vesicash-edge/webhooks")`, synchronous.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as glue from "../dist/vesicash_edge_webhooks.js";
import { useWebhookCore } from "../src/webhook.js";
glue.initSync({ module: readFileSync(join(__dirname, "vesicash_edge_webhooks_bg.wasm")) });
useWebhookCore(glue);
export * from "../src/webhooks.js";
