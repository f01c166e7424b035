// Runs `vesicash-edge check` as a merchant would, from a consumer project
// where the packed package is installed, and reads the table it prints.
import { spawn } from "node:child_process";
import http from "node:http";

/**
 * Runs `vesicash-edge check ...args` as installed in the consumer project
 * `project`: through `npx --no` (from `project`), or the bin by path, run in
 * `cwd`. Resolves { code, stdout, stderr }. Bounded: the child is killed
 * after `timeoutMs`.
 */
export function runCheck(project, args, env, { npx = false, cwd = project, timeoutMs = 60_000 } = {}) {
  const [cmd, argv] = npx
    ? ["npx", ["--no", "vesicash-edge", "check", ...args]]
    : [process.execPath, [`${project}/node_modules/.bin/vesicash-edge`, "check", ...args]];
  // Only what the command needs: PATH for npx, and the keys given.
  const childEnv = { PATH: process.env.PATH, HOME: process.env.HOME, ...env };
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `killed by ${signal}` : code, stdout, stderr });
    });
  });
}

/** The table's rows as { id: result text }, in order. */
export function rows(stdout) {
  const out = {};
  for (const line of stdout.split("\n")) {
    const m = /^\| ([a-z]+\.[a-z-]+) \| .* \| (.*) \|$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/**
 * A loopback proxy in front of `target` that lets `edit(path, status, json,
 * requestHeaders)` change an answer: it returns { status, json } or undefined
 * to pass the answer through.
 */
export async function startProxy(target, edit) {
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "content-length", "connection"].includes(k)));
      const upstream = await fetch(target + req.url, { method: req.method, headers, body });
      const text = await upstream.text();
      let json;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const changed = json === undefined ? undefined : edit(req.url, upstream.status, json, req.headers);
      res.writeHead(changed?.status ?? upstream.status, { "content-type": "application/json" });
      res.end(changed ? JSON.stringify(changed.json) : text);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
