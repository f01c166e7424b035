// Type declarations of vesicash-edge (hand-written; the wasm glue's own are
// internal). Field names of params and results are the wire's snake_case.

/**
 * Stable codes of `VesicashError.code` for the client's calls and
 * constructor. Whether the same call may be made again is on the error
 * itself: read `VesicashError.retryable`, never infer it from the code alone.
 */
export type VesicashErrorCode =
  /** An input failed validation (`field` names it); nothing was sent. Never retryable: fix the input. */
  | "validation_error"
  /** 401: the public or secret key is missing or wrong (or a test key used with a live payment). Never retryable. */
  | "authentication_error"
  /** 404 for a payment: no payment with that reference. Never retryable. */
  | "not_found"
  /** 404 for the route itself: the `baseUrl` (or a proxy in front of it) is wrong. Never retryable. */
  | "route_not_found"
  /** Any other 4xx Vesicash gave no more specific meaning (`apiCode` and the message say more). Never retryable. */
  | "invalid_request"
  /**
   * initialize: the reference already belongs to a payment. Never retryable. When you are retrying
   * with `err.reference` of an earlier failed call, that earlier call's request probably landed:
   * read the payment with `payments.get(reference)` (check its amount and currency) instead of
   * creating a new one.
   */
  | "reference_exists"
  /**
   * verifyWebhook/signWebhook: the webhook secret is missing (an unset environment variable),
   * empty, padded, or an empty list. Your configuration, not the delivery: thrown as a plain
   * `VesicashError`, never a `WebhookVerificationError`. Never retryable until fixed.
   */
  | "invalid_secret"
  /** pay: the customer has already been prompted for this payment. Never retryable: wait for the webhook or check `payments.get`. */
  | "payment_in_progress"
  /** pay: the payment is already final. Never retryable: check `payments.get`. */
  | "payment_already_final"
  /**
   * initialize: a retried attempt found a payment under the reference whose amount or currency
   * is not the one asked for, so this call did not create it. Never retryable.
   */
  | "payment_mismatch"
  /** 5xx, or a response envelope whose `status` is not `"success"`. Retryable, except after an ambiguous pay. */
  | "api_error"
  /** The response could not be understood (not JSON, wrong shape). Retryable, except after an ambiguous pay. */
  | "invalid_response"
  /** The connection failed or the response was cut short. Retryable, except after an ambiguous pay. */
  | "connection_error"
  /** An attempt (`timeoutMs`) or the whole call (`deadlineMs`) ran out of time. Retryable, except after an ambiguous pay. */
  | "timeout"
  /**
   * The `signal` of the call's options fired. Retryable, except for a pay aborted while its request
   * was in flight (the prompt may have been sent: wait for the webhook or check `payments.get`).
   */
  | "aborted"
  /**
   * 429 on every attempt allowed, or a `Retry-After` longer than the call may wait (`retryAfter`
   * has the wait, in seconds). Retryable, after that wait.
   */
  | "rate_limited"
  /**
   * pay only: the push prompt may or may not have reached Vesicash (a timeout, a dropped
   * connection, a 5xx), and reading the payment back did not show that it landed. pay is never
   * re-sent after such a failure, and this is never retryable: wait for the webhook or check
   * `payments.get` before calling pay again, or the customer may be prompted twice.
   */
  | "outcome_unknown";

/** Any failure of the package: a real `Error` with a stable `code`. */
export declare class VesicashError extends Error {
  constructor(
    message: string,
    details?: {
      code: VesicashErrorCode | WebhookErrorCode;
      retryable?: boolean;
      attempts?: number;
      status?: number;
      field?: string;
      apiCode?: number;
      requestId?: string;
      retryAfter?: number;
      reference?: string;
      cause?: unknown;
    },
  );
  /** `"VesicashError"` (or `"WebhookVerificationError"`). */
  readonly name: string;
  /** Stable machine-readable code: see `VesicashErrorCode` (and `WebhookErrorCode`). */
  readonly code: VesicashErrorCode | WebhookErrorCode;
  /**
   * Whether making the same call again is safe: it cannot move money twice. For initialize,
   * only when made again with `reference`. True for the transient failures (`api_error`,
   * `invalid_response`, `connection_error`, `timeout`, `rate_limited`, `aborted`) of
   * initialize, get, and of a pay proven not processed (a 429, a refused connection);
   * false for every other error, and for a pay that may have reached Vesicash.
   */
  readonly retryable: boolean;
  /** HTTP attempts the call made, read-backs included (0: nothing was sent). */
  readonly attempts: number;
  /** HTTP status of the response behind the error, when there was one. */
  readonly status?: number;
  /** Wire name of the invalid field, for `validation_error`. */
  readonly field?: string;
  /** The `code` of Vesicash's error envelope, when it sent one. */
  readonly apiCode?: number;
  /** The `x-request-id` Vesicash sent with the response, for its support. */
  readonly requestId?: string;
  /** How long Vesicash asked to wait (429 `Retry-After`), in seconds (may be fractional). */
  readonly retryAfter?: number;
  /**
   * initialize only: the payment reference it used, yours or the one the client generated when
   * `params.reference` was omitted. To retry safely, pass it again as `params.reference`: an
   * earlier attempt that landed is then never duplicated.
   */
  readonly reference?: string;
  /** waitForFinal only (`timeout`, `aborted`): the last payment the polls saw. */
  readonly payment?: Payment;
}

