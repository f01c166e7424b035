// Webhook verification, synchronous in every runtime. The Rust core checks
// the signature over the raw bytes and the shape of the event; this file
// only finds the two headers, hands the body over once, reads the clock,
// and parses the text it already holds.
import {
  webhookBodyNotRaw,
  webhookBodyTooLarge,
  webhookHeaderNames,
  webhookMaxBody,
  webhookSign,
  webhookInput,
  webhookMemory,
  webhookVerifyInput,
  WebhookVerifierCore,
} from "../dist/vesicash_edge.js";
import { VesicashError, callCore, fromDescriptor, invalid } from "./errors.js";
import { isArray } from "./guards.js";

/** A webhook that failed verification; `code` says which check failed. */
export class WebhookVerificationError extends VesicashError {
  constructor(message, details) {
    super(message, details);
    this.name = "WebhookVerificationError";
  }
}

// Codes that describe the merchant's own configuration (an unset or malformed
// webhook secret), not the delivery. They are thrown as a plain VesicashError,
// not a WebhookVerificationError, so a handler that answers 400 to failed
// verifications fails loudly (500) instead of refusing every delivery.
const CONFIGURATION_CODES = new Set(["invalid_secret"]);

/** Runs a verifier call; see CONFIGURATION_CODES for which class each failure gets. */
function verifying(fn) {
  try {
    return callCore(fn, WebhookVerificationError);
  } catch (e) {
    if (e instanceof WebhookVerificationError && CONFIGURATION_CODES.has(e.code)) {
      throw new VesicashError(`webhook secret misconfigured: ${e.message}`, { code: e.code });
    }
    throw e;
  }
}

const decoder = new TextDecoder();
const tag = (v) => Object.prototype.toString.call(v);

// Header names come from the core (its named constants), read on first use:
// wasm is not initialised while this module loads.
let names;
const headerNames = () => (names ??= webhookHeaderNames().split(" "));

/** `{ text }` or `{ bytes }` for a raw body, without copying bytes. */
function rawBody(body) {
  if (typeof body === "string") return { text: body };
  if (typeof body === "object" && body !== null && !isArray("body", body)) {
    try {
      // Uint8Array and Node's Buffer as they are; other views over the same bytes.
      if (ArrayBuffer.isView(body)) {
        return { bytes: tag(body) === "[object Uint8Array]" ? body : new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
      }
      if (tag(body) === "[object ArrayBuffer]") return { bytes: new Uint8Array(body) };
    } catch {
      // A view over a detached buffer, or a buffer given away to another thread.
      throw invalid("body", "is a detached ArrayBuffer: its bytes are gone; pass the body as received");
    }
  }
  throw fromDescriptor(JSON.parse(webhookBodyNotRaw(describe(body))), WebhookVerificationError);
}

function describe(v) {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array (already-parsed JSON?)";
  if (typeof v !== "object") return `a ${typeof v}`;
  const name = Object.getPrototypeOf(v)?.constructor?.name;
  return !name || name === "Object" ? "an object (already-parsed JSON?)" : `a ${name}`;
}

const HEADERS_SHAPE = "must be a Headers, an object of header values (node:http's req.headers) or [name, value] pairs";

/**
 * One header's value from Headers, a plain object (node:http, string[] values)
 * or [name, value] pairs: always a string or undefined, whatever the object
 * answers (only strings may reach the core).
 */
function headerValue(headers, name) {
  if (headers === null || headers === undefined || typeof headers !== "object") return undefined;
  const array = isArray("headers", headers);
  if (!array && !(headers instanceof Map) && typeof headers.get === "function") return headerText(name, headers.get(name));
  const entries = array || headers instanceof Map ? Array.from(headers) : Object.entries(headers);
  const found = [];
  for (const entry of entries) {
    if (!isArray("headers", entry) || entry.length !== 2) throw invalid("headers", HEADERS_SHAPE);
    const [key, value] = entry;
    if (typeof key !== "string" || key.toLowerCase() !== name) continue;
    const text = headerText(name, value);
    if (text !== undefined) found.push(text);
  }
  return found.length ? found.join(", ") : undefined;
}

/** A header's value as text: a string, a number, or a list of those (node:http). */
function headerText(name, value) {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (isArray("headers", value) && value.every((v) => typeof v === "string")) return value.join(", ");
  throw invalid("headers", `${name} must be a string or an array of strings, got ${describe(value)}`);
}

function seconds(field, value, fallback, unit = "seconds") {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalid(field, `must be a finite number of ${unit} ≥ 0`);
  }
  return Math.floor(value);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The options object, `{}` when absent; anything but a plain object is refused by name. */
function optionsOf(options) {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || isArray("options", options)) throw invalid("options", `must be an object, got ${describe(options)}`);
  return options;
}

