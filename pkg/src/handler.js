// The webhook endpoint, whole: one fetch-standard handler for every runtime
// that speaks Request/Response (Workers, Next.js route handlers, Hono,
// Deno.serve, Bun.serve), and an adapter for Node's (req, res). It reads the
// raw body once and bounded, verifies it with the package's verifier, and
// answers with the status that makes Vesicash do the right thing:
//   2xx  the event was verified and the merchant's onEvent settled;
//   400  the delivery failed verification (it never will verify: do not resend);
//   405  not a POST;
//   500  our failure or the merchant's (an unset secret, onEvent threw, the body
//        could not be read): Vesicash delivers again, so no event is lost.
// Response bodies carry an error code at most: never the body, a secret or a message.
import { VesicashError, invalid } from "./errors.js";
import { bodyLimit, bodyTooLarge, hostCryptoOption, toleranceOption, verifyWebhook, WebhookVerificationError } from "./webhook.js";

const encoder = new TextEncoder();
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };
const answer = (status, body, headers = {}) => new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });

/**
 * The delivery key: lowercase hex SHA-256 of the JSON array
 * `[event, data.reference, data.status]`, all three read from the verified body.
 *
 * Why these and not the raw bytes or the signature: Vesicash signs every
 * delivery attempt afresh (a new `mor-timestamp`, so a new signature), and a
 * sender that serialises the event again for a retry may change whitespace or
 * key order. The event name, the reference and the status are the same in
 * every delivery of one event, whatever the attempt, and they are what a
 * merchant acts on: two deliveries with one key report the same state of the
 * same payment (or refund, or payout), so acting on the first is enough. Two
 * events that change anything a merchant acts on differ in one of them. The
 * hash gives a fixed-length key with no separator to confuse.
 */
async function deliveryKey(event) {
  const text = JSON.stringify([event.event, event.data.reference, event.data.status]);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The raw body, read once and never past `limit` bytes: a `Content-Length`
 * over it is refused before reading, and a stream without one is cut off
 * (and cancelled) as soon as it passes it.
 */
async function readBody(request, limit) {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isSafeInteger(declared) && declared > limit) throw bodyTooLarge(declared, limit);
  // Read before (a middleware, a logger): what is left would verify as an empty body.
  if (request.bodyUsed) throw new VesicashError("the request body was already read: pass the request untouched", { code: "body_not_raw" });
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      reader.cancel().catch(() => {});
      throw bodyTooLarge(size, limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

/** Reports a refusal or a failure to the merchant's onError; a hook that throws is ignored. */
function report(onError, error, context) {
  try {
    onError(error, context);
  } catch {
    // The answer to Vesicash must not depend on the logger.
  }
}

// Without an onError, failures (500) are logged: they mean the merchant must
// fix something, and Vesicash keeps delivering until they do. Refusals (400)
// are not: anyone can send one. Our errors never hold a secret or the body.
const defaultOnError = (error, { status }) => {
  if (status >= 500) console.error("vesicash-edge webhook handler: answered 500:", error);
};

/**
 * A webhook endpoint as a fetch-standard handler, `(request) => Promise<Response>`.
 *
 * @param {{secret: string | string[] | undefined, onEvent: (event: object, delivery: {key: string, request: Request}) => unknown,
 *   onError?: (error: unknown, context: {status: number, request: Request}) => void,
 *   toleranceSeconds?: number, legacyBodyOnly?: boolean, maxBodyBytes?: number, hostCrypto?: boolean}} options
 * @throws {VesicashError} `validation_error` for a missing onEvent or a malformed option (the secret is read per delivery)
 */
export function createWebhookHandler(options) {
  if (options === null || typeof options !== "object") throw invalid("options", "must be an object with `secret` and `onEvent`");
  const { secret, onEvent, onError = defaultOnError, toleranceSeconds, legacyBodyOnly = false, maxBodyBytes, hostCrypto } = options;
  if (typeof onEvent !== "function") throw invalid("onEvent", "must be a function (event, { key, request }) => void | Promise<void>");
  if (typeof onError !== "function") throw invalid("onError", "must be a function (error, { status, request }) => void");
  // Checked now, so a malformed option fails at start-up, not on every delivery.
  // The secret is not: it may be unset while a framework evaluates the module at
  // build time, and an unset secret must answer 500 (deliver again), never 400.
  const limit = bodyLimit(maxBodyBytes);
  toleranceOption(toleranceSeconds);
  hostCryptoOption(hostCrypto);
  const verifyOptions = { toleranceSeconds, legacyBodyOnly: legacyBodyOnly === true, maxBodyBytes: limit, hostCrypto };

  return async function vesicashWebhookHandler(request) {
    if (request.method !== "POST") return answer(405, { error: "method_not_allowed" }, { allow: "POST" });
    let event;
    try {
      event = verifyWebhook(await readBody(request, limit), request.headers, secret, verifyOptions);
    } catch (e) {
      const refused = e instanceof WebhookVerificationError;
      report(onError, e, { status: refused ? 400 : 500, request });
      return refused ? answer(400, { error: e.code }) : answer(500, { error: "internal_error" });
    }
    try {
      await onEvent(event, { key: await deliveryKey(event), request });
    } catch (e) {
      report(onError, e, { status: 500, request });
      return answer(500, { error: "internal_error" });
    }
    return answer(200, { received: true });
  };
}

/** A Uint8Array over a chunk of a Node stream (a Buffer is one already) or a string's UTF-8. */
const chunkBytes = (c) => (typeof c === "string" ? encoder.encode(c) : new Uint8Array(c.buffer, c.byteOffset, c.byteLength));

/** A ReadableStream over a Node IncomingMessage, read only as the handler pulls it. */
function streamOf(req) {
  const it = req[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else controller.enqueue(chunkBytes(value));
    },
    async cancel() {
      await it.return?.();
    },
  });
}

