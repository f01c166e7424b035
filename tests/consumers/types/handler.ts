// The webhook handler's declarations: the fetch-standard uses compile, and
// each misuse below must be a type error.
import {
  VesicashError,
  WebhookVerificationError,
  createNodeWebhookHandler,
  createWebhookHandler,
  toNodeHandler,
  type NodeWebhookHandler,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookHandler,
} from "vesicash-edge";

declare const env: { VESICASH_WEBHOOK_SECRET?: string; NEXT?: string };
declare function save(key: string, reference: string, status: string): Promise<boolean>;

// A Next.js route handler: `export const POST = …`, with an env value that may be unset.
export const POST: (request: Request) => Promise<Response> = createWebhookHandler({
  secret: env.VESICASH_WEBHOOK_SECRET,
  async onEvent(event: WebhookEvent, { key, request }: WebhookDelivery) {
    const method: string = request.method;
    if (event.event === "payment.updated") await save(key, event.data.reference, `${event.data.status} ${method}`);
  },
  onError(error, { status }) {
    const code: 400 | 500 = status;
    if (error instanceof WebhookVerificationError || error instanceof VesicashError) console.log(code, error.code);
  },
  toleranceSeconds: 300,
  maxBodyBytes: 1 << 20,
});

// Rotation, a synchronous onEvent, and the runtimes' handler shapes.
const rotating: WebhookHandler = createWebhookHandler({ secret: ["whsec_old", "whsec_new"], onEvent: () => {} });
declare function denoServe(handler: (request: Request, info: { remoteAddr: unknown }) => Response | Promise<Response>): void;
denoServe(rotating);
declare function bunServe(options: { fetch(request: Request): Response | Promise<Response> }): void;
bunServe({ fetch: rotating });
export default { fetch: rotating } satisfies { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> };

// The Node adapter over any fetch-standard handler.
const node: NodeWebhookHandler = toNodeHandler(rotating);
const direct: NodeWebhookHandler = createNodeWebhookHandler({ secret: "whsec_x", onEvent: async () => {} });
void [node, direct];

// @ts-expect-error onEvent is required
createWebhookHandler({ secret: "whsec_x" });
// @ts-expect-error the secret is a string or a list of strings
createWebhookHandler({ secret: 42, onEvent() {} });
// @ts-expect-error `now` is not an option of a handler: it reads the clock
createWebhookHandler({ secret: "whsec_x", onEvent() {}, now: 1 });
// @ts-expect-error the event is a WebhookEvent, not the raw body
createWebhookHandler({ secret: "whsec_x", onEvent: (event: string) => void event });
// @ts-expect-error the handler takes a Request, not a body
void rotating("{}");
// @ts-expect-error toNodeHandler adapts a handler, not options
toNodeHandler({ secret: "whsec_x", onEvent() {} });
