// Compiles every ```ts block of README.md, each as its own module, under
// --strict and exactOptionalPropertyTypes against the installed tarball's
// declarations (tests/consumers/types/node_modules/vesicash-edge): a block
// opened with ```ts worker against @cloudflare/workers-types, any other
// against @types/node. Usage: node scripts/readme-ts.mjs (after
// install_tarball_into_consumers); exits 1 on any type error.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, "tests/consumers/types/readme");
const tsc = join(root, "node_modules/.bin/tsc");

const blocks = [];
let open;
for (const [i, line] of readFileSync(join(root, "README.md"), "utf8").split("\n").entries()) {
  const fence = line.match(/^```(\S*)\s*(\S*)/);
  if (open === undefined && fence?.[1] === "ts") open = { kind: fence[2] === "worker" ? "worker" : "node", line: i + 1, text: [] };
  else if (open !== undefined && line.startsWith("```")) {
    blocks.push(open);
    open = undefined;
  } else open?.text.push(line);
}
if (open !== undefined) throw new Error(`README.md: the ts block at line ${open.line} is never closed`);
for (const kind of ["worker", "node"]) {
  if (!blocks.some((b) => b.kind === kind))
    throw new Error(`README.md has no \`\`\`ts${kind === "worker" ? " worker" : ""} block: the quick start must stay in TypeScript`);
}

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const compilerOptions = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  module: "nodenext",
  moduleResolution: "nodenext",
  target: "es2022",
  lib: ["es2022"],
  skipLibCheck: true, // the package's own declarations are checked by tests/consumers/types
};
let failed = false;
for (const kind of ["worker", "node"]) {
  const mine = blocks.filter((b) => b.kind === kind);
  const files = mine.map((b) => {
    const name = `${kind}-line-${b.line}.ts`;
    // Each block is a module of its own, as a user's file would be.
    writeFileSync(join(dir, name), `${b.text.join("\n")}\nexport {};\n`);
    return name;
  });
  const types = kind === "worker" ? ["@cloudflare/workers-types"] : ["node"];
  writeFileSync(join(dir, `tsconfig.${kind}.json`), JSON.stringify({ compilerOptions: { ...compilerOptions, types }, files }, null, 2));
  try {
    execFileSync(tsc, ["-p", join(dir, `tsconfig.${kind}.json`)], { stdio: "pipe", encoding: "utf8" });
    console.log(`README ts (${kind}): ${files.length} block(s) compile: lines ${mine.map((b) => b.line).join(", ")}`);
  } catch (e) {
    failed = true;
    console.error(`README ts (${kind}): type errors (file names give the README line of the block's fence):\n${e.stdout}${e.stderr}`);
  }
}
process.exitCode = failed ? 1 : 0;
