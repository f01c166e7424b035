#!/usr/bin/env bash
# Fails when the npm package's .wasm, gzipped (-9), is larger than the budget.
# A size is deterministic, unlike a time, so this is a test; speed is only
# ever reported (node benches/run.mjs). Usage: scripts/size-check.sh (after scripts/build.sh)
source "$(dirname "$0")/lib.sh"

# The one place the budget is held, in bytes of the gzipped .wasm. The target
# is 60 KB (61 440 B), not met: measured 118 028 B with the whole v1 API, the
# reusable verifier and the JSON check of the npm build (92 108 B before the
# API's endpoints 4-8 and charge, +18 KB; the JSON check +7 KB), so this is that
# rounded up to 120 KB: it stops silent growth. What stands in the way of 60 KB
# is in docs/performance.md ("What stands in the way"). Raise it only with a reason in the commit.
# Raised for reconciliation (payments.refresh, reconcileSchedule, failureAdvice and
# their bindings, the refund fields: +6.9 KB) and for issue 17 (answers bound to
# their request, redirects refused, server text redacted, bounded streamed bodies,
# the attempt's own timer: +9 KB).
WASM_GZ_BUDGET=131072

WASM="$ROOT/pkg/dist/vesicash_edge_bg.wasm"
[ -f "$WASM" ] || { echo "size-check: $WASM missing: run scripts/build.sh first" >&2; exit 1; }
size=$(gzip -9c "$WASM" | wc -c)
if [ "$size" -gt "$WASM_GZ_BUDGET" ]; then
  echo "size-check: the .wasm is $size bytes gzipped, over the budget of $WASM_GZ_BUDGET (WASM_GZ_BUDGET in scripts/size-check.sh)" >&2
  exit 1
fi
echo "size-check: the .wasm is $size bytes gzipped, within the budget of $WASM_GZ_BUDGET"
