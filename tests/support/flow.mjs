// The three-step flow plus its error cases, written once and run inside each
// runtime under test (Node ESM, Node CJS, workerd) against the packed package.
// It returns plain data; tests/support/flow-checks.mjs asserts on it together
// with what the sandbox recorded on the wire.

/** Fixed inputs, so the checks can expect exact bytes on the wire. */
export const FLOW = {
  reference: "order-2026-0000001",
  phone: "260970000001",
  init: {
    amount: 1.3,
    currency: "ZMW",
    country: "ZM",
    method: "mobilemoney",
    narration: "payment for rice",
    webhook_url: "https://shop.example/hooks/vesicash",
    redirect_url: "https://shop.example/done",
  },
};

function describe(e) {
  return {
    isError: e instanceof Error,
    name: e?.name,
    code: e?.code,
    field: e?.field,
    status: e?.status,
    retryable: e?.retryable,
    attempts: e?.attempts,
    message: String(e?.message),
  };
}

async function caught(promiseOrFn) {
  try {
    await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
    return { thrown: false };
  } catch (e) {
    return { thrown: true, ...describe(e), isVesicashError: e instanceof caught.VesicashError };
  }
}

/**
 * Runs the flow with the package module `mod` against the sandbox at `baseUrl`.
 * `steps` receives a label before each phase so the caller can snapshot the
 * sandbox's request log (the workerd runner passes a no-op and checks counts).
 */
export async function runFlow(mod, { baseUrl, publicKey, secretKey, pollMs = 50, maxPolls = 100 }) {
  const { Vesicash, VesicashError, paymentOutcome } = mod;
  caught.VesicashError = VesicashError;
  const vesicash = new Vesicash({ publicKey, secretKey, baseUrl });
  const out = { exports: Object.keys(mod).sort() };

  // 1-3: the happy path, with a caller-chosen reference.
  out.init = await vesicash.payments.initialize({ ...FLOW.init, reference: FLOW.reference });
  out.pay = await vesicash.payments.pay(out.init.reference, { phone_number: FLOW.phone, customer_first_name: "Ada" });
  out.firstGet = await vesicash.payments.get(out.init.reference);
  let polls = 0;
  let payment = out.firstGet;
  while (paymentOutcome(payment.status) === "pending" && polls < maxPolls) {
    await new Promise((r) => setTimeout(r, pollMs));
    payment = await vesicash.payments.get(out.init.reference);
    polls++;
  }
  out.final = payment;
  out.finalOutcome = paymentOutcome(payment.status);
  out.requestsAfterHappyPath = 3 + polls;

  // The request builders, for callers with their own HTTP stack.
  out.builtInit = vesicash.requests.initialize({ ...FLOW.init, amount: "19.99" });
  out.builtGet = vesicash.requests.get("PY_abc");

  // Validation: each must throw before any request is sent.
  const bad = (patch) => vesicash.payments.initialize({ ...FLOW.init, ...patch });
  out.validation = {
    amountFloat: await caught(bad({ amount: 0.1 + 0.2 })),
    amountZero: await caught(bad({ amount: 0 })),
    amountNaN: await caught(bad({ amount: NaN })),
    amountThreeDecimals: await caught(bad({ amount: "1.234" })),
    currency: await caught(bad({ currency: "zmw" })),
    country: await caught(bad({ country: "ZMB" })),
    method: await caught(bad({ method: "bank" })),
    narration: await caught(bad({ narration: "" })),
    webhookUrl: await caught(bad({ webhook_url: "/hooks" })),
    redirectUrl: await caught(bad({ redirect_url: "ftp://x.y" })),
    reference: await caught(bad({ reference: "short" })),
    unknownField: await caught(bad({ refrence: "order-000000001" })),
    notObject: await caught(vesicash.payments.initialize("amount=1")),
    phone: await caught(vesicash.payments.pay(FLOW.reference, { phone_number: "097 123 4567" })),
    payReference: await caught(vesicash.payments.pay("../admin", { phone_number: FLOW.phone })),
    getReference: await caught(vesicash.payments.get(42)),
    noKeys: await caught(() => new Vesicash({ publicKey: "morPub_test_sandbox" })),
    paddedKey: await caught(() => new Vesicash({ publicKey: "p", secretKey: "morSec_test_sandbox\n" })),
    badBaseUrl: await caught(() => new Vesicash({ publicKey: "p", secretKey: "s", baseUrl: "127.0.0.1:9" })),
  };

  // API and transport errors: these do reach the network.
  out.apiErrors = {
    notFound: await caught(vesicash.payments.get("PY_does_not_exist")),
    wrongSecret: await caught(new Vesicash({ publicKey, secretKey: "morSec_test_wrong", baseUrl }).payments.get(FLOW.reference)),
    reusedReference: await caught(vesicash.payments.initialize({ ...FLOW.init, reference: FLOW.reference })),
    refused: await caught(new Vesicash({ publicKey, secretKey, baseUrl: "http://127.0.0.1:9" }).payments.get(FLOW.reference, { deadlineMs: 5000 })),
    unknownRoute: await caught(new Vesicash({ publicKey, secretKey, baseUrl: `${baseUrl}/api` }).payments.get(FLOW.reference)),
  };
  return out;
}
