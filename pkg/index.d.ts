// Type declarations of vesicash-edge. The data types (params, payments,
// options, events, error codes) are generated from the Rust types into
// types.d.ts; this file declares the classes and functions around them.
// As there, an optional member of an object the caller passes in is
// `?: T | undefined` (the package reads `undefined` as absent, so code built
// with exactOptionalPropertyTypes may pass `process.env.X` on), and one of an
// object the package returns is `?: T` (absent, never set to `undefined`).
import type {
  CallOptions,
  Country,
  FailureAdvice,
  FailureReasonCode,
  InitializeParams,
  ListFilters,
  MergedStatus,
  PayParams,
  Payment,
  PaymentOutcome,
  PaymentPage,
  PaymentStatus,
  PayoutParams,
  ReconcileSchedule,
  RefreshItem,
  RefreshOptions,
  RefundParams,
  RotatedSecret,
  StatusObservation,
  TransferReceipt,
  VerifyWebhookOptions,
  VesicashErrorCode,
  VesicashErrorDescriptor,
  VesicashOptions,
  VesicashRequest,
  WaitOptions,
  WebhookErrorCode,
  WebhookEvent,
} from "./types.js";

export * from "./types.js";

/** The params of `payments.charge`: the init fields plus `phone_number` and the customer fields. */
export type ChargeParams = InitializeParams & PayParams;

// The class's members are the generated descriptor's, merged in by this
// interface so that they are declared once (in Rust: src/core/error.rs);
// `code` is widened to the webhook codes, `payment` is set by the JS layer.
export interface VesicashError extends Readonly<Omit<VesicashErrorDescriptor, "code" | "message">> {}

/** Any failure of the package: a real `Error` with a stable `code`. */
export declare class VesicashError extends Error {
  constructor(
    message: string,
    details?: { [K in keyof Omit<VesicashErrorDescriptor, "code" | "message">]?: VesicashErrorDescriptor[K] | undefined } & {
      code: VesicashErrorCode | WebhookErrorCode;
      cause?: unknown;
    },
  );
  /** `"VesicashError"` (or `"WebhookVerificationError"`). */
  readonly name: string;
  /** Stable machine-readable code: see `VesicashErrorCode` (and `WebhookErrorCode`). */
  readonly code: VesicashErrorCode | WebhookErrorCode;
  /** waitForFinal only (`timeout`, `aborted`): the last payment the polls saw. */
  readonly payment?: Payment;
}

/**
 * The payment state to keep after a new observation (a verified webhook or a polled
 * payment). A final state never reverts to pending, a duplicate is a no-op, an older
 * observation never overwrites a newer one, and two different final states are reported
 * as `conflict`, never silently resolved.
 * @throws {VesicashError} `validation_error` for observations of different payments or a non-finite `at`.
 */