/** One attempt about to be sent, for `onRequest`. */
export interface RequestEvent {
  method: "GET" | "POST";
  /** The full URL. */
  url: string;
  /** 1 for the first attempt of the call, 2 for its first retry, and so on. */
  attempt: number;
  /** The request's headers; the values of the key headers are `"[REDACTED]"`. */
  headers: Record<string, string>;
}

/** One attempt finished, whatever its outcome, for `onResponse`. */
export interface ResponseEvent {
  method: "GET" | "POST";
  /** The full URL. */
  url: string;
  /** 1 for the first attempt of the call, 2 for its first retry, and so on. */
  attempt: number;
  /** The HTTP status, `null` when no response arrived. */
  status: number | null;
  /** Milliseconds from sending to the whole response (or to the failure). */
  elapsedMs: number;
  /** The code of a failed attempt; absent when the attempt succeeded. The call may still retry. */
  error?: VesicashErrorCode;
}

/** Options of the client; every call starts from these. */
export interface VesicashOptions {
  /** Your public key (`morPub_…`). */
  publicKey: string;
  /** Your secret key (`morSec_…`). Server-side only; never logged by this package. */
  secretKey: string;
  /** Defaults to `https://api.mor.vesicash.com`. */
  baseUrl?: string;
  /** Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Time limit of one attempt, reading the body included, in ms: a whole number from 1 to 3600000 (default 10000). */
  timeoutMs?: number;
  /**
   * Extra attempts after the first, from 0 (no retries) to 10 (default 2). Only what is safe is
   * retried: pay is re-sent only when a failure proves it was not processed.
   */
  maxRetries?: number;
  /** Time limit of the whole call, retries and waits included, in ms: a whole number from 1 to 3600000 (default 30000). */
  deadlineMs?: number;
  /** Called before every attempt (logging, metrics). A hook that throws is ignored. */
  onRequest?: (event: RequestEvent) => void;
  /** Called after every attempt, whatever its outcome. A hook that throws is ignored. */
  onResponse?: (event: ResponseEvent) => void;
  /**
   * In a browser page the constructor throws: the secret key would be readable by anyone who
   * opens the page. `true` allows it, for a local test page only.
   */
  dangerouslyAllowBrowser?: boolean;
}

/** Options of one call; the limits override the client's. */
/** Options of `payments.waitForFinal`. */
export interface WaitOptions {
  /** Cancels the wait at once: it rejects with `aborted`. */
  signal?: AbortSignal;
  /** The whole wait in ms (default 300000: longer than a prompt stays open on the phone). */
  timeoutMs?: number;
  /** The longest pause between two polls in ms (default 10000). */
  intervalMs?: number;
}

/** One status of one payment, with when it was true: what `mergeStatus` merges. */
export interface StatusObservation {
  reference: string;
  /** The status as Vesicash sent it. */
  status: string;
  /** Unix ms: the payment's `updated_at` when it has one, else when it was received. */
  at: number;
  /** Where it came from: `"webhook"`, `"poll"`, … (kept for the record). */
  source?: string;
}

/** What `mergeStatus` returns. */
export interface MergedStatus {
  /** The observation to keep. */
  state: StatusObservation & { source: string };
  /** Whether it differs from the one held: store it and act on it. */
  changed: boolean;
  /** Two different final statuses for one payment: the held one is kept; log it for a person. */
  conflict?: { held: string; seen: string };
}

/**
 * The payment state to keep after a new observation (a verified webhook or a polled
 * payment). A final state never reverts to pending, a duplicate is a no-op, an older
 * observation never overwrites a newer one, and two different final states are reported
 * as `conflict`, never silently resolved.
 * @throws {VesicashError} `validation_error` for observations of different payments or a non-finite `at`.
 */
