// The shop every platform consumer runs, written once against the Fetch
// standard (Request in, Response out) and handed the package's module by each
// consumer, so each resolves `vesicash-edge` as its platform does.
//   POST …/checkout  {baseUrl, publicKey, secretKey, reference, webhookUrl, phone}
//                    → init + pay, then polls the payment until final (bounded)
//   POST …/webhooks  a signed delivery: 400 when verification fails, 200 once verified
// The webhook secret comes from the platform's environment, read per request.

const MAX_POLLS = 200;
const POLL_MS = 25;

/** `lib`: the imported package; `webhookSecret()`: the secret from the platform's environment. */
export function createShop(lib, webhookSecret) {
  const { Vesicash, WebhookVerificationError, paymentOutcome, verifyWebhook } = lib;

  async function checkout(request) {
    const { baseUrl, publicKey, secretKey, reference, webhookUrl, phone } = await request.json();
    const vesicash = new Vesicash({ baseUrl, publicKey, secretKey });
    const init = await vesicash.payments.initialize({
      amount: "25.00",
      currency: "ZMW",
      country: "ZM",
      method: "mobilemoney",
      narration: "platform test order",
      reference,
      webhook_url: webhookUrl,
      redirect_url: "https://shop.example/done",
    });
    await vesicash.payments.pay(init.reference, { phone_number: phone });
    let payment = await vesicash.payments.get(init.reference);
    for (let polls = 0; paymentOutcome(payment.status) === "pending" && polls < MAX_POLLS; polls++) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      payment = await vesicash.payments.get(init.reference);
    }
    return Response.json({ reference: init.reference, status: payment.status, outcome: paymentOutcome(payment.status) });
  }

  async function webhook(request) {
    const body = new Uint8Array(await request.arrayBuffer());
    let event;
    try {
      event = verifyWebhook(body, request.headers, webhookSecret());
    } catch (e) {
      if (e instanceof WebhookVerificationError) return Response.json({ error: e.code }, { status: 400 });
      throw e;
    }
    return Response.json({ verified: true, event: event.event, reference: event.data?.reference ?? null });
  }

  return async function shop(request) {
    const { pathname } = new URL(request.url);
    try {
      if (request.method === "POST" && pathname.endsWith("/checkout")) return await checkout(request);
      if (request.method === "POST" && pathname.endsWith("/webhooks")) return await webhook(request);
      if (pathname.endsWith("/health")) return new Response("ok");
      return new Response("not found", { status: 404 });
    } catch (e) {
      return Response.json({ error: e?.code ?? "internal", message: String(e?.message ?? e) }, { status: 500 });
    }
  };
}
