// Shared by the platform tests: a server process started and always stopped,
// and the payment every platform must take (tests/platforms/shop/app.mjs on
// the other side), checked against what the sandbox recorded.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { freePort, waitForHttp } from "../support/processes.mjs";

export { freePort };

const live = new Set();
process.on("exit", () => {
  for (const child of live) killGroup(child, "SIGKILL");
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/**
 * Runs `command args` in its own process group and resolves once `readyUrl`
 * answers (bounded by `timeoutMs`); `{ stop, output }`. stop() ends the group.
 */
export async function startServer(command, args, { cwd, env = {}, readyUrl, timeoutMs = 60_000 }) {
  const child = spawn(command, args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  live.add(child);
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const stop = async () => {
    if (!live.delete(child)) return;
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      killGroup(child, "SIGTERM");
      const timer = setTimeout(() => killGroup(child, "SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    }
    killGroup(child, "SIGKILL"); // stragglers in the group
  };
  try {
    await waitForHttp(readyUrl, { timeoutMs, child });
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- ${command} output ---\n${output}`);
  }
  return { stop, output: () => output, child };
}

/** Runs a command to completion (bounded); resolves to its output, rejects with it. */
export function runCommand(command, args, { cwd, env = {}, timeoutMs = 300_000 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    live.add(child);
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => killGroup(child, "SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`})\n${output}`));
    });
  });
}

/** The lines a server printed that say a promise was left unhandled. */
export function unhandled(output) {
  return output.split("\n").filter((l) => /UNHANDLED_REJECTION|unhandledRejection|Unhandled(Promise)?Rejection|Uncaught \(in promise\)/i.test(l));
}

/**
 * One full payment through the shop at `base` (`checkout` and `webhooks`
 * paths under it): charged to `successful` from the sandbox, the sandbox's
 * signed webhook accepted (2xx) on its first delivery, a tampered copy refused
 * with 400, the genuine copy accepted again and read back verified.
 */
export async function takePayment(base, sandbox, label, { handlerEvents } = {}) {
  const reference = `order-${label}-${randomBytes(6).toString("hex")}`;
  const webhookUrl = `${base}/webhooks`;
  const res = await fetch(`${base}/checkout`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      baseUrl: sandbox.url,
      publicKey: sandbox.publicKey,
      secretKey: sandbox.secretKey,
      reference,
      webhookUrl,
      phone: "260970000001",
    }),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  assert.equal(res.status, 200, `${label} checkout: ${text}`);
  assert.deepEqual(JSON.parse(text), { reference, status: "successful", outcome: "paid" }, label);

  const forThis = (w) => JSON.parse(w.body).data?.reference === reference;
  const delivered = await sandbox.waitFor(async () => (await sandbox.webhooks()).filter(forThis).find((w) => w.status !== null || w.error), {
    timeoutMs: 30_000,
  });
  assert.equal(delivered.status, 200, `${label}: the first webhook delivery was answered ${delivered.status} (${delivered.error})`);
  assert.equal(delivered.attempt, 1);

  const send = (body, headers) => fetch(webhookUrl, { method: "POST", headers, body, signal: AbortSignal.timeout(30_000) });
  const tampered = await send(delivered.body.replace(reference, `${reference}x`), delivered.headers);
  assert.equal(tampered.status, 400, `${label}: a tampered delivery must be refused: ${await tampered.text()}`);
  const again = await send(delivered.body, delivered.headers);
  const verified = await again.json();
  assert.equal(again.status, 200, JSON.stringify(verified));
  if (handlerEvents === undefined) {
    assert.deepEqual(verified, { verified: true, event: delivered.event, reference }, label);
    return { reference };
  }
  // The package's webhook handler: its documented answer, and onEvent given the verified
  // event twice (the delivery and the copy sent again), under one delivery key; the tampered one never.
  assert.deepEqual(verified, { received: true }, label);
  const seen = (await handlerEvents()).filter((e) => e.reference === reference || e.reference === `${reference}x`);
  assert.equal(seen.length, 2, `${label}: onEvent saw ${JSON.stringify(seen)}`);
  for (const e of seen) assert.deepEqual({ event: e.event, reference: e.reference }, { event: delivered.event, reference }, label);
  assert.match(seen[0].key, /^[0-9a-f]{64}$/);
  assert.equal(seen[1].key, seen[0].key, `${label}: a redelivery has the same key`);
  return { reference };
}
