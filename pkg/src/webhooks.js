// The public surface of `vesicash-edge/webhooks`: webhook verification and
// signing and the webhook endpoint (createWebhookHandler) only, over the webhook-only wasm module (entry/webhooks-*.mjs bind
// it). Never imports the client: a webhook endpoint loads a third of the module.
export { VesicashError } from "./errors.js";
export { verifyWebhook, signWebhook, WebhookVerifier, WebhookVerificationError } from "./webhook.js";
export { createWebhookHandler, createNodeWebhookHandler, toNodeHandler } from "./handler.js";
