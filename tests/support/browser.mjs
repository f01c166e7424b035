// Debian's chromium, driven by playwright-core: the flags that keep it
// headless, local and quiet on these machines (no background networking).
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** A headless browser with a fresh temporary profile (deleted on close). */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

const TYPES = {
  ".mjs": "text/javascript",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".html": "text/html",
  ".json": "application/json",
};

/**
 * Serves `page` (HTML) at `/` and, under each prefix of `roots` (`{"/pkg/": dir}`),
 * the files of its directory, on 127.0.0.1; nothing outside them. Every path
 * asked for under a root is pushed to `requested`. Resolves to the listening server.
 */
export function servePage(page, roots, requested = []) {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === "/") return res.writeHead(200, { "content-type": TYPES[".html"] }).end(page);
      const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const prefix = Object.keys(roots).find((p) => path.startsWith(p));
      if (prefix === undefined) return res.writeHead(404).end();
      requested.push(path);
      const rel = normalize(path.slice(prefix.length));
      if (rel.startsWith("..")) return res.writeHead(404).end();
      const file = await readFile(join(roots[prefix], rel));
      res.writeHead(200, { "content-type": TYPES[extname(rel)] ?? "application/octet-stream" }).end(file);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

/**
 * Opens `server`'s page in a fresh Chromium (closed after the test) and waits
 * for the page's module to set `window.result`; resolves to `{ out, problems }`
 * (`problems`: the page's uncaught errors).
 */
export async function pageResult(t, server, { timeoutMs = 30_000 } = {}) {
  const browser = await launchChromium();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForFunction(() => window.result !== undefined || false, null, { timeout: timeoutMs }).catch(() => {});
  return { out: await page.evaluate(() => window.result), problems };
}
