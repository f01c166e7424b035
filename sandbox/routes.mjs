// The /v1 API: routing, key checks and handlers, following the contract the package implements (docs/contract.md).
import { ApiError, randomHex, success } from "./envelope.mjs";
import { paymentView } from "./payments.mjs";
import { COUNTRIES } from "./transfers.mjs";
import { PATTERNS, amount, httpUrl, oneOf, parseJsonObject, str } from "./validate.mjs";

/** Default and largest page size of GET /v1/payment/. */
export const PAGE_LIMIT = { default: 20, max: 100 };
const BOTH = ["secret-key", "public-key"];
const PHONE_HINT = "must be 7 to 15 digits with an optional leading +";
const REFUND_DESTINATION = ["country_id", "transfer_to", "momo_phone_number"];
const REFERENCE = { optional: true, minLength: 10, maxLength: 100, pattern: /^[\x21-\x7e]+$/, hint: "must be printable ASCII without spaces" };

// Keys per endpoint follow the endpoint table of docs/contract.md. The first route whose pattern matches a path
// owns it: a match with another method is a 405 (GET /v1/payment/init is not a lookup of "init").
const ROUTES = [
  { method: "POST", pattern: /^\/v1\/payment\/init$/, keys: BOTH, handler: init },
  { method: "POST", pattern: /^\/v1\/payment\/pay\/([^/]+)$/, keys: ["public-key"], handler: pay },
  { method: "POST", pattern: /^\/v1\/payment\/refunds\/process$/, keys: BOTH, handler: refund },
  { method: "POST", pattern: /^\/v1\/payment\/payouts\/process$/, keys: BOTH, handler: payout },
  { method: "GET", pattern: /^\/v1\/payment\/?$/, keys: ["public-key"], handler: list },
  { method: "GET", pattern: /^\/v1\/payment\/([^/]+)$/, keys: BOTH, handler: get },
  { method: "GET", pattern: /^\/v1\/countries\/?$/, keys: ["public-key"], handler: countries },
  { method: "POST", pattern: /^\/v1\/account\/generate-webhook-secret$/, keys: ["secret-key"], handler: rotateSecret },
];

function checkKeys(headers, needed, ctx) {
  for (const name of needed) {
    const value = headers[name];
    if (value === undefined || value === "") throw new ApiError(401, `missing ${name} header`);
    const expected = name === "secret-key" ? ctx.config.secretKey : ctx.config.publicKey;
    // Never echo the key: the message names the header only.
    if (value !== expected) throw new ApiError(401, `invalid ${name} header: key not recognised`);
  }
}

function decodeSegment(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new ApiError(404, "payment not found: malformed reference in path");
  }
}

/** Handles one /v1 request: { method, pathname, query, headers, body } -> { status, body }. Throws ApiError. */
export function handleApi(ctx, req) {
  const route = ROUTES.find((r) => r.pattern.test(req.pathname));
  if (!route) throw new ApiError(404, `route not found: ${req.method} ${req.pathname}`);
  if (route.method !== req.method) {
    throw new ApiError(405, `method ${req.method} not allowed on ${req.pathname}; use ${route.method}`, { allow: route.method });
  }
  checkKeys(req.headers, route.keys, ctx);
  const param = req.pathname.match(route.pattern)[1];
  return { status: 200, body: success(route.handler(ctx, req, param === undefined ? undefined : decodeSegment(param))) };
}

function init(ctx, req) {
  const b = parseJsonObject(req.body);
  const fields = {
    currency: str(b, "currency", { pattern: PATTERNS.currency, hint: 'must be 3 uppercase letters, e.g. "ZMW"' }),
    country: str(b, "country", { pattern: PATTERNS.country, hint: 'must be 2 uppercase letters, e.g. "ZM"' }),
    narration: str(b, "narration", { nonEmpty: true }),
    method: oneOf(b, "method", ["mobilemoney", "card"]),
    amount: amount(b),
    webhook_url: httpUrl(b, "webhook_url"),
    redirect_url: httpUrl(b, "redirect_url"),
    reference: str(b, "reference", REFERENCE),
  };
  if (fields.reference !== undefined && ctx.payments.has(fields.reference)) {
    throw new ApiError(400, "payment reference already exists");
  }
  const p = ctx.payments.create(fields);
  return { payment_link: "", reference: p.reference, payment_id: p.id, status: "pending" };
}

function pay(ctx, req, reference) {
  if (!ctx.payments.has(reference)) throw new ApiError(404, `payment not found: no payment with reference ${reference}`);
  const b = parseJsonObject(req.body);
  const customer = {
    email: str(b, "email", { optional: true }) ?? "",
    customer_first_name: str(b, "customer_first_name", { optional: true }) ?? "",
    customer_last_name: str(b, "customer_last_name", { optional: true }) ?? "",
    customer_city: str(b, "customer_city", { optional: true }) ?? "",
    account_number: str(b, "account_number", { optional: true }) ?? "",
    phone_number: str(b, "phone_number", { pattern: PATTERNS.phone, hint: PHONE_HINT }),
  };
  const p = ctx.payments.pay(reference, customer);
  return { payment_link: "", reference: p.reference, payment_id: p.id, status: "pending" };
}

function get(ctx, _req, reference) {
  const p = ctx.payments.get(reference);
  if (!p) throw new ApiError(404, `payment not found: no payment with reference ${reference}`);
  return paymentView(p);
}

