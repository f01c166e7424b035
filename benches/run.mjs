// The benchmarks, one command: `node benches/run.mjs` (after `bash scripts/build.sh`).
// Prints Markdown tables of medians and ratios against baselines measured in
// the same run on the same machine: webhook verification in Node and inside
// workerd against node:crypto, WebCrypto, standardwebhooks and the native Rust
// verifier (`cargo bench`); cold start; payments.get against a hand-written
// fetch; memory across long runs and of 10,000 calls in flight; Deno and Bun; Worker upload size and
// workerd cold start against stripe (a fresh workerd each, and copies in one workerd). Ends with the targets of issue 20, each
// as its measured ratio. Prints numbers, never verdicts: nothing here fails a
// test (the machines are noisy). `--quick` for a short run.
import { execFileSync } from "node:child_process";
import { cpus, totalmem, loadavg } from "node:os";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const quick = process.argv.includes("--quick");
const kb = (size) => (size >= 1 << 20 ? `${size >> 20} MB` : `${size >> 10} KB`);
const us = (x) => (x === undefined ? "–" : x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(1)} µs`);
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : "–");

function table(head, rows) {
  console.log(`| ${head.join(" | ")} |\n|${head.map(() => "---").join("|")}|`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log();
}

function native() {
  // The same Verifier, compiled for this machine (sha2 picks SHA-NI when the CPU has it).
  const out = execFileSync("cargo", ["bench", "--quiet", "--bench", "native"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  return Object.fromEntries(
    out
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l))
      .map((r) => [r.size, r.ns / 1e3]),
  );
}

const VF = "vesicash WebhookVerifier",
  ONE = "vesicash verifyWebhook",
  NC = "node:crypto by hand",
  WC = "WebCrypto by hand",
  SW = "standardwebhooks";

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (shared and noisy: compare ratios, not times)\n`,
);

console.log("Native Rust verifier (cargo bench --bench native)…");
const nat = native();

const node = await (await import("./node-verify.mjs")).measure();
console.log(`### Webhook verification in Node (median per call; "package / X" below 1 and "X / package" above 1 mean the package is faster)\n`);
table(
  ["body", VF, ONE, NC, WC, SW, "native Rust", "package / node:crypto", "WebCrypto / package", "standardwebhooks / package", "package / native"],
  Object.entries(node).map(([size, t]) => [
    kb(size),
    us(t[VF]),
    us(t[ONE]),
    us(t[NC]),
    us(t[WC]),
    us(t[SW]),
    us(nat[size]),
    ratio(t[VF], t[NC]),
    ratio(t[WC], t[VF]),
    ratio(t[SW], t[VF]),
    ratio(t[VF], nat[size]),
  ]),
);

// Deno and Bun, where their npm packages are installed (devDependencies).
const runtimes = {};
for (const [name, cmd, args] of [
  ["Deno", `${ROOT}node_modules/.bin/deno`, ["run", "-A", "benches/runtime-verify.mjs"]],
  ["Bun", `${ROOT}node_modules/.bin/bun`, ["benches/runtime-verify.mjs"]],
]) {
  try {
    runtimes[name] = JSON.parse(execFileSync(cmd, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 300_000 }));
  } catch (e) {
    console.log(`(${name} not measured: ${e.message.split("\n")[0]})\n`);
  }
}
if (Object.keys(runtimes).length) {
  console.log("### Webhook verification in Deno and Bun (median per call, the package's Node entry)\n");
  table(
    ["runtime", "body", VF, NC, WC, "package / node:crypto", "package / WebCrypto", "HMAC from"],
    Object.values(runtimes).flatMap(({ runtime, results }) =>
      Object.entries(results).map(([size, t]) => [
        runtime,
        kb(size),
        us(t[VF]),
        us(t[NC]),
        us(t[WC]),
        ratio(t[VF], t[NC]),
        ratio(t[VF], t[WC]),
        t.hmac,
      ]),
    ),
  );
}

