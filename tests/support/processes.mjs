// Starting and stopping the real processes tests need (wrangler/workerd),
// bounded in time, and always stopped: on stop(), and on process exit.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const live = new Set();
process.on("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal); // the whole group: wrangler spawns workerd
  } catch {
    /* already gone */
  }
}

/** A free TCP port on 127.0.0.1 (bound and released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers (any HTTP status), at most `timeoutMs`. */
export async function waitForHttp(url, { timeoutMs = 30_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`process exited (${child.exitCode}) before ${url} answered`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Runs `wrangler dev` (real workerd) for the project at `configPath`, on
 * 127.0.0.1 with free ports; resolves to `{ url, stop, output }` once it answers.
 */
export async function startWrangler(configPath, { vars = {}, timeoutMs = 60_000 } = {}) {
  const [port, inspector] = [await freePort(), await freePort()];
  const args = ["dev", "--config", configPath, "--ip", "127.0.0.1", "--port", String(port),
    "--inspector-port", String(inspector), "--show-interactive-dev-session=false", "--log-level", "warn"];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(`${ROOT}node_modules/.bin/wrangler`, args, {
    cwd: ROOT,
    detached: true, // own process group, so stop() reaches workerd too
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" },
  });
  live.add(child);
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!live.delete(child)) return;
    killGroup(child, "SIGTERM");
    const exited = new Promise((r) => child.once("exit", r));
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3000);
    if (child.exitCode === null && child.signalCode === null) await exited;
    clearTimeout(timer);
    killGroup(child, "SIGKILL"); // stragglers in the group
  };
  try {
    await waitForHttp(`${url}/health`, { timeoutMs, child });
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- wrangler output ---\n${output}`);
  }
  return { url, stop, output: () => output };
}

/** The Worker vars that point an example Worker at a running sandbox. */
export function sandboxVars(sandbox) {
  return {
    VESICASH_BASE_URL: sandbox.url,
    VESICASH_PUBLIC_KEY: sandbox.publicKey,
    VESICASH_SECRET_KEY: sandbox.secretKey,
    VESICASH_WEBHOOK_SECRET: sandbox.webhookSecret,
  };
}
