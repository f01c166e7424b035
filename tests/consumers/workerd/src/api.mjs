// The v1 API beyond the flow, run inside workerd against the sandbox; the
// test process checks the report against the sandbox's own records.
import { Vesicash } from "vesicash-edge";

async function settle(promise) {
  try {
    return { ok: await promise };
  } catch (e) {
    return { error: { name: e.name, code: e.code, field: e.field, retryable: e.retryable } };
  }
}

/** POST { baseUrl, publicKey, secretKey, webhookUrl, phone } → what each call answered. */
export async function handleApi(request) {
  const { baseUrl, publicKey, secretKey, webhookUrl, phone } = await request.json();
  const vesicash = new Vesicash({ publicKey, secretKey, baseUrl });
  const init = {
    amount: "1.30",
    currency: "ZMW",
    country: "ZM",
    narration: "rice",
    method: "mobilemoney",
    webhook_url: webhookUrl,
    redirect_url: webhookUrl,
  };
  const report = {};
  report.countries = await settle(vesicash.countries.list());
  report.badCharge = await settle(vesicash.payments.charge({ ...init, phone_number: "12" }));
  report.charge = await settle(vesicash.payments.charge({ ...init, phone_number: phone }));
  const reference = report.charge.ok?.reference;
  report.final = await settle(vesicash.payments.waitForFinal(reference, { timeoutMs: 10_000 }));
  report.refund = await settle(vesicash.refunds.create({ payment_reference: reference, amount: "1.30", reason: "test", webhook_url: webhookUrl }));
  report.payout = await settle(
    vesicash.payouts.create({ amount: 3, countryId: 2, transfer_to: "mobile_money", momo_phone_number: phone, webhook_url: webhookUrl }),
  );
  report.page = await settle(vesicash.payments.list({ limit: 1 }));
  const all = [];
  for await (const p of vesicash.payments.listAll({ limit: 1 })) all.push(p.reference);
  report.all = all;
  report.rotated = await settle(vesicash.webhooks.rotateSecret());
  return Response.json(report);
}
