// The checks against a Vesicash-compatible API. Each sends requests built by
// the package (`vesicash.requests.*`) with plain fetch, so it tests the wire
// as the package would send it; where a check is about how the package reads
// an answer, it also runs the package's client, on the answer already seen
// (replayed, nothing re-sent) or with one call of its own.
import { paymentOutcome } from "../../entry/node.mjs";
import { differs, holds, notTried } from "./result.mjs";
import { describe, isSuccess, replaying, without } from "./wire.mjs";

/** A URL Vesicash can be given but never reaches (the `.invalid` top-level domain never resolves). */
export const UNREACHABLE_URL = "https://example.invalid/vesicash-edge-check";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LIST_LIMIT = 5;

const WRITES = "needs --allow-writes: creates a test payment";
const PHONE = "needs --allow-writes and --phone <test number>: sends a push prompt";

/** A fresh payment reference for one run: at least 10 unreserved characters. */
export function newReference(tag) {
  return `vechk_${tag}_${Date.now().toString(36)}_${crypto.randomUUID().slice(0, 8)}`;
}

/** The init params of the check's tiny payment. */
export function initParams(opts, reference) {
  return {
    amount: opts.amount,
    currency: opts.currency,
    country: opts.country,
    narration: "vesicash-edge contract check",
    method: "mobilemoney",
    webhook_url: opts.webhookUrl ?? UNREACHABLE_URL,
    redirect_url: UNREACHABLE_URL,
    reference,
  };
}

/** The answer in one line when it is not the success envelope, else "". */
function notSuccess(answer) {
  return isSuccess(answer) ? "" : describe(answer);
}

/** What is wrong with a refusal `answer` expected with `status`, or "" when it is right. */
function refusal(answer, status) {
  if (answer.status !== status) return `${describe(answer)} (expected ${status})`;
  const body = answer.json;
  if (body === null || typeof body !== "object" || body.status === "success" || body.data != null || typeof body.message !== "string") {
    return `${describe(answer)} (expected an error envelope: status not "success", a message, data null)`;
  }
  return "";
}

/** The client's error code for `promise`, or `resolved` if it did not reject. */
async function clientCode(promise) {
  try {
    await promise;
    return "resolved";
  } catch (e) {
    return e?.code ?? String(e);
  }
}

/** Field-by-field differences of a payment object from what was sent; [] when it matches. */
function paymentMismatches(data, expected) {
  const wrong = [];
  if (data === null || typeof data !== "object") return [`data is ${JSON.stringify(data)}`];
  const want = (field, ok, shown = JSON.stringify(data[field])) => ok || wrong.push(`${field} ${shown ?? "missing"}`);
  want("reference", data.reference === expected.reference);
  want("amount", Number(data.amount) === Number(expected.amount));
  want("currency", data.currency === expected.currency);
  want("status", typeof data.status === "string" && data.status.length > 0);
  want("id", data.id !== undefined && data.id !== null && data.id !== "");
  want("type", data.type === "payment");
  want("method", data.method === expected.method);
  want("created_at", typeof data.created_at === "string" && RFC3339.test(data.created_at));
  want("environment", data.environment === expected.environment);
  return wrong;
}

/**
 * Every API check, in the order they run. `needs` names the opt-in a check
 * requires; `after` the check whose success it builds on.
 */
