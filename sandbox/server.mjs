#!/usr/bin/env node
// Entry point: parses flags, listens, prints one JSON "ready" line on stdout (tests wait for
// it), logs to stderr, and shuts down cleanly on SIGTERM/SIGINT.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createSandbox } from "./app.mjs";
import { checkWebhookOptions } from "./webhooks.mjs";

/** Flag defaults; the keys are test keys, printed in the ready line on purpose. */
export const DEFAULTS = Object.freeze({
  port: 0,
  host: "127.0.0.1",
  publicKey: "morPub_test_sandbox",
  secretKey: "morSec_test_sandbox",
  webhookSecret: "whsec_test_sandbox",
  phoneDelayMs: 300,
  expiryMs: 5000,
  seed: 1,
  verbose: false,
  exitWithParent: false,
  webhookLoss: null,
});
const FLAGS = {
  "--port": ["port", "int"],
  "--host": ["host", "string"],
  "--public-key": ["publicKey", "string"],
  "--secret-key": ["secretKey", "string"],
  "--webhook-secret": ["webhookSecret", "string"],
  "--phone-delay-ms": ["phoneDelayMs", "int"],
  "--expiry-ms": ["expiryMs", "int"],
  "--seed": ["seed", "int"],
  "--verbose": ["verbose", "bool"],
  "--exit-with-parent": ["exitWithParent", "bool"], // exit when stdin closes: no orphan if the parent is killed
  // Lossy webhook delivery from the start: a JSON object of webhook options, e.g.
  // '{"drop_rate":0.5,"duplicate_rate":0.2,"late_rate":0.2,"late_ms":800,"seed":7}'.
  "--webhook-loss": ["webhookLoss", "json"],
};
// A sandbox serves this machine only.
const LOOPBACK_HOSTS = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|::1)$/;
const OPTIONS = `[--port 0] [--host 127.0.0.1] [--public-key K] [--secret-key K]
  [--webhook-secret S] [--phone-delay-ms 300] [--expiry-ms 5000] [--seed 1] [--verbose] [--exit-with-parent]
  [--webhook-loss '{"drop_rate":0.5,"duplicate_rate":0.2,"late_rate":0.2,"late_ms":800,"seed":7}']`;
/** The usage line under the name the sandbox was started by (`node sandbox/server.mjs`, `npx vesicash-edge sandbox`). */
export const usage = (command = "node sandbox/server.mjs") => `usage: ${command} ${OPTIONS}`;
const USAGE = usage();

/** Parses CLI arguments into a config; throws an Error with a usage message on a bad flag. */
export function parseArgs(argv) {
  const config = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const spec = FLAGS[flag];
    if (!spec) throw new Error(`unknown flag ${flag}\n${USAGE}`);
    const [key, type] = spec;
    if (type === "bool") {
      config[key] = inline === undefined ? true : inline !== "false";
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`flag ${flag} needs a value\n${USAGE}`);
    if (type === "json") {
      let parsed;
      try {
        parsed = JSON.parse(value);
      } catch (e) {
        throw new Error(`flag ${flag} needs a JSON object of webhook options: ${e.message}`);
      }
      const err = checkWebhookOptions(parsed);
      if (err) throw new Error(`flag ${flag}: ${err}`);
      config[key] = parsed;
    } else if (type === "int") {
      if (!/^[0-9]+$/.test(value)) throw new Error(`flag ${flag} needs a non-negative integer, got ${JSON.stringify(value)}`);
      config[key] = Number(value);
    } else {
      if (value === "") throw new Error(`flag ${flag} needs a non-empty value`);
      config[key] = value;
    }
  }
  if (config.port > 65535) throw new Error("--port must be at most 65535");
  if (!LOOPBACK_HOSTS.test(config.host)) throw new Error(`--host must be a loopback address (127.0.0.1, localhost, ::1), got ${config.host}`);
  return config;
}

/**
 * Runs the sandbox as a program: `node sandbox/server.mjs …`, and the package's
 * `npx vesicash-edge sandbox …` (which passes its own argv and command name).
 */
export function main(argv = process.argv.slice(2), command = undefined) {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${usage(command)}\n`);
    return;
  }
  let config;
  try {
    config = parseArgs(argv);
  } catch (e) {
    const message = command === undefined ? e.message : e.message.replace(USAGE, usage(command));
    console.error(`vesicash sandbox: ${message}`);
    process.exit(2);
  }
  const sandbox = createSandbox(config);
  sandbox.server.on("error", (e) => {
    console.error(`vesicash sandbox: cannot listen on ${config.host}:${config.port}: ${e.message}`);
    process.exit(1);
  });
  sandbox.server.listen(config.port, config.host, () => {
    const { port } = sandbox.server.address();
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    process.stdout.write(
      `${JSON.stringify({ ready: true, url, public_key: config.publicKey, secret_key: config.secretKey, webhook_secret: config.webhookSecret })}\n`,
    );
    console.error(`vesicash sandbox listening on ${url} (phone delay ${config.phoneDelayMs} ms, expiry ${config.expiryMs} ms)`);
  });

  let stopping = false;
  const stop = (why) => {
    if (stopping) return;
    stopping = true;
    console.error(`vesicash sandbox: ${why}, shutting down`);
    process.stdin.destroy();
    // close() cancels every timer, so the loop drains and the process exits by itself;
    // the unref'd fallback only fires if something unexpected keeps it alive.
    setTimeout(() => process.exit(0), 2000).unref();
    sandbox.close().then(() => {
      process.exitCode = 0;
    });
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  if (config.exitWithParent) {
    process.stdin.on("end", () => stop("parent gone (stdin closed)"));
    process.stdin.on("error", () => stop("parent gone (stdin error)"));
    process.stdin.resume();
  }
}

// Run only as a program, so tests can import parseArgs without starting a server.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) main();
