#!/usr/bin/env bash
# Builds the npm package into pkg/dist and packs it into target/pack/.
# Usage: scripts/build.sh        (installs what it needs first)
source "$(dirname "$0")/lib.sh"
ensure_all
cd "$ROOT"

DIST="$ROOT/pkg/dist"
rm -rf "$DIST" && mkdir -p "$DIST"
# One module per entry, both from this crate: the whole package's
# (vesicash_edge) and the webhook-only one of `vesicash-edge/webhooks`
# (vesicash_edge_webhooks: --no-default-features drops the `client` bindings,
# so the linker drops the engine).
wasm_module() { # name, cargo flags...
  local name="$1"
  shift
  say "cargo build (wasm32, release) $name"
  cargo build --quiet --release --target wasm32-unknown-unknown --lib "$@"
  # --target web: ESM glue with initSync, which every entry drives itself.
  wasm-bindgen --target web --no-typescript --out-dir "$DIST" --out-name "$name" \
    target/wasm32-unknown-unknown/release/vesicash_edge.wasm
  # -O3, not -Oz: after opt-level 3, -Oz gives 92 123 B gzipped against -O3's
  # 92 094 B (-Os 92 154, -O2 92 489): nothing to gain in size (Cargo.toml).
  "$WASM_OPT" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$DIST/${name}_bg.wasm" -o "$DIST/${name}_bg.wasm"
}
wasm_module vesicash_edge_webhooks --no-default-features
wasm_module vesicash_edge
node "$ROOT/scripts/bundle.mjs"

cp README.md pkg/README.md
cp LICENSE pkg/LICENSE && rm -rf pkg/docs && cp -r docs pkg/docs
# The sandbox, for `npx vesicash-edge sandbox` (pkg/bin only): the server, not its test helpers.
rm -rf pkg/sandbox && mkdir -p pkg/sandbox
find sandbox -maxdepth 1 -name '*.mjs' ! -name spawn.mjs ! -name testkit.mjs -exec cp {} pkg/sandbox/ \;
mkdir -p target/pack && rm -f target/pack/*.tgz
(cd pkg && npm pack --silent --pack-destination "$ROOT/target/pack" >/dev/null)
TARBALL=$(ls target/pack/*.tgz)
gz() { gzip -9c "$1" | wc -c; }
say "packed $(basename "$TARBALL"): $(stat -c %s "$TARBALL") bytes; wasm $(stat -c %s "$DIST/vesicash_edge_bg.wasm") bytes, $(gz "$DIST/vesicash_edge_bg.wasm") gzipped; webhook-only wasm $(stat -c %s "$DIST/vesicash_edge_webhooks_bg.wasm") bytes, $(gz "$DIST/vesicash_edge_webhooks_bg.wasm") gzipped"
