// Type declarations of vesicash-edge (hand-written; the wasm glue's own are
// internal). Field names of params and results are the wire's snake_case.

/** Stable codes of `VesicashError.code`. */
export type VesicashErrorCode =
  | "validation_error"
  | "authentication_error"
  | "not_found"
  | "invalid_request"
  | "api_error"
  | "invalid_response"
  | "connection_error";

/** Any failure of the package. */
export declare class VesicashError extends Error {
  constructor(message: string, details: { code: string; status?: number; field?: string; apiCode?: number; cause?: unknown });
  readonly name: string;
  /** Stable machine-readable code. */
  readonly code: VesicashErrorCode | string;
  /** HTTP status of the response behind the error, when there was one. */
  readonly status?: number;
  /** Wire name of the invalid field, for `validation_error`. */
  readonly field?: string;
  /** The `code` of Vesicash's error envelope, when it sent one. */
  readonly apiCode?: number;
}

/** Options of the client. */
export interface VesicashOptions {
  /** Your public key (`morPub_…`). */
  publicKey: string;
  /** Your secret key (`morSec_…`). Server-side only; never logged by this package. */
  secretKey: string;
  /** Defaults to `https://api.mor.vesicash.com`. */
  baseUrl?: string;
  /** Defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Time limit of one HTTP call in ms (default 30000). */
  timeoutMs?: number;
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
  /** Your own reference (10–100 of `A-Za-z0-9-_.~`); reuse it when retrying. */
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

/** A Vesicash client for the non-checkout mobile-money flow. */
export declare class Vesicash {
  constructor(options: VesicashOptions);
  readonly payments: {
    /** `POST /v1/payment/init` (both keys). */
    initialize(params: InitializeParams): Promise<Payment>;
    /** `POST /v1/payment/pay/:reference` (public key only): sends the push prompt. */
    pay(reference: string, params: PayParams): Promise<Payment>;
    /** `GET /v1/payment/:reference` (both keys): details and status. */
    get(reference: string): Promise<Payment>;
  };
  readonly requests: {
    initialize(params: InitializeParams): VesicashRequest;
    pay(reference: string, params: PayParams): VesicashRequest;
    get(reference: string): VesicashRequest;
  };
}

/** Default time limit of one HTTP call, in ms. */
export declare const DEFAULT_TIMEOUT_MS: number;

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
  | "invalid_secret"
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

/** The headers Vesicash sends for `rawBody` (for tests and the sandbox). */
export declare function signWebhook(
  rawBody: RawWebhookBody,
  secret: string,
  options?: { timestamp?: number; legacyBodyOnly?: boolean },
): { "mor-signature": string; "mor-timestamp"?: string };
