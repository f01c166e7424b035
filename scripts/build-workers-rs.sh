#!/usr/bin/env bash
# Builds the Rust Worker example (examples/workers-rs) with worker-build,
# offline: wasm-bindgen, wasm-opt and esbuild are the local binaries, never
# downloads (they are not reachable here). Output: examples/workers-rs/build/ (wrangler.toml's
# `main = "build/worker/shim.mjs"`). Idempotent; installs worker-build once.
# Usage: scripts/build-workers-rs.sh
source "$(dirname "$0")/lib.sh"
ensure_all

EXAMPLE="$ROOT/examples/workers-rs"
# Pinned. worker-build refuses a `worker` crate outside its own
# minor line: 0.8.x requires worker ^0.8.0 (worker-build 0.7.5 with worker 0.7
# builds here, but its wasm fails to compile in workerd: "unknown import kind").
WORKER_BUILD_VERSION="0.8.7"
WORKER_LINE="0.8."

lock_version() { # the version of package $1 in the example's Cargo.lock (one line per version)
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print }' "$EXAMPLE/Cargo.lock"
}

cd "$EXAMPLE"
# The example has its own lockfile. A new one starts from the root crate's, so
# both resolve the same versions (wasm-bindgen above all).
[ -f Cargo.lock ] || cp "$ROOT/Cargo.lock" Cargo.lock
cargo metadata --quiet --format-version 1 >/dev/null # brings Cargo.lock in line with Cargo.toml

# The wasm-bindgen CLI must equal the library exactly.
bindgen_lib="$(lock_version wasm-bindgen)"
if [ "$bindgen_lib" != "$WASM_BINDGEN_VERSION" ]; then
  echo "examples/workers-rs/Cargo.lock resolves wasm-bindgen '$bindgen_lib', but the CLI is $WASM_BINDGEN_VERSION;" \
    "run: (cd examples/workers-rs && cargo update -p wasm-bindgen --precise $WASM_BINDGEN_VERSION)" >&2
  exit 1
fi
worker_lib="$(lock_version worker)"
case "$worker_lib" in
  *$'\n'*) ;; # several: reported below
  "$WORKER_LINE"*) ;;
  *)
    echo "examples/workers-rs/Cargo.lock resolves worker '$(echo $worker_lib)', but worker-build $WORKER_BUILD_VERSION needs one" \
      "worker ${WORKER_LINE}x: the root Cargo.toml's optional \`worker\` and the example's must both be \"${WORKER_LINE%.}\"" >&2
    exit 1 ;;
esac
[ "$(printf '%s\n' "$worker_lib" | wc -l)" = 1 ] || {
  echo "examples/workers-rs/Cargo.lock has several worker crates ($(echo $worker_lib)): the root Cargo.toml's optional" \
    "\`worker\` and the example's must be the same minor line, \"${WORKER_LINE%.}\" (worker-build $WORKER_BUILD_VERSION)" >&2
  exit 1
}

if [ "$(worker-build --version 2>/dev/null)" != "$WORKER_BUILD_VERSION" ]; then
  say "installing worker-build $WORKER_BUILD_VERSION (a few minutes, once per machine)"
  # No --locked, as for wasm-bindgen-cli (lib.sh).
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --force
fi

# worker-build's bundler step needs an esbuild that parses `import source`
# (source-phase imports of the .wasm): 0.28.2 is worker-build 0.8.7's own pin.
# The workspace's esbuild when it is that version, else a private npm install.
ESBUILD_VERSION="0.28.2"
ESBUILD_BIN="$ROOT/node_modules/.bin/esbuild"
if [ "$("$ESBUILD_BIN" --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
  tools="$ROOT/target/tools/esbuild-$ESBUILD_VERSION"
  ESBUILD_BIN="$tools/node_modules/.bin/esbuild"
  if [ "$("$ESBUILD_BIN" --version 2>/dev/null)" != "$ESBUILD_VERSION" ]; then
    say "installing esbuild $ESBUILD_VERSION into target/tools (the workspace has $("$ROOT/node_modules/.bin/esbuild" --version))"
    rm -rf "$tools" && mkdir -p "$tools"
    npm install --prefix "$tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "esbuild@$ESBUILD_VERSION" >/dev/null
  fi
fi

# Local binaries only: without these overrides worker-build downloads them.
export WASM_BINDGEN_BIN="$HOME/.cargo/bin/wasm-bindgen"
export WASM_OPT_BIN="$WASM_OPT" # npm binaryen's, checked by ensure_node_modules
export ESBUILD_BIN
for bin in "$WASM_BINDGEN_BIN" "$WASM_OPT_BIN" "$ESBUILD_BIN"; do
  [ -x "$bin" ] || { echo "missing $bin" >&2; exit 1; }
done
[ "$("$WASM_BINDGEN_BIN" --version)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] || {
  echo "$WASM_BINDGEN_BIN is not wasm-bindgen $WASM_BINDGEN_VERSION" >&2; exit 1; }

say "worker-build --release (examples/workers-rs: worker $worker_lib, worker-build $WORKER_BUILD_VERSION)"
start=$SECONDS
rm -rf build
worker-build --release
[ -f build/worker/shim.mjs ] || { echo "worker-build did not produce build/worker/shim.mjs" >&2; exit 1; }
wasm="$(ls build/worker/*.wasm build/*.wasm 2>/dev/null | head -1 || true)"
say "built examples/workers-rs in $((SECONDS - start)) s${wasm:+: $(basename "$wasm") $(stat -c %s "$wasm") bytes, $(gzip -9c "$wasm" | wc -c) gzipped}"
