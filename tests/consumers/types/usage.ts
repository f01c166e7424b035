// Type-checked (tsc --noEmit) against the packed package's declarations: the
// right uses compile, and each misuse below must be a type error.
import {
  Vesicash,
  VesicashError,
  WebhookVerificationError,
  mergeStatus,
  WebhookVerifier,
  paymentOutcome,
  signWebhook,
  verifyWebhook,
  type CallOptions,
  type Payment,
  type PaymentOutcome,
  type PaymentStatus,
  type WebhookEvent,
  type RequestEvent,
  type ResponseEvent,
  type VesicashErrorCode,
  type VesicashOptions,
  type VesicashRequest,
  type WebhookErrorCode,
} from "vesicash-edge";

const log: string[] = [];

const options: VesicashOptions = {
  publicKey: "morPub_test_x",
  secretKey: "morSec_test_x",
  baseUrl: "http://127.0.0.1:9",
  fetch: (input, init) => fetch(input, init),
  timeoutMs: 5_000,
  maxRetries: 3,
  deadlineMs: 20_000,
  onRequest(event) {
    const method: "GET" | "POST" = event.method;
    const apiKey: string | undefined = event.headers["secret-key"];
    log.push(`${method} ${event.url} #${event.attempt} ${apiKey ?? ""}`);
  },
  onResponse: (event: ResponseEvent) => {
    const status: number | null = event.status;
    const error: VesicashErrorCode | undefined = event.error;
    log.push(`${event.method} ${event.url} #${event.attempt} ${status ?? "-"} ${event.elapsedMs.toFixed(0)}ms ${error ?? "ok"}`);
  },
};
const vesicash = new Vesicash(options);
// Only the keys are required.
new Vesicash({ publicKey: "morPub_test_x", secretKey: "morSec_test_x" });
// Hooks may ignore the event, or be async (their result is ignored).
new Vesicash({ ...options, onRequest: () => {}, onResponse: async (e) => void log.push(String(e.status)) });

export async function flow(): Promise<string> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 15_000);
  const call: CallOptions = { signal: controller.signal, timeoutMs: 4_000, maxRetries: 1, deadlineMs: 15_000 };
  try {
    const init: Payment = await vesicash.payments.initialize(
      {
        amount: 1.3,
        currency: "ZMW",
        country: "ZM",
        method: "mobilemoney",
        narration: "rice",
        webhook_url: "https://shop.example/h",
        redirect_url: "https://shop.example/d",
        reference: "order-000000001",
      },
      call,
    );
    await vesicash.payments.pay(
      init.reference,
      { phone_number: "260970000001", customer_first_name: "Ada" },
      { signal: AbortSignal.timeout(10_000) },
    );
    const p = await vesicash.payments.get(init.reference, { maxRetries: 0 });
    await vesicash.payments.get(init.reference, {});
    await vesicash.payments.get(init.reference);
    const outcome: "paid" | "failed" | "pending" = paymentOutcome(p.status);
    const req: VesicashRequest = vesicash.requests.get(init.reference);
    const built: Array<string | null> = [
      vesicash.requests.initialize({
        amount: "1.30",
        currency: "ZMW",
        country: "ZM",
        method: "card",
        narration: "rice",
        webhook_url: "https://shop.example/h",
        redirect_url: "https://shop.example/d",
      }).body,
      vesicash.requests.pay(init.reference, { phone_number: "260970000001", account_number: "260970000001" }).body,
    ];
    log.push(...built.map(String));
    return `${outcome} ${req.method} ${req.url}`;
  } finally {
    clearTimeout(timer);
  }
}

/** initialize without a reference, retried once with the one the failed call used. */
export async function initializeOnce(): Promise<Payment> {
  const params = {
    amount: "1.30",
    currency: "ZMW",
    country: "ZM",
    method: "mobilemoney",
    narration: "rice",
    webhook_url: "https://shop.example/h",
    redirect_url: "https://shop.example/d",
  } as const;
  try {
    return await vesicash.payments.initialize(params);
  } catch (e) {
    if (e instanceof VesicashError && e.retryable && e.reference !== undefined) {
      const reference: string = e.reference;
      return vesicash.payments.initialize({ ...params, reference });
    }
    throw e;
  }
}

export async function payOnce(reference: string): Promise<Payment | "check-later"> {
  try {
    return await vesicash.payments.pay(reference, { phone_number: "+260970000001" });
  } catch (e) {
    if (!(e instanceof VesicashError)) throw e;
    if (e.code === "outcome_unknown") {
      // Narrowed: the literal code, never retryable.
      const code: "outcome_unknown" = e.code;
      log.push(`${code} after ${e.attempts} attempts (request ${e.requestId ?? "?"})`);
      return "check-later";
    }
    if (e.code === "rate_limited" && e.retryAfter !== undefined) {
      const seconds: number = e.retryAfter;
      log.push(`wait ${seconds}s`);
    }
    throw e;
  }
}

