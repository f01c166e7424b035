// `vesicash-edge/webhooks` resolves to declarations: the verifier, signer,
// errors and event types, and nothing of the client.
import { signWebhook, verifyWebhook, type VesicashError, WebhookVerificationError, WebhookVerifier, type WebhookEvent } from "vesicash-edge/webhooks";
import * as hooks from "vesicash-edge/webhooks";

const verifier = new WebhookVerifier(["whsec_old", "whsec_new"], { toleranceSeconds: 300, hostCrypto: false });
export const source: "node:crypto" | "wasm" = verifier.hmac;
const headers = signWebhook("{}", "whsec_new", { timestamp: 1 });
export const event: WebhookEvent = verifyWebhook("{}", headers, "whsec_new", { now: 1 });
export const refused: VesicashError = new WebhookVerificationError("x", { code: "signature_mismatch" });
export const status: string = event.event === "payment.updated" ? event.data.status : "";
// @ts-expect-error the client is not part of the webhooks entry
export const client = hooks.Vesicash;
// @ts-expect-error hostCrypto is a boolean
new WebhookVerifier("whsec_x", { hostCrypto: "yes" });
