// Checks that every relative link of the Markdown docs resolves where the docs are read:
// in the repository, and inside the packed tarball (where only the package's own files
// exist, so a link to examples/ or sandbox/ must be an absolute URL).
// Usage: node scripts/check-links.mjs <repo root> <unpacked package dir>
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** GitHub's anchor of a heading: lowercase, punctuation dropped, spaces as hyphens. */
function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The links and heading anchors of a Markdown text, outside fenced code blocks. */
function parse(text) {
  const links = [];
  const anchors = new Set();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const heading = line.match(/^#{1,6}\s+(.*)$/);
    if (heading) anchors.add(slug(heading[1]));
    // Inline code may hold brackets that are not links: drop it first.
    const prose = line.replace(/`[^`]*`/g, (code) => code.replace(/[[\]()]/g, ""));
    for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) links.push(m[1]);
  }
  return { links, anchors };
}

function markdownFiles(root, names) {
  return names.flatMap((name) => {
    const path = join(root, name);
    if (!existsSync(path)) return [];
    if (statSync(path).isDirectory())
      return readdirSync(path)
        .filter((f) => f.endsWith(".md"))
        .map((f) => join(path, f));
    return [path];
  });
}

/** Every broken relative link of `files`, none of which may leave `root`. */
function check(root, files) {
  const broken = [];
  for (const file of files) {
    const { links, anchors } = parse(readFileSync(file, "utf8"));
    for (const link of links) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: …
      const [target, anchor] = link.split("#");
      const where = `${relative(root, file)}: ${link}`;
      if (target === "") {
        if (!anchors.has(anchor)) broken.push(`${where} (no such heading)`);
        continue;
      }
      const path = resolve(dirname(file), target);
      if (relative(root, path).startsWith("..")) broken.push(`${where} (outside ${root})`);
      else if (!existsSync(path)) broken.push(`${where} (no such file)`);
      else if (anchor && path.endsWith(".md") && !parse(readFileSync(path, "utf8")).anchors.has(anchor)) {
        broken.push(`${where} (no such heading)`);
      }
    }
  }
  return broken;
}

const [repo, pkg] = process.argv.slice(2).map((p) => resolve(p));
if (!repo || !pkg) {
  console.error("usage: node scripts/check-links.mjs <repo root> <unpacked package dir>");
  process.exit(2);
}
const repoFiles = markdownFiles(repo, [
  "README.md",
  "CHANGELOG.md",
  "SECURITY.md",
  "docs",
  "sandbox/README.md",
  ...readdirSync(join(repo, "examples")).map((e) => `examples/${e}/README.md`),
]);
const pkgFiles = markdownFiles(pkg, ["README.md", "docs"]);
if (pkgFiles.length < 2) {
  console.error(`links: the package at ${pkg} ships no README.md or docs/`);
  process.exit(1);
}
const broken = [...check(repo, repoFiles).map((b) => `repo ${b}`), ...check(pkg, pkgFiles).map((b) => `package ${b}`)];
if (broken.length > 0) {
  console.error(`links: ${broken.length} broken\n  ${broken.join("\n  ")}`);
  process.exit(1);
}
console.log(`links: ok (${repoFiles.length} files in the repository, ${pkgFiles.length} in the package)`);
