#!/usr/bin/env bash
# Runs every test: Rust native, the packed npm package in Node ESM, Node CJS
# and real workerd, the sandbox's own suite, and the page in Chromium.
# Installs what it needs first (idempotent). Usage: scripts/test.sh
source "$(dirname "$0")/lib.sh"
ensure_all
cd "$ROOT"

say "cargo fmt --check (rustfmt.toml), the crate and the workers-rs example"
cargo fmt --check
cargo fmt --check --manifest-path examples/workers-rs/Cargo.toml
say "cargo clippy: warnings are errors; no unwrap, expect, panic or indexing in library code"
cargo clippy --quiet --all-targets -- -D warnings
cargo clippy --quiet --lib --features worker --target wasm32-unknown-unknown -- -D warnings
say "cargo test (native)"
cargo test --quiet
bash scripts/fuzz.sh

bash scripts/build.sh
say "size: the gzipped .wasm within its budget (scripts/size-check.sh)"
bash scripts/size-check.sh
TARBALL="$(ls "$ROOT"/target/pack/vesicash-edge-*.tgz)"

install_tarball_into_consumers

say "tsc: the package's declarations, from ESM and CJS consumers"
(cd tests/consumers/types && "$ROOT/node_modules/.bin/tsc" -p .) && echo "types: ok"

bash scripts/build-workers-rs.sh

ensure_chromium
say "node --test: consumers (ESM, CJS, workerd, browser), examples end to end, the page, the sandbox"
node --test --test-concurrency=1 \
  tests/consumers/node-esm/ tests/consumers/node-cjs/ tests/consumers/workerd/ tests/consumers/browser/ \
  tests/e2e/ sandbox/test/
