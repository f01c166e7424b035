// `vesicash-edge check`: confirms or refutes, against a Vesicash-compatible
// base URL, each assumption the package makes about the API, and prints a
// table. Read-only unless --allow-writes; test keys only unless --live; it
// never sends a refund, a payout or a webhook-secret rotation; every line it
// prints passes through the redactor first.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Vesicash } from "../../entry/node.mjs";
import { API_CHECKS, initParams, missingOptIn, newReference } from "./api.mjs";
import { deliveryChecks, headerNames } from "./delivery.mjs";
import { redactor } from "./redact.mjs";
import { differs, notTried, table } from "./result.mjs";
import { send } from "./wire.mjs";

/** Exit codes: every check held or was not tried; one differs; the check refused to run. */
export const EXIT = Object.freeze({ ok: 0, differs: 1, refused: 2 });
/** What a key looks like when it is a live one. [seen: `morPub_live_…`] */
export const LIVE_MARKER = "_live_";

const OPTIONS = {
  "base-url": { type: "string" },
  "allow-writes": { type: "boolean", default: false },
  phone: { type: "string" },
  "webhook-url": { type: "string" },
  "verify-delivery": { type: "string" },
  headers: { type: "string" },
  live: { type: "boolean", default: false },
  country: { type: "string", default: "ZM" },
  currency: { type: "string", default: "ZMW" },
  amount: { type: "string", default: "1" },
  "wait-seconds": { type: "string", default: "120" },
  "timeout-ms": { type: "string", default: "15000" },
  help: { type: "boolean", short: "h", default: false },
};

/** Never tried, whatever the flags: they move money or break the merchant's setup. */
const NEVER = ["refunds and payouts (they move money)", "webhook-secret rotation (the current secret would stop working at once)"];

/** The base URL the package's client uses when given none (its config, not a copy here). */
export function defaultBaseUrl() {
  const probe = new Vesicash({ publicKey: "morPub_test_probe", secretKey: "morSec_test_probe" });
  return probe.requests.countries().url.replace(/\/v1\/countries$/, "");
}

/** The command's help text. */
export const usage = () => `usage: npx vesicash-edge check [options]

Checks the Vesicash API against what this package assumes, with the keys in
VESICASH_PUBLIC_KEY and VESICASH_SECRET_KEY (test keys), and prints a table.
Exit code 0: nothing differs; 1: a check differs; 2: refused or bad usage.

  --base-url URL        the API to check (default ${defaultBaseUrl()})
  --allow-writes        also initialise one tiny test payment with a client
                        reference, read it back and send it again (no money moves)
  --phone NUMBER        with --allow-writes: send the push prompt for it to this
                        test number and wait for its final status
  --webhook-url URL     with --allow-writes: the payment's webhook_url (a URL you
                        control); prints how to capture and check the delivery
  --country ZM --currency ZMW --amount 1
                        the test payment (default 1 ZMW)
  --wait-seconds 120    how long to wait for the prompt's answer
  --timeout-ms 15000    per request
  --live                allow keys that look live (containing "${LIVE_MARKER}"); with
                        --phone a real customer is asked to pay
  --verify-delivery BODY --headers HEADERS.json
                        check one captured webhook delivery instead (raw body
                        file, headers as JSON), with VESICASH_WEBHOOK_SECRET

Never tried: ${NEVER.join("; ")}.`;

/**
 * Runs the command. `io` is { argv, env, out(text), err(text) }; resolves
 * to the exit code. Everything written goes through the redactor.
 */
export async function check({ argv, env, out, err }) {
  const redact = redactor([
    [env.VESICASH_SECRET_KEY, "[secret key]"],
    [env.VESICASH_PUBLIC_KEY, "[public key]"],
    [env.VESICASH_WEBHOOK_SECRET, "[webhook secret]"],
  ]);
  const say = (text) => out(`${redact(text)}\n`);
  const refuse = (text) => {
    err(`${redact(`vesicash-edge check: ${text}`)}\n`);
    return EXIT.refused;
  };
  try {
    let values;
    try {
      ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
    } catch (e) {
      return refuse(`${e.message}\n\n${usage()}`);
    }
    if (values.help) {
      say(usage());
      return EXIT.ok;
    }
    if (values["verify-delivery"] !== undefined) return verifyDelivery(values, env, say, refuse);
    return await runApiChecks(values, env, say, refuse);
  } catch (e) {
    // A bug or an unexpected failure: still never print a secret.
    return refuse(`unexpected failure: ${e?.stack ?? e}`);
  }
}

function wholeNumber(name, text, min) {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min) throw new Error(`--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}`);
  return n;
}

