#!/usr/bin/env bash
# Runs every test: Rust native, the packed npm package in Node ESM, Node CJS
# and real workerd, the sandbox's own suite, and the page in Chromium.
# Installs what it needs first (idempotent). Usage: scripts/test.sh
source "$(dirname "$0")/lib.sh"
ensure_all
cd "$ROOT"

say "cargo fmt --check (rustfmt.toml), the crate, its type generator (tools/typegen) and the workers-rs example"
cargo fmt --check
cargo fmt --check --manifest-path examples/workers-rs/Cargo.toml
say "cargo clippy: warnings are errors; no unwrap, expect, panic or indexing in library code"
# `typescript`: the declarations' derives (native only); then their generator.
cargo clippy --quiet --all-targets --features typescript -- -D warnings
cargo clippy --quiet -p vesicash-edge-typegen --all-targets -- -D warnings
cargo clippy --quiet --lib --features worker --target wasm32-unknown-unknown -- -D warnings
# The webhook-only module of vesicash-edge/webhooks (built --no-default-features).
cargo clippy --quiet --lib --no-default-features --target wasm32-unknown-unknown -- -D warnings
say "biome ci (biome.jsonc): the JavaScript formatted and linted, warnings are errors"
biome ci --error-on-warnings .
say "cargo test (native), and the type generator's own"
cargo test --quiet --features typescript
cargo test --quiet -p vesicash-edge-typegen
say "pkg/types.d.ts as tools/typegen generates it from the Rust types: fails when the shipped one differs"
cargo run --quiet -p vesicash-edge-typegen -- --check
bash scripts/fuzz.sh

bash scripts/build.sh
say "size: the gzipped .wasm within its budget (scripts/size-check.sh)"
bash scripts/size-check.sh
TARBALL="$(ls "$ROOT"/target/pack/vesicash-edge-*.tgz)"

say "links: every relative link of the docs resolves, in the repository and in the packed tarball"
rm -rf target/unpacked && mkdir -p target/unpacked && tar xzf "$TARBALL" -C target/unpacked
node scripts/check-links.mjs "$ROOT" target/unpacked/package

say "the tarball as npm takes it: publint, attw (node10, node16, bundler), npm publish --dry-run"
publint run "$TARBALL" --strict
attw "$TARBALL" --profile strict --no-color
# A dry run, offline and aimed at a closed loopback port: nothing can be published from here.
npm publish --dry-run --offline --registry=http://127.0.0.1:9/ "$TARBALL"

install_tarball_into_consumers

say "tsc: the package's declarations, from ESM and CJS consumers, moduleResolution nodenext, node16 and bundler"
# Not `… && echo ok`: set -e ignores a failure on the left of &&, and tsc errors passed unseen.
for config in tsconfig.json tsconfig.node16.json tsconfig.bundler.json tsconfig.node-types.json; do
  (cd tests/consumers/types && "$ROOT/node_modules/.bin/tsc" -p "$config")
  echo "types ($config): ok"
done
say "the README's ts blocks, each compiled under --strict and exactOptionalPropertyTypes against the tarball's types"
node scripts/readme-ts.mjs

bash scripts/build-workers-rs.sh

ensure_chromium
say "node --test: consumers (ESM, CJS, workerd, browser), examples end to end, the page, the sandbox,"
say "  and the platforms: the tarball from a local registry into Next.js (Turbopack, webpack; Node, edge), Deno, Bun, Hono on workerd, Express"
node --test --test-concurrency=1 \
  tests/consumers/node-esm/ tests/consumers/node-cjs/ tests/consumers/workerd/ tests/consumers/browser/ \
  tests/e2e/ sandbox/test/ tests/platforms/
