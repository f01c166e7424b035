// `vesicash-edge/webhooks`' browser entry from the packed tarball, in real
// Chromium: every shared vector verifies (the wasm HMAC: a page has no
// node:crypto), and the page fetches the webhook-only module, never the whole one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "../../support/browser.mjs";

const PKG = fileURLToPath(new URL("./node_modules/vesicash-edge/", import.meta.url));
const VECTORS = fileURLToPath(new URL("../../vectors/", import.meta.url));
const TYPES = { ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".json": "application/json" };

const PAGE = `<!doctype html><meta charset="utf-8"><title>webhooks entry</title>
<script type="importmap">{ "imports": { "vesicash-edge/webhooks": "/pkg/entry/webhooks-browser.mjs" } }</script>
<script type="module">
  import * as hooks from "vesicash-edge/webhooks";
  import { runVectors } from "/vectors/runner.mjs";
  const doc = await (await fetch("/vectors/webhook.json")).json();
  window.result = { exports: Object.keys(hooks).sort(), report: runVectors(hooks, doc) };
</script>`;

function serve(requested) {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === "/") return res.writeHead(200, { "content-type": TYPES[".html"] }).end(PAGE);
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      requested.push(path);
      const [root, prefix] = path.startsWith("/pkg/") ? [PKG, /^\/pkg\//] : [VECTORS, /^\/vectors\//];
      const rel = normalize(path).replace(prefix, "");
      if (rel.startsWith("..") || !prefix.test(path)) return res.writeHead(404).end();
      const file = await readFile(join(root, rel));
      res.writeHead(200, { "content-type": TYPES[extname(rel)] ?? "application/octet-stream" }).end(file);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("browser webhooks entry: every vector in Chromium, over the webhook-only module", async (t) => {
  const requested = [];
  const server = await serve(requested);
  t.after(() => server.close());
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.result !== undefined || false, null, { timeout: 30_000 }).catch(() => {});
  const out = await page.evaluate(() => window.result);
  assert.deepEqual(problems, []);
  assert.ok(out, "the page's module did not finish");
  assert.deepEqual(out.exports, [
    "VesicashError",
    "WebhookVerificationError",
    "WebhookVerifier",
    "createNodeWebhookHandler",
    "createWebhookHandler",
    "signWebhook",
    "toNodeHandler",
    "verifyWebhook",
  ]);
  assert.deepEqual(
    out.report.cases.filter((c) => !c.pass).map((c) => [c.name, c.failures]),
    [],
  );
  assert.equal(out.report.final.ok, true);
  assert.deepEqual(out.report.hmac, ["wasm"], "a page has no synchronous node:crypto");
  assert.deepEqual(
    requested.filter((p) => p.endsWith(".wasm")),
    ["/pkg/dist/vesicash_edge_webhooks_bg.wasm"],
  );
  assert.ok(!requested.includes("/pkg/dist/vesicash_edge.js"), "the whole module's glue was fetched");
});