/** A stream that fails when read: the handler answers 500 and reports `error` to onError. */
const failing = (error) => new ReadableStream({ start: (controller) => controller.error(error) });

/**
 * The raw body of a Node request: what a body parser left in `req.body`
 * (`express.raw`, a Fastify buffer parser), else the stream itself, unread.
 * A parsed body or a stream already read cannot be verified: that is the
 * merchant's set-up, not the delivery, so it fails as a 500, never a 400.
 */
function nodeBody(req) {
  const body = req.body;
  if (typeof body === "string") return encoder.encode(body);
  if (ArrayBuffer.isView(body)) return chunkBytes(body);
  if (req.readableDidRead === true || req.readableEnded === true) {
    const parsed = body !== undefined && body !== null;
    const message = parsed
      ? 'req.body was already parsed, and the signature covers the raw bytes: mount express.raw({ type: "application/json" }) on the webhook route (Fastify: a content-type parser with parseAs: "buffer")'
      : 'the request body was already read: pass the raw body in req.body (express.raw, Fastify\'s parseAs: "buffer") or leave the stream unread';
    return failing(new VesicashError(message, { code: "body_not_raw" }));
  }
  // Unread (express.json() leaves `{}` for a content type it skips): read it here.
  return streamOf(req);
}

/** A fetch Request over a Node (req, body): method, headers and body; the URL's host is not trusted or used. */
function nodeRequest(req) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers ?? {})) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.append(name, String(value));
  }
  const method = typeof req.method === "string" ? req.method.toUpperCase() : "GET";
  let url;
  try {
    url = new URL(typeof req.url === "string" ? req.url : "/", "http://localhost");
  } catch {
    url = new URL("http://localhost/");
  }
  if (method !== "POST") return new Request(url, { method, headers });
  return new Request(url, { method, headers, body: nodeBody(req), duplex: "half" });
}

/** Writes a fetch Response to a Node ServerResponse. */
async function writeNode(res, response) {
  const text = await response.text();
  res.statusCode = response.status;
  for (const [name, value] of response.headers) res.setHeader(name, value);
  res.end(text);
}

/**
 * Adapts a fetch-standard handler to Node's `(req, res)`: node:http, Express
 * (mount `express.raw({ type: "application/json" })` on the route, or no body
 * parser at all), Fastify (`reply.hijack()`, then `req` = `request.raw` with
 * `body` set to the raw Buffer). Never throws and never calls `next`: every
 * request gets an answer.
 *
 * @param {(request: Request) => Promise<Response>} handler
 * @returns {(req: object, res: object) => Promise<void>}
 */
export function toNodeHandler(handler) {
  if (typeof handler !== "function") throw invalid("handler", "must be a function (request: Request) => Promise<Response>");
  return async function vesicashNodeHandler(req, res) {
    let response;
    try {
      response = await handler(nodeRequest(req));
    } catch (e) {
      // The request could not be read (a parsed or consumed body): the merchant's set-up.
      console.error("vesicash-edge webhook handler: answered 500:", e);
      response = answer(500, { error: "internal_error" });
    }
    await writeNode(res, response);
  };
}

/**
 * `toNodeHandler(createWebhookHandler(options))`: a webhook endpoint for Node's `(req, res)`.
 * @param {Parameters<typeof createWebhookHandler>[0]} options
 */
export function createNodeWebhookHandler(options) {
  return toNodeHandler(createWebhookHandler(options));
}
