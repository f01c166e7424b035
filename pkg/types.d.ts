// Generated from the Rust types by `cargo run -p vesicash-edge-typegen` (tools/typegen): do not edit.
// The data types of vesicash-edge; index.d.ts declares the classes and functions.

/** A value this version does not know yet (a new status or event), kept as sent: a string at run time. */
declare enum Unrecognised {
  _ = "(a value this version does not know)",
}

/**
 * Options of the client (`new Vesicash(options)`); every call starts from
 * these. The JS facade has checked their types.
 */
export type VesicashOptions = {
  /**
   * Your public key (`morPub_…`).
   */
  publicKey: string;
  /**
   * Your secret key (`morSec_…`). Server-side only; never logged by this package.
   */
  secretKey: string;
  /**
   * Defaults to `https://api.mor.vesicash.com`.
   */
  baseUrl?: string | undefined;
  /**
   * Time limit of one attempt, reading the body included, in ms: a whole
   * number from 1 to 3600000 (default 10000).
   */
  timeoutMs?: number | undefined;
  /**
   * Extra attempts after the first, from 0 (no retries) to 10 (default 2).
   * Only what is safe is retried: pay is re-sent only when a failure
   * proves it was not processed.
   */
  maxRetries?: number | undefined;
  /**
   * Time limit of the whole call, retries and waits included, in ms: a
   * whole number from 1 to 3600000 (default 30000).
   */
  deadlineMs?: number | undefined;
  /**
   * Largest response body read, in bytes: a whole number from 1 to
   * 67108864 (default 1048576, 1 MiB; the largest real answer, a page of
   * 100 payments, is about 60 KB). A larger answer is refused with
   * `response_too_large`, never read past the limit.
   */
  maxResponseBytes?: number | undefined;
  /**
   * Defaults to `globalThis.fetch`. Called with `redirect: "manual"`:
   * a redirect is refused (`redirected`), never followed.
   */
  fetch?: typeof fetch | undefined;
  /**
   * Called before every attempt (logging, metrics). A hook that throws is ignored.
   */
  onRequest?: ((event: RequestEvent) => void) | undefined;
  /**
   * Called after every attempt, whatever its outcome. A hook that throws is ignored.
   */
  onResponse?: ((event: ResponseEvent) => void) | undefined;
  /**
   * In a browser page the constructor throws: the secret key would be
   * readable by anyone who opens the page. `true` allows it, for a local
   * test page only. Read by the JS facade (`pkg/src/client.js`), which
   * does not pass it on.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
};

/**
 * Options of one call; the limits override the client's.
 */
export type CallOptions = {
  /**
   * Overrides `VesicashOptions.timeoutMs` for this call (same range; out
   * of range rejects with `validation_error`).
   */
  timeoutMs?: number | undefined;
  /**
   * Overrides `VesicashOptions.maxRetries` for this call (same range).
   */
  maxRetries?: number | undefined;
  /**
   * Overrides `VesicashOptions.deadlineMs` for this call (same range).
   */
  deadlineMs?: number | undefined;
  /**
   * Cancels the call at once, in flight or between attempts: it rejects
   * with `aborted` (see that code for pay).
   */
  signal?: AbortSignal | undefined;
};

/**
 * Options of `payments.waitForFinal`.
 */
export type WaitOptions = {
  /**
   * The whole wait in ms (default 300000: longer than a prompt stays open on the phone).
   */
  timeoutMs?: number | undefined;
  /**
   * The longest pause between two polls in ms (default 10000).
   */
  intervalMs?: number | undefined;
  /**
   * The payment's `created_at` (Unix ms, or a `Date` / RFC 3339 text in
   * JS): a `404` within 30 s of it (or of this client's `initialize` of
   * the payment) means "not visible yet" and the polls go on.
   */
  createdAt?: number | Date | string | undefined;
  /**
   * Cancels the wait at once: it rejects with `aborted`.
   */
  signal?: AbortSignal | undefined;
};

/**
 * Options of `payments.refresh`.
 */
export type RefreshOptions = {
  /**
   * Status calls in flight at once, 1 to 16 (default 4).
   */
  concurrency?: number | undefined;
  /**
   * The whole batch in ms, 1 to 3600000 (default the client's `deadlineMs`):
   * references not read by then end with `timeout`.
   */
  deadlineMs?: number | undefined;
  /**
   * Cancels the batch at once: every reference not read yet ends with `aborted`.
   */
  signal?: AbortSignal | undefined;
};

/**
 * One payment to refresh, as the JS facade hands it over.
 */
export type RefreshItem = {
  /**
   * The payment's reference.
   */
  reference: string;
  /**
   * Its `created_at` (Unix ms, a `Date` or RFC 3339 text): a `404` within
   * 30 s of it means "not visible yet".
   */
  createdAt?: number | Date | string | undefined;
};

/**
 * One attempt about to be sent, for `Hooks::on_request` (`onRequest` in JS).
 */
export type RequestEvent = {
  /**
   * `GET` or `POST`.
   */
  method: HttpMethod;
  /**
   * The full URL.
   */
  url: string;
  /**
   * 1 for the first attempt of the call, 2 for its first retry, and so on.
   */
  attempt: number;
  /**
   * The request's headers, with the key headers' values `[REDACTED]`.
   */
  headers: Record<string, string>;
};

/**
 * One attempt finished, whatever its outcome, for `Hooks::on_response` (`onResponse` in JS).
 */
export type ResponseEvent = {
  /**
   * `GET` or `POST`.
   */
  method: HttpMethod;
  /**
   * The full URL.
   */
  url: string;
  /**
   * 1 for the first attempt of the call, 2 for its first retry, and so on.
   */
  attempt: number;
  /**
   * The HTTP status; none (`null` in JS) when no response arrived.
   */
  status: number | null;
  /**
   * Milliseconds from sending to the whole response (or the failure).
   */
  elapsedMs: number;
  /**
   * The error code of a failed attempt; absent when the attempt
   * succeeded. The call may still retry.
   */
  error?: VesicashErrorCode;
};

/**
 * The HTTP method of a request.
 */
export type HttpMethod = "GET" | "POST";

/**
 * The body of `POST /v1/payment/init`.
 */
export type InitializeParams = {
  /**
   * Amount in major units, at most 2 decimals: `1.3` or `"1.30"` (a
   * string keeps the exact decimal digits; a number is read from its
   * shortest decimal text, so `0.1 + 0.2` is refused, never rounded).
   */
  amount: number | string;
  /**
   * ISO currency, three uppercase letters (`ZMW`, `GHS`).
   */
  currency: string;
  /**
   * ISO country, two uppercase letters (`ZM`, `GH`).
   */
  country: string;
  /**
   * What the payment is for; shown to the customer.
   */
  narration: string;
  /**
   * `mobilemoney` or `card`.
   */
  method: PaymentMethod;
  /**
   * Where Vesicash POSTs status changes.
   */
  webhook_url: string;
  /**
   * Where a checkout would send the customer afterwards.
   */
  redirect_url: string;
  /**
   * Your own reference (10–100 of `A-Za-z0-9-_.~`). Choose it before the
   * first attempt and reuse it on retries: that makes init safe to retry.
   * When omitted, the JS client generates one (`vx_…`) before the first
   * attempt; a failed call's `err.reference` carries it either way.
   */
  reference?: string | undefined;
};

/**
 * The body of `POST /v1/payment/pay/:reference`. Only `phone_number` is required.
 */
export type PayParams = {
  /**
   * The customer's mobile-money number: 9–15 digits, optional leading `+`.
   */
  phone_number: string;
  /**
   * The customer's email, or empty.
   */
  email?: string | undefined;
  /**
   * The customer's first name, or empty.
   */
  customer_first_name?: string | undefined;
  /**
   * The customer's last name, or empty.
   */
  customer_last_name?: string | undefined;
  /**
   * The customer's city, or empty.
   */
  customer_city?: string | undefined;
  /**
   * The wallet/account number; empty or absent means the phone number
   * (see `ACCOUNT_NUMBER_DEFAULTS_TO_PHONE`).
   */
  account_number?: string | undefined;
};

/**
 * The payment method of an initialise call.
 */
export type PaymentMethod = "mobilemoney" | "card";

/**
 * A payment as returned by init, pay and the status endpoint, and as the
 * `data` of a webhook. Only `reference` and `status` are required: init
 * answers with few fields, the status endpoint with all of them. Unknown
 * fields are kept as sent (in `extra` here; on the JS object as they came).
 * Serialises back to the same JSON object, unknown fields included.
 */
export type Payment = {
  /**
   * The payment reference (`PY_…`, or the caller's own).
   */
  reference: string;
  /**
   * The status string exactly as sent; see `outcome` (`paymentOutcome` in JS).
   */
  status: PaymentStatus;
  /**
   * Vesicash's id of the payment (a number in the documented example).
   */
  id?: number | string | null;
  /**
   * Amount in major units, as sent (a number).
   */
  amount?: number | null;
  /**
   * What the record is: `"payment"`.
   */
  type?: PaymentKind | null;
  /**
   * The payment method: `"mobilemoney"` or `"card"`.
   */
  method?: PaymentMethodName | null;
  /**
   * ISO currency, as sent (`"ZMW"`).
   */
  currency?: string | null;
  /**
   * The id of your business at Vesicash.
   */
  business_id?: number | string | null;
  /**
   * When the payment was created (RFC 3339).
   */
  created_at?: string | null;
  /**
   * When the payment last changed (RFC 3339).
   */
  updated_at?: string | null;
  /**
   * `"test"` or `"live"`: which key made it.
   */
  environment?: Environment | null;
  /**
   * The `redirect_url` of the initialise call.
   */
  redirect_url?: string | null;
  /**
   * The customer's email, as given to pay (may be empty).
   */
  email?: string | null;
  /**
   * The customer's first name, as given to pay (may be empty).
   */
  customer_first_name?: string | null;
  /**
   * The customer's last name, as given to pay (may be empty).
   */
  customer_last_name?: string | null;
  /**
   * The customer's mobile-money number, once pay has reached Vesicash.
   */
  phone_number?: string | null;
  /**
   * What the payment is for, as given to initialise.
   */
  narration?: string | null;
  /**
   * The mobile-money provider's id of the transaction (empty until final).
   */
  provider_transaction_id?: string | null;
  /**
   * Why a failed payment failed (`"INSUFFICIENT_FUNDS"`, …): see
   * `failureAdvice` for what each documented code means to a merchant.
   */
  failure_reason?: FailureReasonCode | null;
  /**
   * `payment_link` of init/pay (empty in the non-checkout flow).
   */
  payment_link?: string | null;
  /**
   * `payment_id` of init/pay (may be empty).
   */
  payment_id?: number | string | null;
};

/**
 * A payment's status as Vesicash sent it. `"pending"` is documented;
 * `"successful"`, `"success"` and `"completed"` are read as paid, and
 * `"failed"`, `"cancelled"`, `"expired"` and `"reversed"` as failed (see
 * `paymentOutcome`). A status this version does not know is kept as sent
 * and typed `Unrecognised`: compare with the known ones, or pass it to
 * `paymentOutcome` (it counts as pending, never final).
 */
export type PaymentStatus = "pending" | "successful" | "success" | "completed" | "failed" | "cancelled" | "expired" | "reversed" | Unrecognised;

/**
 * Why a payment failed (`failure_reason`): the codes Vesicash documents,
 * the misspelt `TRNASACTION_*` as documented and correctly spelt, or a
 * reason this version does not know (`Unrecognised`). Pass it to
 * `failureAdvice` to know whether asking the customer again can help.
 */
export type FailureReasonCode = "ABANDONED_TRANSACTION" | "DECLINED_TRANSACTION" | "INSUFFICIENT_FUNDS" | "INVALID_PIN" | "TRANSACTION_LIMIT_EXCEEDED" | "ACCOUNT_NOT_FOUND" | "ACCOUNT_BLOCKED" | "PROVIDER_TIMEOUT" | "TRNASACTION_FAILED" | "TRANSACTION_FAILED" | "TRNASACTION_PENDING" | "TRANSACTION_PENDING" | Unrecognised;

/**
 * What a merchant can do about a failure reason: `FailureReason::advice`
 * in Rust, `failureAdvice` in JS.
 */
export type FailureAdvice = {
  /**
   * The reason as documented (`"TRNASACTION_FAILED"` for either spelling),
   * or as sent when this version does not know it.
   */
  reason: FailureReasonCode;
  /**
   * Whether this version knows the reason.
   */
  known: boolean;
  /**
   * Whether asking the customer to try again (a new payment) can help.
   */
  retryable: boolean;
  /**
   * A short text a merchant can show the customer.
   */
  message: string;
};

/**
 * When to check a payment next: `next_check` in Rust, `reconcileSchedule` in JS.
 */
export type ReconcileSchedule = {
  /**
   * Whether a check is due now (`now` is at or past `next_check_at`).
   */
  due: boolean;
  /**
   * When the next check is due (Unix ms); none (`null`) once expired.
   */
  nextCheckAt: number | null;
  /**
   * The horizon was reached and checked: stop asking and hold the payment
   * as expired locally (a later webhook or poll still wins).
   */
  expired: boolean;
  /**
   * When the horizon is reached: `created_at` + `RECONCILE_HORIZON_MS` (Unix ms).
   */
  horizonAt: number;
};

/**
 * Where a payment stands, from its status string.
 */
export type PaymentOutcome = "paid" | "failed" | "pending";

/**
 * What a payment record is: `"payment"`, or a kind this version does not know.
 */
export type PaymentKind = "payment" | Unrecognised;

/**
 * A payment's method as Vesicash sent it.
 */
export type PaymentMethodName = "mobilemoney" | "card" | Unrecognised;

/**
 * Which key made a payment: `"test"` or `"live"`.
 */
export type Environment = "test" | "live" | Unrecognised;

/**
 * One request, ready to send. Header names are lowercase.
 */
export type VesicashRequest = {
  /**
   * `GET` or `POST`.
   */
  method: HttpMethod;
  /**
   * The full URL, path segments percent-safe.
   */
  url: string;
  /**
   * Header name/value pairs, in a fixed order.
   */
  headers: Record<string, string>;
  /**
   * The JSON body, for `POST`.
   */
  body: string | null;
};

/**
 * Filters and paging of `GET /v1/payment/`. Every field is optional; an
 * absent one is not sent, and Vesicash's default applies.
 */
export type ListFilters = {
  /**
   * The page, from 1.
   */
  page?: number | undefined;
  /**
   * Payments per page, 1 to `MAX_PAGE_LIMIT`.
   */
  limit?: number | undefined;
  /**
   * Only the payment with this reference.
   */
  reference?: string | undefined;
  /**
   * Created at or after: an RFC 3339 time or a `YYYY-MM-DD` date (a
   * `Date` in JavaScript).
   */
  from?: Date | string | undefined;
  /**
   * Created at or before: an RFC 3339 time or a `YYYY-MM-DD` date (a
   * `Date` in JavaScript).
   */
  to?: Date | string | undefined;
};

/**
 * One page of `GET /v1/payment/`.
 */
export type PaymentPage = {
  /**
   * The payments of this page, newest first as Vesicash orders them.
   */
  items: Array<Payment>;
  /**
   * This page's number, from 1.
   */
  page: number;
  /**
   * The page size asked for (or Vesicash's default).
   */
  limit: number;
  /**
   * How many payments match the filters, over all pages.
   */
  total: number;
};

/**
 * The body of `POST /v1/payment/refunds/process`: a full or partial refund.
 */
export type RefundParams = {
  /**
   * The payment to refund (its `reference`).
   */
  payment_reference: string;
  /**
   * How much to refund, in major units: at most what is left of the
   * payment (Vesicash checks; partial refunds are allowed). A number or a
   * decimal string, exact to 2 decimals.
   */
  amount: number | string;
  /**
   * Why, for the records.
   */
  reason: string;
  /**
   * Where Vesicash POSTs `refund.updated`.
   */
  webhook_url: string;
  /**
   * The `id` of the payment's country from `GET /v1/countries`, sent as
   * a string (the current "Initiate a Refund" page). With
   * `momo_phone_number`; both or neither.
   */
  country_id?: number | string | undefined;
  /**
   * Where the refund goes: only `"mobile_number"` (the current page), the
   * default when `momo_phone_number` is given.
   */
  transfer_to?: "mobile_number" | undefined;
  /**
   * The wallet to refund: E.164 digits without `+` (`233211111111`), per
   * the current page. With `country_id`; both or neither.
   */
  momo_phone_number?: string | undefined;
};

/**
 * The body of `POST /v1/payment/payouts/process`. The country's id is
 * `countryId` (the spelling sent) or `country_id`: exactly one of the two.
 */
export type PayoutParams = {
  /**
   * How much to pay out, in major units: a number or a decimal string.
   */
  amount: number | string;
  /**
   * Where Vesicash POSTs `payout.updated`.
   */
  webhook_url: string;
  /**
   * What the payout is for, if you say.
   */
  narration?: string | undefined;
} & ({
  "transfer_to": "mobile_money";
  /**
   * The wallet's phone number (`momo_phone_number`).
   */
  momo_phone_number: string;
} | {
  "transfer_to": "bank";
  /**
   * The bank's id (`bank_id`): a positive integer or a non-empty string.
   */
  bank_id: number | string;
  /**
   * The account number.
   */
  account_number: string;
}) & ({
  /**
   * The `id` of a country from `GET /v1/countries`.
   */
  countryId: number;
  /**
   * Not with `countryId`: one spelling only.
   */
  country_id?: undefined;
} | {
  /**
   * The `id` of a country from `GET /v1/countries`.
   */
  country_id: number;
  /**
   * Not with `country_id`: one spelling only.
   */
  countryId?: undefined;
});

/**
 * Where a payout goes: in JavaScript, `transfer_to` with the fields of its kind.
 */
export type TransferTo = {
  "transfer_to": "mobile_money";
  /**
   * The wallet's phone number (`momo_phone_number`).
   */
  momo_phone_number: string;
} | {
  "transfer_to": "bank";
  /**
   * The bank's id (`bank_id`): a positive integer or a non-empty string.
   */
  bank_id: number | string;
  /**
   * The account number.
   */
  account_number: string;
};

/**
 * What a refund or payout request answers: it was queued; the result
 * arrives by webhook (`refund.updated`, `payout.updated`).
 */
export type TransferReceipt = {
  /**
   * The refund's or payout's own reference (`RF_…`, `PO_…`).
   */
  reference: string;
  /**
   * `pending` when queued.
   */
  status: TransferStatus;
  /**
   * Vesicash's note, such as "refund queued successfully".
   */
  message?: string;
};

/**
 * A refund's or payout's status: `"pending"` when queued, then
 * `"successful"` or `"failed"`, or a status this version does not know.
 */
export type TransferStatus = "pending" | "successful" | "failed" | Unrecognised;

/**
 * Where a payout went.
 */
export type TransferToName = "mobile_money" | "bank" | Unrecognised;

/**
 * A country of `GET /v1/countries`: its `id` is a payout's `countryId`.
 */
export type Country = {
  /**
   * The id payouts take as `countryId`.
   */
  id: number;
  /**
   * The country's name (`Zambia`).
   */
  name: string;
  /**
   * ISO country code (`ZM`).
   */
  country_code: string;
  /**
   * ISO currency code (`ZMW`).
   */
  currency_code: string;
};

/**
 * The new webhook secret. Its `Debug` shows no secret.
 */
export type RotatedSecret = {
  /**
   * The secret every later delivery is signed with; the old one stopped working.
   */
  webhook_secret: string;
};

/**
 * A refund as `refund.updated` webhooks carry it. \[assumed\]: the contract
 * documents the refund request, not the event; only `reference` and
 * `status` are required, and every other field is kept as sent.
 */
export type Refund = {
  /**
   * The refund's reference (`RF_…`).
   */
  reference: string;
  /**
   * `pending`, then `successful` or `failed`.
   */
  status: TransferStatus;
  /**
   * The refunded payment's reference.
   */
  payment_reference?: string;
  /**
   * The amount refunded, in major units, as sent.
   */
  amount?: number;
  /**
   * ISO currency.
   */
  currency?: string;
  /**
   * The reason given.
   */
  reason?: string;
  /**
   * Why it failed, when it did.
   */
  failure_reason?: string;
  /**
   * RFC 3339.
   */
  created_at?: string;
  /**
   * RFC 3339.
   */
  updated_at?: string;
};

/**
 * A payout as `payout.updated` webhooks carry it. \[assumed\], as `Refund`.
 */
export type Payout = {
  /**
   * The payout's reference (`PO_…`).
   */
  reference: string;
  /**
   * `pending`, then `successful` or `failed`.
   */
  status: TransferStatus;
  /**
   * The amount paid out, in major units, as sent.
   */
  amount?: number;
  /**
   * The country's id.
   */
  countryId?: number;
  /**
   * `mobile_money` or `bank`.
   */
  transfer_to?: TransferToName;
  /**
   * The wallet's phone number (mobile money).
   */
  momo_phone_number?: string;
  /**
   * The bank's id (bank).
   */
  bank_id?: number | string;
  /**
   * The account number (bank).
   */
  account_number?: string;
  /**
   * What it was for.
   */
  narration?: string;
  /**
   * Why it failed, when it did.
   */
  failure_reason?: string;
  /**
   * RFC 3339.
   */
  created_at?: string;
  /**
   * RFC 3339.
   */
  updated_at?: string;
};

/**
 * The stable machine-readable kind of an `Error` (`VesicashError.code` in
 * JS). Whether the same call may be made again is on the error itself: read
 * `retryable` (`Error::retryable`), never infer it from the code alone.
 */
export type VesicashErrorCode =
  /**
   * An input failed validation (`field` names it); nothing was sent. Never
   * retryable: fix the input.
   */
  | "validation_error"
  /**
   * 401: the public or secret key is missing or wrong (or a test key used
   * with a live payment). Never retryable.
   */
  | "authentication_error"
  /**
   * 404 for a payment: no payment with that reference. Never retryable.
   */
  | "not_found"
  /**
   * 404 for the route itself: the base URL (or a proxy in front of it) is
   * wrong. Never retryable.
   */
  | "route_not_found"
  /**
   * Any other 4xx Vesicash gave no more specific meaning (`apiCode` and the
   * message say more). Never retryable.
   */
  | "invalid_request"
  /**
   * initialize: the reference already belongs to a payment. Never
   * retryable. When retrying with `err.reference` of an earlier failed
   * call, that call's request probably landed: read the payment with
   * `payments.get(reference)` (check its amount and currency) instead of
   * creating a new one.
   */
  | "reference_exists"
  /**
   * pay: the customer has already been prompted for this payment. Never
   * retryable: wait for the webhook or check `payments.get`.
   */
  | "payment_in_progress"
  /**
   * pay: the payment is already final. Never retryable: check `payments.get`.
   */
  | "payment_already_final"
  /**
   * initialize: a retried attempt found a payment under the reference whose
   * amount or currency is not the one asked for, so this call did not
   * create it. Never retryable.
   */
  | "payment_mismatch"
  /**
   * 5xx, or a response envelope whose `status` is not `"success"`.
   * Retryable, except after an ambiguous pay.
   */
  | "api_error"
  /**
   * The response could not be understood (not JSON, wrong shape), or it
   * is not about this request: its `data` names another payment, or an
   * initialise was answered with another amount or currency (a proxy or
   * cache mixed answers up). Retryable, except after an ambiguous pay.
   */
  | "invalid_response"
  /**
   * The answer was a redirect (a 3xx, or a browser's opaque redirect).
   * Redirects are never followed: one would carry the secret key wherever
   * it points. The message names the `Location` host. Check `baseUrl`
   * and any proxy in front of it. Never retryable (for pay, refunds and
   * payouts the call ends in `outcome_unknown` instead: the request may
   * have been processed before the redirect).
   */
  | "redirected"
  /**
   * The answer's body is larger than `maxResponseBytes` (default 1 MiB);
   * it was not read past the limit. Never retryable (for pay, refunds and
   * payouts: `outcome_unknown`).
   */
  | "response_too_large"
  /**
   * The connection failed or the response was cut short. Retryable, except
   * after an ambiguous pay.
   */
  | "connection_error"
  /**
   * An attempt (`timeoutMs`) or the whole call (`deadlineMs`) ran out of
   * time. Retryable, except after an ambiguous pay.
   */
  | "timeout"
  /**
   * The caller's signal cancelled the call. Retryable, except for a pay
   * aborted while its request was in flight (the prompt may have been
   * sent: wait for the webhook or check `payments.get`).
   */
  | "aborted"
  /**
   * 429 on every attempt allowed, or a `Retry-After` longer than the call
   * may wait (`retryAfter` has the wait, in seconds). Retryable, after that
   * wait.
   */
  | "rate_limited"
  /**
   * pay only: the push prompt may or may not have reached Vesicash (a
   * timeout, a dropped connection, a 5xx), and reading the payment back did
   * not show that it landed. pay is never re-sent after such a failure, and
   * this is never retryable: wait for the webhook or check `payments.get`
   * before calling pay again, or the customer may be prompted twice.
   */
  | "outcome_unknown";

/**
 * A webhook that failed verification, or could not be verified
 * (`WebhookVerificationError.code` in JS: answer 400).
 */
export type WebhookErrorCode =
  /**
   * No `mor-signature` header, or an empty one.
   */
  | "missing_signature"
  /**
   * No `mor-timestamp` header, or an empty one.
   */
  | "missing_timestamp"
  /**
   * `mor-timestamp` is not Unix seconds as decimal digits.
   */
  | "invalid_timestamp"
  /**
   * The signature is valid but the timestamp is further in the past than the tolerance.
   */
  | "timestamp_too_old"
  /**
   * The signature is valid but the timestamp is further in the future than the tolerance.
   */
  | "timestamp_too_new"
  /**
   * No signature in the header matches the body under any of the secrets.
   */
  | "signature_mismatch"
  /**
   * The body passed was not the raw request body (an already-parsed object, `null`, …).
   */
  | "body_not_raw"
  /**
   * The body is larger than the limit (`maxBodyBytes` in JS,
   * `max_body_bytes` in Rust): refused
   * before any hashing, so an anonymous sender cannot make a verifier
   * spend memory and CPU on an arbitrarily large body.
   */
  | "body_too_large"
  /**
   * A secret is empty or padded with whitespace, or none was given. Your
   * configuration, not the delivery: in JS a plain `VesicashError`, never a
   * `WebhookVerificationError`. Never retryable until fixed.
   */
  | "invalid_secret"
  /**
   * The signature is valid but the body is not a `{ "event", "data" }` payment event.
   */
  | "invalid_payload";

/**
 * An error with JS field names, as the JS layer receives it (serialised from
 * an `Error`): the members every `VesicashError` carries.
 */
export type VesicashErrorDescriptor = {
  /**
   * Stable machine-readable code: see `VesicashErrorCode`.
   */
  code: VesicashErrorCode;
  /**
   * What went wrong and what to do, without any secret.
   */
  message: string;
  /**
   * Whether making the same call again is safe: it cannot move money
   * twice. For initialize, only when made again with `reference`. True
   * for the transient failures (`api_error`, `invalid_response`,
   * `connection_error`, `timeout`, `rate_limited`, `aborted`) of
   * initialize, get, and of a pay proven not processed (a 429, a refused
   * connection); false for every other error, and for a pay that may have
   * reached Vesicash.
   */
  retryable: boolean;
  /**
   * HTTP attempts the call made, read-backs included (0: nothing was sent).
   */
  attempts: number;
  /**
   * Wire name of the invalid field, for `validation_error`.
   */
  field?: string;
  /**
   * HTTP status of the response behind the error, when there was one.
   */
  status?: number;
  /**
   * The `code` of Vesicash's error envelope, when it sent one.
   */
  apiCode?: number;
  /**
   * The `x-request-id` Vesicash sent with the response, for its support.
   */
  requestId?: string;
  /**
   * How long Vesicash asked to wait (429 `Retry-After`), in seconds (may be fractional).
   */
  retryAfter?: number;
  /**
   * initialize only: the payment reference it used, yours or the one the
   * client generated when `params.reference` was omitted. To retry
   * safely, pass it again as `params.reference`: an earlier attempt that
   * landed is then never duplicated.
   */
  reference?: string;
};

/**
 * One status of one payment, with when it was true: what `mergeStatus` merges.
 */
export type StatusObservation = {
  /**
   * The payment reference.
   */
  reference: string;
  /**
   * The status string as Vesicash sent it (a `Payment`'s `status`, or
   * one read back from your store: any string is accepted).
   */
  status: string;
  /**
   * When the status was true, in Unix milliseconds: the payment's
   * `updated_at` when it has one, else when it was received.
   */
  at: number;
  /**
   * Where it came from (`"webhook"`, `"poll"`, …), kept for the record.
   * Optional in an observation passed in; always set in `MergedStatus.state`.
   */
  source?: string | undefined;
};

/**
 * The result of `merge` (`mergeStatus` in JS).
 */
export type MergedStatus = {
  /**
   * The observation to keep.
   */
  state: StatusObservation;
  /**
   * Whether it differs from the state held: store it and act on it.
   */
  changed: boolean;
  /**
   * Set when the observation contradicts a held final state: the held one
   * is kept; log it for a person.
   */
  conflict?: StatusConflict;
};

/**
 * Two different final statuses seen for one payment.
 */
export type StatusConflict = {
  /**
   * The final status held (and kept).
   */
  held: string;
  /**
   * The other final status seen.
   */
  seen: string;
};

/**
 * A verified webhook event: `{ event, data }`. Switch on `event`; an event this
 * version does not know is still verified and returned as sent (`Unrecognised`),
 * its `data` with at least `reference` and `status`.
 */
export type WebhookEvent =
  | { event: "payment.updated"; data: Payment }
  | { event: "refund.updated"; data: Refund }
  | { event: "payout.updated"; data: Payout }
  | { event: Unrecognised; data: { reference: string; status: string; [field: string]: unknown } };

/**
 * A webhook's event name as sent: `"payment.updated"`, or an event this
 * version does not know (`Unrecognised`), still verified and returned.
 */
export type WebhookEventName = "payment.updated" | "refund.updated" | "payout.updated" | Unrecognised;

/**
 * Options of `verifyWebhook` and `new WebhookVerifier` (without `now`).
 */
export type VerifyWebhookOptions = {
  /**
   * Largest gap between `mor-timestamp` and now, in seconds, both directions (default 300; 0 means exactly now).
   */
  toleranceSeconds?: number | undefined;
  /**
   * The current Unix time in seconds (default `Date.now() / 1000`); for tests.
   */
  now?: number | undefined;
  /**
   * Accept only the older scheme, HMAC over the raw body alone (no timestamp, no replay protection).
   */
  legacyBodyOnly?: boolean | undefined;
  /**
   * Largest body accepted, in bytes (default 2 MiB); a larger one is refused with
   * `body_too_large` before it is copied into wasm memory or hashed.
   */
  maxBodyBytes?: number | undefined;
  /**
   * Where the HMAC is computed: `true` always the host's node:crypto, `false` never
   * (the package's wasm SHA-256); absent: the host's for bodies of 4 KiB or more.
   */
  hostCrypto?: boolean | undefined;
};
