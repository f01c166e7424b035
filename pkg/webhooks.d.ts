// Type declarations of `vesicash-edge/webhooks`: the webhook part of the
// package's declarations (index.d.ts), over the webhook-only module.
export {
  createNodeWebhookHandler,
  createWebhookHandler,
  NodeWebhookHandler,
  NodeWebhookRequest,
  NodeWebhookResponse,
  RawWebhookBody,
  signWebhook,
  VerifyWebhookOptions,
  VesicashError,
  verifyWebhook,
  toNodeHandler,
  WebhookHandler,
  WebhookHandlerOptions,
  WebhookHeaders,
  WebhookVerificationError,
  WebhookVerifier,
} from "./index.js";
export type { Payment, PaymentStatus, Payout, Refund, WebhookErrorCode, WebhookEvent, WebhookEventName } from "./types.js";