async function runApiChecks(values, env, say, refuse) {
  const publicKey = env.VESICASH_PUBLIC_KEY;
  const secretKey = env.VESICASH_SECRET_KEY;
  if (!publicKey || !secretKey) return refuse("set VESICASH_PUBLIC_KEY and VESICASH_SECRET_KEY to your Vesicash test keys");
  if ((publicKey.includes(LIVE_MARKER) || secretKey.includes(LIVE_MARKER)) && !values.live) {
    return refuse(`the keys look live (they contain "${LIVE_MARKER}"): use test keys, or pass --live if you really mean to check with live keys`);
  }
  for (const flag of ["phone", "webhook-url"]) {
    if (values[flag] !== undefined && !values["allow-writes"])
      return refuse(`--${flag} needs --allow-writes (it acts on the test payment the check creates)`);
  }
  let opts;
  let vesicash;
  let wrongSecret;
  try {
    opts = {
      allowWrites: values["allow-writes"],
      phone: values.phone,
      webhookUrl: values["webhook-url"],
      live: values.live,
      country: values.country,
      currency: values.currency,
      amount: values.amount,
      waitSeconds: wholeNumber("wait-seconds", values["wait-seconds"], 0),
      timeoutMs: wholeNumber("timeout-ms", values["timeout-ms"], 1),
      pollMs: 1000,
    };
    const base = { baseUrl: values["base-url"], timeoutMs: opts.timeoutMs, maxRetries: 0 };
    vesicash = new Vesicash({ ...base, publicKey, secretKey });
    // A secret key that cannot be the merchant's: to see a wrong one refused.
    wrongSecret = new Vesicash({ ...base, publicKey, secretKey: `morSec_test_${crypto.randomUUID().replace(/-/g, "")}` });
    // Built now so a bad flag fails before anything is sent.
    const probe = newReference("probe");
    vesicash.requests.initialize(initParams(opts, probe));
    if (opts.phone !== undefined) vesicash.requests.pay(probe, { phone_number: opts.phone });
  } catch (e) {
    return refuse(e.message);
  }
  const baseUrl = vesicash.requests.countries().url.replace(/\/v1\/countries$/, "");
  const ctx = {
    opts,
    vesicash,
    wrongSecret,
    state: {},
    send: (request) => send(request, opts.timeoutMs),
    /** A client of the same keys whose fetch is `fetch` (a replay of an answer). */
    client: (fetch) => new Vesicash({ publicKey, secretKey, baseUrl, fetch, maxRetries: 0, timeoutMs: opts.timeoutMs }),
  };

  say(`vesicash-edge check against ${baseUrl} (${opts.allowWrites ? "writes allowed: one test payment" : "read-only"})\n`);
  const rows = [];
  const held = new Set();
  for (const c of API_CHECKS) {
    let result;
    const optIn = missingOptIn(c.needs, opts);
    if (optIn) result = notTried(optIn);
    else if (c.after && !held.has(c.after)) result = notTried(`${c.after} did not hold`);
    else {
      try {
        result = await c.run(ctx);
      } catch (e) {
        result = differs(`no answer: ${e?.cause?.message ?? e?.message ?? e}`);
      }
    }
    if (result.outcome === "holds") held.add(c.id);
    rows.push({ id: c.id, tested: c.tested, result });
  }
  say(table(rows));
  say(`\nNever tried: ${NEVER.join("; ")}.`);
  if (opts.webhookUrl !== undefined) say(`\n${webhookSteps(opts, ctx.state.init?.params.reference)}`);
  return rows.some((r) => r.result.outcome === "differs") ? EXIT.differs : EXIT.ok;
}

/** How to capture the delivery the test payment triggers, and check it. */
function webhookSteps(opts, reference) {
  const names = headerNames();
  const when = opts.phone
    ? `Vesicash should POST to it when payment ${reference ?? "(not created)"} reaches its final status.`
    : "Its status changes (and a delivery is sent) only once the prompt is answered: run again with --phone <test number>.";
  return `Webhook delivery: the test payment was initialised with webhook_url ${opts.webhookUrl}.
${when}
To check that delivery, have the handler at that URL save, before parsing anything:
  - the raw request body, byte for byte, to delivery.body
  - every request header as JSON {"name": "value", ...} to delivery.headers.json
    (Node: fs.writeFileSync("delivery.headers.json", JSON.stringify(req.headers)))
then run:
  VESICASH_WEBHOOK_SECRET=<your webhook secret> npx vesicash-edge check --verify-delivery delivery.body --headers delivery.headers.json
It reports whether the headers are ${names.signature} and ${names.timestamp}, the timestamp is Unix seconds,
the signature covers timestamp + "." + body (or the body alone), and the digest is lowercase hex.`;
}

function verifyDelivery(values, env, say, refuse) {
  const secret = env.VESICASH_WEBHOOK_SECRET;
  if (!secret) return refuse("set VESICASH_WEBHOOK_SECRET to the webhook secret the delivery was signed with");
  if (values.headers === undefined) return refuse("--verify-delivery needs --headers <file>: the delivery's headers as JSON");
  let body;
  let headers;
  try {
    body = readFileSync(values["verify-delivery"]);
    headers = JSON.parse(readFileSync(values.headers, "utf8"));
  } catch (e) {
    return refuse(`cannot read the captured delivery: ${e.message}`);
  }
  if (headers === null || typeof headers !== "object") return refuse("--headers must hold a JSON object of header names to values");
  say(`vesicash-edge check of one captured webhook delivery (${body.length} bytes)\n`);
  const rows = deliveryChecks(new Uint8Array(body.buffer, body.byteOffset, body.byteLength), headers, secret);
  say(table(rows));
  return rows.some((r) => r.result.outcome === "differs") ? EXIT.differs : EXIT.ok;
}
