#!/usr/bin/env bash
# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of the targets in
# fuzz/fuzz_targets/: each runs FUZZ_SECONDS (default 20) seconds from a
# corpus seeded with the repo's test vectors and documented examples; any
# crash (panic, failed property, sanitizer report) fails the script and
# leaves its input in fuzz/artifacts/<target>/.
#
#   bash scripts/fuzz.sh                        # bounded run (part of scripts/test.sh)
#   FUZZ_SECONDS=600 bash scripts/fuzz.sh       # longer run, 10 minutes a target
#   FUZZ_TARGETS="amount merge" bash scripts/fuzz.sh
#   cd fuzz && cargo +nightly fuzz run -a <target> fuzz/artifacts/<target>/crash-…   # reproduce
#
# Installs what it needs, idempotently: the nightly toolchain (fuzz/ only;
# every other build stays on stable) and cargo-fuzz $CARGO_FUZZ_VERSION.
# The corpora (fuzz/corpus/) grow across runs and are gitignored.
source "$(dirname "$0")/lib.sh"

CARGO_FUZZ_VERSION="0.13.1"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
FUZZ_TARGETS="${FUZZ_TARGETS:-webhook_verify parse_payment amount params merge}"
LOGS="$ROOT/target/fuzz-logs"

ensure_nightly() {
  rustup run nightly rustc --version >/dev/null 2>&1 || {
    say "installing the nightly toolchain (for cargo-fuzz only)"
    rustup toolchain install nightly --profile minimal
  }
}

ensure_cargo_fuzz() {
  if [ "$(cargo fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
    say "installing cargo-fuzz $CARGO_FUZZ_VERSION (under a minute, once per machine)"
    cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --force
  fi
}

ensure_nightly
ensure_cargo_fuzz
cd "$ROOT/fuzz"

say "seeding fuzz/corpus/ from tests/vectors and the documented examples"
node seed.mjs
say "building the fuzz targets (nightly, release with debug assertions)"
cargo +nightly fuzz build -a

mkdir -p "$LOGS"
failed=()
summary=()
for t in $FUZZ_TARGETS; do
  say "fuzzing $t for ${FUZZ_SECONDS}s"
  mkdir -p "corpus/$t"
  # -a: debug assertions (integer overflow is a crash too); -timeout: a
  # single input slower than 10 s is a hang.
  if cargo +nightly fuzz run -a "$t" -- -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 >"$LOGS/$t.log" 2>&1; then
    status=ok
  else
    status=CRASH
    failed+=("$t")
    grep -E -A12 "panicked at|ERROR: libFuzzer|ERROR: AddressSanitizer" "$LOGS/$t.log" | head -30 >&2 || true
    grep -E "Test unit written to" "$LOGS/$t.log" >&2 || true
  fi
  # `|| true`: a log without a stats or coverage line (a crash on the first
  # input) must not end the script under pipefail before the other targets.
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOGS/$t.log" | tail -1 || true)"
  cov="$(grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$LOGS/$t.log" | tail -1 || true)"
  summary+=("$(printf '%-15s %-6s executions: %-10s %s  (log: target/fuzz-logs/%s.log)' "$t" "$status" "${execs:-?}" "${cov:-}" "$t")")
  echo "${summary[-1]}"
done

say "fuzz summary"
printf '%s\n' "${summary[@]}"

if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: crash in ${failed[*]}; inputs in fuzz/artifacts/" >&2
  exit 1
fi
echo "fuzz: ${FUZZ_SECONDS}s per target, no crash"
