// The client facade. The flow (attempts, backoff, deadlines, cancellation,
// idempotency) runs in the Rust engine over `fetch`; this file only checks
// what only JavaScript can (types of functions and signals), and turns the
// engine's error descriptors into VesicashErrors.
import { Client } from "../dist/vesicash_edge.js";
import { callCore, fromDescriptor, invalid, rejectAsError } from "./errors.js";
import { isArray, optionalObject, text, typeOf } from "./guards.js";

// Everything handed to wasm is read here first (see guards.js).

function requireString(field, value) {
  if (typeof value !== "string") throw invalid(field, `must be a string, got ${typeOf(field, value)}`);
  return text(field, value);
}

function optionalFunction(field, value) {
  if (value !== undefined && typeof value !== "function") throw invalid(field, `must be a function, got ${typeOf(field, value)}`);
  return value;
}

function optionalNumber(field, value) {
  if (value !== undefined && typeof value !== "number") throw invalid(field, `must be a number, got ${typeOf(field, value)}`);
  return value;
}

// The core reads only the type of a nested value ("must be a string, got an
// array"), so an object or array is handed over empty: its getters, traps and
// depth stay on this side.
function scalar(field, value) {
  switch (typeof value) {
    case "string":
      return text(field, value);
    case "number":
    case "boolean":
    case "undefined":
      return value;
    case "object":
      return value === null ? null : isArray(field, value) ? [] : {};
    default:
      // A function, symbol or bigint: a mistake serde cannot see (it skips them).
      throw invalid(field, `must be a string or number, got a ${typeof value}`);
  }
}

/**
 * A params object as a fresh plain object of scalars, each own enumerable
 * property read once (`convert` may turn a value into another first).
 */
function requireParams(params, convert = (_key, value) => value) {
  if (params === null || typeof params !== "object" || isArray("params", params)) {
    throw invalid("params", `must be a plain object, got ${typeOf("params", params)}`);
  }
  const plain = {};
  for (const key of Object.keys(params)) {
    Object.defineProperty(plain, key, { value: scalar(key, convert(key, params[key])), enumerable: true });
  }
  return plain;
}

/**
 * A status observation for mergeStatus as a fresh plain object of its four
 * fields (anything not an object is left for the core to refuse).
 */
export function plainObservation(field, value) {
  if (value === null || typeof value !== "object" || isArray(field, value)) return value;
  const { reference, status, at, source } = value;
  const plain = { reference: scalar("reference", reference), status: scalar("status", status), at: scalar("at", at) };
  // An absent or undefined `source` is left out: serde-wasm-bindgen reads a
  // member set to `undefined` as present, and `source` is a string there.
  return source === undefined ? plain : { ...plain, source: scalar("source", source) };
}

function callOptions(options) {
  const { signal, timeoutMs, maxRetries, deadlineMs } = optionalObject("options", options, "{ signal, timeoutMs, maxRetries, deadlineMs }") ?? {};
  requireSignal(signal);
  optionalNumber("timeoutMs", timeoutMs);
  optionalNumber("maxRetries", maxRetries);
  optionalNumber("deadlineMs", deadlineMs);
  return { signal, timeoutMs, maxRetries, deadlineMs };
}

// The getter of a real AbortSignal, as a brand check: an object that only
// looks like one (or a Proxy of one) would throw once the engine calls it.
const abortedOf = Object.getOwnPropertyDescriptor(AbortSignal.prototype, "aborted").get;

function requireSignal(signal) {
  if (signal === undefined) return undefined;
  try {
    abortedOf.call(signal);
  } catch {
    throw invalid("signal", "must be an AbortSignal");
  }
  return signal;
}

function waitOptions(options) {
  const { signal, timeoutMs, intervalMs, createdAt } = optionalObject("options", options, "{ signal, timeoutMs, intervalMs, createdAt }") ?? {};
  optionalNumber("timeoutMs", timeoutMs);
  optionalNumber("intervalMs", intervalMs);
  return { signal: requireSignal(signal), timeoutMs, intervalMs, createdAt: optionalTime("createdAt", createdAt) };
}