function positiveInt(query, name, fallback, max) {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
    throw new ApiError(400, `invalid query parameter "${name}": must be an integer from 1 to ${max}`);
  }
  return Number(raw);
}

function dateParam(query, name, endOfDay) {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  // A bare date covers the whole day: from=2024-05-01 starts at its midnight, to=2024-05-01 ends at its last ms.
  const bare = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const t = Date.parse(bare ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(t) || !(bare || /^\d{4}-\d{2}-\d{2}T/.test(raw))) {
    throw new ApiError(400, `invalid query parameter "${name}": must be an RFC 3339 time or a YYYY-MM-DD date`);
  }
  return bare && endOfDay ? t + 86_399_999 : t;
}

function list(ctx, req) {
  const q = req.query;
  const page = positiveInt(q, "page", 1, Number.MAX_SAFE_INTEGER);
  const limit = positiveInt(q, "limit", PAGE_LIMIT.default, PAGE_LIMIT.max);
  const reference = q.get("reference") || undefined;
  const all = ctx.payments.list({ reference, from: dateParam(q, "from", false), to: dateParam(q, "to", true) });
  const items = all.slice((page - 1) * limit, page * limit).map(paymentView);
  return { items, page, limit, total: all.length };
}

function refund(ctx, req) {
  const b = parseJsonObject(req.body);
  const fields = {
    amount: amount(b),
    payment_reference: str(b, "payment_reference", { nonEmpty: true }),
    reason: str(b, "reason", { nonEmpty: true }),
    webhook_url: httpUrl(b, "webhook_url"),
  };
  Object.assign(fields, refundDestination(b));
  const p = ctx.payments.get(fields.payment_reference);
  if (!p) throw new ApiError(404, `payment not found: no payment with reference ${fields.payment_reference}`);
  const r = ctx.transfers.refund(p, fields);
  return { status: "pending", message: "refund queued successfully", reference: r.reference };
}

/**
 * The current "Initiate a Refund" page's destination fields: `country_id` (a string, the id of a
 * country from GET /v1/countries), `transfer_to` (only "mobile_number") and `momo_phone_number`
 * (E.164 digits without "+"). The older "Refund" page's body has none of them, and is still
 * accepted; a body with some must carry all three (sandbox choice: a refund that names a country
 * but no wallet, or a wallet but no country, has nowhere definite to go).
 */
function refundDestination(b) {
  const named = REFUND_DESTINATION.filter((k) => b[k] !== undefined && b[k] !== null);
  if (named.length === 0) return {};
  const absent = REFUND_DESTINATION.find((k) => !named.includes(k));
  if (absent) throw new ApiError(400, `missing required field "${absent}" (required with ${named.map((k) => `"${k}"`).join(", ")})`);
  const country_id = str(b, "country_id", { pattern: /^[0-9]+$/, hint: "must be the id of a country from GET /v1/countries, as a string" });
  if (!COUNTRIES.some((c) => String(c.id) === country_id)) {
    throw new ApiError(400, `invalid field "country_id": no country has id ${country_id} (${COUNTRIES.map((c) => `"${c.id}"`).join(", ")})`);
  }
  return {
    country_id,
    transfer_to: oneOf(b, "transfer_to", ["mobile_number"]),
    momo_phone_number: str(b, "momo_phone_number", { pattern: PATTERNS.e164Digits, hint: "must be E.164 digits without +, e.g. 233211111111" }),
  };
}

function payout(ctx, req) {
  const b = parseJsonObject(req.body);
  const fields = { amount: amount(b) };
  if (b.countryId === undefined || b.countryId === null) throw new ApiError(400, 'missing required field "countryId"');
  if (!COUNTRIES.some((c) => c.id === b.countryId)) {
    throw new ApiError(
      400,
      `invalid field "countryId": must be the integer id of a country from GET /v1/countries (${COUNTRIES.map((c) => c.id).join(", ")})`,
    );
  }
  fields.countryId = b.countryId;
  fields.transfer_to = oneOf(b, "transfer_to", ["mobile_money", "bank"]);
  fields.webhook_url = httpUrl(b, "webhook_url");
  fields.narration = str(b, "narration", { optional: true });
  // docs/contract.md marks momo_phone_number optional; a mobile-money payout cannot go anywhere
  // without it, so the sandbox requires it for transfer_to "mobile_money".
  fields.momo_phone_number = str(b, "momo_phone_number", {
    optional: fields.transfer_to !== "mobile_money",
    pattern: PATTERNS.phone,
    hint: PHONE_HINT,
  });
  if (fields.transfer_to === "bank") {
    const bankId = b.bank_id;
    if (bankId === undefined || bankId === null) throw new ApiError(400, 'missing required field "bank_id" (required when transfer_to is "bank")');
    if (!((Number.isInteger(bankId) && bankId > 0) || (typeof bankId === "string" && bankId.trim() !== ""))) {
      throw new ApiError(400, 'invalid field "bank_id": must be a positive integer or a non-empty string');
    }
    fields.bank_id = bankId;
    fields.account_number = str(b, "account_number", { nonEmpty: true });
  }
  for (const k of Object.keys(fields)) if (fields[k] === undefined) delete fields[k];
  const p = ctx.transfers.payout(fields);
  return { status: "pending", reference: p.reference };
}

function countries() {
  return COUNTRIES;
}

function rotateSecret(ctx) {
  // The old secret stops working at once: every later delivery attempt signs with this one.
  ctx.state.webhookSecret = `whsec_${randomHex(32)}`;
  return { webhook_secret: ctx.state.webhookSecret };
}
