// The packed package under Deno and Bun (their npm packages, devDependencies
// of the workspace): both entries verify every shared vector through the
// host's HMAC (node:crypto, reached through process.getBuiltinModule) and
// the wasm one, and the two agree on random deliveries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const BIN = fileURLToPath(new URL("../../../node_modules/.bin/", import.meta.url));

for (const [runtime, args] of [
  ["deno", ["run", "-A", "runtime-vectors.mjs"]],
  ["bun", ["runtime-vectors.mjs"]],
]) {
  test(`${runtime}: both entries, every vector through both HMAC paths, and the differential test`, () => {
    const out = JSON.parse(
      execFileSync(`${BIN}${runtime}`, args, {
        cwd: HERE,
        encoding: "utf8",
        timeout: 300_000,
        env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
      }),
    );
    for (const entry of ["whole", "hooks"]) {
      const { vectors, differential } = out[entry];
      assert.deepEqual(vectors.failed, [], `${entry}`);
      assert.equal(vectors.passed, vectors.total);
      assert.equal(vectors.final, true);
      assert.deepEqual(vectors.hmac, ["node:crypto", "wasm"], `${entry}: ${runtime} reaches node:crypto synchronously`);
      assert.deepEqual(differential.disagreements, [], `${entry}`);
      assert.ok(differential.accepted >= 15 && differential.refused >= 15, JSON.stringify(differential));
    }
  });
}
