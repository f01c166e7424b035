#!/usr/bin/env node
// The package's command line: `npx vesicash-edge check [options]` and
// `npx vesicash-edge sandbox [options]`. The sandbox is imported here only, on
// demand: no runtime entry of the package reaches it.
import { check, EXIT, usage } from "../src/check/main.mjs";

const COMMANDS = `commands:
  check      confirm the package's assumptions about Vesicash's API with your test keys
  sandbox    start a local Vesicash (with a simulated phone) on 127.0.0.1; --help for its flags`;

const [command, ...argv] = process.argv.slice(2);
const io = { argv, env: process.env, out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
if (command === "check") {
  process.exitCode = await check(io);
} else if (command === "sandbox") {
  const { main } = await import("../sandbox/server.mjs");
  main(argv, "npx vesicash-edge sandbox");
} else if (command === undefined || command === "help" || command === "--help" || command === "-h") {
  process.stdout.write(`usage: npx vesicash-edge <command> [options]\n${COMMANDS}\n\n${usage()}\n`);
  process.exitCode = EXIT.ok;
} else {
  // Not echoed: an argument may be anything, a key pasted in the wrong place included.
  process.stderr.write(`unknown command (the commands are \`check\` and \`sandbox\`)\n${COMMANDS}\n`);
  process.exitCode = EXIT.refused;
}
