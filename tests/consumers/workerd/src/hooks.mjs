// A webhook endpoint as a Worker writes one: createWebhookHandler made per
// request (the secret is in env), over an onEvent that records what it saw.
import { createWebhookHandler } from "vesicash-edge";
import { HOOK_MAX_BODY, recordingOnEvent } from "../../../support/handler-endpoint.mjs";

// One isolate under wrangler dev: the log outlives requests, for /hooks/seen.
const log = [];
const onEvent = recordingOnEvent(log);

/** `/hooks/vesicash`: the handler; `/hooks/seen`: what onEvent was called with. */
export function handleHooks(request, env, pathname) {
  if (pathname === "/hooks/seen") return Response.json(log);
  return createWebhookHandler({ secret: env.HOOK_SECRET, onEvent, maxBodyBytes: HOOK_MAX_BODY, onError() {} })(request);
}
