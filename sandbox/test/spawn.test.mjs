// The process: CLI flags, the ready line, startSandbox failures, clean and idempotent stop.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, test } from "node:test";
import { startSandbox } from "../spawn.mjs";

describe("sandbox simulator (tests the simulator, not the package): starting and stopping it", () => {
  const SERVER = fileURLToPath(new URL("../server.mjs", import.meta.url));

  test("flags set the keys; stop() is idempotent and the child exits cleanly on SIGTERM", async (t) => {
    const sb = await startSandbox({ args: ["--public-key", "morPub_test_X", "--secret-key=morSec_test_Y", "--webhook-secret", "whsec_Z"] });
    t.after(() => sb.stop());
    assert.equal(sb.publicKey, "morPub_test_X");
    assert.equal(sb.secretKey, "morSec_test_Y");
    assert.equal(sb.webhookSecret, "whsec_Z");
    const res = await fetch(`${sb.url}/v1/countries`, { headers: { "public-key": "morPub_test_X" } });
    assert.equal(res.status, 200);
    await Promise.all([sb.stop(), sb.stop()]);
    await sb.stop();
    assert.equal(sb.process.exitCode, 0);
    await assert.rejects(fetch(`${sb.url}/v1/countries`));
  });

  test("startSandbox rejects with the child stderr when it dies before ready", async () => {
    await assert.rejects(startSandbox({ args: ["--no-such-flag"] }), /exited before ready[\s\S]*unknown flag --no-such-flag/);
    await assert.rejects(startSandbox({ args: ["--host", "0.0.0.0"] }), /loopback/);
    await assert.rejects(startSandbox({ args: ["--phone-delay-ms", "soon"] }), /non-negative integer/);
  });

  test("the ready line is exactly one JSON line on stdout; logs go to stderr", async (t) => {
    const child = spawn(process.execPath, [SERVER, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    t.after(() => child.kill("SIGKILL"));
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    const deadline = Date.now() + 5000;
    while (!out.includes("\n") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const ready = JSON.parse(out);
    assert.deepEqual(Object.keys(ready), ["ready", "url", "public_key", "secret_key", "webhook_secret"]);
    assert.equal(ready.ready, true);
    const exit = new Promise((r) => child.once("exit", (code) => r(code)));
    child.kill("SIGINT");
    assert.equal(await exit, 0);
    assert.equal(out.trim().split("\n").length, 1);
    assert.match(err, /listening/);
  });

  test("the child exits by itself when its parent goes away (stdin closes)", async (t) => {
    const sb = await startSandbox();
    t.after(() => sb.stop());
    const exited = new Promise((r) => sb.process.once("exit", (code) => r(code)));
    sb.process.ref(); // startSandbox unrefs the child; hold the loop open while we wait for it
    sb.process.stdin.end(); // what the OS does when the parent dies
    assert.equal(await exited, 0);
  });
});
