#!/usr/bin/env bash
# Runs every jot fuzz target (or the ones named) for SECONDS each, one after
# the other, and exits non-zero if any target crashes, leaks, times out or
# runs out of memory. Needs the nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz --locked
#
#   bash fuzz/run.sh 20                    # every target, 20 s each
#   bash fuzz/run.sh 180 jws_verify pem_decode
#
# New inputs the fuzzer finds go to fuzz/work/<target>/ (ignored by git); the
# committed seeds in fuzz/seeds/<target>/ are only read. A crash input is
# written to fuzz/artifacts/<target>/: copy it to fuzz/regressions/<target>/
# so that `cargo test --test fuzz_replay` replays it from then on.
#
# FUZZ_FLAGS adds libFuzzer flags, e.g. to keep exploring past a known
# finding: FUZZ_FLAGS="-fork=1 -ignore_crashes=1" (each crash still lands
# in fuzz/artifacts/<target>/ and still fails the run).
set -euo pipefail

secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
cd "$(dirname "$0")"

if [ "$#" -gt 0 ]; then
  targets=("$@")
else
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

# One build for every target, so the timed runs below only fuzz.
cargo +nightly fuzz build -O

# Inputs bigger than any limit jot enforces are wasted work: tokens stop at
# 64 KiB (jws::DEFAULT_MAX_TOKEN_LEN), the structured targets need little.
max_len_of() {
  case "$1" in
    roundtrip_* | mutation_*) echo 8192 ;;
    der_import) echo 16384 ;;
    *) echo 70000 ;;
  esac
}

mkdir -p work
failed=()
for t in "${targets[@]}"; do
  mkdir -p "work/$t" "artifacts/$t"
  log="work/$t.log"
  before=$(find "artifacts/$t" -type f | wc -l)
  # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
  if cargo +nightly fuzz run -O "$t" "work/$t" "seeds/$t" -- \
    -max_total_time="$secs" -rss_limit_mb=2048 -max_len="$(max_len_of "$t")" \
    -timeout=10 -print_final_stats=1 -artifact_prefix="artifacts/$t/" \
    ${FUZZ_FLAGS:-} >"$log" 2>&1 &&
    [ "$(find "artifacts/$t" -type f | wc -l)" -eq "$before" ]; then
    # The last status line ("#N DONE", or "#N:" in fork mode) counts executions.
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
    echo "ok    $t: ${execs:-?} executions in ${secs}s, $cov"
  else
    failed+=("$t")
    echo "CRASH $t (log: fuzz/$log, inputs: fuzz/artifacts/$t/)"
    grep -E -A40 '^(==[0-9]+==ERROR|thread .* panicked)' "$log" | head -60 || tail -40 "$log"
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} target(s) ran ${secs}s each without a finding"