export const API_CHECKS = [
  {
    id: "keys.countries",
    tested: "GET /v1/countries with the public key only is accepted [doc: public-key]",
    run: async (ctx) => {
      const answer = await ctx.send(ctx.vesicash.requests.countries());
      ctx.state.countries = answer;
      const wrong = notSuccess(answer);
      return wrong ? differs(wrong) : holds();
    },
  },
  {
    id: "keys.countries-no-key",
    tested: "GET /v1/countries without any key is refused: 401 and an error envelope [doc: 401 missing key]",
    run: async (ctx) => {
      const answer = await ctx.send(without(ctx.vesicash.requests.countries(), "public-key"));
      const wrong = refusal(answer, 401);
      return wrong ? differs(wrong) : holds();
    },
  },
  {
    id: "countries.shape",
    tested: "countries data is a list of {id, name, country_code (2 letters), currency_code (3 letters)}; the client reads it",
    after: "keys.countries",
    run: async (ctx) => {
      const data = ctx.state.countries.json.data;
      if (!Array.isArray(data) || data.length === 0) return differs(`data is ${JSON.stringify(data)?.slice(0, 120)}`);
      const bad = data.filter(
        (c) =>
          c === null ||
          typeof c !== "object" ||
          c.id == null ||
          typeof c.name !== "string" ||
          !/^[A-Z]{2}$/.test(c.country_code) ||
          !/^[A-Z]{3}$/.test(c.currency_code),
      );
      if (bad.length) return differs(`item ${JSON.stringify(bad[0]).slice(0, 160)}`);
      const read = await ctx
        .client(replaying(ctx.state.countries))
        .countries.list()
        .then(
          (list) => list.length,
          (e) => `rejected: ${e.code}`,
        );
      if (read !== data.length) return differs(`the client read ${read} countries of ${data.length}`);
      return holds(`${data.length} countries`);
    },
  },
  {
    id: "countries.markets",
    tested: "the mobile-money markets ZM/ZMW and GH/GHS are listed [doc]",
    after: "countries.shape",
    run: async (ctx) => {
      const pairs = ctx.state.countries.json.data.map((c) => `${c.country_code}/${c.currency_code}`);
      const missing = ["ZM/ZMW", "GH/GHS"].filter((p) => !pairs.includes(p));
      return missing.length ? differs(`${missing.join(", ")} not listed; listed: ${pairs.join(", ")}`) : holds();
    },
  },
  {
    id: "keys.list",
    tested: `GET /v1/payment/?page=1&limit=${LIST_LIMIT} with the public key only is accepted [doc: public-key]`,
    run: async (ctx) => {
      const answer = await ctx.send(ctx.vesicash.requests.listPayments({ page: 1, limit: LIST_LIMIT }));
      ctx.state.list = answer;
      const wrong = notSuccess(answer);
      return wrong ? differs(wrong) : holds();
    },
  },
  {
    id: "list.envelope",
    tested: `list data is {items: [], page, limit, total}, page and limit echoed (1, ${LIST_LIMIT}), total ≥ items; the client reads it`,
    after: "keys.list",
    run: async (ctx) => {
      const data = ctx.state.list.json.data;
      const wrong = listMismatches(data, 1, LIST_LIMIT);
      if (wrong.length) return differs(wrong.join("; "));
      const read = await ctx
        .client(replaying(ctx.state.list))
        .payments.list({ page: 1, limit: LIST_LIMIT })
        .then(
          (p) => p.total,
          (e) => `rejected: ${e.code}`,
        );
      if (read !== data.total) return differs(`the client read total ${read}, the wire says ${data.total}`);
      return holds(`total ${data.total}`);
    },
  },
  {
    id: "list.paging",
    tested: "GET /v1/payment/?page=2&limit=1 answers page 2, limit 1, at most 1 item",
    run: async (ctx) => {
      const answer = await ctx.send(ctx.vesicash.requests.listPayments({ page: 2, limit: 1 }));
      const wrong = notSuccess(answer);
      if (wrong) return differs(wrong);
      const bad = listMismatches(answer.json.data, 2, 1);
      return bad.length ? differs(bad.join("; ")) : holds();
    },
  },
  {
    id: "keys.status-no-secret",
    tested: "GET /v1/payment/:reference without the secret key is refused: 401 and an error envelope [doc: secret-key]",
    run: async (ctx) => {
      const answer = await ctx.send(without(ctx.vesicash.requests.get(newReference("nokey")), "secret-key"));
      const wrong = refusal(answer, 401);
      return wrong ? differs(wrong) : holds();
    },
  },
  {
    id: "keys.status-wrong-secret",
    tested: "GET /v1/payment/:reference with a wrong secret key is refused with 401; the client says authentication_error",
    run: async (ctx) => {
      const reference = newReference("badkey");
      const answer = await ctx.send(ctx.wrongSecret.requests.get(reference));
      const wrong = refusal(answer, 401);
      if (wrong) return differs(wrong);
      const code = await clientCode(ctx.client(replaying(answer)).payments.get(reference));
      return code === "authentication_error" ? holds() : differs(`the client says ${code}`);
    },
  },
  {
    id: "status.unknown",
    tested: "GET /v1/payment/:reference of an unknown reference, both keys: 404; the client says not_found (not route_not_found)",
    run: async (ctx) => {
      const reference = newReference("unknown");
      const answer = await ctx.send(ctx.vesicash.requests.get(reference));
      const wrong = refusal(answer, 404);
      if (wrong) return differs(wrong);
      const code = await clientCode(ctx.client(replaying(answer)).payments.get(reference));
      return code === "not_found" ? holds() : differs(`the client says ${code} for ${describe(answer)}`);
    },
  },
  {
    id: "keys.init-no-secret",
    tested: "POST /v1/payment/init without the secret key is refused: 401 [doc: secret-key]",
    needs: "writes",
    run: async (ctx) => {
      const reference = newReference("nokey");
      const answer = await ctx.send(without(ctx.vesicash.requests.initialize(initParams(ctx.opts, reference)), "secret-key"));
      const wrong = refusal(answer, 401);
      return wrong ? differs(`${wrong}${isSuccess(answer) ? ` (payment ${reference} was created)` : ""}`) : holds();
    },
  },
  {
    id: "init.reference",
    tested: "POST /v1/payment/init with a client reference: success, data.reference is that reference, status pending, payment_link empty [doc]",
    needs: "writes",
    run: async (ctx) => {
      const params = initParams(ctx.opts, newReference("pay"));
      const request = ctx.vesicash.requests.initialize(params);
      const answer = await ctx.send(request);
      const wrong = notSuccess(answer);
      if (wrong) return differs(wrong);
      ctx.state.init = { params, request, answer };
      const data = answer.json.data ?? {};
      const bad = [];
      if (data.reference !== params.reference) bad.push(`data.reference ${JSON.stringify(data.reference)}, sent ${params.reference}`);
      if (data.status !== "pending") bad.push(`data.status ${JSON.stringify(data.status)}`);
      if ((data.payment_link ?? "") !== "") bad.push(`data.payment_link ${JSON.stringify(data.payment_link)}`);
      return bad.length ? differs(bad.join("; ")) : holds(`${params.amount} ${params.currency}, ${params.reference}`);
    },
  },
  {
    id: "status.fields",
    tested:
      "GET /v1/payment/:reference reads it back: reference, amount, currency, status, id, type, method, created_at (RFC 3339), environment [doc]",
    needs: "writes",
    after: "init.reference",
    run: async (ctx) => {
      const { params } = ctx.state.init;
      const answer = await ctx.send(ctx.vesicash.requests.get(params.reference));
      const wrong = notSuccess(answer);
      if (wrong) return differs(wrong);
      const environment = ctx.opts.live ? "live" : "test";
      const bad = paymentMismatches(answer.json.data, { ...params, environment });
      if (answer.json.data?.status !== "pending") bad.push(`status ${JSON.stringify(answer.json.data?.status)} before any prompt`);
      if (bad.length) return differs(bad.join("; "));
      const payment = await ctx.vesicash.payments.get(params.reference).catch((e) => e);
      if (payment instanceof Error) return differs(`the client's get rejected: ${payment.code}: ${payment.message}`);
      const outcome = paymentOutcome(payment.status);
      return outcome === "pending" ? holds() : differs(`the client reads status ${payment.status} as ${outcome}`);
    },
  },
  {
    id: "init.duplicate",
    tested: 'the same init sent again: 400 with the "already exists" answer, which the client classifies as reference_exists',
    needs: "writes",
    after: "init.reference",
    run: async (ctx) => {
      const { params, request } = ctx.state.init;
      const answer = await ctx.send(request);
      if (answer.status !== 400) return differs(`${describe(answer)} (expected 400)`);
      const code = await clientCode(ctx.client(replaying(answer)).payments.initialize(params));
      return code === "reference_exists"
        ? holds(`${JSON.stringify(answer.json?.message)}`)
        : differs(`the client says ${code} for ${describe(answer)}`);
    },
  },
  {
    id: "list.reference",
    tested: "GET /v1/payment/?reference= finds exactly that payment (total 1), its item carries narration, provider_transaction_id, updated_at [doc]",
    needs: "writes",
    after: "init.reference",
    run: async (ctx) => {
      const { reference } = ctx.state.init.params;
      const answer = await ctx.send(ctx.vesicash.requests.listPayments({ reference }));
      const wrong = notSuccess(answer);
      if (wrong) return differs(wrong);
      const data = answer.json.data;
      if (!Array.isArray(data?.items) || data.items.length !== 1 || data.total !== 1 || data.items[0]?.reference !== reference) {
        return differs(`items ${JSON.stringify(data?.items?.map((i) => i?.reference))}, total ${JSON.stringify(data?.total)}`);
      }
      const missing = ["narration", "provider_transaction_id", "updated_at"].filter((f) => !(f in data.items[0]));
      return missing.length ? differs(`item lacks ${missing.join(", ")}`) : holds();
    },
  },
  {
    id: "pay.prompt",
    tested: "POST /v1/payment/pay/:reference with the public key only (as the package sends it) sends the prompt: success, status pending [doc]",
    needs: "phone",
    after: "init.reference",
    run: async (ctx) => {
      const { reference } = ctx.state.init.params;
      const answer = await ctx.send(ctx.vesicash.requests.pay(reference, { phone_number: ctx.opts.phone }));
      const wrong = notSuccess(answer);
      if (wrong) return differs(wrong);
      const data = answer.json.data ?? {};
      if (data.reference !== reference || data.status !== "pending")
        return differs(`data.reference ${JSON.stringify(data.reference)}, data.status ${JSON.stringify(data.status)}`);
      ctx.state.prompted = true;
      return holds();
    },
  },
  {
    id: "pay.recorded",
    tested: "once pay has landed, GET /v1/payment/:reference shows the phone number it was sent to [assumed: how the client tells a landed pay]",
    needs: "phone",
    after: "pay.prompt",
    run: async (ctx) => {
      const { reference } = ctx.state.init.params;
      const answer = await ctx.send(ctx.vesicash.requests.get(reference));
      const wrong = notSuccess(answer);
      if (wrong) return differs(wrong);
      const recorded = answer.json.data?.phone_number;
      const digits = (p) => String(p).replace(/^\+/, "");
      return typeof recorded === "string" && recorded !== "" && digits(recorded) === digits(ctx.opts.phone)
        ? holds()
        : differs(`phone_number ${JSON.stringify(recorded)}, sent ${ctx.opts.phone}`);
    },
  },
  {
    id: "pay.final",
    tested: "after the prompt is answered, the status leaves pending for one the package reads as final (paid or failed)",
    needs: "phone",
    after: "pay.prompt",
    run: async (ctx) => {
      const { reference } = ctx.state.init.params;
      const deadline = Date.now() + ctx.opts.waitSeconds * 1000;
      for (;;) {
        const payment = await ctx.vesicash.payments.get(reference).catch((e) => e);
        if (payment instanceof Error) return differs(`the client's get rejected: ${payment.code}: ${payment.message}`);
        if (payment.status !== "pending") {
          const outcome = paymentOutcome(payment.status);
          return outcome === "pending"
            ? differs(`status ${JSON.stringify(payment.status)} is not one the package knows (it stays "pending" to the package)`)
            : holds(`${payment.status}: ${outcome}`);
        }
        if (Date.now() >= deadline)
          return notTried(`still pending after ${ctx.opts.waitSeconds} s: answer the prompt on the phone, or raise --wait-seconds`);
        await new Promise((r) => setTimeout(r, ctx.opts.pollMs));
      }
    },
  },
];

