# Shared by scripts/*: installs what the build needs, idempotently, and is
# quick when everything is already there. Source it; do not run it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Must equal the `wasm-bindgen` version pinned in Cargo.toml.
WASM_BINDGEN_VERSION="0.2.130"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# Keep wrangler and miniflare quiet and local: no metrics, error reports or cf fetch.
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

ensure_wasm_target() {
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  }
}

ensure_rust_components() {
  # rustup's default profile has them; a minimal one does not.
  local installed
  installed="$(rustup component list --installed 2>/dev/null)"
  for c in clippy rustfmt; do
    grep -q "^$c" <<<"$installed" || { say "adding the $c component"; rustup component add "$c"; }
  done
}

ensure_wasm_bindgen() {
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once per machine)"
    # No --locked: the served crate index lacks a pinned transitive version.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

ensure_node_modules() {
  # npm ci only when package-lock.json changed since the last install.
  local stamp="$ROOT/node_modules/.ci-stamp"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(sha256sum < "$ROOT/package-lock.json")" ]; then
    say "npm ci"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
    sha256sum < "$ROOT/package-lock.json" > "$stamp"
  fi
  # Debian's binaryen (wasm-opt 108) emits wasm that fails to load: use npm's, by path.
  WASM_OPT="$ROOT/node_modules/.bin/wasm-opt"
  [ -x "$WASM_OPT" ] || { echo "npm binaryen's wasm-opt missing at $WASM_OPT" >&2; exit 1; }
}

ensure_chromium() {
  command -v chromium >/dev/null || {
    say "installing Debian chromium (for the page test)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  }
}

# Installs the packed package into every consumer project, as a user would:
# the test consumers and the examples (each dir with a package.json).
install_tarball_into_consumers() {
  local tarball dir
  tarball="$(ls "$ROOT"/target/pack/vesicash-edge-*.tgz)"
  say "installing $(basename "$tarball") into the consumer projects and examples"
  for dir in "$ROOT"/tests/consumers/*/ "$ROOT"/examples/*/; do
    [ -f "$dir/package.json" ] || continue
    (cd "$dir" && rm -rf node_modules/vesicash-edge &&
      npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error "$tarball" >/dev/null)
  done
}

ensure_all() {
  ensure_wasm_target
  ensure_rust_components
  ensure_wasm_bindgen
  ensure_node_modules
}
