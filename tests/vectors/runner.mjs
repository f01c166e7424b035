// Runs tests/vectors/webhook.json against a loaded vesicash-edge package
// (`api` = the module's exports). Imports nothing, so the same file serves
// Node ESM, Node CJS (through import()) and workerd (bundled by wrangler).
// Every case runs with each raw body type (string, Uint8Array, ArrayBuffer,
// Buffer where it exists) and each header form (plain object with string[]
// repeats as node:http gives, Headers, [name, value] pairs).

// ignoreBOM: keep a leading BOM in the text, byte for byte as signed.
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function base64(text) {
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/** The body of a case as bytes (or the parsed object a JS-only case passes). */
export function caseBody(c) {
  if (typeof c.body === "string") return new TextEncoder().encode(c.body);
  if (typeof c.body_b64 === "string") return base64(c.body_b64);
  if (c.body_repeat) {
    const { prefix, unit, times, suffix } = c.body_repeat;
    return new TextEncoder().encode(prefix + unit.repeat(times) + suffix);
  }
  throw new Error(`${c.name}: no raw body`);
}

function bodyVariants(c) {
  if ("body_json_object" in c) return [["parsed object", c.body_json_object]];
  const bytes = caseBody(c);
  let text;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = undefined; // not UTF-8: cannot be a JS string
  }
  const out = [];
  if (text !== undefined) out.push(["string", text]);
  out.push(["Uint8Array", bytes.slice()]);
  out.push(["ArrayBuffer", bytes.slice().buffer]);
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 4);
  out.push(["DataView at an offset", new DataView(padded.buffer, 4, bytes.length)]);
  if (typeof globalThis.Buffer === "function") out.push(["Buffer", globalThis.Buffer.from(bytes)]);
  return out;
}

function headerVariants(c) {
  const plain = {};
  for (const [k, v] of c.headers) {
    // Names as sent (lookup must be case-insensitive); a repeat becomes a
    // string[], as node:http gives some repeated headers.
    plain[k] = k in plain ? [].concat(plain[k], v) : v;
  }
  const out = [
    ["object", plain],
    ["pairs", c.headers.map(([k, v]) => [k, v])],
  ];
  if (typeof globalThis.Headers === "function") {
    const h = new Headers();
    for (const [k, v] of c.headers) h.append(k, v);
    out.push(["Headers", h]);
  }
  return out;
}

function options(c) {
  const o = { now: c.now };
  if (c.options?.tolerance_seconds !== undefined) o.toleranceSeconds = c.options.tolerance_seconds;
  if (c.options?.legacy_body_only) o.legacyBodyOnly = true;
  return o;
}

/**
 * Runs one case in every variant; returns the list of failures (empty: pass)
 * and where the HMACs were computed (`hmac`: "node:crypto" and/or "wasm").
 */
export function checkCase(api, c, secretsUsed = []) {
  const failures = [];
  const secret = c.secrets.length === 1 ? c.secrets[0] : c.secrets;
  let variants = 0;
  const hmac = new Set();
  // Both paths: the one-shot verifyWebhook, and one WebhookVerifier per case
  // reused across every variant (a constructor error counts for each variant);
  // each with the host's HMAC where it has one, and with the wasm one.
  const { now, ...verifierOptions } = options(c);
  const paths = [];
  for (const hostCrypto of [true, false]) {
    let verifier, built;
    try {
      verifier = new api.WebhookVerifier(secret, { ...verifierOptions, hostCrypto });
      hmac.add(verifier.hmac);
    } catch (e) {
      built = e;
    }
    const mac = hostCrypto ? "host HMAC forced where there is one" : "wasm HMAC";
    paths.push(
      [`verifyWebhook (${mac})`, (body, headers) => api.verifyWebhook(body, headers, secret, { ...options(c), hostCrypto })],
      [
        `WebhookVerifier (${mac})`,
        (body, headers) => {
          if (built) throw built;
          return verifier.verify(body, headers, { now });
        },
        verifier,
      ],
    );
  }
  for (const [bodyKind, body] of bodyVariants(c)) {
    for (const [headerKind, headers] of headerVariants(c)) {
      for (const [path, verify] of paths) {
        variants++;
        const where = `${path}: ${bodyKind} body, ${headerKind} headers`;
        let event, error;
        try {
          event = verify(body, headers);
        } catch (e) {
          error = e;
        }
        const x = c.expect;
        if (x.ok) {
          if (error) {
            failures.push(`${where}: threw ${error.code ?? error.name}: ${error.message}`);
            continue;
          }
          const got = [event?.event, event?.data?.reference, event?.data?.status].join(" / ");
          const want = [x.event, x.reference, x.status].join(" / ");
          if (got !== want) failures.push(`${where}: got ${got}, expected ${want}`);
          const whole = JSON.stringify(JSON.parse(utf8.decode(caseBody(c))));
          if (JSON.stringify(event) !== whole) failures.push(`${where}: the event is not the body's JSON`);
        } else if (!error) {
          failures.push(`${where}: accepted, expected ${x.code}`);
        } else if (!(error instanceof api.VesicashError)) {
          failures.push(`${where}: threw ${error?.name}: ${error?.message ?? error}, not a VesicashError`);
        } else {
          // A bad secret is the merchant's configuration, not the delivery's fault: a plain
          // VesicashError (so a handler answering 400 to verification failures fails loudly).
          const configuration = x.code === "invalid_secret";
          const wantName = configuration ? "VesicashError" : "WebhookVerificationError";
          if (error instanceof api.WebhookVerificationError === configuration) failures.push(`${where}: ${error.name}, expected ${wantName}`);
          if (error.code !== x.code) failures.push(`${where}: got ${error.code} (${error.message}), expected ${x.code}`);
          if (error.name !== wantName) failures.push(`${where}: name is ${error.name}`);
          for (const s of secretsUsed) if (error.message.includes(s)) failures.push(`${where}: the message contains a secret`);
        }
      }
    }
  }
  for (const [, , verifier] of paths) verifier?.free();
  return { failures, variants, hmac: [...hmac] };
}

/** A delivery that must verify: run after all the others to prove the instance still works. */
export function finalGoodVerify(api, doc) {
  const c = doc.cases.find((x) => x.expect.ok && typeof x.body === "string" && !x.options);
  const event = api.verifyWebhook(c.body, Object.fromEntries(c.headers), c.secrets[0], { now: c.now });
  const signed = api.signWebhook(c.body, c.secrets[0], { timestamp: c.now });
  const same = signed["mor-signature"] === c.headers.find(([k]) => k === "mor-signature")?.[1];
  return { ok: event.data.reference === c.expect.reference && same, name: c.name };
}

/** Every case in every variant, then a final good verify. Plain JSON result. */
export function runVectors(api, doc) {
  const hmac = new Set();
  const cases = doc.cases.map((c) => {
    const { failures, variants, hmac: used } = checkCase(api, c, doc.secrets_used);
    for (const h of used) hmac.add(h);
    return { name: c.name, expect: c.expect.ok ? "ok" : c.expect.code, pass: failures.length === 0, variants, failures };
  });
  const final = finalGoodVerify(api, doc);
  return { total: cases.length, passed: cases.filter((c) => c.pass).length, final, cases, hmac: [...hmac].sort() };
}
