// `--verify-delivery`: reads one captured webhook delivery (raw body bytes and
// headers as JSON) and reports which of the package's webhook assumptions it
// bears out. Candidate signatures come from the package's own signer
// (`signWebhook`), so the check compares against exactly what the verifier
// computes; nothing is sent anywhere.
import { signWebhook, verifyWebhook } from "../../entry/node.mjs";
import { differs, holds, notTried } from "./result.mjs";

/** Unix seconds bounds a delivery's timestamp can plausibly take: 2020-01-01 .. now + 1 day. */
const EARLIEST_SECONDS = 1_577_836_800;
const latestSeconds = () => Math.floor(Date.now() / 1000) + 86_400;
const inSecondsRange = (n) => n >= EARLIEST_SECONDS && n <= latestSeconds();

/** The signature and timestamp header names, as the package's signer writes them. */
export function headerNames() {
  const [signature, timestamp] = Object.keys(signWebhook("{}", "name-probe", { timestamp: 0 }));
  return { signature, timestamp };
}

/** Lowercased header names to string values, from a captured headers object or [name, value] pairs. */
export function normaliseHeaders(captured) {
  const entries = Array.isArray(captured) ? captured : Object.entries(captured ?? {});
  const out = {};
  for (const [name, value] of entries) {
    if (typeof name !== "string" || value == null) continue;
    const key = name.toLowerCase();
    const text = Array.isArray(value) ? value.join(", ") : String(value);
    out[key] = out[key] === undefined ? text : `${out[key]}, ${text}`;
  }
  return out;
}

/** How a received signature is encoded, and its bytes as lowercase hex (for comparing). */
function decodeSignature(sig) {
  if (/^[0-9a-f]{64}$/.test(sig)) return { encoding: "lowercase hex", hex: sig };
  if (/^[0-9A-F]{64}$/.test(sig)) return { encoding: "UPPERCASE hex", hex: sig.toLowerCase() };
  if (/^[0-9a-fA-F]{64}$/.test(sig)) return { encoding: "mixed-case hex", hex: sig.toLowerCase() };
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(sig)) {
    return { encoding: "base64", hex: Buffer.from(sig.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("hex") };
  }
  return { encoding: "unrecognised", hex: undefined };
}

/**
 * The delivery checks. `body` the raw bytes, `captured` the headers as
 * captured, `secret` the webhook secret. Returns table rows.
 */
export function deliveryChecks(body, captured, secret) {
  const names = headerNames();
  const headers = normaliseHeaders(captured);
  const sigHeader = headers[names.signature];
  const tsHeader = headers[names.timestamp];
  const rows = [];
  const row = (id, tested, result) => rows.push({ id, tested, result });

  const missing = [names.signature, names.timestamp].filter((n) => !headers[n]);
  row(
    "webhook.headers",
    `the signature travels in \`${names.signature}\` [doc] and the timestamp in \`${names.timestamp}\` [assumed]`,
    missing.length ? differs(`no ${missing.join(", ")}; headers present: ${Object.keys(headers).sort().join(", ")}`) : holds(),
  );

  const digits = typeof tsHeader === "string" && /^\d{1,16}$/.test(tsHeader.trim());
  const ts = digits ? Number(tsHeader.trim()) : undefined;
  let unit;
  if (!digits)
    unit = tsHeader === undefined ? notTried(`no ${names.timestamp} header`) : differs(`${JSON.stringify(tsHeader)} is not decimal digits`);
  else if (inSecondsRange(ts)) unit = holds(`${ts} = ${new Date(ts * 1000).toISOString()}`);
  else if (inSecondsRange(Math.floor(ts / 1000))) unit = differs(`${ts} reads as milliseconds (${new Date(ts).toISOString()})`);
  else unit = differs(`${ts} is neither plausible Unix seconds nor milliseconds`);
  row("webhook.timestamp-unit", `\`${names.timestamp}\` is Unix seconds in decimal digits [assumed]`, unit);

  // Every signature in the header (rotation may send several), decoded.
  const received = (sigHeader ?? "")
    .split(/[ ,]+/)
    .filter(Boolean)
    .map((raw) => ({ raw, ...decodeSignature(raw) }));
  const withTimestamp = digits ? signWebhook(body, secret, { timestamp: ts })[names.signature] : undefined;
  const bodyOnly = signWebhook(body, secret, { legacyBodyOnly: true })[names.signature];
  const matchTs = received.find((s) => s.hex !== undefined && s.hex === withTimestamp);
  const matchBody = received.find((s) => s.hex !== undefined && s.hex === bodyOnly);
  const match = matchTs ?? matchBody;
  let signing;
  if (received.length === 0) signing = notTried(`no ${names.signature} header`);
  else if (matchTs) signing = holds();
  else if (matchBody) signing = differs("it signs the body alone (the older doc revision): verify with legacyBodyOnly: true");
  else {
    signing = differs(
      `no signature in the header matches either form (${received.map((s) => s.encoding).join(", ")}): a wrong VESICASH_WEBHOOK_SECRET, ` +
        "a body saved after parsing or re-encoding, or another scheme",
    );
  }
  row(
    "webhook.signing",
    'HMAC-SHA256(secret, timestamp + "." + raw body), not the body alone [doc; the body-only form is an older revision]',
    signing,
  );

  row(
    "webhook.encoding",
    "the signature is 64 lowercase hex digits [assumed]",
    !match
      ? notTried("no signature matched, so its encoding is unconfirmed")
      : match.encoding === "lowercase hex"
        ? holds()
        : differs(match.encoding),
  );

  // The package's verifier on the delivery as captured; `now` is its own
  // timestamp, so the age of the capture is not what is being tested.
  let verdict;
  try {
    verifyWebhook(body, captured, secret, ts !== undefined && inSecondsRange(ts) ? { now: ts } : {});
    verdict = holds();
  } catch (e) {
    verdict = differs(`${e.code}: ${e.message}`);
  }
  row("webhook.verifier", "the package's verifyWebhook accepts the delivery as captured (its time taken as now)", verdict);

  let event;
  try {
    event = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch {
    event = undefined;
  }
  const data = event?.data;
  row(
    "webhook.event",
    'the body is {event: "payment.updated", data: the payment (reference, status)} [assumed]',
    event === undefined
      ? differs("the body is not JSON")
      : event.event === "payment.updated" && typeof data?.reference === "string" && typeof data?.status === "string"
        ? holds(`${data.reference}: ${data.status}`)
        : differs(
            `event ${JSON.stringify(event.event)}, data.reference ${JSON.stringify(data?.reference)}, data.status ${JSON.stringify(data?.status)}`,
          ),
  );
  return rows;
}