/** Why a list `data` differs from the documented envelope, for the page and limit asked. */
function listMismatches(data, page, limit) {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return [`data is ${JSON.stringify(data)?.slice(0, 120)}`];
  const wrong = [];
  if (!Array.isArray(data.items)) wrong.push(`items ${JSON.stringify(data.items) ?? "missing"}`);
  for (const [field, want] of [
    ["page", page],
    ["limit", limit],
  ]) {
    if (data[field] !== want) wrong.push(`${field} ${JSON.stringify(data[field]) ?? "missing"} (asked ${want})`);
  }
  if (!Number.isInteger(data.total) || data.total < 0) wrong.push(`total ${JSON.stringify(data.total) ?? "missing"}`);
  else if (Array.isArray(data.items) && data.total < data.items.length + (page - 1) * limit && data.items.length > 0)
    wrong.push(`total ${data.total} < items seen`);
  if (Array.isArray(data.items) && data.items.length > limit) wrong.push(`${data.items.length} items > limit ${limit}`);
  return wrong;
}

/** Why a check with `needs` cannot run under `opts`, or undefined when it can. */
export function missingOptIn(needs, opts) {
  if (needs === "writes" && !opts.allowWrites) return WRITES;
  if (needs === "phone" && !(opts.allowWrites && opts.phone)) return PHONE;
  return undefined;
}
