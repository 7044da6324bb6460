#!/usr/bin/env bash
# Runs every test jot has: unit, integration, vectors and doctests.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace

# ---- fuzz smoke (owned by fuzz/; keep this section last) ----------------------
# Every fuzz target for about 20 seconds on the committed seeds (fuzz/run.sh);
# a crash, hang or unbounded allocation fails the run. Needs `cargo +nightly`.
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
bash fuzz/run.sh 20
# ---- end fuzz smoke ------------------------------------------------------------
