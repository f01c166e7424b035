// The response envelope of the Vesicash v1 API (the `{status, code, message, data}` form of every answer).
import { randomBytes } from "node:crypto";

/** Wraps data in the success envelope every Vesicash answer uses. */
export function success(data) {
  return { status: "success", code: 200, message: "success", data };
}

/** Builds the error envelope; data is null, as docs/contract.md assumes for errors. */
export function failure(code, message) {
  return { status: "error", code, message, data: null };
}

/** An error a handler throws to answer with this HTTP status, message and extra headers. */
export class ApiError extends Error {
  constructor(code, message, headers = {}) {
    super(message);
    this.code = code;
    this.headers = headers;
  }
}

/** Returns n random lowercase hex characters (ids, references, secrets). */
export function randomHex(n) {
  return randomBytes(Math.ceil(n / 2))
    .toString("hex")
    .slice(0, n);
}
