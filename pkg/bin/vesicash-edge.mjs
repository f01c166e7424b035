#!/usr/bin/env node
// The package's command line: `npx vesicash-edge check [options]`.
import { check, EXIT, usage } from "../src/check/main.mjs";

const [command, ...argv] = process.argv.slice(2);
const io = { argv, env: process.env, out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
if (command === "check") {
  process.exitCode = await check(io);
} else {
  // Not echoed: an argument may be anything, a key pasted in the wrong place included.
  process.stderr.write(`${command === undefined ? "" : "unknown command (the only one is `check`)\n"}${usage()}\n`);
  process.exitCode = command === undefined || command === "help" || command === "--help" ? EXIT.ok : EXIT.refused;
}
