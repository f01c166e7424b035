// The client facade. The flow (attempts, backoff, deadlines, cancellation,
// idempotency) runs in the Rust engine over `fetch`; this file only checks
// what only JavaScript can (types of functions and signals), and turns the
// engine's error descriptors into VesicashErrors.
import { Client } from "../dist/vesicash_edge.js";
import { callCore, invalid, rejectAsError } from "./errors.js";

function requireString(field, value) {
  if (typeof value !== "string") throw invalid(field, `must be a string, got ${value === null ? "null" : typeof value}`);
  return value;
}

function optionalFunction(field, value) {
  if (value !== undefined && typeof value !== "function") throw invalid(field, `must be a function, got ${typeof value}`);
  return value;
}

function optionalNumber(field, value) {
  if (value !== undefined && typeof value !== "number") throw invalid(field, `must be a number, got ${typeof value}`);
  return value;
}

// JSON-like plain values only: a function, symbol or bigint in params is a
// mistake the engine cannot see (serde skips what it cannot read).
function requireParams(params) {
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw invalid("params", `must be a plain object, got ${params === null ? "null" : Array.isArray(params) ? "an array" : typeof params}`);
  }
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      throw invalid(key, `must be a string or number, got a ${typeof value}`);
    }
  }
  return params;
}

function callOptions(options) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object") throw invalid("options", "must be an object of { signal, timeoutMs, maxRetries, deadlineMs }");
  const { signal, timeoutMs, maxRetries, deadlineMs } = options;
  requireSignal(signal);
  optionalNumber("timeoutMs", timeoutMs);
  optionalNumber("maxRetries", maxRetries);
  optionalNumber("deadlineMs", deadlineMs);
  return { signal, timeoutMs, maxRetries, deadlineMs };
}

function requireSignal(signal) {
  if (
    signal !== undefined &&
    (signal === null || typeof signal !== "object" || typeof signal.aborted !== "boolean" || typeof signal.addEventListener !== "function")
  ) {
    throw invalid("signal", "must be an AbortSignal");
  }
  return signal;
}

function waitOptions(options) {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object") throw invalid("options", "must be an object of { signal, timeoutMs, intervalMs }");
  const { signal, timeoutMs, intervalMs } = options;
  optionalNumber("timeoutMs", timeoutMs);
  optionalNumber("intervalMs", intervalMs);
  return { signal: requireSignal(signal), timeoutMs, intervalMs };
}

// A page's globals: a secret key there is readable by anyone who opens it.
// Workers, Node and Deno have no `document` on the global object.
const inBrowserPage = () => typeof globalThis.document === "object" && globalThis.document !== null && typeof globalThis.window === "object";

/**
 * A Vesicash client for the non-checkout mobile-money flow.
 *
 * Method names are camelCase; params and results keep the wire's snake_case
 * fields, so Vesicash's documentation maps one to one.
 */
export class Vesicash {
  /**
   * @param {import("../index.js").VesicashOptions} options
   * @throws {VesicashError} `validation_error` for a missing or malformed key, base URL or limit.
   */
  constructor(options) {
    const { publicKey, secretKey, baseUrl, fetch, timeoutMs, maxRetries, deadlineMs, onRequest, onResponse, dangerouslyAllowBrowser } = options ?? {};
    requireString("public_key", publicKey);
    requireString("secret_key", secretKey);
    if (inBrowserPage() && dangerouslyAllowBrowser !== true) {
      throw invalid(
        "secret_key",
        "a secret key in a browser page is readable by anyone who opens it: keep this client on your server " +
          "(a Worker, Node); for a local test page only, pass dangerouslyAllowBrowser: true",
      );
    }
    if (baseUrl !== undefined) requireString("base_url", baseUrl);
    optionalFunction("fetch", fetch);
    optionalFunction("onRequest", onRequest);
    optionalFunction("onResponse", onResponse);
    optionalNumber("timeoutMs", timeoutMs);
    optionalNumber("maxRetries", maxRetries);
    optionalNumber("deadlineMs", deadlineMs);
    const client = callCore(() => new Client({ publicKey, secretKey, baseUrl, fetch, timeoutMs, maxRetries, deadlineMs, onRequest, onResponse }));

    /** Request builders for your own HTTP stack: each returns `{method, url, headers, body}`. */
    this.requests = Object.freeze({
      initialize: (params) => callCore(() => client.buildInitialize(requireParams(params))),
      pay: (reference, params) => callCore(() => client.buildPay(requireString("reference", reference), requireParams(params))),
      get: (reference) => callCore(() => client.buildGet(requireString("reference", reference))),
    });
    /** The three calls of the flow; each resolves to the payment object. */
    this.payments = Object.freeze({
      initialize: async (params, options) => rejectAsError(client.initialize(requireParams(params), callOptions(options))),
      pay: async (reference, params, options) =>
        rejectAsError(client.pay(requireString("reference", reference), requireParams(params), callOptions(options))),
      get: async (reference, options) => rejectAsError(client.get(requireString("reference", reference), callOptions(options))),
      waitForFinal: async (reference, options) => rejectAsError(client.waitForFinal(requireString("reference", reference), waitOptions(options))),
    });
  }
}