export declare function mergeStatus(held: StatusObservation | null, next: StatusObservation): MergedStatus;

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
     * Initialise then pay in one call, under one deadline. Both sets of params are validated
     * (both requests built) before anything is sent, so a malformed phone number never leaves a
     * payment that is never prompted. Resolves with the payment as pay answered it (`pending`:
     * the customer now has the prompt).
     *
     * Rejects as `initialize` does; once the payment exists, as `pay` does, with `err.reference`
     * set and `retryable: false` (the payment is there: send the prompt with `pay(err.reference, …)`
     * once its status allows, never a second charge).
     */
    charge(params: ChargeParams, options?: CallOptions): Promise<Payment>;
    /**
     * `GET /v1/payment/` (public key only): one page of the business's payments, newest first.
     * `limit` is 1–100; `from`/`to` a `Date`, an RFC 3339 time or `YYYY-MM-DD`. Retried on
     * transient failures. Rejects with `validation_error` (nothing sent) or any API and transport error.
     */
    list(filters?: ListFilters, options?: CallOptions): Promise<PaymentPage>;
    /**
     * Every payment matching `filters`, page after page, for `for await (const p of …)`. Stops
     * after the page that reaches `total`, or on an empty page. Each page is one `list` call
     * (with `options`); a failed page rejects the iteration.
     */
    listAll(filters?: ListFilters, options?: CallOptions): AsyncGenerator<Payment, void, undefined>;
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
    /**
     * Reads many payments for a reconciliation job: at most `concurrency` status calls at a
     * time, all within one `deadlineMs`; resolves (never rejects for one payment) with one
     * result per reference, in input order: `{ ok: true, payment }` or `{ ok: false, error }`.
     * Transient failures are retried; a 429 pauses the whole batch for its `Retry-After`. A
     * `404` within 30 s of `createdAt` (or of this client's `initialize`) is asked again; one
     * left at the deadline is `not_found` with `retryable: true` (not visible yet).
     * Merge each payment with `mergeStatus`.
     *
     * Rejects only with `validation_error` (the options, more than 1000 references).
     */
    refresh(references: ReadonlyArray<string | RefreshItem>, options?: RefreshOptions): Promise<RefreshResult[]>;
  };
  readonly refunds: {
    /**
     * `POST /v1/payment/refunds/process` (both keys): queues a full or partial refund of a paid
     * payment; the result arrives as a `refund.updated` webhook at `webhook_url`. Moves money, so
     * it is re-sent only after proof it was not processed (a 429, a refused connection): after an
     * ambiguous failure it rejects with `outcome_unknown` (not retryable): wait for the webhook
     * before sending it again, or the customer may be refunded twice.
     */
    create(params: RefundParams, options?: CallOptions): Promise<TransferReceipt>;
  };
  readonly payouts: {
    /**
     * `POST /v1/payment/payouts/process` (both keys): queues a payout to a phone
     * (`transfer_to: "mobile_money"`, `momo_phone_number`) or a bank account (`"bank"`,
     * `bank_id`, `account_number`); `countryId` (or `country_id`, one of the two) is a country's
     * `id` from `countries.list()`.
     * The result arrives as a `payout.updated` webhook. Never re-sent after an ambiguous
     * failure (`outcome_unknown`), as refunds.
     */
    create(params: PayoutParams, options?: CallOptions): Promise<TransferReceipt>;
  };
  readonly countries: {
    /** `GET /v1/countries` (public key only): the countries Vesicash serves, with the ids payouts take. */
    list(options?: CallOptions): Promise<Country[]>;
  };
  readonly webhooks: {
    /**
     * `POST /v1/account/generate-webhook-secret` (secret key only): a new webhook secret. The old
     * secret stops working at once: verify with `[oldSecret, newSecret]` until the new one is
     * deployed. A lost answer is retried (a repeat only rotates again). Never log the secret.
     */
    rotateSecret(options?: CallOptions): Promise<RotatedSecret>;
  };
  /** Request builders for your own HTTP stack (no retries, no limits): each returns `{method, url, headers, body}`. */
  readonly requests: {
    /** The `POST /v1/payment/init` request; `params.reference` is sent as given (none is generated). */
    initialize(params: InitializeParams): VesicashRequest;
    /** The `POST /v1/payment/pay/:reference` request. */
    pay(reference: string, params: PayParams): VesicashRequest;
    /** The `GET /v1/payment/:reference` request. */
    get(reference: string): VesicashRequest;
    /** The two requests of a charge, `[initialize, pay]`, both validated; `params.reference` is required. */
    charge(params: ChargeParams & { reference: string }): [VesicashRequest, VesicashRequest];
    /** The `GET /v1/payment/` request. */
    listPayments(filters?: ListFilters): VesicashRequest;
    /** The `POST /v1/payment/refunds/process` request. */
    refund(params: RefundParams): VesicashRequest;
    /** The `POST /v1/payment/payouts/process` request. */
    payout(params: PayoutParams): VesicashRequest;
    /** The `GET /v1/countries` request. */
    countries(): VesicashRequest;
    /** The `POST /v1/account/generate-webhook-secret` request. */
    rotateWebhookSecret(): VesicashRequest;
  };
}

/** One result of `payments.refresh`. */
export type RefreshResult = { reference: string; ok: true; payment: Payment } | { reference: string; ok: false; error: VesicashError };

/**
 * When a reconciliation job should check a payment not final yet (all times Unix ms): 30 s, 1, 2,
 * 5, 15, 30 min and 1 h after `createdAt`, then hourly; after the check at 24 h it is `expired`
 * locally (a later webhook or poll still wins through `mergeStatus`).
 * @throws {VesicashError} `validation_error` for a time that is not a finite number of 0 or more.
 */
export declare function reconcileSchedule(createdAt: number, lastCheckedAt: number | null | undefined, now?: number): ReconcileSchedule;

/**
 * Whether asking the customer to try again can help after a payment failed with `reason`
 * (its `failure_reason`), and a short text to show them. Unknown reasons are never retryable.
 */
export declare function failureAdvice(reason: FailureReasonCode | string): FailureAdvice;

/** Where a payment stands: `"paid"`, `"failed"`, or `"pending"` (also for unknown statuses: never final). */
export declare function paymentOutcome(status: PaymentStatus | string): PaymentOutcome;

/** A webhook that must be refused (answer 400); `code` says which check failed. */
export declare class WebhookVerificationError extends VesicashError {
  /** Never `invalid_secret`: a bad secret is your configuration, thrown as a plain `VesicashError`. */
  readonly code: Exclude<WebhookErrorCode, "invalid_secret">;
}

/** The raw request body, exactly as received (never a parsed object). */
export type RawWebhookBody = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** Request headers: a `Headers`, a node:http `IncomingMessage.headers` object, or `[name, value]` pairs. */
export type WebhookHeaders = Headers | Record<string, string | string[] | number | undefined> | Iterable<readonly [string, string]>;

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
 * A reusable webhook verifier: its secrets are checked once (and, for the wasm HMAC, their
 * keys prepared) and reused by every `verify`. Same checks, errors and result as `verifyWebhook`.
 * Lifetime: its state stays in wasm memory until `free()`, or until this object is garbage
 * collected (a FinalizationRegistry releases them). Build one per process or isolate.
 * @throws {VesicashError} `invalid_secret` or `validation_error` from the constructor.
 */
