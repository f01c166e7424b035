// Field validation for request bodies. Each failure is a 400 that names the field and says
// why, so a wire-format bug in the SDK shows up as a precise message, not a generic error.
import { ApiError } from "./envelope.mjs";

/** Largest accepted amount: keeps amount * 100 an exact integer in a double. */
export const MAX_AMOUNT = 1e12;
/** Currency: 3 uppercase letters; country: 2; phone: digits with an optional leading +. */
export const PATTERNS = {
  currency: /^[A-Z]{3}$/,
  country: /^[A-Z]{2}$/,
  phone: /^\+?[0-9]{7,15}$/,
  // A refund's momo_phone_number: E.164 digits without "+" (a country code never starts with 0).
  e164Digits: /^[1-9][0-9]{7,14}$/,
};
// Shortest round-trip decimal of a double, e.g. String(1.13) === "1.13": it equals the
// JSON literal (minus trailing zeros), so it tells us exactly how many decimals were sent.
const TWO_DECIMALS = /^[0-9]+(\.[0-9]{1,2})?$/;

const bad = (field, why) => new ApiError(400, `invalid field "${field}": ${why}`);
const missing = (field) => new ApiError(400, `missing required field "${field}"`);
const typeName = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Parses a raw body as a JSON object, or throws a 400 saying what is wrong with it. */
export function parseJsonObject(raw) {
  if (raw.trim() === "") throw new ApiError(400, "request body is empty; expected a JSON object");
  let value;
  try {
    value = JSON.parse(raw);
  } catch (e) {
    throw new ApiError(400, `request body is not valid JSON: ${e.message}`);
  }
  if (typeName(value) !== "object") throw new ApiError(400, `request body must be a JSON object, got ${typeName(value)}`);
  return value;
}

/** Reads a string field, enforcing presence, non-emptiness, length and pattern as asked. */
export function str(body, field, { optional = false, nonEmpty = false, minLength = 0, maxLength = 1000, pattern, hint } = {}) {
  const v = body[field];
  if (v === undefined || v === null) {
    if (optional) return undefined;
    throw missing(field);
  }
  if (typeof v !== "string") throw bad(field, `must be a string, got ${typeName(v)}`);
  if (nonEmpty && v.trim() === "") throw bad(field, "must not be empty");
  if (v.length < minLength) throw bad(field, `must be at least ${minLength} characters, got ${v.length}`);
  if (v.length > maxLength) throw bad(field, `must be at most ${maxLength} characters`);
  if (pattern && !pattern.test(v)) throw bad(field, hint);
  return v;
}

/** Reads a field that must be one of the given strings. */
export function oneOf(body, field, values) {
  const v = str(body, field);
  if (!values.includes(v)) throw bad(field, `must be one of ${values.map((x) => JSON.stringify(x)).join(", ")}`);
  return v;
}

/** Reads an absolute http(s) URL field. */
export function httpUrl(body, field, { optional = false } = {}) {
  const v = str(body, field, { optional, nonEmpty: true, maxLength: 2048 });
  if (v === undefined) return v;
  let u;
  try {
    u = new URL(v);
  } catch {
    throw bad(field, "must be an absolute http(s) URL");
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw bad(field, "must be an absolute http(s) URL");
  return v;
}

/** Reads a positive amount in major units: a JSON number (never a string), at most 2 decimals. */
export function amount(body, field = "amount") {
  const v = body[field];
  if (v === undefined || v === null) throw missing(field);
  if (typeof v === "string") throw bad(field, "must be a JSON number, not a string");
  if (typeof v !== "number" || !Number.isFinite(v)) throw bad(field, `must be a finite JSON number, got ${typeName(v)}`);
  if (v <= 0) throw bad(field, "must be greater than 0");
  if (v > MAX_AMOUNT) throw bad(field, `must be at most ${MAX_AMOUNT}`);
  if (!TWO_DECIMALS.test(String(v))) throw bad(field, "must have at most 2 decimal places");
  return v;
}

/** Converts a validated amount to integer minor units, so sums never drift. */
export function toCents(v) {
  return Math.round(v * 100);
}

/** Formats minor units back to a 2-decimal string for messages. */
export function formatCents(c) {
  return (c / 100).toFixed(2);
}
