// The benchmarks, one command: `node benches/run.mjs` (after `bash scripts/build.sh`).
// Prints Markdown tables of medians and ratios against baselines measured in
// the same run on the same machine: webhook verification in Node and inside
// workerd against node:crypto, WebCrypto, standardwebhooks and the native Rust
// verifier (`cargo bench`); cold start; payments.get against a hand-written
// fetch; memory across long runs. Prints numbers, never verdicts: nothing
// here fails a test (the machines are noisy). `--quick` for a short run.
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

const cold = (await import("./cold.mjs")).measure({ runs: quick ? 5 : 15 });
console.log(`### Cold start in Node (fresh process: import + first 1 KB verification; median of ${quick ? 5 : 15})\n`);
table(
  ["verifier", "import + first verify", "whole process"],
  Object.entries(cold).map(([k, v]) => [k, `${v.ms.toFixed(1)} ms`, `${v.wallMs.toFixed(0)} ms`]),
);

const api = await (await import("./api.mjs")).measure({ calls: quick ? 1000 : 2000 });
console.log(`### payments.get against the local sandbox (${api.calls} calls each, alternating blocks of 100)\n`);
table(
  ["payments.get", "hand-written fetch", "overhead"],
  [[us(api.packageUs), us(api.handUs), `${((api.packageUs / api.handUs - 1) * 100).toFixed(1)} %`]],
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
