#!/usr/bin/env bash
# The test command: sets up the environment (and Chromium for browser tests), then runs the whole suite.
# Integration tests build the full catalog once from the data mirror (JOBRISK_MIRROR, default ../shared/data).
# Without test paths (the whole suite, e.g. `bash scripts/test.sh -q`) it first runs the static checks
# (scripts/lint.sh: ruff, mypy, import-linter); with paths it runs only those tests.
# Usage: bash scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/env.sh --test
export JOBRISK_MIRROR="${JOBRISK_MIRROR:-$(cd .. && pwd)/shared/data}"
paths=0
for arg in "$@"; do [[ "$arg" != -* ]] && paths=1; done
if [ "$paths" = 0 ]; then
  bash scripts/lint.sh
fi
exec .venv/bin/python -m pytest "$@"