const wd = await (await import("./workerd.mjs")).measure({ rounds: quick ? 3 : 7 });
console.log("### Webhook verification inside workerd (batches timed from outside the isolate)\n");
table(
  ["body", VF, ONE, `${NC} (nodejs_compat)`, WC, SW, "WebCrypto / package", "node:crypto / package", "standardwebhooks / package"],
  Object.entries(wd).map(([size, t]) => [
    kb(size),
    us(t[VF]),
    us(t[ONE]),
    us(t[NC]),
    us(t[WC]),
    us(t[SW]),
    ratio(t[WC], t[VF]),
    ratio(t[NC], t[VF]),
    ratio(t[SW], t[VF]),
  ]),
);

const workers = await (await import("./workers.mjs")).measure({ runs: quick ? 3 : 7 });
console.log("### Workers: upload size (`wrangler deploy --dry-run`) and workerd cold start (fresh workerd to first response, fastest run)\n");
table(
  ["Worker", "upload", "gzipped", "cold start", "over the empty Worker"],
  Object.entries(workers).map(([k, v]) => [
    k,
    `${v.totalKiB.toFixed(2)} KiB`,
    `${v.gzipKiB.toFixed(2)} KiB`,
    `${v.coldMs.toFixed(1)} ms`,
    `+${v.overEmptyMs.toFixed(1)} ms`,
  ]),
);

const shared = await (await import("./workers.mjs")).measureShared({ runs: quick ? 2 : 5 });
console.log(
  "### Workers: the script's own cold start inside one workerd (8 copies of each Worker in one workerd, to a first response from each, minus 8 empty Workers, per copy; fastest run)\n",
);
table(
  ["Worker", "8 copies, whole start", "per copy over the empty Worker", "÷ stripe"],
  Object.entries(shared).map(([k, v]) => [k, `${v.ms.toFixed(0)} ms`, `${v.perCopyMs.toFixed(1)} ms`, ratio(v.perCopyMs, shared.stripe.perCopyMs)]),
);

const cold = (await import("./cold.mjs")).measure({ runs: quick ? 5 : 15 });
console.log(`### Cold start in Node (fresh process: import + first 1 KB verification; median of ${quick ? 5 : 15})\n`);
table(
  ["verifier", "import + first verify", "whole process"],
  Object.entries(cold).map(([k, v]) => [k, `${v.ms.toFixed(1)} ms`, `${v.wallMs.toFixed(0)} ms`]),
);

const api = await (await import("./api.mjs")).measure({ calls: quick ? 1000 : 2000 });
console.log(`### payments.get against the local sandbox (${api.calls} calls each, alternating blocks of 100)\n`);
table(
  ["", "payments.get", "hand-written fetch", "package / hand-written"],
  [
    ["wall time per call, loopback", us(api.packageUs), us(api.handUs), ratio(api.packageUs, api.handUs)],
    ["client CPU per call, loopback", us(api.packageCpuUs), us(api.handCpuUs), ratio(api.packageCpuUs, api.handCpuUs)],
    ["client CPU per call, in-memory fetch", us(api.packageMemoryCpuUs), us(api.handMemoryCpuUs), ratio(api.packageMemoryCpuUs, api.handMemoryCpuUs)],
  ],
);

const mem = (await import("./memory.mjs")).measure(quick ? { verifications: 100_000, builds: 10_000 } : {});
console.log(
  `### Memory (fresh process, after gc): ${mem.verifications.toLocaleString("en")} verifications (${mem.refused.toLocaleString("en")} refused) and ${mem.builds.toLocaleString("en")} request builds\n`,
);
table(
  ["", "before", "after", "change"],
  [
    ["wasm memory", `${mem.before.wasm} B`, `${mem.after.wasm} B`, `${mem.after.wasm - mem.before.wasm} B`],
    ["process external", `${mem.before.external} B`, `${mem.after.external} B`, `${mem.after.external - mem.before.external} B`],
  ],
);

