// Type-checked under exactOptionalPropertyTypes (tsconfig.node-types.json):
// every optional member of what a caller passes in takes `undefined`
// explicitly (`process.env.X`, a `T | undefined` option forwarded on), as
// the package reads it: as absent. A wrong type is still refused, and what
// the package returns keeps `?: T`: a member it leaves out is absent.
import {
  Vesicash,
  VesicashError,
  WebhookVerifier,
  createNodeWebhookHandler,
  createWebhookHandler,
  mergeStatus,
  signWebhook,
  verifyWebhook,
  type CallOptions,
  type Payment,
  type TransferReceipt,
  type VesicashOptions,
} from "vesicash-edge";

const options: VesicashOptions = {
  publicKey: "morPub_test_x",
  secretKey: "morSec_test_x",
  baseUrl: process.env.VESICASH_BASE_URL,
  fetch: undefined,
  timeoutMs: undefined,
  maxRetries: undefined,
  deadlineMs: undefined,
  maxResponseBytes: undefined,
  onRequest: undefined,
  onResponse: undefined,
  dangerouslyAllowBrowser: undefined,
};
const v = new Vesicash(options);
new Vesicash({ publicKey: "morPub_test_x", secretKey: "morSec_test_x", baseUrl: process.env.VESICASH_BASE_URL });

export async function everyInput(signal: AbortSignal | undefined, reference: string | undefined): Promise<void> {
  const call: CallOptions = { timeoutMs: undefined, maxRetries: undefined, deadlineMs: undefined, signal };
  const init = { amount: 1, currency: "ZMW", country: "ZM", narration: "n", method: "mobilemoney", webhook_url: "u", redirect_url: "u" } as const;
  await v.payments.initialize({ ...init, reference }, call);
  const customer = {
    email: undefined,
    customer_first_name: undefined,
    customer_last_name: undefined,
    customer_city: undefined,
    account_number: undefined,
  };
  await v.payments.pay("PY_1", { phone_number: "260970000001", ...customer }, { signal });
  await v.payments.charge({ ...init, reference: undefined, phone_number: "260970000001", ...customer }, call);
  await v.payments.list({ page: undefined, limit: undefined, reference, from: undefined, to: undefined });
  for await (const p of v.payments.listAll({ page: undefined }, call)) void p;
  await v.payments.waitForFinal("PY_1", { timeoutMs: undefined, intervalMs: undefined, createdAt: undefined, signal });
  await v.payments.refresh(["PY_1", { reference: "PY_2", createdAt: undefined }], { concurrency: undefined, deadlineMs: undefined, signal });
  await v.refunds.create({
    payment_reference: "PY_1",
    amount: 1,
    reason: "r",
    webhook_url: "u",
    country_id: undefined,
    transfer_to: undefined,
    momo_phone_number: undefined,
  });
  await v.payouts.create({ amount: 1, countryId: 1, country_id: undefined, transfer_to: "mobile_money", momo_phone_number: "1", webhook_url: "u" });
  await v.payouts.create({
    amount: 1,
    country_id: 1,
    countryId: undefined,
    transfer_to: "bank",
    bank_id: 4,
    account_number: "1",
    webhook_url: "u",
    narration: undefined,
  });
  const verify = { toleranceSeconds: undefined, legacyBodyOnly: undefined, maxBodyBytes: undefined, hostCrypto: undefined };
  verifyWebhook("{}", new Headers(), "whsec_x", { ...verify, now: undefined });
  new WebhookVerifier("whsec_x", verify).verify("{}", new Headers(), { now: undefined });
  signWebhook("{}", "whsec_x", { timestamp: undefined, legacyBodyOnly: undefined });
  const handler = { secret: process.env.VESICASH_WEBHOOK_SECRET, onEvent() {}, onError: undefined, ...verify };
  createWebhookHandler(handler);
  createNodeWebhookHandler(handler);
  mergeStatus(
    { reference: "PY_1", status: "pending", at: 0, source: undefined },
    { reference: "PY_1", status: "successful", at: 1, source: undefined },
  );
  void new VesicashError("m", { code: "timeout", retryable: undefined, attempts: undefined, field: undefined, status: undefined, cause: undefined });
}

export function wrongTypes(): void {
  // @ts-expect-error baseUrl is a string
  new Vesicash({ publicKey: "p", secretKey: "s", baseUrl: 1 });
  // @ts-expect-error null is not absent: timeoutMs is a number (the client refuses null)
  new Vesicash({ publicKey: "p", secretKey: "s", timeoutMs: null });
  // @ts-expect-error a required member does not take undefined
  new Vesicash({ publicKey: "p", secretKey: process.env.VESICASH_SECRET_KEY });
  // @ts-expect-error signal is an AbortSignal
  void v.payments.get("PY_1", { signal: true });
  // @ts-expect-error page is a number
  void v.payments.list({ page: "1" });
  // @ts-expect-error narration is a string
  void v.payouts.create({ amount: 1, countryId: 1, transfer_to: "mobile_money", momo_phone_number: "1", webhook_url: "u", narration: 1 });
  // @ts-expect-error toleranceSeconds is a number
  verifyWebhook("{}", new Headers(), "whsec_x", { toleranceSeconds: "300" });
}

export function outputs(): void {
  // @ts-expect-error an answer's absent member is absent, never `undefined`
  const receipt: TransferReceipt = { reference: "RF_1", status: "pending", message: undefined };
  // @ts-expect-error as in a payment
  const payment: Payment = { reference: "PY_1", status: "pending", email: undefined };
  void [receipt, payment];
}
