#!/usr/bin/env bash
# Runs every test jot has: unit, integration, vectors and doctests.
set -euo pipefail
cd "$(dirname "$0")/.."

# --- system packages ---------------------------------------------------------
# Real components, never mocks: headless Chromium and its WebDriver for the
# debugger page, redis-server for the shared session store, Go and golang-jwt
# for the conformance kit's Go adapter. Installed with apt-get when missing
# (one `apt-get update`, then `apt-get install -y`); a test that still finds
# one missing fails with this command.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v go >/dev/null 2>&1 || need+=(golang-go)
[ -d /usr/share/gocode/src/github.com/golang-jwt/jwt ] || need+=(golang-github-golang-jwt-jwt-dev)
# curl drives the README's server session; openssl makes the RSA keys ring cannot.
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ "${#need[@]}" -gt 0 ]; then
    echo "installing with apt-get: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
# --- end system packages -------------------------------------------------------

# --- interop (interop/tests/*.rs, package jot-interop; see interop/README.md) ---------------------
# The interop tests fail, never skip, without their peers: install them first.
if ! python3 interop/python/peer.py check 2>/dev/null; then
    python3 -m pip install --quiet -r interop/python/requirements.txt
fi
if [ ! -d interop/node/node_modules/jose ]; then
    npm ci --prefix interop/node --no-audit --no-fund --loglevel=error
fi
# --- end interop --------------------------------------------------------------

# --- conformance kit (conformance/, package jot-conformance; see conformance/README.md) ----------
# The adapter tests fail, never skip, without their libraries: install them first.
# Go and golang-jwt come from the system packages block above; RSA keys need openssl.
if ! python3 -c 'import jwt, joserfc, sys; sys.exit(jwt.__version__ != "2.15.1" or joserfc.__version__ != "1.6.5")' 2>/dev/null; then
    python3 -m pip install --quiet -r conformance/adapters/python/requirements.txt
fi
if [ ! -d conformance/adapters/node/node_modules/jose ]; then
    npm ci --prefix conformance/adapters/node --no-audit --no-fund --loglevel=error
fi
# --- end conformance kit ----------------------------------------------------------------------

cargo test --workspace

# ---- fuzz smoke (owned by fuzz/; keep this section last) ----------------------
# Every fuzz target for about 20 seconds on the committed seeds (fuzz/run.sh);
# a crash, hang or unbounded allocation fails the run. Needs `cargo +nightly`.
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
bash fuzz/run.sh 20
# ---- end fuzz smoke ------------------------------------------------------------
