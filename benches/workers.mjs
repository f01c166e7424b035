// Worker upload size and workerd cold start, side by side: minimal Workers
// built with the package (whole API, and `vesicash-edge/webhooks` only),
// with stripe (the peer), a WebCrypto verifier by hand and an empty Worker.
// Upload: `wrangler deploy --dry-run --outdir` (its "gzip:" figure, what
// Cloudflare counts). Cold start: a fresh workerd (miniflare) per run, from
// start to the first response, minus the empty Worker's; and, since a fresh
// workerd's own start swamps a script's, 8 copies of each Worker in one
// workerd against 8 empty ones, per copy (measureShared). Each Worker
// touches what it imports, so nothing is tree-shaken away.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = `${ROOT}target/bench-workers/`;
const entry = (name) => JSON.stringify(`${ROOT}pkg/entry/${name}`);
const DATE = "2026-04-01";

// Each answers "ok" only after doing its job once, so the first response includes it.
const VERIFY_1KB = `const body = JSON.stringify({ event: "payment.updated", data: { reference: "PY_1", status: "successful", note: "x".repeat(900) } });`;
export const WORKERS = {
  "empty Worker": `export default { fetch() { return new Response("ok"); } };`,
  "WebCrypto verifier by hand": `${VERIFY_1KB}
const enc = new TextEncoder();
export default {
  async fetch() {
    const key = await crypto.subtle.importKey("raw", enc.encode("whsec_x"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, enc.encode("1." + body)));
    const ok = await crypto.subtle.verify("HMAC", key, sig, enc.encode("1." + body));
    return new Response(ok && JSON.parse(body).data.reference === "PY_1" ? "ok" : "bad");
  },
};`,
  "vesicash-edge (whole API)": `import { Vesicash, WebhookVerifier, signWebhook } from ${entry("workerd.mjs")};
${VERIFY_1KB}
export default {
  fetch() {
    const client = new Vesicash({ publicKey: "morPub_test_x", secretKey: "morSec_test_x" });
    const v = new WebhookVerifier("whsec_x");
    const ok = v.verify(body, signWebhook(body, "whsec_x")).data.reference === "PY_1" && client.requests.get("PY_1").url.length > 0;
    return new Response(ok ? "ok" : "bad");
  },
};`,
  "vesicash-edge/webhooks": `import { WebhookVerifier, signWebhook } from ${entry("webhooks-workerd.mjs")};
${VERIFY_1KB}
export default {
  fetch() {
    const v = new WebhookVerifier("whsec_x");
    return new Response(v.verify(body, signWebhook(body, "whsec_x")).data.reference === "PY_1" ? "ok" : "bad");
  },
};`,
  stripe: `import Stripe from "stripe";
${VERIFY_1KB}
const crypto = Stripe.createSubtleCryptoProvider();
export default {
  async fetch() {
    const stripe = new Stripe("sk_test_x", { httpClient: Stripe.createFetchHttpClient() });
    const header = await stripe.webhooks.generateTestHeaderStringAsync({ payload: body, secret: "whsec_x", cryptoProvider: crypto });
    const event = await stripe.webhooks.constructEventAsync(body, header, "whsec_x", undefined, crypto);
    return new Response(event.data.reference === "PY_1" && typeof stripe.paymentIntents.retrieve === "function" ? "ok" : "bad");
  },
};`,
};

/** Bundles every Worker with wrangler; `{ [name]: { gzipKiB, totalKiB, dir } }`. */
export function bundle() {
  rmSync(OUT, { recursive: true, force: true });
  const out = {};
  for (const [i, [name, source]] of Object.entries(WORKERS).entries()) {
    const dir = `${OUT}w${i}/`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}worker.mjs`, source);
    writeFileSync(`${dir}wrangler.toml`, `name = "bench-w${i}"\nmain = "worker.mjs"\ncompatibility_date = "${DATE}"\nsend_metrics = false\n`);
    const log = execFileSync(
      `${ROOT}node_modules/.bin/wrangler`,
      ["deploy", "--dry-run", "--outdir", `${dir}dist`, "--config", `${dir}wrangler.toml`],
      {
        cwd: dir,
        encoding: "utf8",
        env: {
          ...process.env,
          WRANGLER_SEND_METRICS: "false",
          WRANGLER_SEND_ERROR_REPORTS: "false",
          CLOUDFLARE_CF_FETCH_ENABLED: "false",
          NO_COLOR: "1",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const m = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(log);
    if (!m) throw new Error(`${name}: no upload size in wrangler's output:\n${log}`);
    out[name] = { totalKiB: Number(m[1]), gzipKiB: Number(m[2]), dir: `${dir}dist/` };
  }
  return out;
}