export function classify(e: unknown): string | undefined {
  if (e instanceof WebhookVerificationError) {
    const code: WebhookErrorCode = e.code;
    return code;
  }
  if (e instanceof VesicashError) {
    const retryable: boolean = e.retryable;
    const attempts: number = e.attempts;
    const reference: string | undefined = e.reference;
    const status: number | undefined = e.status;
    switch (e.code) {
      case "validation_error":
        return `fix ${e.field ?? "the input"}`;
      case "timeout":
      case "aborted":
      case "connection_error":
        return `${e.code} retryable=${retryable} after ${attempts} (${reference ?? "-"})`;
      default:
        return `${e.code} ${status ?? ""} ${e.apiCode ?? ""}`;
    }
  }
  return undefined;
}

// Users may build the error themselves (mocks in their tests).
export const fake = new VesicashError("timed out", { code: "timeout", retryable: true, attempts: 3, reference: "order-000000001", retryAfter: 1.5 });

export function webhook(body: string, headers: Headers): string {
  const signed = signWebhook(body, "whsec_new", { timestamp: 1_767_225_600 });
  log.push(signed["mor-signature"], signed["mor-timestamp"] ?? "");
  const event: WebhookEvent = verifyWebhook(body, headers, ["whsec_old", "whsec_new"], { toleranceSeconds: 300 });
  if (event.event === "payment.updated") log.push(event.data.reference);
  return event.data.status;
}

const verifier = new WebhookVerifier(["whsec_old", "whsec_new"], { toleranceSeconds: 300 });
export function webhookReused(body: Uint8Array, headers: Headers): string {
  // @ts-expect-error `now` is given per call, not to the constructor
  new WebhookVerifier("whsec_x", { now: 1 });
  return verifier.verify(body, headers, { now: 1767225600 }).data.reference;
}

export async function misuse(): Promise<void> {
  // @ts-expect-error secretKey is required
  new Vesicash({ publicKey: "p" });
  // @ts-expect-error timeoutMs is a number of ms, not a string
  new Vesicash({ ...options, timeoutMs: "10s" });
  // @ts-expect-error maxRetries is a number
  new Vesicash({ ...options, maxRetries: true });
  // @ts-expect-error unknown client option (the old name of deadlineMs)
  new Vesicash({ publicKey: "p", secretKey: "s", totalTimeoutMs: 1 });
  // @ts-expect-error onRequest receives a RequestEvent, not a string
  new Vesicash({ ...options, onRequest: (url: string) => log.push(url) });
  // @ts-expect-error onResponse receives a ResponseEvent (it has status), not a RequestEvent
  new Vesicash({ ...options, onResponse: (e: RequestEvent) => log.push(e.headers.x ?? "") });
  // @ts-expect-error hooks take one event, not (method, url)
  new Vesicash({ ...options, onRequest: (method: string, url: string) => log.push(method + url) });
  // @ts-expect-error ResponseEvent.status may be null
  new Vesicash({ ...options, onResponse: (e) => log.push(e.status.toFixed()) });
  await vesicash.payments.initialize({
    amount: 1,
    currency: "ZMW",
    country: "ZM",
    // @ts-expect-error method is "mobilemoney" | "card"
    method: "bank",
    narration: "n",
    webhook_url: "u",
    redirect_url: "u",
  });
  await vesicash.payments.initialize({
    // @ts-expect-error amount is a number or a string
    amount: true,
    currency: "ZMW",
    country: "ZM",
    method: "card",
    narration: "n",
    webhook_url: "u",
    redirect_url: "u",
  });
  // @ts-expect-error phone_number is required
  await vesicash.payments.pay("PY_1", { email: "a@b.c" });
  // @ts-expect-error unknown call option
  await vesicash.payments.get("PY_1", { retries: 3 });
  // @ts-expect-error timeoutMs of a call is a number
  await vesicash.payments.get("PY_1", { timeoutMs: "5000" });
  // @ts-expect-error signal is an AbortSignal, not its controller
  await vesicash.payments.pay("PY_1", { phone_number: "260970000001" }, { signal: new AbortController() });
  // @ts-expect-error the builders take no call options
  vesicash.requests.get("PY_1", { timeoutMs: 1 });
  const e = new VesicashError("x", { code: "timeout" });
  // @ts-expect-error errors are read-only
  e.retryable = true;
  // @ts-expect-error not a code of this package (typo of outcome_unknown)
  if (e.code === "outcome_unkown") return;
  // @ts-expect-error retryAfter may be absent
  const wait: number = e.retryAfter;
  void wait;
}

