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

/** Resolves once `port` on 127.0.0.1 can be bound again (bounded: rejects after `timeoutMs`). */
export async function waitForPortFree(port, { timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const free = await new Promise((resolve) => {
      const s = createServer();
      s.once("error", () => resolve(false));
      s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
    });
    if (free) return;
    if (Date.now() > deadline) throw new Error(`port ${port} is still in use after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
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

const WRANGLER = `${ROOT}node_modules/.bin/wrangler`;
/** Keeps wrangler and miniflare local and quiet, and never interactive. */
const WRANGLER_ENV = { WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" };

/** Start attempts when the ports are ours to choose: another process may take a free port before wrangler binds it. */
const WRANGLER_START_TRIES = 3;

/**
 * Runs `wrangler dev` (real workerd) for the project at `configPath`, on
 * 127.0.0.1 with free ports; resolves to `{ url, port, stop, output }` once it answers.
 * Options: `vars` (--var NAME:value), `persistTo` (--persist-to DIR: where the
 * local D1/KV state lives; pass the same dir to applyD1Migrations and d1Execute),
 * `port` (a fixed port, e.g. the one a stopped run used, so URLs handed out
 * before a restart still reach the Worker), `env` (extra environment variables),
 * `args` (more `wrangler dev` flags, e.g. `--test-scheduled`),
 * `timeoutMs` (bound on each start).
 *
 * A port picked free may be taken by another process before wrangler binds it
 * (other test runs share the machine). The Worker counts as up only once this
 * wrangler says it is ready on that very address (so another server answering
 * there is never mistaken for it); when the address was taken, it is started
 * again on fresh ports, at most WRANGLER_START_TRIES times. A fixed `port` is
 * waited for, never changed.
 */
export async function startWrangler(configPath, options = {}) {
  const fixed = options.port !== undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startWranglerOnce(configPath, options.port ?? (await freePort()), options);
    } catch (e) {
      if (fixed || !e.portTaken || attempt >= WRANGLER_START_TRIES) throw e;
    }
  }
}

async function startWranglerOnce(configPath, port, { vars = {}, persistTo, port: fixedPort, env = {}, args: extra = [], timeoutMs = 60_000 }) {
  if (fixedPort) await waitForPortFree(port); // e.g. a Worker just stopped on it
  const inspector = await freePort();
  const args = [
    "dev",
    "--config",
    configPath,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--inspector-port",
    String(inspector),
    "--show-interactive-dev-session=false",
    // info, not warn: the "Ready on" line says this wrangler holds the address.
    "--log-level",
    "info",
  ];
  if (persistTo) args.push("--persist-to", persistTo);
  args.push(...extra);
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(WRANGLER, args, {
    cwd: ROOT,
    detached: true, // own process group, so stop() reaches workerd too
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...WRANGLER_ENV, ...env },
  });
  live.add(child);
  let output = "";
  const url = `http://127.0.0.1:${port}`;
  let onReady;
  const ready = new Promise((resolve) => (onReady = resolve));
  const taken = () => /address already in use|EADDRINUSE/i.test(output);
  const read = (d) => {
    output += d;
    if (output.includes(`Ready on ${url}`)) onReady(true);
    if (taken()) onReady(false);
  };
  child.stdout.on("data", read);
  child.stderr.on("data", read);
  child.once("exit", () => onReady(false));
  const stop = async () => {
    if (!live.delete(child)) return;
    killGroup(child, "SIGTERM");
    const exited = new Promise((r) => child.once("exit", r));
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3000);
    if (child.exitCode === null && child.signalCode === null) await exited;
    clearTimeout(timer);
    killGroup(child, "SIGKILL"); // stragglers in the group
  };
  let bound;
  const guard = setTimeout(() => onReady(false), timeoutMs);
  try {
    bound = await ready;
    if (!bound) throw new Error(`wrangler did not get ready on ${url}`);
    await waitForHttp(`${url}/health`, { timeoutMs, child });
  } catch (e) {
    await stop();
    const error = new Error(`${e.message}\n--- wrangler output ---\n${output}`);
    error.portTaken = taken();
    throw error;
  } finally {
    clearTimeout(guard);
  }
  return { url, port, stop, output: () => output };
}

/**
 * Runs one short wrangler command to completion (bounded: its process group is
 * killed after `timeoutMs`); resolves to its stdout, rejects with its output
 * when it fails.
 */
export function runWrangler(args, { env = {}, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(WRANGLER, args, {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...WRANGLER_ENV, ...env },
    });
    live.add(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(e);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      killGroup(child, "SIGKILL"); // nothing of it may outlive it
      if (code === 0) resolve(stdout);
      else reject(new Error(`wrangler ${args.slice(0, 3).join(" ")} failed (${signal ?? `exit ${code}`})\n${stdout}${stderr}`));
    });
  });
}

/** `wrangler d1 migrations apply DATABASE --local --persist-to DIR` for the project at `configPath`. */
export function applyD1Migrations(configPath, { database, persistTo, timeoutMs }) {
  return runWrangler(["d1", "migrations", "apply", database, "--local", "--persist-to", persistTo, "--config", configPath], { timeoutMs });
}

/**
 * `wrangler d1 execute DATABASE --local --persist-to DIR --command SQL --json`:
 * resolves to the rows of the statement, or, when `command` is an array of
 * statements (run in one wrangler process), to an array of their rows.
 */
export async function d1Execute(configPath, { database, persistTo, command, timeoutMs }) {
  const sql = Array.isArray(command) ? command.join(";\n") : command;
  const out = await runWrangler(
    ["d1", "execute", database, "--local", "--persist-to", persistTo, "--config", configPath, "--command", sql, "--json"],
    { timeoutMs },
  );
  const sets = JSON.parse(out).map((r) => r.results ?? []);
  return Array.isArray(command) ? sets : (sets.at(-1) ?? []);
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
