#!/usr/bin/env bash
# The test command: sets up the environment (and Chromium for browser tests), then runs the whole suite.
# Integration tests build the full catalog once from the data mirror (JOBRISK_MIRROR, default ../shared/data).
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/env.sh --test
export JOBRISK_MIRROR="${JOBRISK_MIRROR:-$(cd .. && pwd)/shared/data}"
exec .venv/bin/python -m pytest "$@"
