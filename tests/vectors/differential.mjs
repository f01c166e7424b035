// Differential test of the two HMAC paths of the package: the host's
// (node:crypto where reachable synchronously) against the wasm SHA-256, on
// random bodies, secrets and headers from a seeded generator, so a failure
// replays exactly. Imports nothing: the same file serves Node ESM, Node CJS
// (through import()) and workerd (bundled by wrangler).

/** xorshift32: small, seeded, the same sequence in every runtime. */
function generator(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  const int = (n) => next() % n;
  const pick = (list) => list[int(list.length)];
  return { next, int, pick };
}

// Characters of every UTF-8 length, JSON's escapes, and a surrogate pair.
const ALPHABET = ["a", "Z", "0", " ", '"', "\\", "/", "\n", "é", "ß", "€", "中", "🔑", "ключ", "\u0000", "\u2028"];

function text(rng, max) {
  let s = "";
  const n = rng.int(max + 1);
  for (let i = 0; i < n; i++) s += rng.pick(ALPHABET);
  return s;
}

/** A body: mostly a payment event (valid JSON), sometimes raw bytes or JSON of the wrong shape. */
function body(rng) {
  const kind = rng.int(10);
  if (kind < 6) {
    const data = { reference: `PY_${text(rng, 12)}`, status: rng.pick(["pending", "successful", "failed", text(rng, 6)]) };
    for (let i = rng.int(4); i > 0; i--) data[text(rng, 8)] = rng.pick([text(rng, 40), rng.int(1e6) / 100, null, [rng.int(9)]]);
    const event = { event: rng.pick(["payment.updated", "refund.updated", text(rng, 10)]), data };
    // A large body now and then, so the hashing crosses many SHA-256 blocks.
    if (rng.int(8) === 0) event.padding = "x".repeat(rng.int(70_000));
    return JSON.stringify(event);
  }
  if (kind < 8) return rng.pick([`{"event":1}`, `[]`, `{"event":"payment.updated","data":{"reference":"r"}}`, text(rng, 30), ""]);
  const bytes = new Uint8Array(rng.int(300));
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(256);
  return bytes;
}

const secret = (rng) => `whsec_${text(rng, 20)}`.trim() || "whsec_x";

/** What a verification did, as plain comparable data. */
function outcome(fn) {
  try {
    return { ok: JSON.stringify(fn()) };
  } catch (e) {
    return { error: `${e?.name} ${e?.code} ${e?.message}` };
  }
}

/**
 * Verifies `cases` random deliveries through both paths (a reused
 * WebhookVerifier with the host's HMAC forced and with the wasm one, the
 * one-shot verifyWebhook by default and with the wasm one) and returns `{ compared, accepted, refused, hmac, disagreements }`.
 */
export function runDifferential(api, { seed = 20, cases = 300 } = {}) {
  const rng = generator(seed);
  const disagreements = [];
  let compared = 0;
  let accepted = 0;
  let refused = 0;
  const hmac = new Set();
  for (let i = 0; i < cases; i++) {
    const secrets = Array.from({ length: 1 + rng.int(3) }, () => secret(rng));
    const raw = body(rng);
    const legacyBodyOnly = rng.int(6) === 0;
    const timestamp = 1_767_225_600 + rng.int(1_000_000);
    const signer = rng.pick(secrets);
    const signed = api.signWebhook(raw, rng.int(7) === 0 ? secret(rng) : signer, { timestamp, legacyBodyOnly });
    const headers = { ...signed };
    const tamper = rng.int(8);
    if (tamper === 0) headers["mor-signature"] = headers["mor-signature"].replace(/^./, (c) => (c === "0" ? "1" : "0"));
    if (tamper === 1) headers["mor-signature"] += `, ${"0".repeat(64)}`;
    if (tamper === 2 && !legacyBodyOnly) headers["mor-timestamp"] = ` ${timestamp}\t`;
    const now = timestamp + rng.int(700) - 350;
    const options = { legacyBodyOnly };
    // A secret the core refuses makes both constructors throw: compared like any other outcome.
    const build = (o) => {
      try {
        return new api.WebhookVerifier(secrets, o);
      } catch (e) {
        return {
          verify: () => {
            throw e;
          },
          free() {},
        };
      }
    };
    const host = build({ ...options, hostCrypto: true });
    const wasm = build({ ...options, hostCrypto: false });
    if (host.hmac) hmac.add(host.hmac);
    const want = outcome(() => wasm.verify(raw, headers, { now }));
    const others = {
      "WebhookVerifier (host HMAC)": outcome(() => host.verify(raw, headers, { now })),
      // The default: the host's HMAC from 4 KiB, the wasm one below.
      "verifyWebhook (default)": outcome(() => api.verifyWebhook(raw, headers, secrets, { ...options, now })),
      "verifyWebhook (wasm HMAC)": outcome(() => api.verifyWebhook(raw, headers, secrets, { ...options, now, hostCrypto: false })),
    };
    for (const [path, got] of Object.entries(others)) {
      compared++;
      if (got.ok !== want.ok || got.error !== want.error) {
        disagreements.push({ case: i, path, got, want });
      }
    }
    if (want.ok) accepted++;
    else refused++;
    host.free();
    wasm.free();
  }
  return { compared, accepted, refused, hmac: [...hmac], disagreements: disagreements.slice(0, 5) };
}
