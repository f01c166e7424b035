// Error classes of the package. The Rust core reports failures as
// descriptors (`Descriptor` in src/core/error.rs, declared from it as
// `VesicashErrorDescriptor` in types.d.ts: an object from the engine; the
// webhook verifier's JSON string has its `code` and `message`); this file is
// the one place that turns them into Error objects, so every failure a
// caller sees is a VesicashError with a stable `code`.

// The descriptor's optional members, and the `payment` of a wait.
const DETAILS = ["status", "field", "apiCode", "requestId", "retryAfter", "reference", "payment"];

/** Any failure of the package: a real Error with a stable string `code`. */
export class VesicashError extends Error {
  /**
   * @param {string} message what went wrong and what to do
   * @param {{code: string, retryable?: boolean, attempts?: number, status?: number, field?: string, apiCode?: number,
   *   requestId?: string, retryAfter?: number, reference?: string, cause?: unknown}} details
   */
  constructor(message, details = {}) {
    const { code, retryable = false, attempts = 0, cause } = details;
    super(message, cause === undefined ? undefined : { cause });
    this.name = "VesicashError";
    /** Stable machine-readable code, e.g. `validation_error`, `timeout`. */
    this.code = code;
    /** Whether making the same call again is safe (initialize: with `reference`). */
    this.retryable = retryable;
    /** HTTP attempts the call made (0: nothing was sent). */
    this.attempts = attempts;
    for (const key of DETAILS) if (details[key] !== undefined) this[key] = details[key];
  }
}

/** A VesicashError from a descriptor of the wasm core. */
export function fromDescriptor(d, ErrorClass = VesicashError) {
  return new ErrorClass(d.message, d);
}

function descriptor(e) {
  if (typeof e === "string" && e.startsWith("{")) return JSON.parse(e);
  if (e !== null && typeof e === "object" && !(e instanceof Error) && typeof e.code === "string" && typeof e.message === "string") return e;
  return undefined;
}

/**
 * Runs a wasm call, turning a thrown descriptor into a VesicashError.
 * Anything else (a wasm RuntimeError, a bug) is rethrown untouched.
 */
export function callCore(fn, ErrorClass = VesicashError) {
  try {
    return fn();
  } catch (e) {
    const d = descriptor(e);
    throw d ? fromDescriptor(d, ErrorClass) : e;
  }
}

/** Awaits an engine promise, turning a rejected descriptor into a VesicashError. */
export async function rejectAsError(promise) {
  try {
    return await promise;
  } catch (e) {
    const d = descriptor(e);
    throw d ? fromDescriptor(d) : e;
  }
}

/** A validation error raised by the JS layer before the core is reached. */
export function invalid(field, message) {
  return new VesicashError(`invalid \`${field}\`: ${message}`, { code: "validation_error", field });
}
