// Test helper: runs the sandbox as a child process and wraps its control API.
// The child is always cleaned up: stop() is idempotent, the parent's 'exit' kills it, and
// --exit-with-parent makes it exit by itself if the parent dies without running handlers.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("./server.mjs", import.meta.url));
const KILL_AFTER_MS = 2000;

/**
 * Starts a sandbox child (`node sandbox/server.mjs --port 0 ...args`) and resolves once it
 * prints its ready line. options: { args: string[], timeoutMs: 10000 }.
 */
export async function startSandbox(options = {}) {
  const { args = [], timeoutMs = 10_000 } = options;
  const child = spawn(process.execPath, [SERVER, "--port", "0", "--exit-with-parent", ...args], { stdio: ["pipe", "pipe", "pipe"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

  let ready;
  try {
    ready = await new Promise((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`sandbox not ready after ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", function onData(d) {
        out += d;
        const nl = out.indexOf("\n");
        if (nl < 0) return;
        clearTimeout(timer);
        child.stdout.off("data", onData);
        try {
          resolve(JSON.parse(out.slice(0, nl)));
        } catch {
          reject(new Error(`sandbox printed an unexpected first line: ${out.slice(0, nl)}`));
        }
      });
      child.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      exited.then(({ code, signal }) => {
        clearTimeout(timer);
        // Let stderr drain before reporting it.
        setImmediate(() => reject(new Error(`sandbox exited before ready (code ${code}, signal ${signal}); stderr:\n${stderr}`)));
      });
    });
  } catch (e) {
    child.kill("SIGKILL");
    process.off("exit", killOnExit);
    throw e;
  }
  child.stdout.resume(); // keep draining so a chatty child never blocks

  // A forgotten stop() must not keep the test process alive; 'exit' still kills the child.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) s.unref?.();

  const { url } = ready;
  async function call(method, path, body) {
    const res = await fetch(url + path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status === 404 && method === "GET" && path.startsWith("/_sandbox/payments/")) return null;
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${json.message}`);
    return json.data;
  }

  let stopping;
  return {
    url,
    publicKey: ready.public_key,
    secretKey: ready.secret_key,
    webhookSecret: ready.webhook_secret,
    process: child,
    /** Every API request received, in order. */
    requests: () => call("GET", "/_sandbox/requests"),
    /** The webhook delivery log (one entry per attempt). */
    webhooks: () => call("GET", "/_sandbox/webhooks"),
    /** Internal view of a payment, or null if unknown. */
    payment: (ref) => call("GET", `/_sandbox/payments/${encodeURIComponent(ref)}`),
    /** Internal view of every payment, oldest first. */
    payments: () => call("GET", "/_sandbox/payments"),
    /** Clears requests, webhooks, faults, payments, webhook options; restores the initial webhook secret. */
    reset: () => call("POST", "/_sandbox/reset", {}),
    /** Sets the fault config ({} turns faults off). */
    setFaults: (obj) => call("POST", "/_sandbox/faults", obj),
    /** Sets webhook delivery options. */
    setWebhookOptions: (obj) => call("POST", "/_sandbox/webhook-options", obj),
    /** The lossy delivery record: { options, counts: { events, dropped, duplicated, late, reordered, delivered }, events }. */
    webhookRecord: () => call("GET", "/_sandbox/webhook-record"),
    /** Holds the simulated phone (true) or releases it (false): held, no prompt is answered until released. */
    holdPhone: (hold) => call("POST", "/_sandbox/phone", { hold }),
    /** Answers a payment's prompt by hand: approve | decline | insufficient_funds | expire. */
    answer: (ref, outcome) => call("POST", `/_sandbox/payments/${encodeURIComponent(ref)}/answer`, { outcome }),
    /** Polls predicate() (may be async) until it returns a truthy value, which it resolves with; rejects after timeoutMs. */
    async waitFor(predicate, { timeoutMs = 5000, intervalMs = 20 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await predicate();
        if (value) return value;
        if (Date.now() >= deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
    /** SIGTERM, then SIGKILL after 2 s; resolves once the child has exited. Idempotent. */
    stop() {
      stopping ??= (async () => {
        child.ref(); // keep this process alive until the child is really gone
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          const timer = setTimeout(() => child.kill("SIGKILL"), KILL_AFTER_MS);
          await exited;
          clearTimeout(timer);
        }
        process.off("exit", killOnExit);
      })();
      return stopping;
    },
  };
}