/** A time as Unix ms: a number, a `Date` or RFC 3339 text (only JavaScript reads the last two). */
function optionalTime(field, value) {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  const ms = value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(text(field, value)) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(field, "must be Unix milliseconds, a valid Date or an RFC 3339 time");
  return ms;
}

/** The references of a refresh: strings, or `{ reference, createdAt }` (e.g. rows of your store). */
function refreshItems(references) {
  if (!isArray("references", references)) throw invalid("references", `must be an array, got ${typeOf("references", references)}`);
  return Array.from(references, (item, i) => {
    if (typeof item === "string") return { reference: text(`references[${i}]`, item) };
    const { reference, createdAt } = optionalObject(`references[${i}]`, item, "{ reference, createdAt }") ?? {};
    return { reference: requireString("reference", reference), createdAt: optionalTime("createdAt", createdAt) };
  });
}

function refreshOptions(options) {
  const { signal, concurrency, deadlineMs } = optionalObject("options", options, "{ concurrency, deadlineMs, signal }") ?? {};
  optionalNumber("concurrency", concurrency);
  optionalNumber("deadlineMs", deadlineMs);
  return { signal: requireSignal(signal), concurrency, deadlineMs };
}

/** One result of the engine's refresh: the payment, or its error as a VesicashError. */
function refreshed({ reference, payment, error }) {
  return error === undefined ? { reference, ok: true, payment } : { reference, ok: false, error: fromDescriptor(error) };
}

/**
 * The caller's `fetch`, with what it resolves to read here into a plain
 * answer: the engine reads `status`, `headers.get` and `arrayBuffer()` from
 * inside wasm, where a throwing getter or a body of the wrong type cannot be
 * caught. Any problem rejects, as a failed `fetch` does (a connection_error).
 */
function guardedFetch(fetch) {
  return async (url, init) => {
    const response = await fetch(url, init);
    if (response === null || typeof response !== "object") throw new TypeError("options.fetch did not resolve to a Response");
    const { status, headers } = response;
    const bytes =
      typeof response.arrayBuffer === "function"
        ? () => response.arrayBuffer()
        : typeof response.text === "function"
          ? textBytes(response)
          : undefined;
    if (
      !Number.isInteger(status) ||
      status < 0 ||
      status > 999 ||
      headers === null ||
      typeof headers !== "object" ||
      typeof headers.get !== "function" ||
      !bytes
    ) {
      throw new TypeError("options.fetch resolved to something that is not a Response");
    }
    // The body's stream, when it is a real one: the engine reads it with a
    // running count against maxResponseBytes (else arrayBuffer() below).
    const body = typeof ReadableStream === "function" && response.body instanceof ReadableStream ? response.body : undefined;
    return {
      status,
      body,
      headers: {
        get: (name) => {
          const v = headers.get(name);
          return typeof v === "string" ? v : null;
        },
      },
      arrayBuffer: async () => {
        const body = await bytes();
        if (Object.prototype.toString.call(body) !== "[object ArrayBuffer]")
          throw new TypeError("options.fetch's response body is not an ArrayBuffer");
        return body;
      },
    };
  };
}