/** ms from starting a fresh workerd with the bundled Worker to its first "ok". */
async function coldOnce(dir) {
  const t0 = performance.now();
  const mf = new Miniflare({
    modules: true,
    scriptPath: `${dir}worker.js`,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: DATE,
  });
  try {
    const res = await mf.dispatchFetch("http://localhost/");
    const text = await res.text();
    if (text !== "ok") throw new Error(`${dir}: answered ${res.status} ${text}`);
    return performance.now() - t0;
  } finally {
    await mf.dispose();
  }
}

/**
 * `{ [name]: { gzipKiB, totalKiB, coldMs, overEmptyMs } }` over `runs`
 * interleaved cold starts each. The fastest of the runs, not the median: a
 * fresh workerd takes ~0.5 s to start on this machine and other work only
 * ever adds to it, so the minimum is the figure least blurred by the noise.
 */
export async function measure({ runs = 9 } = {}) {
  const built = bundle();
  const samples = Object.fromEntries(Object.keys(built).map((k) => [k, []]));
  for (const { dir } of Object.values(built)) await coldOnce(dir); // warm the disk cache
  for (let r = 0; r < runs; r++) for (const [name, { dir }] of Object.entries(built)) samples[name].push(await coldOnce(dir));
  const fastest = (xs) => Math.min(...xs);
  const empty = fastest(samples["empty Worker"]);
  return Object.fromEntries(
    Object.entries(built).map(([name, b]) => {
      const coldMs = fastest(samples[name]);
      return [name, { gzipKiB: b.gzipKiB, totalKiB: b.totalKiB, coldMs, overEmptyMs: coldMs - empty }];
    }),
  );
}

/**
 * ms from starting one workerd holding `copies` copies of a bundled Worker
 * (each its own Worker, so each compiles and evaluates its script) to a
 * first response from every copy.
 */
async function coldManyOnce(dir, copies) {
  const t0 = performance.now();
  const mf = new Miniflare({
    workers: Array.from({ length: copies }, (_, i) => ({
      name: `copy${i}`,
      modules: true,
      scriptPath: `${dir}worker.js`,
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: DATE,
    })),
  });
  try {
    for (let i = 0; i < copies; i++) {
      const res = await (await mf.getWorker(`copy${i}`)).fetch("http://localhost/");
      const text = await res.text();
      if (text !== "ok") throw new Error(`${dir}: copy ${i} answered ${res.status} ${text}`);
    }
    return performance.now() - t0;
  } finally {
    await mf.dispose();
  }
}

/**
 * The script's own cold start, with workerd's start taken out: one workerd
 * with `copies` copies of each Worker against one with as many empty
 * Workers, the difference per copy (fastest of `runs` each, interleaved).
 * A fresh workerd costs 0.2-0.5 s here, more than any script's start, so a
 * single copy per process measures mostly that noise; `copies` copies
 * multiply the script's share by as much. `{ [name]: { perCopyMs, ms } }`.
 */
export async function measureShared({ copies = 8, runs = 5, built = bundle() } = {}) {
  const samples = Object.fromEntries(Object.keys(built).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) for (const [name, { dir }] of Object.entries(built)) samples[name].push(await coldManyOnce(dir, copies));
  const fastest = (xs) => Math.min(...xs);
  const empty = fastest(samples["empty Worker"]);
  return Object.fromEntries(
    Object.keys(built).map((name) => [name, { ms: fastest(samples[name]), perCopyMs: (fastest(samples[name]) - empty) / copies }]),
  );
}

if (process.argv[2] === "shared") console.log(JSON.stringify(await measureShared({ runs: Number(process.argv[3] ?? 3) }), null, 1));
if (process.argv[2] === "print") console.log(JSON.stringify(await measure({ runs: Number(process.argv[3] ?? 5) }), null, 1));
