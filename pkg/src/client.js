// The fetch-based client: the one I/O seam of the package. Everything it
// sends is built, and everything it receives is checked, by the Rust core;
// this file only moves bytes and maps failures to VesicashError.
import { Core, parsePayment } from "../dist/vesicash_edge.js";
import { VesicashError, callCore, invalid } from "./errors.js";

/** Default time limit of one HTTP call, in milliseconds (our choice). */
export const DEFAULT_TIMEOUT_MS = 30_000;

// JSON.stringify turns NaN and ±Infinity into null, which the core would
// report as a missing amount; as strings they get the precise message.
const keepNonFinite = (_key, value) =>
  typeof value === "number" && !Number.isFinite(value) ? String(value) : value;

function toJson(params) {
  try {
    return JSON.stringify(params ?? null, keepNonFinite);
  } catch (cause) {
    // BigInt values and cycles throw in JSON.stringify.
    throw invalid("params", `must be a plain JSON-compatible object (${cause.message})`);
  }
}

function requireString(field, value) {
  if (typeof value !== "string") throw invalid(field, `must be a string, got ${value === null ? "null" : typeof value}`);
  return value;
}

/**
 * A Vesicash client for the non-checkout mobile-money flow.
 *
 * Method names are camelCase; params and results keep the wire's snake_case
 * fields, so Vesicash's documentation maps one to one.
 */
export class Vesicash {
  #core;
  #fetch;
  #timeoutMs;

  /**
   * @param {{publicKey: string, secretKey: string, baseUrl?: string, fetch?: typeof fetch, timeoutMs?: number}} options
   * @throws {VesicashError} `validation_error` for a missing or malformed key or base URL.
   */
  constructor(options) {
    const { publicKey, secretKey, baseUrl, fetch: fetchFn, timeoutMs = DEFAULT_TIMEOUT_MS } = options ?? {};
    requireString("public_key", publicKey);
    requireString("secret_key", secretKey);
    if (baseUrl !== undefined) requireString("base_url", baseUrl);
    if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw invalid("timeout_ms", "must be a positive number of milliseconds");
    this.#fetch = fetchFn ?? globalThis.fetch?.bind(globalThis);
    if (typeof this.#fetch !== "function") throw invalid("fetch", "no global fetch in this runtime; pass options.fetch");
    this.#core = callCore(() => new Core(publicKey, secretKey, baseUrl));
    this.#timeoutMs = timeoutMs;

    const core = this.#core;
    /** Request builders for your own HTTP stack: each returns `{method, url, headers, body}`. */
    this.requests = Object.freeze({
      initialize: (params) => JSON.parse(callCore(() => core.initialize(toJson(params)))),
      pay: (reference, params) =>
        JSON.parse(callCore(() => core.pay(requireString("reference", reference), toJson(params)))),
      get: (reference) => JSON.parse(callCore(() => core.get(requireString("reference", reference)))),
    });
    const send = (request) => this.#send(request);
    /** The three calls of the flow; each resolves to the payment's `data` object. */
    this.payments = Object.freeze({
      initialize: async (params) => send(this.requests.initialize(params)),
      pay: async (reference, params) => send(this.requests.pay(reference, params)),
      get: async (reference) => send(this.requests.get(reference)),
    });
  }

  async #send({ method, url, headers, body }) {
    let status, bytes;
    try {
      const response = await this.#fetch(url, {
        method,
        headers,
        body: body ?? undefined,
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      status = response.status;
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (cause) {
      // The request may have reached Vesicash: say so, since a blind retry of
      // pay could prompt the customer twice.
      // Node's fetch hides the socket error (ECONNREFUSED, …) in cause.cause.
      const why = [cause?.name, cause?.message, cause?.cause?.code].filter(Boolean).join(": ");
      throw new VesicashError(
        `${method} ${new URL(url).pathname} failed before a complete response (${why}); ` +
          "it may still have reached Vesicash: check payments.get(reference) before retrying",
        { code: "connection_error", cause },
      );
    }
    return JSON.parse(callCore(() => parsePayment(status, bytes)));
  }
}
