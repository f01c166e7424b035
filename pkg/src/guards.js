// Argument checks shared by the client and the webhook facades. Everything
// handed to wasm is read in JavaScript first: an exception thrown while wasm
// reads a caller's object (a getter, a Proxy trap) cannot be caught there,
// and would leave the instance in a broken state.
import { invalid } from "./errors.js";

// Text that UTF-8 cannot carry (a lone surrogate) would reach Vesicash
// silently changed (as U+FFFD): refused instead, naming the field.
// String.prototype.isWellFormed is in every supported runtime (Node ≥ 20.3).
export function text(field, value) {
  if (!value.isWellFormed()) throw invalid(field, "holds a lone surrogate (text UTF-8 cannot carry)");
  return value;
}

// Array.isArray is the one check that throws only for a revoked Proxy: any
// other read of one throws a TypeError that is nobody's own exception.
export function isArray(field, value) {
  try {
    return Array.isArray(value);
  } catch {
    throw invalid(field, "is a revoked Proxy");
  }
}

/** The JS type of `value` for a message: "null", "an array", "a number", … */
export function typeOf(field, value) {
  if (value === null) return "null";
  if (typeof value === "object") return isArray(field, value) ? "an array" : "an object";
  return `a ${typeof value}`;
}

/** An object argument (options), or the error naming it; `undefined`/`null` read as absent. */
export function optionalObject(field, value, shape) {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || isArray(field, value)) throw invalid(field, `must be an object of ${shape}`);
  return value;
}
