#!/usr/bin/env bash
# The demo: builds and packs vesicash-edge, installs the tarball into
# examples/worker, then runs the local Vesicash sandbox and the demo Worker on
# a fresh local D1 database (scripts/demo.mjs applies the migrations), drives
# one payment through the Worker's API, reads its final state back from D1 and
# serves the checkout page.
# Usage: bash scripts/demo.sh          (keeps running until Ctrl-C)
#        bash scripts/demo.sh --once   (one payment, then exits: 0 when it was paid, its webhook verified and D1 holds it)
source "$(dirname "$0")/lib.sh"
ensure_all
bash "$ROOT/scripts/build.sh"
install_tarball_into_consumers
cd "$ROOT"
exec node scripts/demo.mjs "$@"
