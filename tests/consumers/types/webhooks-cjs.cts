// The require() side of `vesicash-edge/webhooks` resolves to declarations too.
import hooks = require("vesicash-edge/webhooks");
export const ok: boolean = new hooks.WebhookVerifier("whsec_x").hmac === "wasm";
// @ts-expect-error the client is not part of the webhooks entry
export const client = hooks.Vesicash;