const inflight = (await import("./inflight.mjs")).measure({ calls: 10_000 });
console.log(
  `### In flight (fresh process each, after gc): ${inflight.calls.toLocaleString("en")} payments.get at once against an in-memory fetch that holds every answer until all are in flight\n`,
);
const mib = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;
table(
  ["client", "JS heap per call in flight", "wasm memory before", "all in flight", "all settled"],
  ["package", "hand"].map((k) => [
    k === "package" ? "payments.get" : "hand-written fetch",
    `${(inflight[k].heapPerCall / 1024).toFixed(2)} KB`,
    mib(inflight[k].before.wasm),
    mib(inflight[k].inFlight.wasm),
    mib(inflight[k].settled.wasm),
  ]),
);

// The targets of issue 20, each as its measured figure (met or not is for the reader).
const w = (k) => workers[k] ?? {};
const stripe = w("stripe");
const over = (k) => cold[k].ms - cold["node:crypto by hand"].ms;
const hook = (rt, size) => runtimes[rt]?.results?.[size] ?? {};
console.log("### Targets (issue 20), this run\n");
table(
  ["target", "limit", "measured"],
  [
    ["Worker upload gzipped, whole API ÷ stripe", "≤ 0.70×", ratio(w("vesicash-edge (whole API)").gzipKiB, stripe.gzipKiB)],
    ["Worker upload gzipped, webhook-only", "≤ 35 KiB", `${w("vesicash-edge/webhooks").gzipKiB?.toFixed(2)} KiB`],
    [
      "workerd cold start over empty (one workerd, per copy), whole API ÷ stripe",
      "≤ 0.35×",
      ratio(shared["vesicash-edge (whole API)"].perCopyMs, shared.stripe.perCopyMs),
    ],
    [
      "workerd cold start over empty (one workerd, per copy), webhook-only ÷ stripe",
      "≤ 0.20×",
      ratio(shared["vesicash-edge/webhooks"].perCopyMs, shared.stripe.perCopyMs),
    ],
    [
      "Node import + first verify over node:crypto's, vesicash-edge/webhooks ÷ standardwebhooks",
      "≤ 1.00×",
      ratio(over("vesicash-edge/webhooks"), over("standardwebhooks")),
    ],
    [
      "Node import + first verify over node:crypto's, vesicash-edge ÷ standardwebhooks",
      "≤ 1.00×",
      ratio(over("vesicash-edge"), over("standardwebhooks")),
    ],
    ["1 KB verify, Node, ÷ node:crypto", "≤ 1.20×", ratio(node[1024][VF], node[1024][NC])],
    ["64 KB verify, Node, ÷ node:crypto", "≤ 1.30×", ratio(node[65536][VF], node[65536][NC])],
    ["1 KB verify, Deno, ÷ node:crypto", "≤ 1.20×", ratio(hook("Deno", 1024)[VF], hook("Deno", 1024)[NC])],
    ["64 KB verify, Deno, ÷ node:crypto", "≤ 1.30×", ratio(hook("Deno", 65536)[VF], hook("Deno", 65536)[NC])],
    ["1 KB verify, Bun, ÷ node:crypto", "≤ 1.20×", ratio(hook("Bun", 1024)[VF], hook("Bun", 1024)[NC])],
    ["64 KB verify, Bun, ÷ node:crypto", "≤ 1.30×", ratio(hook("Bun", 65536)[VF], hook("Bun", 65536)[NC])],
    ["1 KB verify, workerd, ÷ WebCrypto", "≤ 1.00×", ratio(wd[1024][VF], wd[1024][WC])],
    ["payments.get client CPU, loopback, ÷ hand-written", "≤ 1.15×", ratio(api.packageCpuUs, api.handCpuUs)],
    ["payments.get client CPU, in-memory fetch, ÷ hand-written", "≤ 1.50×", ratio(api.packageMemoryCpuUs, api.handMemoryCpuUs)],
    ["JS heap per call in flight, ÷ hand-written", "≤ 1.05×", ratio(inflight.package.heapPerCall, inflight.hand.heapPerCall)],
    [`wasm memory after ${inflight.calls.toLocaleString("en")} calls in flight, all settled`, "≤ 2 MiB", mib(inflight.package.settled.wasm)],
  ],
);
