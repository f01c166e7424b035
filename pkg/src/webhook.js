// Webhook verification, synchronous in every runtime. The Rust core checks
// the signature over the raw bytes and the shape of the event; this file
// only finds the two headers, hands the body over once, reads the clock,
// computes the HMAC with the host's own crypto when it has a synchronous one
// (the core still decides everything else), and parses the text it already holds.
//
// It serves two wasm modules built from the same crate: the whole package's
// (entry/*.mjs through src/index.js) and the webhook-only one of
// `vesicash-edge/webhooks` (entry/webhooks-*.mjs). Each binds its glue with
// useWebhookCore; the first bound serves every verifier of this module instance,
// so objects made by one module are never handed to the other.
import { VesicashError, callCore, fromDescriptor, invalid } from "./errors.js";
import { isArray } from "./guards.js";

let glue;

/**
 * Binds the wasm-bindgen glue whose module verifies (called by src/index.js
 * and by the webhook-only entries). Only the first binding counts; the glue
 * is used on first call, after the entry initialised its module.
 * @param {object} core the namespace of dist/vesicash_edge.js or dist/vesicash_edge_webhooks.js
 */
export function useWebhookCore(core) {
  glue ??= core;
}

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
const headerNames = () => (names ??= glue.webhookHeaderNames().split(" "));

