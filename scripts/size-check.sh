#!/usr/bin/env bash
# Fails when one of the npm package's .wasm files, gzipped (-9), is larger than its budget.
# A size is deterministic, unlike a time, so this is a test; speed is only
# ever reported (node benches/run.mjs). Usage: scripts/size-check.sh (after scripts/build.sh)
source "$(dirname "$0")/lib.sh"

# The one place the budgets are held, in bytes of the gzipped .wasm files.
# The whole package's: the target is 60 KB (61 440 B), not met: measured
# 117 666 B with the whole v1 API, 118 770 B with the host-HMAC verifier (the
# callback into node:crypto) and the layout by resource, then 115 403 B with
# the HTTP-date reader replacing httpdate, so this is that rounded up to 116 KB: it
# stops silent growth. The webhook-only module of `vesicash-edge/webhooks`:
# measured 31 848 B against a target of 35 KiB for a whole webhook-only Worker
# upload, budget 32 KB. What stands in the way is in docs/performance.md.
# Raise one only with a reason in the commit.
WASM_GZ_BUDGET=118784
WEBHOOKS_WASM_GZ_BUDGET=32768

check() { # file, budget, what
  local wasm="$ROOT/pkg/dist/$1" size
  [ -f "$wasm" ] || { echo "size-check: $wasm missing: run scripts/build.sh first" >&2; exit 1; }
  size=$(gzip -9c "$wasm" | wc -c)
  if [ "$size" -gt "$2" ]; then
    echo "size-check: $3 is $size bytes gzipped, over the budget of $2 (scripts/size-check.sh)" >&2
    exit 1
  fi
  echo "size-check: $3 is $size bytes gzipped, within the budget of $2"
}
check vesicash_edge_bg.wasm "$WASM_GZ_BUDGET" "the .wasm"
check vesicash_edge_webhooks_bg.wasm "$WEBHOOKS_WASM_GZ_BUDGET" "the webhook-only .wasm"