// A response-like object with only text() (a hand-written mock).
function textBytes(response) {
  return async () => {
    const body = await response.text();
    if (typeof body !== "string") throw new TypeError("options.fetch's response.text() did not resolve to a string");
    return new TextEncoder().encode(body).buffer;
  };
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
    const {
      publicKey,
      secretKey,
      baseUrl,
      fetch,
      timeoutMs,
      maxRetries,
      deadlineMs,
      maxResponseBytes,
      onRequest,
      onResponse,
      dangerouslyAllowBrowser,
    } = optionalObject("options", options, "{ publicKey, secretKey, baseUrl, fetch, ... }") ?? {};
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
    optionalNumber("maxResponseBytes", maxResponseBytes);
    const custom = fetch === undefined ? undefined : guardedFetch(fetch);
    const client = callCore(
      () => new Client({ publicKey, secretKey, baseUrl, fetch: custom, timeoutMs, maxRetries, deadlineMs, maxResponseBytes, onRequest, onResponse }),
    );

    // Arguments are read before callCore: a caller's exception is never taken for the core's.
    /** Request builders for your own HTTP stack: each returns `{method, url, headers, body}`. */
    this.requests = Object.freeze({
      initialize: (params) => {
        const p = requireParams(params);
        return callCore(() => client.buildInitialize(p));
      },
      pay: (reference, params) => {
        const [r, p] = [requireString("reference", reference), requireParams(params)];
        return callCore(() => client.buildPay(r, p));
      },
      get: (reference) => {
        const r = requireString("reference", reference);
        return callCore(() => client.buildGet(r));
      },
      charge: (params) => {
        const p = requireParams(params);
        return callCore(() => client.buildCharge(p));
      },
      listPayments: (filters) => {
        const f = listFilters(filters);
        return callCore(() => client.buildListPayments(f));
      },
      refund: (params) => {
        const p = requireParams(params);
        return callCore(() => client.buildRefund(p));
      },
      payout: (params) => {
        const p = requireParams(params);
        return callCore(() => client.buildPayout(p));
      },
      countries: () => callCore(() => client.buildCountries()),
      rotateWebhookSecret: () => callCore(() => client.buildRotateWebhookSecret()),
    });
    const list = async (filters, options) => rejectAsError(client.listPayments(listFilters(filters), callOptions(options)));
    /** Payments: the flow's calls resolve to the payment object. */
    this.payments = Object.freeze({
      initialize: async (params, options) => rejectAsError(client.initialize(requireParams(params), callOptions(options))),
      pay: async (reference, params, options) =>
        rejectAsError(client.pay(requireString("reference", reference), requireParams(params), callOptions(options))),
      charge: async (params, options) => rejectAsError(client.charge(requireParams(params), callOptions(options))),
      get: async (reference, options) => rejectAsError(client.get(requireString("reference", reference), callOptions(options))),
      waitForFinal: async (reference, options) => rejectAsError(client.waitForFinal(requireString("reference", reference), waitOptions(options))),
      refresh: async (references, options) => (await rejectAsError(client.refresh(refreshItems(references), refreshOptions(options)))).map(refreshed),
      list,
      listAll: (filters, options) => everyPayment(list, listFilters(filters), callOptions(options)),
    });
    this.refunds = Object.freeze({
      create: async (params, options) => rejectAsError(client.refund(requireParams(params), callOptions(options))),
    });
    this.payouts = Object.freeze({
      create: async (params, options) => rejectAsError(client.payout(requireParams(params), callOptions(options))),
    });
    this.countries = Object.freeze({
      list: async (options) => rejectAsError(client.countries(callOptions(options))),
    });
    this.webhooks = Object.freeze({
      rotateSecret: async (options) => rejectAsError(client.rotateWebhookSecret(callOptions(options))),
    });
  }
}

// List filters are optional as a whole; a Date for `from`/`to` becomes its
// RFC 3339 text (only JavaScript knows a Date).
function listFilters(filters) {
  if (filters === undefined || filters === null) return undefined;
  return requireParams(filters, (key, value) => {
    if ((key !== "from" && key !== "to") || typeof value !== "object" || value === null || isArray(key, value) || !(value instanceof Date))
      return value;
    if (Number.isNaN(value.getTime())) throw invalid(key, "is an invalid Date");
    return value.toISOString();
  });
}

/**
 * Every payment matching `filters`, page after page, for `for await`. Stops
 * after the page that reaches `total`, on an empty page, or after as many
 * pages as the first page's `total` allows (a server that keeps answering
 * full pages cannot keep the loop going forever).
 */
async function* everyPayment(list, filters, options) {
  let page = filters?.page ?? 1;
  let pagesLeft = Number.POSITIVE_INFINITY;
  for (;;) {
    const answer = await list({ ...filters, page }, options);
    if (pagesLeft === Number.POSITIVE_INFINITY) pagesLeft = Math.ceil(answer.total / Math.max(answer.limit, 1)) - page + 1;
    yield* answer.items;
    pagesLeft -= 1;
    if (answer.items.length === 0 || answer.page * answer.limit >= answer.total || pagesLeft <= 0) return;
    page = answer.page + 1;
  }
}
