#!/usr/bin/env bash
# Runs every test jot has: unit, integration, vectors and doctests.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace
