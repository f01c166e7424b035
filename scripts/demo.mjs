// The demo, after scripts/demo.sh has built and installed the package: runs the
// local Vesicash sandbox and the demo Worker (examples/worker, real workerd via
// wrangler dev) on a fresh local D1 database (the migrations applied to a
// temporary --persist-to dir, deleted on exit), drives one approved payment
// through the Worker's API, prints its stored timeline and reads the final
// state back from D1, then serves the checkout page until Ctrl-C.
//   node scripts/demo.mjs          keep running (Ctrl-C stops everything)
//   node scripts/demo.mjs --once   one payment, then exit: 0 only when it ended
//                                  successful with a verified webhook, and D1 holds it
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../sandbox/spawn.mjs";
import { applyD1Migrations, d1Execute, sandboxVars, startWrangler } from "../tests/support/processes.mjs";

const WORKER_CONFIG = fileURLToPath(new URL("../examples/worker/wrangler.toml", import.meta.url));
/** The D1 database of examples/worker/wrangler.toml. */
const DATABASE = "vesicash-demo";
/** The simulated phone answers after this long: slow enough to watch on the page. */
const PHONE_DELAY_MS = 1500;
/** A prompt nobody answers expires after this long. */
const EXPIRY_MS = 8000;
const POLL_MS = 100;
const PAYMENT_TIMEOUT_MS = 20_000;
const DEMO_ORDER = { amount: "25.00", currency: "ZMW", country: "ZM", phone_number: "260970000001", narration: "Demo order: 2 woven baskets" };

const args = process.argv.slice(2);
const once = args.includes("--once");
const unknown = args.filter((a) => a !== "--once");
if (unknown.length) {
  console.error(`unknown argument ${unknown[0]}\nusage: bash scripts/demo.sh [--once]`);
  process.exit(2);
}

const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const green = (s) => (tty ? `\x1b[32m${s}\x1b[0m` : s);
const red = (s) => (tty ? `\x1b[31m${s}\x1b[0m` : s);

let sandbox, worker, persistTo, stopping;
function stopAll() {
  stopping ??= Promise.allSettled([worker?.stop(), sandbox?.stop()]).then(() => {
    if (persistTo) rmSync(persistTo, { recursive: true, force: true });
  });
  return stopping;
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    console.log(dim(`\n${signal}: stopping the Worker and the sandbox…`));
    await stopAll();
    process.exit(0);
  });
}

async function api(method, path, body) {
  const res = await fetch(worker.url + path, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json?.error ?? json)}`);
  return json;
}

async function runPayment() {
  const started = Date.now();
  const { reference } = await api("POST", "/api/checkout", DEMO_ORDER);
  console.log(
    `\n${bold("Payment")} ${reference}: ${DEMO_ORDER.currency} ${DEMO_ORDER.amount} from ${DEMO_ORDER.phone_number} (a test number that approves)`,
  );

  let view;
  const deadline = Date.now() + PAYMENT_TIMEOUT_MS;
  for (;;) {
    view = await api("GET", `/api/payments/${encodeURIComponent(reference)}`);
    if (view.outcome !== "pending" && view.webhook_verified) break;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const width = Math.max(...view.timeline.map((s) => s.step.length));
  console.log(dim("  timeline, as stored in D1:"));
  for (const step of view.timeline) {
    console.log(`  ${String(step.elapsed_ms).padStart(6)} ms  ${step.step.padEnd(width)}  ${step.label}`);
  }
  const deliveries = (await sandbox.webhooks()).filter((d) => JSON.parse(d.body)?.data?.reference === reference);
  const delivered = deliveries.find((d) => d.status >= 200 && d.status < 300);

  // The final state read back from the D1 file itself, not through the Worker.
  const [[row], [{ n: transitions }], [{ n: webhooks }]] = await d1Execute(WORKER_CONFIG, {
    database: DATABASE,
    persistTo,
    command: [
      `SELECT status, source, version FROM payment_states WHERE reference = '${reference}'`,
      `SELECT COUNT(*) AS n FROM status_transitions WHERE reference = '${reference}'`,
      `SELECT COUNT(*) AS n FROM webhook_deliveries WHERE reference = '${reference}'`,
    ],
  });
  const stored = row?.status ?? "nothing";
  console.log(
    `  final state read back from D1 (wrangler d1 execute --local): ${bold(stored)}` +
      (row ? ` (set by the ${row.source}, version ${row.version}); ${transitions} status transitions, ${webhooks} webhook delivery processed` : ""),
  );
  const ok = stored === "successful" && view.state?.status === "successful" && view.outcome === "paid" && view.webhook_verified && Boolean(delivered);
  const summary =
    `status ${view.state?.status ?? "unknown"} (stored), webhook ${view.webhook_verified ? "verified" : "NOT verified"}` +
    `, sandbox delivery ${delivered ? `answered ${delivered.status}` : "got no 2xx"}; ${Date.now() - started} ms in all`;
  console.log(`  ${ok ? green("✓ paid") : red("✗ not paid")}: ${summary}`);
  return ok;
}

let exitCode = 0;
try {
  console.log(bold("vesicash-edge demo") + dim(" (local Vesicash sandbox + demo Worker in workerd)"));
  sandbox = await startSandbox({ args: ["--phone-delay-ms", String(PHONE_DELAY_MS), "--expiry-ms", String(EXPIRY_MS)] });
  console.log(`  sandbox  ${sandbox.url}  ${dim(`phone answers after ${PHONE_DELAY_MS} ms`)}`);
  persistTo = mkdtempSync(join(tmpdir(), "vesicash-demo-d1-"));
  await applyD1Migrations(WORKER_CONFIG, { database: DATABASE, persistTo });
  console.log(`  d1       ${DATABASE}  ${dim(`migrations applied, local, in ${persistTo} (deleted on exit)`)}`);
  worker = await startWrangler(WORKER_CONFIG, { vars: sandboxVars(sandbox), persistTo });
  console.log(`  worker   ${worker.url}  ${dim("examples/worker via wrangler dev")}`);

  const ok = await runPayment();
  if (once) {
    exitCode = ok ? 0 : 1;
  } else {
    console.log(`\n${bold("Checkout page:")} ${worker.url}/`);
    console.log(dim("Test numbers end in …1 approves, …2 declines, …3 never answers, …4 insufficient funds."));
    console.log(
      dim(
        `Every payment is stored in D1 (${persistTo}); look with: npx wrangler d1 execute ${DATABASE} --local --persist-to ${persistTo} --config examples/worker/wrangler.toml --command "SELECT * FROM payment_states". Ctrl-C stops (and deletes it).`,
      ),
    );
    setInterval(() => {}, 1 << 30); // keep running until a signal
    await new Promise(() => {});
  }
} catch (e) {
  console.error(red(`demo failed: ${e.message}`));
  if (worker) await new Promise((r) => setTimeout(r, 500)); // let wrangler flush the Worker's log
  const output = worker?.output().trim();
  if (output) console.error(dim(`--- wrangler output ---\n${output}`));
  exitCode = 1;
}
await stopAll();
process.exit(exitCode);
