// `npx vesicash-edge sandbox` from the installed tarball: the same sandbox as
// `node sandbox/server.mjs`, driven through a charge to `successful` and
// stopped here; its help; and no runtime entry of the package reaching it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Vesicash } from "vesicash-edge";

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = join(HERE, "node_modules/.bin/vesicash-edge");
const PKG = join(HERE, "node_modules/vesicash-edge");

/** Runs the installed bin to completion (bounded), as `npx vesicash-edge …` would. */
function run(args) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: HERE, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  return once(child, "exit").then(([code]) => {
    clearTimeout(timer);
    return { code, stdout, stderr };
  });
}

test("npx vesicash-edge sandbox: the ready line, a charge to successful, a clean stop", async (t) => {
  const child = spawn(process.execPath, [BIN, "sandbox", "--port", "0", "--phone-delay-ms", "50", "--webhook-secret", "whsec_cli_test"], {
    cwd: HERE,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit");
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  t.after(() => {
    process.off("exit", kill);
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  let out = "";
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line after 15 s; stderr:\n${stderr}`)), 15_000);
    child.stdout.on("data", (d) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      resolve(JSON.parse(out.slice(0, nl)));
    });
    exited.then(([code]) => reject(new Error(`exited (${code}) before ready; stderr:\n${stderr}`)));
  });
  // The same first line as node sandbox/server.mjs, flags applied.
  assert.deepEqual(Object.keys(ready).sort(), ["public_key", "ready", "secret_key", "url", "webhook_secret"]);
  assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(ready.webhook_secret, "whsec_cli_test");

  const vesicash = new Vesicash({ publicKey: ready.public_key, secretKey: ready.secret_key, baseUrl: ready.url });
  const payment = await vesicash.payments.charge({
    amount: "1.30",
    currency: "ZMW",
    country: "ZM",
    method: "mobilemoney",
    narration: "sandbox from npm",
    phone_number: "260970000001",
    webhook_url: "http://127.0.0.1:9/hooks",
    redirect_url: "http://127.0.0.1:9/done",
  });
  assert.equal(payment.status, "pending");
  const final = await vesicash.payments.waitForFinal(payment.reference, { timeoutMs: 20_000, intervalMs: 100 });
  assert.equal(final.status, "successful");

  child.kill("SIGTERM");
  const [code, signal] = await exited;
  assert.deepEqual([code, signal], [0, null], stderr);
});

test("vesicash-edge --help and sandbox --help: usage on stdout, exit 0; a bad flag or command: exit 2", async () => {
  const help = await run(["--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^usage: npx vesicash-edge <command>/);
  assert.match(help.stdout, /\n {2}check {2,}/);
  assert.match(help.stdout, /\n {2}sandbox {2,}/);

  const sandboxHelp = await run(["sandbox", "--help"]);
  assert.equal(sandboxHelp.code, 0, sandboxHelp.stderr);
  assert.match(sandboxHelp.stdout, /^usage: npx vesicash-edge sandbox \[--port 0\]/);

  const badFlag = await run(["sandbox", "--prot", "8080"]);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /unknown flag --prot\nusage: npx vesicash-edge sandbox/);

  const unknown = await run(["morSec_pasted_here"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command/);
  assert.ok(!unknown.stderr.includes("morSec_pasted_here"), "an argument is never echoed");
});

/** Every file an `exports` target of the package names, under every condition. */
function exportTargets(node) {
  if (typeof node === "string") return [node];
  return Object.values(node ?? {}).flatMap(exportTargets);
}

test("no runtime entry of the package imports the sandbox: only bin/ does", async () => {
  const pkg = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
  const entries = [...new Set(exportTargets(pkg.exports).filter((f) => /\.(c|m)?js$/.test(f)))];
  assert.ok(entries.length >= 3, `entries: ${entries}`);
  const reached = new Set();
  for (const entry of entries) {
    const result = await build({
      entryPoints: [join(PKG, entry)],
      bundle: true,
      write: false,
      metafile: true,
      platform: "neutral",
      logLevel: "silent",
      external: ["node:*", "*.wasm", "*.wasm?module"],
    });
    const inputs = Object.keys(result.metafile.inputs);
    for (const f of inputs) reached.add(f.slice(f.indexOf("vesicash-edge/") + "vesicash-edge/".length));
    assert.deepEqual(
      inputs.filter((f) => f.includes("/sandbox/") || f.includes("/bin/")),
      [],
      `${entry} reaches the sandbox or the CLI`,
    );
    // dist/node.cjs is a bundle already: look into its text too (createSandbox is the sandbox's).
    assert.ok(!result.outputFiles[0].text.includes("createSandbox"), `${entry} holds the sandbox`);
  }
  assert.ok(reached.has("src/index.js") && reached.has("src/handler.js"), `the entries reached: ${[...reached]}`);
  // The CLI does reach it, so the check above is not vacuous.
  const cli = readFileSync(join(PKG, "bin/vesicash-edge.mjs"), "utf8");
  assert.match(cli, /import\("\.\.\/sandbox\/server\.mjs"\)/);
});
