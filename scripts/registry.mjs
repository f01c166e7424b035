// A local npm registry for the platform tests: verdaccio (a devDependency) on
// 127.0.0.1, offline (no uplinks: it serves only what is published to it),
// with its storage in a temporary directory under target/. The packed tarball
// is published to it and consumers install from it, so what is tested is what
// `npm install` and Deno's `npm:` specifier get.
//
// As a module: startRegistry() → { url, npmrc, publish(tarball), install(dir, specs), env, stop() }.
// As a script: node scripts/registry.mjs TARBALL DIR… publishes, installs
//   vesicash-edge into each DIR, and stops the registry.
import { spawn, execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const VERDACCIO = join(ROOT, "node_modules/.bin/verdaccio");
const START_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Anyone on loopback may read; the one user startRegistry creates publishes.
// No uplinks: nothing is proxied anywhere, so only the tarball is served.
const config = (dir) => `storage: ${join(dir, "storage")}
auth:
  htpasswd:
    file: ${join(dir, "htpasswd")}
uplinks: {}
packages:
  "**":
    access: $all
    publish: $authenticated
web:
  enable: false
log: { type: stdout, format: pretty, level: warn }
`;

/** Starts verdaccio; resolves once it answers. Always stop() it. */
export async function startRegistry({ parent = join(ROOT, "target") } = {}) {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(join(parent, "registry-"));
  writeFileSync(join(dir, "config.yaml"), config(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const child = spawn(process.execPath, [VERDACCIO, "--config", join(dir, "config.yaml"), "--listen", `127.0.0.1:${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const kill = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* gone */
    }
  };
  process.on("exit", kill);
  let stopped;
  const stop = () =>
    (stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(-child.pid, "SIGTERM");
        const timer = setTimeout(kill, 3000);
        await exited;
        clearTimeout(timer);
      }
      process.off("exit", kill);
      rmSync(dir, { recursive: true, force: true });
    })());

  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode})`);
      const up = await fetch(`${url}-/ping`, { signal: AbortSignal.timeout(1000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`verdaccio did not answer within ${START_TIMEOUT_MS} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // A user for publishing (verdaccio's htpasswd: the first PUT creates it).
    const res = await fetch(`${url}-/user/org.couchdb.user:ci`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "ci", password: "ci-password-local-only", email: "ci@localhost" }),
    });
    const { token } = await res.json();
    if (!token) throw new Error(`verdaccio gave no token (${res.status})`);
    // Its own npmrc and cache: nothing cached by an earlier run (same version,
    // other bytes) can be served, and the user's npm settings play no part.
    const npmrc = join(dir, "npmrc");
    writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\naudit=false\nfund=false\nupdate-notifier=false\n`);
    const env = { ...process.env, npm_config_userconfig: npmrc, npm_config_cache: join(dir, "npm-cache"), npm_config_registry: url };
    const npm = (args, cwd) => run("npm", args, { cwd, env, maxBuffer: 16 << 20 });
    return {
      url,
      dir,
      npmrc,
      /** Environment for tools that read the npm registry settings (npm, Deno). */
      env,
      output: () => output,
      /** npm publish TARBALL to this registry. */
      publish: (tarball) => npm(["publish", "--loglevel=error", tarball], ROOT),
      /** npm install SPECS into DIR from this registry, as a user would (no lockfile kept). */
      install: (cwd, specs) => npm(["install", "--no-save", "--no-package-lock", "--loglevel=error", ...specs], cwd),
      stop,
    };
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- verdaccio output ---\n${output}`);
  }
}

/** The version of the package being tested. */
export const PACKAGE_VERSION = JSON.parse(readFileSync(join(ROOT, "pkg/package.json"), "utf8")).version;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [tarball, ...dirs] = process.argv.slice(2);
  if (!tarball) {
    console.error("usage: node scripts/registry.mjs TARBALL [DIR…]");
    process.exit(2);
  }
  const registry = await startRegistry();
  try {
    await registry.publish(tarball);
    for (const dir of dirs) {
      rmSync(join(dir, "node_modules/vesicash-edge"), { recursive: true, force: true });
      await registry.install(dir, [`vesicash-edge@${PACKAGE_VERSION}`]);
      console.log(`installed vesicash-edge@${PACKAGE_VERSION} into ${dir} from ${registry.url}`);
    }
  } finally {
    await registry.stop();
  }
}