/** `{ text }` or `{ bytes }` for a raw body, without copying bytes. */
function rawBody(body) {
  if (typeof body === "string") return { text: body };
  if (typeof body === "object" && body !== null && !isArray("body", body)) {
    try {
      // Uint8Array and Node's Buffer as they are; other views over the same bytes.
      // Always a fresh view: constructing one over a detached buffer throws
      // here, where it is caught, rather than at the copy into wasm.
      if (ArrayBuffer.isView(body)) return { bytes: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
      if (tag(body) === "[object ArrayBuffer]") return { bytes: new Uint8Array(body) };
    } catch {
      // A view over a detached buffer, or a buffer given away to another thread.
      throw invalid("body", "is a detached ArrayBuffer: its bytes are gone; pass the body as received");
    }
  }
  throw fromDescriptor(JSON.parse(glue.webhookBodyNotRaw(describe(body))), WebhookVerificationError);
}

function describe(v) {
  if (v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return "an array (already-parsed JSON?)";
  if (typeof v !== "object") return `a ${typeof v}`;
  const name = Object.getPrototypeOf(v)?.constructor?.name;
  return !name || name === "Object" ? "an object (already-parsed JSON?)" : `a ${name}`;
}

// Longest list read (header pairs, a header's values, secrets): far more than
// any request carries, and an array of length 2^32-1 is refused by its length
// instead of throwing RangeError (or spinning) while it is copied.
const MAX_LIST = 1000;

const HEADERS_SHAPE = "must be a Headers, an object of header values (node:http's req.headers) or [name, value] pairs";

/**
 * One header's value from Headers, a plain object (node:http, string[] values)
 * or [name, value] pairs: always a string or undefined, whatever the object
 * answers (only strings may reach the core).
 */
function headerValue(headers, name) {
  if (headers === null || headers === undefined || typeof headers !== "object") return undefined;
  const array = isArray("headers", headers);
  if (array && headers.length > MAX_LIST) throw invalid("headers", `has more than ${MAX_LIST} entries`);
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
  if (isArray("headers", value) && value.length <= MAX_LIST && value.every((v) => typeof v === "string")) return value.join(", ");
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
 * @param {{toleranceSeconds?: number, now?: number, legacyBodyOnly?: boolean, maxBodyBytes?: number, hostCrypto?: boolean}} [options]
 * @throws {WebhookVerificationError} when the delivery must be refused (answer 400)
 * @throws {VesicashError} `invalid_secret` when `secret` is unset or malformed: your configuration, not the delivery
 */
export function verifyWebhook(body, headers, secret, options = {}) {
  const { toleranceSeconds, now, legacyBodyOnly = false, maxBodyBytes, hostCrypto } = optionsOf(options);
  const raw = rawBody(body);
  const limit = bodyLimit(maxBodyBytes);
  refuseOversized(raw, limit);
  const nowS = seconds("now", now, undefined) ?? nowSeconds();
  const tolerance = seconds("toleranceSeconds", toleranceSeconds, undefined);
  const list = secretList(secret);
  const secrets = JSON.stringify(list);
  const legacy = legacyBodyOnly === true;
  const cached = lastCore(list, secrets, tolerance, legacy, limit, hostOf(hostCrypto), hostCrypto === true);
  const [sigName, tsName] = headerNames();
  const sig = headerValue(headers, sigName);
  const ts = headerValue(headers, tsName);
  const len = intoWasm(raw);
  if (cached === undefined) verifying(() => glue.webhookVerifyInput(len, sig, ts, secrets, nowS, tolerance, legacy, limit));
  else verifyWith(cached, len, sig, ts, nowS);
  return parsed(raw);
}

/**
 * Runs a core over the body just written: with the host's MAC when it has
 * one and the body is large enough to gain from it (always when forced).
 */
function verifyWith({ core, mac, forced }, len, sig, ts, now) {
  const host = mac !== undefined && (forced || len >= HOST_MAC_MIN_BYTES);
  verifying(() => (host ? core.verifyHost(len, sig, ts, now, mac) : core.verifyInput(len, sig, ts, now)));
}

// Smallest body whose MAC goes to the host by default. Measured (Node 20,
// benches/run.mjs): a call into node:crypto has a fixed cost (createHmac, the
// callback out of wasm) of about what the wasm SHA-256 takes for 1-2 KB, and
// the wasm SHA-256 costs ~4 µs per KB more than node:crypto's. Below this the
// wasm one is as fast or faster; `hostCrypto: true` forces the host's anyway.
const HOST_MAC_MIN_BYTES = 4096;

// The verifier of the last successful one-shot call, kept while the same
// secrets and options come back (the usual case: one secret from env), so a
// one-shot call skips reading the secrets and preparing their keys. Measured
// (benches/run.mjs, Node, 1 KB): about a fifth of a one-shot call.
let last;
function lastCore(list, secrets, tolerance, legacy, limit, crypto, forced) {
  const key = `${tolerance}|${legacy}|${limit}|${crypto !== undefined}|${forced}|${secrets}`;
  if (last?.key === key) return last;
  let core;
  try {
    core = new glue.WebhookVerifierCore(secrets, tolerance, legacy, limit);
  } catch {
    return undefined; // the one-shot path reports the error, in its order of checks
  }
  last?.core.free();
  last = { key, core, mac: crypto && hostMac(crypto, list), forced };
  return last;
}

// The host's HMAC where it is reachable synchronously: node:crypto in Node,
// Bun, Deno and workerd with nodejs_compat (process.getBuiltinModule, no
// import, so this file loads everywhere). Measured (benches/run.mjs): the
// wasm SHA-256 is several times slower than node:crypto's at 64 KB. Only the
// MAC moves: headers, tolerance, the constant-time comparison of every
// signature and the event check stay in the core.
let host;
function hostOf(wanted) {
  hostCryptoOption(wanted);
  if (wanted === false) return undefined;
  if (host === undefined) {
    let c;
    try {
      c = globalThis.process?.getBuiltinModule?.("node:crypto");
    } catch {
      c = undefined;
    }
    host = typeof c?.createHmac === "function" ? c : null;
  }
  return host ?? undefined;
}

/**
 * The MAC callback of a host-MAC core: HMAC-SHA256 under secret `index` of
 * `timestamp + "."` (absent: legacy scheme) and the body, hashed where the
 * core reads it (the bytes in wasm memory), written into the core's digest buffer.
 */
function hostMac(crypto, list) {
  const keys = Object.values(list).map((s) => encoder.encode(s));
  return (index, timestamp) => {
    const mac = crypto.createHmac("sha256", keys[index]);
    if (timestamp !== undefined) mac.update(`${timestamp}.`);
    mac.update(view(input.ptr, input.len));
    view((digestAt ??= glue.webhookDigest()), 32).set(mac.digest());
  };
}
let digestAt;

const encoder = new TextEncoder();
let memory;
const view = (ptr, len) => new Uint8Array((memory ??= glue.webhookMemory()).buffer, ptr, len);
// Where the last body was written, for the host's MAC to read it there.
const input = { ptr: 0, len: 0 };
const inputAt = (n) => (input.ptr = glue.webhookInput(n));

// Bun's encodeInto is slow into wasm memory: measured (Bun 1.4.5, 64 KB string,
// same run) 0.58 ms a verification against 0.32 ms for the same bytes, while
// encode() then set() costs what Node's encodeInto does. Elsewhere encodeInto
// (no temporary copy) is the faster.
const ENCODE_THEN_COPY = typeof globalThis.Bun === "object";

/**
 * Writes the body into the core's input buffer, the one copy it makes, and
 * returns its length in bytes. A string is encoded there directly: as long as
 * its length first (enough for ASCII), three bytes a code unit if it is not.
 */
function intoWasm(raw) {
  if (raw.text === undefined) {
    const n = raw.bytes.byteLength;
    view(inputAt(n), n).set(raw.bytes);
    return (input.len = n);
  }
  const text = raw.text;
  if (ENCODE_THEN_COPY) {
    const bytes = encoder.encode(text);
    view(inputAt(bytes.length), bytes.length).set(bytes);
    return (input.len = bytes.length);
  }
  let { read, written } = encoder.encodeInto(text, view(inputAt(text.length), text.length));
  if (read < text.length) ({ written } = encoder.encodeInto(text, view(inputAt(text.length * 3), text.length * 3)));
  return (input.len = written);
}

// Refused before it is copied into wasm memory (which never shrinks) or hashed.
// A string's UTF-8 size is its length when ASCII and up to three times it
// otherwise: measured exactly whenever it could pass the limit, so text over
// the limit in bytes is never copied in.
function refuseOversized(raw, limit) {
  let size = raw.text !== undefined ? raw.text.length : raw.bytes.byteLength;
  if (raw.text !== undefined && size * 3 > limit && size <= limit) size = utf8Length(raw.text);
  if (size > limit) throw bodyTooLarge(size, limit);
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

// ["old", "new"] once stringified; a non-string becomes null and is refused by the core.
function secretList(secret) {
  if (isArray("secret", secret) && secret.length > MAX_LIST) throw invalid("secret", `must be at most ${MAX_LIST} secrets`);
  const list = isArray("secret", secret) ? Array.from(secret) : [secret];
  return list.map((s) => (typeof s === "string" ? s : null));
}

// The core checked the text is UTF-8 and an event; JSON.parse cannot disagree.
const parsed = (raw) => JSON.parse(raw.text ?? decoder.decode(raw.bytes));

/**
 * A reusable webhook verifier: the secrets are checked once, and every
 * `verify` reuses them. Same checks, errors and result as `verifyWebhook`,
 * which builds the same Rust verifier for one call. The MAC comes from the
 * host's node:crypto where it is reachable synchronously (Node, Deno, Bun,
 * workerd with nodejs_compat; `hmac` says which) for bodies of 4 KiB or more,
 * else from the wasm SHA-256 with the keys prepared in wasm;
 * `hostCrypto: true` sends every body to the host's, `false` none.
 *
 * Lifetime: the verifier's state lives in wasm memory until `free()` is called
 * or, failing that, until the garbage collector reclaims this object (the
 * glue registers it with a FinalizationRegistry). Build one per process or
 * Worker isolate and keep it; call `free()` only when replacing it.
 */
export class WebhookVerifier {
  #core;
  #mac;
  #forced;
  #limit;

  /**
   * @param {string | string[]} secret the webhook secret, or several while rotating
   * @param {{toleranceSeconds?: number, legacyBodyOnly?: boolean, maxBodyBytes?: number, hostCrypto?: boolean}} [options]
   * @throws {VesicashError} `invalid_secret` (your configuration), `validation_error` (an option)
   */
  constructor(secret, options = {}) {
    const { toleranceSeconds, legacyBodyOnly = false, maxBodyBytes, hostCrypto } = optionsOf(options);
    this.#limit = bodyLimit(maxBodyBytes);
    const tolerance = seconds("toleranceSeconds", toleranceSeconds, undefined);
    const crypto = hostOf(hostCrypto);
    const list = secretList(secret);
    this.#core = verifying(() => new glue.WebhookVerifierCore(JSON.stringify(list), tolerance, legacyBodyOnly === true, this.#limit));
    this.#mac = crypto && hostMac(crypto, list);
    this.#forced = hostCrypto === true;
  }

  /**
   * Where the HMAC is computed: `"node:crypto"` (the host's; by default only
   * for bodies of 4 KiB or more, below which the wasm one is as fast) or
   * `"wasm"` (the package's SHA-256, every body).
   */
  get hmac() {
    return this.#mac ? "node:crypto" : "wasm";
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
    verifyWith({ core, mac: this.#mac, forced: this.#forced }, intoWasm(raw), sig, ts, nowS);
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
  return JSON.parse(verifying(() => glue.webhookSign(raw.text, raw.bytes, secret, ts, legacyBodyOnly === true)));
}

/** The body limit in bytes for a `maxBodyBytes` option (the core's default when absent). */
export const bodyLimit = (maxBodyBytes) => glue.webhookMaxBody(seconds("maxBodyBytes", maxBodyBytes, undefined, "bytes"));

/** Checks a `toleranceSeconds` option, as verifyWebhook does. */
export const toleranceOption = (toleranceSeconds) => seconds("toleranceSeconds", toleranceSeconds, undefined);

/** Checks a `hostCrypto` option, as verifyWebhook does. */
export function hostCryptoOption(hostCrypto) {
  if (hostCrypto !== undefined && typeof hostCrypto !== "boolean") throw invalid("hostCrypto", "must be a boolean");
}

/** The `body_too_large` refusal for a body of `size` bytes, from the core's descriptor. */
export const bodyTooLarge = (size, limit) => fromDescriptor(JSON.parse(glue.webhookBodyTooLarge(size, limit)), WebhookVerificationError);