export declare function mergeStatus(held: StatusObservation | null, next: StatusObservation): MergedStatus;

export interface CallOptions {
  /** Cancels the call at once, in flight or between attempts: it rejects with `aborted` (see that code for pay). */
  signal?: AbortSignal;
  /** Overrides `VesicashOptions.timeoutMs` for this call (same range; out of range rejects with `validation_error`). */
  timeoutMs?: number;
  /** Overrides `VesicashOptions.maxRetries` for this call (same range). */
  maxRetries?: number;
  /** Overrides `VesicashOptions.deadlineMs` for this call (same range). */
  deadlineMs?: number;
}

/** Body of `POST /v1/payment/init`. */
export interface InitializeParams {
  /** Major units, at most 2 decimals: `1.3` or `"1.30"`. */
  amount: number | string;
  /** Three uppercase letters, e.g. `"ZMW"`, `"GHS"`. */
  currency: string;
  /** Two uppercase letters, e.g. `"ZM"`, `"GH"`. */
  country: string;
  /** What the payment is for (1–255 characters). */
  narration: string;
  method: "mobilemoney" | "card";
  /** Absolute http(s) URL that receives signed status webhooks. */
  webhook_url: string;
  /** Absolute http(s) URL. */
  redirect_url: string;
  /**
   * Your own reference (10–100 of `A-Za-z0-9-_.~`). When omitted, the client generates one
   * (`vx_…`) before the first attempt; a failed call's `err.reference` carries it either way:
   * reuse it when retrying.
   */
  reference?: string;
}

/** Body of `POST /v1/payment/pay/:reference`. */
export interface PayParams {
  /** Mobile-money number: 9–15 digits, optional leading `+`. */
  phone_number: string;
  email?: string;
  customer_first_name?: string;
  customer_last_name?: string;
  customer_city?: string;
  /** Defaults to `phone_number`. */
  account_number?: string;
}

/** A payment as Vesicash returns it; unknown fields are kept. */
export interface Payment {
  reference: string;
  /** `"pending"`, `"successful"`, `"failed"`, …: see `paymentOutcome`. */
  status: string;
  payment_link?: string;
  payment_id?: string | number;
  id?: number | string;
  amount?: number;
  currency?: string;
  method?: string;
  type?: string;
  environment?: "test" | "live" | string;
  created_at?: string;
  updated_at?: string;
  phone_number?: string;
  [field: string]: unknown;
}

/** A request ready for any HTTP client. */
export interface VesicashRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

/**
 * A Vesicash client for the non-checkout mobile-money flow. Each call retries what is safe to
 * retry, within `timeoutMs` per attempt, `maxRetries` and `deadlineMs`, and rejects with a
 * `VesicashError` (see `VesicashErrorCode` and `retryable`).
 * @throws {VesicashError} `validation_error` for a missing or malformed key, base URL or limit.
 */
export declare class Vesicash {
  constructor(options: VesicashOptions);
  readonly payments: {
    /**
     * `POST /v1/payment/init` (both keys); safe to retry. Without `params.reference` the client
     * generates one before the first attempt, and every attempt sends the same body; a retry
     * answered "already exists" reads that payment back. A failed call's error carries the
     * reference in `err.reference`: call again with it to retry without a second payment.
     *
     * Rejects with `validation_error` (nothing sent), `reference_exists`, `payment_mismatch`,
     * or any API and transport error.
     */
    initialize(params: InitializeParams, options?: CallOptions): Promise<Payment>;
    /**
     * `POST /v1/payment/pay/:reference` (public key only): sends the push prompt. Re-sent only
     * when a failure proves it was not processed (a 429, a refused connection). After an
     * ambiguous failure (a timeout, a dropped connection, a 5xx) it is never re-sent: the client
     * reads the payment once, resolves with it if it shows the prompt landed, and otherwise
     * rejects with `outcome_unknown` (not retryable).
     *
     * Rejects with `validation_error` (nothing sent), `payment_in_progress`,
     * `payment_already_final`, `outcome_unknown`, or any API and transport error.
     */
    pay(reference: string, params: PayParams, options?: CallOptions): Promise<Payment>;
    /**
     * `GET /v1/payment/:reference` (both keys): details and status; retried on transient failures.
     *
     * Rejects with `validation_error` (nothing sent), `not_found`, or any API and transport error.
     */
    get(reference: string, options?: CallOptions): Promise<Payment>;
    /**
     * Polls `GET /v1/payment/:reference` until the payment is final (paid or failed by
     * `paymentOutcome`, `expired` included) and resolves with it, whatever its outcome: the
     * fallback when a webhook is late or lost. The first poll goes out at once, then after
     * 1 s, 2 s, 4 s … up to `intervalMs`. A poll's transient failures are retried and never
     * end the wait. Rejects with `timeout` at `timeoutMs` and `aborted` when `signal` fires,
     * both carrying the last payment seen in `payment`; a lasting error (`not_found`,
     * `authentication_error`, …) rejects at once.
     */
    waitForFinal(reference: string, options?: WaitOptions): Promise<Payment>;
  };
  /** Request builders for your own HTTP stack (no retries, no limits): each returns `{method, url, headers, body}`. */
  readonly requests: {
    /** The `POST /v1/payment/init` request; `params.reference` is sent as given (none is generated). */
    initialize(params: InitializeParams): VesicashRequest;
    /** The `POST /v1/payment/pay/:reference` request. */
    pay(reference: string, params: PayParams): VesicashRequest;
    /** The `GET /v1/payment/:reference` request. */
    get(reference: string): VesicashRequest;
  };
}

