// Error classes of the package. The Rust core reports failures as JSON
// descriptors ({code, message, field?, status?, api_code?}); this file is the
// one place that turns them into Error objects, so every failure a caller
// sees is a VesicashError with a stable `code`.

/** Any failure of the package: a real Error with a stable string `code`. */
export class VesicashError extends Error {
  /**
   * @param {string} message what went wrong and what to do
   * @param {{code: string, status?: number, field?: string, apiCode?: number, cause?: unknown}} details
   */
  constructor(message, { code, status, field, apiCode, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "VesicashError";
    /** Stable machine-readable code, e.g. `validation_error`, `not_found`. */
    this.code = code;
    /** HTTP status of the response behind the error, when there was one. */
    if (status !== undefined) this.status = status;
    /** The wire name of the invalid field, for `validation_error`. */
    if (field !== undefined) this.field = field;
    /** The `code` of Vesicash's error envelope, when it sent one. */
    if (apiCode !== undefined) this.apiCode = apiCode;
  }
}

/** A VesicashError from a descriptor thrown by the wasm core. */
export function fromDescriptor(d, ErrorClass = VesicashError) {
  return new ErrorClass(d.message, { code: d.code, status: d.status, field: d.field, apiCode: d.api_code });
}

/**
 * Runs a wasm call, turning a thrown descriptor string into a VesicashError.
 * Anything else (a wasm RuntimeError, a bug) is rethrown untouched.
 */
export function callCore(fn, ErrorClass = VesicashError) {
  try {
    return fn();
  } catch (e) {
    if (typeof e === "string" && e.startsWith("{")) throw fromDescriptor(JSON.parse(e), ErrorClass);
    throw e;
  }
}

/** A validation error raised by the JS layer before the core is reached. */
export function invalid(field, message) {
  return new VesicashError(`invalid \`${field}\`: ${message}`, { code: "validation_error", field });
}
