// The packed package published to a local registry (scripts/registry.mjs) and
// installed from it into a project per platform, each taking a full payment
// from the sandbox with a verified webhook (support.mjs: takePayment):
// Next.js 16 (Turbopack and webpack, each with the Node and the edge runtime),
// Deno by `npm:`, Bun, Hono on workerd, Express on Node (and `require` beside it).
// Each server listens for unhandled rejections and prints a marker the test fails on.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../sandbox/spawn.mjs";
import { PACKAGE_VERSION, startRegistry } from "../../scripts/registry.mjs";
import { startWrangler } from "../support/processes.mjs";
import { freePort, runCommand, startServer, takePayment, unhandled } from "./support.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const HERE = fileURLToPath(new URL("./", import.meta.url));
const BIN = join(ROOT, "node_modules/.bin");
const TARBALL = join(ROOT, "target/pack", readdirSync(join(ROOT, "target/pack")).find((f) => f.endsWith(".tgz")) ?? "missing.tgz");
const INSTALLED = ["next", "bun", "express", "hono-workerd"];
const QUIET = { NEXT_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

let registry;
before(async () => {
  registry = await startRegistry();
  await registry.publish(TARBALL);
  for (const dir of INSTALLED) {
    rmSync(join(HERE, dir, "node_modules"), { recursive: true, force: true });
    await registry.install(join(HERE, dir), [`vesicash-edge@${PACKAGE_VERSION}`]);
  }
});
after(() => registry?.stop());

async function withSandbox(t) {
  const sandbox = await startSandbox({ args: ["--phone-delay-ms", "50"] });
  t.after(() => sandbox.stop());
  return sandbox;
}

function assertClean(output, label) {
  assert.deepEqual(unhandled(output), [], `${label}: unhandled rejection\n${output}`);
  assert.doesNotMatch(output, /instantiateStreaming|top-level await/i, `${label}\n${output}`);
}

/** What the build shows of the entry each route got (docs/architecture.md). */
function checkNextEntries(dir, bundler) {
  const server = join(dir, ".next/server");
  const manifest = JSON.parse(readFileSync(join(server, "middleware-manifest.json"), "utf8"));
  const edge = manifest.functions["/edge/[action]/route"];
  const files = readdirSync(server, { recursive: true }).map(String);
  if (bundler === "webpack") {
    // edge-light: the ?module import, bound to the function by name; node + webpack: the inlined bytes.
    assert.equal(edge.wasm.length, 1, JSON.stringify(edge));
    assert.match(readFileSync(join(server, "app/node/[action]/route.js"), "utf8"), /AGFzbQ/, "the Node route holds the inlined wasm");
  } else {
    // edge-light: Turbopack's ?module chunk; node: the file node.mjs reads, emitted beside the server chunks.
    assert.ok(
      files.some((f) => f.startsWith("edge/chunks/") && f.endsWith(".wasm")),
      files.join("\n"),
    );
    assert.ok(
      files.some((f) => /^assets\/vesicash_edge_bg\..*\.wasm$/.test(f)),
      files.join("\n"),
    );
  }
}

for (const bundler of ["turbopack", "webpack"]) {
  test(`Next.js ${bundler}: route handlers on the Node and the edge runtime, next build then next start`, { timeout: 600_000 }, async (t) => {
    const dir = join(HERE, "next");
    rmSync(join(dir, ".next"), { recursive: true, force: true });
    const build = await runCommand(join(BIN, "next"), ["build", ...(bundler === "webpack" ? ["--webpack"] : [])], { cwd: dir, env: QUIET });
    assertClean(build, `next build (${bundler})`);
    checkNextEntries(dir, bundler);
    const sandbox = await withSandbox(t);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(join(BIN, "next"), ["start", "-H", "127.0.0.1", "-p", String(port)], {
      cwd: dir,
      env: { ...QUIET, VESICASH_WEBHOOK_SECRET: sandbox.webhookSecret },
      readyUrl: `${base}/node/health`,
    });
    t.after(() => server.stop());
    for (const runtime of ["node", "edge"]) await takePayment(`${base}/${runtime}`, sandbox, `next-${bundler}-${runtime}`);
    assertClean(server.output(), `next start (${bundler})`);
  });
}

test("Deno: npm:vesicash-edge from the registry, no package.json, no --allow-read", { timeout: 300_000 }, async (t) => {
  const sandbox = await withSandbox(t);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(
    join(BIN, "deno"),
    // --minimum-dependency-age=0: Deno holds back versions published in the last
    // 24 hours by default, and this one was published a moment ago.
    [
      "run",
      "--no-config",
      "--node-modules-dir=none",
      "--minimum-dependency-age=0",
      "--allow-net=127.0.0.1",
      "--allow-env=VESICASH_WEBHOOK_SECRET",
      "main.mjs",
      String(port),
    ],
    {
      cwd: join(HERE, "deno"),
      env: {
        NPM_CONFIG_REGISTRY: registry.url,
        DENO_DIR: join(registry.dir, "deno"),
        DENO_NO_UPDATE_CHECK: "1",
        VESICASH_WEBHOOK_SECRET: sandbox.webhookSecret,
      },
      readyUrl: `${base}/health`,
      timeoutMs: 120_000,
    },
  );
  t.after(() => server.stop());
  await takePayment(base, sandbox, "deno");
  assertClean(server.output(), "deno");
});

test("Bun: Bun.serve with the bun entry", { timeout: 120_000 }, async (t) => {
  const sandbox = await withSandbox(t);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(join(BIN, "bun"), ["server.mjs", String(port)], {
    cwd: join(HERE, "bun"),
    env: { VESICASH_WEBHOOK_SECRET: sandbox.webhookSecret },
    readyUrl: `${base}/health`,
  });
  t.after(() => server.stop());
  assert.match(await (await fetch(`${base}/entry`)).text(), /vesicash-edge\/entry\/bun\.mjs$/);
  await takePayment(base, sandbox, "bun");
  assertClean(server.output(), "bun");
});

test("Bun: bun build --compile embeds the wasm; the executable runs with no node_modules", { timeout: 120_000 }, async (t) => {
  const out = mkdtempSync(join(tmpdir(), "vesicash-bun-"));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const exe = join(out, "app");
  await runCommand(join(BIN, "bun"), ["build", "--compile", "compiled.mjs", "--outfile", exe], { cwd: join(HERE, "bun") });
  assert.deepEqual(JSON.parse(await runCommand(exe, [], { cwd: out })), { outcome: "paid" });
});

test("Hono on workerd (wrangler dev) with the workerd entry", { timeout: 120_000 }, async (t) => {
  const sandbox = await withSandbox(t);
  const worker = await startWrangler(join(HERE, "hono-workerd/wrangler.toml"), { vars: { VESICASH_WEBHOOK_SECRET: sandbox.webhookSecret } });
  t.after(() => worker.stop());
  await takePayment(worker.url, sandbox, "hono-workerd");
  assertClean(worker.output(), "wrangler");
  assert.doesNotMatch(worker.output(), /Uncaught/, worker.output());
});

test("Express on Node (express.raw + toNodeHandler(createWebhookHandler)), and require() from the same install", { timeout: 120_000 }, async (t) => {
  const sandbox = await withSandbox(t);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const cwd = join(HERE, "express");
  const server = await startServer(process.execPath, ["server.mjs", String(port)], {
    cwd,
    env: { VESICASH_WEBHOOK_SECRET: sandbox.webhookSecret },
    readyUrl: `${base}/health`,
  });
  t.after(() => server.stop());
  assert.match(await (await fetch(`${base}/entry`)).text(), /vesicash-edge\/entry\/node\.mjs$/);
  await takePayment(base, sandbox, "express", { handlerEvents: async () => (await fetch(`${base}/events`)).json() });
  assertClean(server.output(), "express");
  const cjs = JSON.parse(await runCommand(process.execPath, ["require.cjs"], { cwd }));
  assert.match(cjs.entry, /vesicash-edge\/dist\/node\.cjs$/);
  assert.equal(cjs.outcome, "paid");
});