export declare class WebhookVerifier {
  constructor(secret: string | readonly string[], options?: Omit<VerifyWebhookOptions, "now">);
  /** @throws {WebhookVerificationError} when the delivery must be refused. */
  verify(rawBody: RawWebhookBody, headers: WebhookHeaders, options?: { now?: number | undefined }): WebhookEvent;
  /** Where the HMAC is computed: the host's `node:crypto`, or the package's wasm SHA-256. */
  readonly hmac: "node:crypto" | "wasm";
  /** Releases the prepared keys now; the verifier is unusable after. */
  free(): void;
}

/** The headers Vesicash sends for `rawBody` (for tests and the sandbox). */
export declare function signWebhook(
  rawBody: RawWebhookBody,
  secret: string,
  options?: { timestamp?: number | undefined; legacyBodyOnly?: boolean | undefined },
): { "mor-signature": string; "mor-timestamp"?: string };

/** What `onEvent` gets beside the event: the delivery key and the request it came in. */
export interface WebhookDelivery {
  /**
   * A stable key for idempotent storage: 64 lowercase hex digits, the SHA-256 of the event's
   * name, `data.reference` and `data.status` as signed. Every delivery of one event has the
   * same key, however often Vesicash re-signs and resends it; store it under a unique
   * constraint, and act only when the insert is new.
   */
  readonly key: string;
  /** The incoming request (its body already read). */
  readonly request: Request;
}

/** The options of `createWebhookHandler`. */
export interface WebhookHandlerOptions extends Omit<VerifyWebhookOptions, "now"> {
  /**
   * The webhook secret, or `[oldSecret, newSecret]` while rotating. Read per delivery: an
   * unset one (`undefined`, as `process.env.X` is during a build) answers 500, so Vesicash
   * delivers again once it is set, and is reported to `onError` as `invalid_secret`.
   */
  secret: string | readonly string[] | undefined;
  /**
   * Called once per verified delivery. Resolve to answer 200; throw or reject to answer 500
   * (Vesicash delivers again). Deliveries can repeat: deduplicate on `delivery.key`.
   */
  onEvent: (event: WebhookEvent, delivery: WebhookDelivery) => unknown;
  /**
   * Called with every refusal (`status` 400: a `WebhookVerificationError`) and failure
   * (500: an unset secret, `onEvent` threw, the body could not be read). Default: failures
   * are logged with `console.error`, refusals are not. Never receives a secret.
   */
  onError?: ((error: unknown, context: { status: 400 | 500; request: Request }) => void) | undefined;
}

/** A fetch-standard handler: a Worker's `fetch`, a Next.js route's `POST`, `Deno.serve`'s and `Bun.serve`'s handler. */
export type WebhookHandler = (request: Request) => Promise<Response>;

/**
 * A webhook endpoint for every runtime with `Request`/`Response`. Reads the raw body once
 * (refused past `maxBodyBytes`), verifies it, calls `onEvent`, and answers 200 when it
 * settles, 400 `{ error: code }` for a delivery that fails verification, 405 for a method
 * other than POST, and 500 when the secret is unset or `onEvent` throws (Vesicash delivers
 * again). Answers never carry the body or a secret.
 * @throws {VesicashError} `validation_error` for a missing `onEvent` or a malformed option.
 */
export declare function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler;

/** The part of node:http's `IncomingMessage` (and Express's, Fastify's `request.raw`) the Node adapter reads. */
export interface NodeWebhookRequest extends AsyncIterable<Uint8Array | string> {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly headers: Record<string, string | string[] | number | undefined>;
  /** The raw body, when a parser already read it: a Buffer (`express.raw`, Fastify's `parseAs: "buffer"`) or a string. */
  readonly body?: unknown;
  readonly readableDidRead?: boolean | undefined;
  readonly readableEnded?: boolean | undefined;
}

/** The part of node:http's `ServerResponse` (and Express's `res`, Fastify's `reply.raw`) the Node adapter writes. */
export interface NodeWebhookResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(chunk: string): unknown;
}

/** A handler for Node's `(req, res)`: node:http's `createServer(…)`, an Express route. Never rejects. */
export type NodeWebhookHandler = (req: NodeWebhookRequest, res: NodeWebhookResponse) => Promise<void>;

/**
 * Adapts a fetch-standard handler to Node's `(req, res)`. The body is `req.body` when a
 * parser left the raw bytes there (`express.raw({ type: "application/json" })`), else the
 * unread stream; a parsed or already-read body answers 500 (`body_not_raw` to `onError`).
 */
export declare function toNodeHandler(handler: WebhookHandler): NodeWebhookHandler;

/** `toNodeHandler(createWebhookHandler(options))`: a webhook endpoint for Node's `(req, res)`. */
export declare function createNodeWebhookHandler(options: WebhookHandlerOptions): NodeWebhookHandler;
