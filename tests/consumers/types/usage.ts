// Type-checked (tsc --noEmit) against the packed package's declarations: the
// right uses compile, and each misuse below must be a type error.
import { Vesicash, VesicashError, paymentOutcome, type Payment, type VesicashRequest } from "vesicash-edge";

const vesicash = new Vesicash({ publicKey: "morPub_test_x", secretKey: "morSec_test_x", baseUrl: "http://127.0.0.1:9" });

export async function flow(): Promise<string> {
  const init: Payment = await vesicash.payments.initialize({
    amount: 1.3, currency: "ZMW", country: "ZM", method: "mobilemoney", narration: "rice",
    webhook_url: "https://shop.example/h", redirect_url: "https://shop.example/d", reference: "order-000000001",
  });
  await vesicash.payments.pay(init.reference, { phone_number: "260970000001", customer_first_name: "Ada" });
  const p = await vesicash.payments.get(init.reference);
  const outcome: "paid" | "failed" | "pending" = paymentOutcome(p.status);
  const req: VesicashRequest = vesicash.requests.get(init.reference);
  return `${outcome} ${req.method} ${req.url}`;
}

export function classify(e: unknown): string | undefined {
  if (e instanceof VesicashError) return `${e.code} ${e.status ?? ""} ${e.field ?? ""}`;
  return undefined;
}

export async function misuse(): Promise<void> {
  // @ts-expect-error secretKey is required
  new Vesicash({ publicKey: "p" });
  // @ts-expect-error method is "mobilemoney" | "card"
  await vesicash.payments.initialize({ amount: 1, currency: "ZMW", country: "ZM", method: "bank", narration: "n", webhook_url: "u", redirect_url: "u" });
  // @ts-expect-error amount is a number or a string
  await vesicash.payments.initialize({ amount: true, currency: "ZMW", country: "ZM", method: "card", narration: "n", webhook_url: "u", redirect_url: "u" });
  // @ts-expect-error phone_number is required
  await vesicash.payments.pay("PY_1", { email: "a@b.c" });
}