// Every documented field of a payment is typed; statuses and error codes are
// unions that stay open at run time but refuse misspellings at compile time.
export function describe(p: Payment): string {
  const optional: Array<string | null | undefined> = [
    p.currency,
    p.created_at,
    p.updated_at,
    p.redirect_url,
    p.email,
    p.customer_first_name,
    p.customer_last_name,
    p.phone_number,
    p.narration,
    p.provider_transaction_id,
    p.failure_reason,
    p.payment_link,
  ];
  const ids: Array<number | string | null | undefined> = [p.id, p.business_id, p.payment_id];
  const amount: number | null | undefined = p.amount;
  const status: PaymentStatus = p.status;
  // Any status passes where a string goes (logs, a database column, paymentOutcome).
  const asText: string = p.status;
  const outcome: PaymentOutcome = paymentOutcome(status);
  if (p.environment === "live" && p.type === "payment" && p.method === "mobilemoney") log.push("live");
  switch (p.status) {
    case "successful":
    case "success":
    case "completed":
      return `paid ${amount ?? "?"} ${p.currency ?? ""}`;
    case "failed":
    case "cancelled":
    case "expired":
    case "reversed":
      return `failed: ${p.failure_reason ?? "no reason"}`;
    case "pending":
      return "pending";
    default:
      // A status this version does not know: kept as sent, never final.
      return `${asText} ${outcome} ${optional.length} ${ids.length}`;
  }
}

export function misspellings(p: Payment, e: VesicashError, event: WebhookEvent): void {
  // @ts-expect-error misspelt status (successful)
  if (p.status === "sucessful") return;
  switch (p.status) {
    // @ts-expect-error misspelt status in a switch
    case "canceled":
      return;
  }
  // @ts-expect-error misspelt error code (authentication_error)
  if (e.code === "authentication_eror") return;
  // @ts-expect-error misspelt event name (payment.updated)
  if (event.event === "payment.update") return;
  // @ts-expect-error misspelt environment
  if (p.environment === "prod") return;
  // @ts-expect-error misspelt field (failure_reason)
  log.push(p.failur_reason);
  // @ts-expect-error a payment is not an index of unknowns: unknown fields are not typed
  log.push(p.brand_new_field);
  // @ts-expect-error failure_reason may be absent
  const reason: string = p.failure_reason;
  void reason;
  // @ts-expect-error the reason of a webhook's refusal is never invalid_secret (a plain VesicashError)
  if (e instanceof WebhookVerificationError && e.code === "invalid_secret") return;
}

export async function missing(v: Vesicash): Promise<void> {
  // @ts-expect-error currency is required
  await v.payments.initialize({ amount: 1, country: "ZM", method: "card", narration: "n", webhook_url: "u", redirect_url: "u" });
  await v.payments.initialize({
    amount: 1,
    currency: "ZMW",
    country: "ZM",
    method: "card",
    narration: "n",
    webhook_url: "u",
    redirect_url: "u",
    // @ts-expect-error misspelt optional field (reference)
    refrence: "order-000000001",
  });
  // @ts-expect-error misspelt pay field (customer_first_name)
  await v.payments.pay("PY_1", { phone_number: "260970000001", customer_firstname: "Ada" });
  // @ts-expect-error a status observation's time is a number of Unix ms
  mergeStatus(null, { reference: "PY_1", status: "pending", at: "2026-01-01" });
}

// waitForFinal and mergeStatus.
async function waitAndMerge(v: import("vesicash-edge").Vesicash) {
  const { mergeStatus, VesicashError: E } = await import("vesicash-edge");
  try {
    const final: Payment = await v.payments.waitForFinal("PY_1", { timeoutMs: 60_000, intervalMs: 2_000, signal: AbortSignal.timeout(70_000) });
    const merged = mergeStatus(null, { reference: final.reference, status: final.status, at: Date.now(), source: "poll" });
    if (merged.changed && merged.conflict) console.log(merged.conflict.held, merged.conflict.seen);
  } catch (e) {
    if (e instanceof E && e.code === "timeout") console.log(e.payment?.status);
  }
  // @ts-expect-error intervalMs is a number of milliseconds
  await v.payments.waitForFinal("PY_1", { intervalMs: "2s" });
  // @ts-expect-error an observation needs `at`
  mergeStatus(null, { reference: "PY_1", status: "pending" });
}
void waitAndMerge;
