// `vesicash-edge/webhooks`' browser entry from the packed tarball, in real
// Chromium: every shared vector verifies (the wasm HMAC: a page has no
// node:crypto), and the page fetches the webhook-only module, never the whole one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { pageResult, servePage } from "../../support/browser.mjs";
import { checkVectorReport, checkWebhooksExports } from "../../support/webhooks-entry-checks.mjs";

const PKG = fileURLToPath(new URL("./node_modules/vesicash-edge/", import.meta.url));
const VECTORS = fileURLToPath(new URL("../../vectors/", import.meta.url));

const PAGE = `<!doctype html><meta charset="utf-8"><title>webhooks entry</title>
<script type="importmap">{ "imports": { "vesicash-edge/webhooks": "/pkg/entry/webhooks-browser.mjs" } }</script>
<script type="module">
  import * as hooks from "vesicash-edge/webhooks";
  import { runVectors } from "/vectors/runner.mjs";
  const doc = await (await fetch("/vectors/webhook.json")).json();
  window.result = { exports: Object.keys(hooks), report: runVectors(hooks, doc) };
</script>`;

test("browser webhooks entry: every vector in Chromium, over the webhook-only module", async (t) => {
  const requested = [];
  const server = await servePage(PAGE, { "/pkg/": PKG, "/vectors/": VECTORS }, requested);
  t.after(() => server.close());
  const { out, problems } = await pageResult(t, server);
  assert.deepEqual(problems, []);
  assert.ok(out, "the page's module did not finish");
  checkWebhooksExports(out.exports);
  // A page has no synchronous node:crypto: the wasm HMAC only.
  checkVectorReport(out.report, JSON.parse(await readFile(join(VECTORS, "webhook.json"), "utf8")), ["wasm"]);
  assert.deepEqual(
    requested.filter((p) => p.endsWith(".wasm")),
    ["/pkg/dist/vesicash_edge_webhooks_bg.wasm"],
  );
  assert.ok(!requested.includes("/pkg/dist/vesicash_edge.js"), "the whole module's glue was fetched");
});