/** `"paid"`, `"failed"`, or `"pending"` (also for unknown statuses: never final). */
export declare function paymentOutcome(status: string): "paid" | "failed" | "pending";

/** Stable codes of `WebhookVerificationError.code`. */
export type WebhookErrorCode =
  | "missing_signature"
  | "missing_timestamp"
  | "invalid_timestamp"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "signature_mismatch"
  | "body_not_raw"
  | "body_too_large"
  | "invalid_payload";

/** A webhook that must be refused (answer 400); `code` says which check failed. */
export declare class WebhookVerificationError extends VesicashError {
  readonly code: WebhookErrorCode;
}

/** A verified webhook: `{ event, data }` with the wire's snake_case fields; unknown fields are kept. */
export interface WebhookEvent {
  /** `"payment.updated"`, or an event this version does not know, as sent. */
  event: string;
  /** The payment, in the shape of `payments.get`. */
  data: Payment;
  [field: string]: unknown;
}

/** The raw request body, exactly as received (never a parsed object). */
export type RawWebhookBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** Request headers: a `Headers`, a node:http `IncomingMessage.headers` object, or `[name, value]` pairs. */
export type WebhookHeaders =
  | Headers
  | Record<string, string | string[] | number | undefined>
  | Iterable<readonly [string, string]>;

export interface VerifyWebhookOptions {
  /** Largest gap between `mor-timestamp` and now, in seconds, both directions (default 300; 0 means exactly now). */
  toleranceSeconds?: number;
  /** The current Unix time in seconds (default `Date.now() / 1000`); for tests. */
  now?: number;
  /** Accept only the older scheme, HMAC over the raw body alone (no timestamp, no replay protection). */
  legacyBodyOnly?: boolean;
  /**
   * Largest body accepted, in bytes (default 2 MiB); a larger one is refused with
   * `body_too_large` before it is copied into wasm memory or hashed.
   */
  maxBodyBytes?: number;
}

/**
 * Verifies a Vesicash webhook synchronously and returns its event.
 * Read the body raw: `await request.text()` (Workers, fetch) or `express.raw({ type: "application/json" })`.
 * @throws {WebhookVerificationError} when the delivery must be refused.
 */
export declare function verifyWebhook(
  rawBody: RawWebhookBody,
  headers: WebhookHeaders,
  secret: string | readonly string[],
  options?: VerifyWebhookOptions,
): WebhookEvent;

/**
 * A reusable webhook verifier: the HMAC keys of its secrets are prepared once, in wasm,
 * and reused by every `verify`. Same checks, errors and result as `verifyWebhook`.
 * Lifetime: the keys stay in wasm memory until `free()`, or until this object is garbage
 * collected (a FinalizationRegistry releases them). Build one per process or isolate.
 * @throws {VesicashError} `invalid_secret` or `validation_error` from the constructor.
 */
export declare class WebhookVerifier {
  constructor(secret: string | readonly string[], options?: Omit<VerifyWebhookOptions, "now">);
  /** @throws {WebhookVerificationError} when the delivery must be refused. */
  verify(rawBody: RawWebhookBody, headers: WebhookHeaders, options?: { now?: number }): WebhookEvent;
  /** Releases the prepared keys now; the verifier is unusable after. */
  free(): void;
}

/** The headers Vesicash sends for `rawBody` (for tests and the sandbox). */
export declare function signWebhook(
  rawBody: RawWebhookBody,
  secret: string,
  options?: { timestamp?: number; legacyBodyOnly?: boolean },
): { "mor-signature": string; "mor-timestamp"?: string };
