// A mobile-money checkout on plain node:http with vesicash-edge:
//   POST /checkout            {amount, currency, country, phone_number}
//                             → init (reference chosen here) + pay (push prompt)
//   POST /webhooks/vesicash   signed status webhook: verified on the raw bytes
//   GET  /payments/:reference the payment from Vesicash + what the webhooks said
//
// Run: VESICASH_PUBLIC_KEY=… VESICASH_SECRET_KEY=… VESICASH_WEBHOOK_SECRET=… node server.mjs
// State is in memory: a real shop keeps it in its database.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { pathToFileURL } from "node:url";
import { Vesicash, VesicashError, WebhookVerificationError, paymentOutcome, verifyWebhook } from "vesicash-edge";

/** Largest request body accepted, in bytes (JSON bodies here are tiny). */
const MAX_BODY_BYTES = 64 * 1024;
const WEBHOOK_PATH = "/webhooks/vesicash";

class HttpError extends Error {
  constructor(status, body) {
    super(body.message ?? body.error);
    this.status = status;
    this.body = body;
  }
}

/** The raw request body as a Buffer: the webhook signature covers these exact bytes. */
function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, { error: "body_too_large" }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJson(buffer) {
  try {
    return JSON.parse(buffer.toString("utf8"));
  } catch {
    throw new HttpError(400, { error: "invalid_json", message: "the body must be JSON" });
  }
}

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** HTTP status for a VesicashError: our input → 400, unknown reference → 404, Vesicash/network → 502. */
function statusOf(error) {
  if (error.code === "validation_error") return 400;
  if (error.code === "not_found") return 404;
  return 502;
}

function describe(error) {
  const out = { error: error.code, message: error.message };
  if (error.field) out.field = error.field;
  if (error.status) out.upstream_status = error.status;
  return out;
}

/**
 * Creates the example's HTTP server (not listening yet).
 * @param {{baseUrl?: string, publicKey: string, secretKey: string, webhookSecret: string | string[],
 *          publicUrl?: string}} options `publicUrl`: the origin Vesicash can reach this server at;
 *   defaults to the address the server listens on.
 */