/**
 * Verifies a Vesicash webhook and returns its event `{ event, data }`.
 *
 * @param {string | Uint8Array | ArrayBuffer} body the raw request body, exactly as received
 * @param {Headers | Record<string, string | string[] | undefined>} headers the request's headers
 * @param {string | string[]} secret the webhook secret, or several while rotating
 * @param {{toleranceSeconds?: number, now?: number, legacyBodyOnly?: boolean, maxBodyBytes?: number}} [options]
 * @throws {WebhookVerificationError} when the delivery must be refused (answer 400)
 * @throws {VesicashError} `invalid_secret` when `secret` is unset or malformed: your configuration, not the delivery
 */
export function verifyWebhook(body, headers, secret, options = {}) {
  const { toleranceSeconds, now, legacyBodyOnly = false, maxBodyBytes } = optionsOf(options);
  const raw = rawBody(body);
  const limit = webhookMaxBody(seconds("maxBodyBytes", maxBodyBytes, undefined, "bytes"));
  refuseOversized(raw, limit);
  const nowS = seconds("now", now, undefined) ?? nowSeconds();
  const tolerance = seconds("toleranceSeconds", toleranceSeconds, undefined);
  const secrets = secretsJson(secret);
  const legacy = legacyBodyOnly === true;
  const core = lastCore(secrets, tolerance, legacy, limit);
  const [sigName, tsName] = headerNames();
  const sig = headerValue(headers, sigName);
  const ts = headerValue(headers, tsName);
  const len = intoWasm(raw);
  verifying(() => (core ? core.verifyInput(len, sig, ts, nowS) : webhookVerifyInput(len, sig, ts, secrets, nowS, tolerance, legacy, limit)));
  return parsed(raw);
}

// The verifier of the last successful one-shot call, kept while the same
// secrets and options come back (the usual case: one secret from env), so a
// one-shot call skips reading the secrets and preparing their keys. Measured
// (benches/run.mjs, Node, 1 KB): about a fifth of a one-shot call.
let last;
function lastCore(secrets, tolerance, legacy, limit) {
  const key = `${tolerance}|${legacy}|${limit}|${secrets}`;
  if (last?.key === key) return last.core;
  let core;
  try {
    core = new WebhookVerifierCore(secrets, tolerance, legacy, limit);
  } catch {
    return undefined; // the one-shot path reports the error, in its order of checks
  }
  last?.core.free();
  last = { key, core };
  return core;
}

const encoder = new TextEncoder();
let memory;
const view = (ptr, len) => new Uint8Array((memory ??= webhookMemory()).buffer, ptr, len);

/**
 * Writes the body into the core's input buffer, the one copy it makes, and
 * returns its length in bytes. A string is encoded there directly: as long as
 * its length first (enough for ASCII), three bytes a code unit if it is not.
 */
function intoWasm(raw) {
  if (raw.text === undefined) {
    const n = raw.bytes.byteLength;
    view(webhookInput(n), n).set(raw.bytes);
    return n;
  }
  const text = raw.text;
  let { read, written } = encoder.encodeInto(text, view(webhookInput(text.length), text.length));
  if (read < text.length) ({ written } = encoder.encodeInto(text, view(webhookInput(text.length * 3), text.length * 3)));
  return written;
}

// Refused before it is copied into wasm memory (which never shrinks) or hashed.
// A string's UTF-8 size is its length when ASCII and up to three times it
// otherwise: measured exactly whenever it could pass the limit, so text over
// the limit in bytes is never copied in.
function refuseOversized(raw, limit) {
  let size = raw.text !== undefined ? raw.text.length : raw.bytes.byteLength;
  if (raw.text !== undefined && size * 3 > limit && size <= limit) size = utf8Length(raw.text);
  if (size > limit) throw fromDescriptor(JSON.parse(webhookBodyTooLarge(size, limit)), WebhookVerificationError);
}

