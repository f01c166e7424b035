#!/usr/bin/env bash
# Fails when one of the npm package's .wasm files, gzipped (-9), is larger than its budget.
# A size is deterministic, unlike a time, so this is a test; speed is only
# ever reported (node benches/run.mjs). Usage: scripts/size-check.sh (after scripts/build.sh)
source "$(dirname "$0")/lib.sh"

# The one place the budgets are held, in bytes of the gzipped .wasm files.
# The whole package's: the target is 60 KB (61 440 B), not met: 117 666 B with
# the whole v1 API; the host-HMAC verifier and the HTTP-date reader replacing
# httpdate took it to 115 403 B (-2.3 KB); reconciliation (payments.refresh,
# reconcileSchedule, failureAdvice and their bindings, the refund fields) added
# 6.9 KB and issue 17 (answers bound to their request, redirects refused,
# server text redacted, bounded streamed bodies, the attempt's own timer) 9 KB.
# Reading every body, event and secret list with serde (one JSON reader, the
# hand-written one removed) added 6 KB. Measured together: 138 069 B. Issue 20's
# cheaper calls (no AbortError per attempt, the envelope read without
# serde-wasm-bindgen, one transport failure classification, a sleep without
# a promise): 137 714 B; the
# budget is that rounded up to 135 KiB: it stops silent growth. The webhook-only module
# of `vesicash-edge/webhooks`: 31 848 B, then 34 286 B with the serde event
# reader; budget 35 KiB (the target for a whole webhook-only Worker upload).
# What stands in the way is in docs/performance.md. Raise one only with a reason
# in the commit.
WASM_GZ_BUDGET=138240
WEBHOOKS_WASM_GZ_BUDGET=35840

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
