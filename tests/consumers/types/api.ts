// Type-checked (tsc --noEmit): the v1 API beyond the flow, as a strict
// TypeScript user writes it; each misuse below must be a type error.
import {
  Vesicash,
  verifyWebhook,
  type ChargeParams,
  type Country,
  type PaymentPage,
  type PayoutParams,
  type RefundParams,
  type TransferReceipt,
} from "vesicash-edge";

const v = new Vesicash({ publicKey: "morPub_test_x", secretKey: "morSec_test_x" });

export async function everyMethod(): Promise<string[]> {
  const out: string[] = [];
  const charge: ChargeParams = {
    amount: "1.30",
    currency: "ZMW",
    country: "ZM",
    method: "mobilemoney",
    narration: "rice",
    webhook_url: "https://shop.example/h",
    redirect_url: "https://shop.example/d",
    phone_number: "260970000001",
    customer_first_name: "Ada",
  };
  const paid = await v.payments.charge(charge, { timeoutMs: 5_000 });
  const page: PaymentPage = await v.payments.list({ page: 1, limit: 50, from: new Date(), to: "2026-11-28" });
  out.push(`${paid.reference} ${page.total} ${page.items.map((p) => p.status).join()}`);
  for await (const p of v.payments.listAll({ reference: paid.reference })) out.push(p.reference);
  const refund: RefundParams = { payment_reference: paid.reference, amount: 0.3, reason: "damaged", webhook_url: "https://shop.example/h" };
  const receipt: TransferReceipt = await v.refunds.create(refund);
  const momo: PayoutParams = {
    amount: 25,
    countryId: 1,
    transfer_to: "mobile_money",
    momo_phone_number: "260970000001",
    webhook_url: "https://shop.example/h",
  };
  // The other spelling the payout pages write: either is read.
  const bank: PayoutParams = {
    amount: "25.00",
    country_id: 2,
    transfer_to: "bank",
    bank_id: 44,
    account_number: "001",
    webhook_url: "https://shop.example/h",
    narration: "weekly",
  };
  const payouts = await Promise.all([v.payouts.create(momo), v.payouts.create(bank)]);
  const countries: Country[] = await v.countries.list();
  const { webhook_secret } = await v.webhooks.rotateSecret();
  out.push(
    receipt.status,
    ...payouts.map((p) => p.reference),
    ...countries.map((c) => `${c.id} ${c.country_code}`),
    webhook_secret.length.toString(),
  );
  const [init, pay] = v.requests.charge({ ...charge, reference: "order-000000001" });
  out.push(init.url, pay.url, v.requests.listPayments({ page: 2 }).url, v.requests.refund(refund).url, v.requests.payout(bank).url);
  out.push(v.requests.countries().url, v.requests.rotateWebhookSecret().url);
  return out;
}

/** Narrowing on `event`: each known event's data is typed. */
export function onEvent(body: string, headers: Headers, secret: string): string {
  const e = verifyWebhook(body, headers, secret);
  switch (e.event) {
    case "payment.updated":
      return `${e.data.reference} ${e.data.status} ${e.data.failure_reason ?? ""}`;
    case "refund.updated":
      return `${e.data.payment_reference ?? ""} ${e.data.status === "successful"}`;
    case "payout.updated":
      return `${e.data.transfer_to === "bank"} ${e.data.failure_reason ?? ""}`;
    default:
      // An event this version does not know: still verified, reference and status present.
      return `${e.data.reference} ${e.data.status}`;
  }
}

export async function misuse(): Promise<void> {
  // @ts-expect-error transfer_to is "mobile_money" or "bank"
  await v.payouts.create({ amount: 1, countryId: 1, transfer_to: "wallet", webhook_url: "u" });
  // @ts-expect-error a bank payout needs bank_id and account_number
  await v.payouts.create({ amount: 1, countryId: 1, transfer_to: "bank", webhook_url: "u" });
  // @ts-expect-error a mobile-money payout needs momo_phone_number
  await v.payouts.create({ amount: 1, countryId: 1, transfer_to: "mobile_money", webhook_url: "u" });
  // @ts-expect-error the country is required: countryId or country_id
  await v.payouts.create({ amount: 1, transfer_to: "mobile_money", momo_phone_number: "1", webhook_url: "u" });
  // @ts-expect-error one spelling of the country, not both
  await v.payouts.create({ amount: 1, countryId: 1, country_id: 1, transfer_to: "mobile_money", momo_phone_number: "1", webhook_url: "u" });
  // @ts-expect-error the country's id is a number (countries.list()'s id)
  await v.payouts.create({ amount: 1, country_id: "1", transfer_to: "mobile_money", momo_phone_number: "1", webhook_url: "u" });
  // @ts-expect-error reason is required
  await v.refunds.create({ payment_reference: "PY_1", amount: 1, webhook_url: "u" });
  // @ts-expect-error misspelt filter (limit)
  await v.payments.list({ limt: 10 });
  // @ts-expect-error a charge needs the phone number
  await v.payments.charge({ amount: 1, currency: "ZMW", country: "ZM", method: "card", narration: "n", webhook_url: "u", redirect_url: "u" });
  const r = await v.refunds.create({ payment_reference: "PY_1", amount: 1, reason: "r", webhook_url: "u" });
  // @ts-expect-error misspelt transfer status (successful)
  if (r.status === "succesful") return;
  // @ts-expect-error misspelt event name (refund.updated)
  if (verifyWebhook("", new Headers(), "s").event === "refund.update") return;
}
