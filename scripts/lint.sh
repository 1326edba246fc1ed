#!/usr/bin/env bash
# Static checks, run by scripts/test.sh before the suite: ruff (lint everywhere, format for the
# folders already formatted), mypy on src/ (strict for scoring/ and app/, see pyproject.toml) and
# the import-linter layer contracts (sources -> catalog -> models -> scoring -> reports -> app ->
# interfaces). Usage: bash scripts/lint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
FORMATTED=(src/jobrisk/app src/jobrisk/scoring src/jobrisk/__init__.py src/jobrisk/_version.py)
echo "lint: ruff check" >&2
.venv/bin/ruff check src tests benchmarks
echo "lint: ruff format --check ${FORMATTED[*]}" >&2
.venv/bin/ruff format --check "${FORMATTED[@]}"
echo "lint: mypy" >&2
.venv/bin/mypy
echo "lint: import-linter" >&2
.venv/bin/lint-imports
