#!/usr/bin/env bash
# Runs every test jot has: unit, integration, vectors and doctests.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- interop (tests/interop_*.rs; see interop/README.md) ---------------------
# The interop tests fail, never skip, without their peers: install them first.
if ! python3 interop/python/peer.py check 2>/dev/null; then
    python3 -m pip install --quiet -r interop/python/requirements.txt
fi
if [ ! -d interop/node/node_modules/jose ]; then
    npm ci --prefix interop/node --no-audit --no-fund --loglevel=error
fi
# --- end interop --------------------------------------------------------------

cargo test --workspace

# ---- fuzz smoke (owned by fuzz/; keep this section last) ----------------------
# Every fuzz target for about 20 seconds on the committed seeds (fuzz/run.sh);
# a crash, hang or unbounded allocation fails the run. Needs `cargo +nightly`.
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
bash fuzz/run.sh 20
# ---- end fuzz smoke ------------------------------------------------------------