/** Bytes of `text` in UTF-8 (a lone surrogate counts as its replacement, 3 bytes). */
function utf8Length(text) {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ["old", "new"]; a non-string becomes null and is refused by the core.
function secretsJson(secret) {
  const list = isArray("secret", secret) ? Array.from(secret) : [secret];
  return JSON.stringify(list.map((s) => (typeof s === "string" ? s : null)));
}

// The core checked the text is UTF-8 and an event; JSON.parse cannot disagree.
const parsed = (raw) => JSON.parse(raw.text ?? decoder.decode(raw.bytes));

/**
 * A reusable webhook verifier: the secrets' HMAC keys are prepared once, in
 * wasm, and every `verify` reuses them. Same checks, errors and result as
 * `verifyWebhook`, which builds the same Rust verifier for one call.
 *
 * Lifetime: the prepared keys live in wasm memory until `free()` is called
 * or, failing that, until the garbage collector reclaims this object (the
 * glue registers it with a FinalizationRegistry). Build one per process or
 * Worker isolate and keep it; call `free()` only when replacing it.
 */
export class WebhookVerifier {
  #core;
  #limit;

  /**
   * @param {string | string[]} secret the webhook secret, or several while rotating
   * @param {{toleranceSeconds?: number, legacyBodyOnly?: boolean, maxBodyBytes?: number}} [options]
   * @throws {VesicashError} `invalid_secret` (your configuration), `validation_error` (an option)
   */
  constructor(secret, options = {}) {
    const { toleranceSeconds, legacyBodyOnly = false, maxBodyBytes } = optionsOf(options);
    this.#limit = webhookMaxBody(seconds("maxBodyBytes", maxBodyBytes, undefined, "bytes"));
    const tolerance = seconds("toleranceSeconds", toleranceSeconds, undefined);
    this.#core = verifying(() => new WebhookVerifierCore(secretsJson(secret), tolerance, legacyBodyOnly === true, this.#limit));
  }

  /**
   * Verifies a delivery and returns its event `{ event, data }`.
   *
   * @param {string | Uint8Array | ArrayBuffer} body the raw request body, exactly as received
   * @param {Headers | Record<string, string | string[] | undefined>} headers the request's headers
   * @param {{now?: number}} [options] `now` in Unix seconds (default: the clock)
   * @throws {WebhookVerificationError} when the delivery must be refused (answer 400)
   */
  verify(body, headers, options) {
    const core = this.#core;
    if (core === undefined) throw invalid("this", "the verifier was freed");
    const raw = rawBody(body);
    refuseOversized(raw, this.#limit);
    const { now } = optionsOf(options);
    const nowS = now === undefined ? nowSeconds() : seconds("now", now, undefined);
    const [sigName, tsName] = headerNames();
    const sig = headerValue(headers, sigName);
    const ts = headerValue(headers, tsName);
    const len = intoWasm(raw);
    verifying(() => core.verifyInput(len, sig, ts, nowS));
    return parsed(raw);
  }

  /** Releases the prepared keys now instead of at garbage collection; the verifier is unusable after. */
  free() {
    this.#core?.free();
    this.#core = undefined;
  }
}

/**
 * The signature headers Vesicash would send for `body` (tests, sandbox).
 *
 * @param {string | Uint8Array | ArrayBuffer} body
 * @param {string} secret
 * @param {{timestamp?: number, legacyBodyOnly?: boolean}} [options] timestamp in Unix seconds, default now
 * @returns {{"mor-signature": string, "mor-timestamp"?: string}}
 */
export function signWebhook(body, secret, options = {}) {
  const { timestamp, legacyBodyOnly = false } = optionsOf(options);
  const raw = rawBody(body);
  // A lone surrogate has no UTF-8 form: signing its replacement would sign bytes nobody sends.
  if (raw.text !== undefined && !raw.text.isWellFormed()) throw invalid("body", "contains a lone surrogate (no UTF-8 form): pass the bytes you send");
  if (typeof secret !== "string") throw invalid("secret", "must be a string");
  if (timestamp !== undefined && !(Number.isSafeInteger(timestamp) && timestamp >= 0)) {
    throw invalid("timestamp", "must be whole Unix seconds ≥ 0");
  }
  const ts = timestamp ?? nowSeconds();
  return JSON.parse(verifying(() => webhookSign(raw.text, raw.bytes, secret, ts, legacyBodyOnly === true)));
}