export function createServer({ baseUrl, publicKey, secretKey, webhookSecret, publicUrl }) {
  if (!webhookSecret) throw new Error("webhookSecret is required (from POST /v1/account/generate-webhook-secret)");
  const vesicash = new Vesicash({ baseUrl, publicKey, secretKey });
  /** reference → { webhooks: [{event, status, received_at}], seen: Set<key>, duplicates } */
  const payments = new Map();

  const server = http.createServer((req, res) => {
    route(req, res).catch((error) => {
      if (error instanceof HttpError) return send(res, error.status, error.body);
      if (error instanceof VesicashError) return send(res, statusOf(error), describe(error));
      console.error("unexpected error:", error);
      send(res, 500, { error: "internal_error" });
    });
  });

  function origin() {
    if (publicUrl) return publicUrl.replace(/\/+$/, "");
    const { address, port, family } = server.address();
    const host = address === "0.0.0.0" || address === "::" ? "127.0.0.1" : family === "IPv6" ? `[${address}]` : address;
    return `http://${host}:${port}`;
  }

  function record(reference) {
    let entry = payments.get(reference);
    if (!entry) payments.set(reference, (entry = { webhooks: [], seen: new Set(), duplicates: 0 }));
    return entry;
  }

  async function route(req, res) {
    const { pathname } = new URL(req.url, "http://localhost");
    if (pathname === "/checkout") {
      if (req.method !== "POST") throw new HttpError(405, { error: "method_not_allowed" });
      return checkout(req, res);
    }
    if (pathname === WEBHOOK_PATH) {
      if (req.method !== "POST") throw new HttpError(405, { error: "method_not_allowed" });
      return webhook(req, res);
    }
    const match = /^\/payments\/([^/]+)$/.exec(pathname);
    if (match) {
      if (req.method !== "GET") throw new HttpError(405, { error: "method_not_allowed" });
      return status(decodeURIComponent(match[1]), res);
    }
    throw new HttpError(404, { error: "not_found" });
  }

  async function checkout(req, res) {
    const { amount, currency, country, phone_number } = parseJson(await readBody(req)) ?? {};
    // Chosen before the first attempt: a retry of init with the same
    // reference cannot create a second payment.
    const reference = `order-${randomUUID()}`;
    const here = origin();
    await vesicash.payments.initialize({
      amount,
      currency,
      country,
      narration: `Order ${reference}`,
      method: "mobilemoney",
      webhook_url: `${here}${WEBHOOK_PATH}`,
      redirect_url: `${here}/payments/${reference}`,
      reference,
    });
    record(reference);
    let payment;
    try {
      payment = await vesicash.payments.pay(reference, { phone_number });
    } catch (error) {
      // The payment exists; say which one, so the caller can look it up.
      if (error instanceof VesicashError) return send(res, statusOf(error), { ...describe(error), reference });
      throw error;
    }
    send(res, 201, { reference, status: payment.status });
  }

  async function webhook(req, res) {
    const raw = await readBody(req); // a Buffer: verified as received, before any JSON parsing
    let event;
    try {
      event = verifyWebhook(raw, req.headers, webhookSecret);
    } catch (error) {
      if (error instanceof WebhookVerificationError) return send(res, 400, { error: error.code });
      throw error;
    }
    const { reference, status } = event.data;
    const entry = record(reference);
    // Vesicash retries deliveries and may send one twice: the same event is
    // applied once, and acknowledged every time so it stops retrying.
    const key = `${event.event}:${status}`;
    if (entry.seen.has(key)) {
      entry.duplicates += 1;
      return send(res, 200, { received: true, duplicate: true });
    }
    entry.seen.add(key);
    entry.webhooks.push({ event: event.event, status, received_at: new Date().toISOString() });
    // Fulfil the order here on paymentOutcome(status) === "paid" (once, thanks to the check above).
    send(res, 200, { received: true, duplicate: false });
  }

  async function status(reference, res) {
    // The status endpoint is the source of truth; webhooks may arrive late or out of order.
    const payment = await vesicash.payments.get(reference);
    const entry = payments.get(reference);
    const last = entry?.webhooks.at(-1);
    send(res, 200, {
      reference: payment.reference,
      status: payment.status,
      outcome: paymentOutcome(payment.status),
      failure_reason: payment.failure_reason,
      payment,
      webhook: {
        received: Boolean(last),
        verified: Boolean(last), // only verified webhooks are ever recorded
        status: last?.status ?? null,
        events: entry?.webhooks ?? [],
        duplicates: entry?.duplicates ?? 0,
      },
    });
  }

  return server;
}

// `node server.mjs`: configuration from the environment.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const env = process.env;
  const missing = ["VESICASH_PUBLIC_KEY", "VESICASH_SECRET_KEY", "VESICASH_WEBHOOK_SECRET"].filter((k) => !env[k]);
  if (missing.length) {
    console.error(`set ${missing.join(", ")} (and VESICASH_BASE_URL for the sandbox)`);
    process.exit(2);
  }
  const server = createServer({
    baseUrl: env.VESICASH_BASE_URL || undefined,
    publicKey: env.VESICASH_PUBLIC_KEY,
    secretKey: env.VESICASH_SECRET_KEY,
    // Several secrets separated by commas while rotating.
    webhookSecret: env.VESICASH_WEBHOOK_SECRET.split(",").map((s) => s.trim()),
    publicUrl: env.PUBLIC_URL || undefined,
  });
  const host = env.HOST || "127.0.0.1";
  server.listen(Number(env.PORT ?? 3000), host, () => {
    const { port } = server.address();
    console.log(`listening on http://${host}:${port}`);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
  }
}
