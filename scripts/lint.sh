#!/usr/bin/env bash
# Static checks, run by scripts/test.sh before the suite: ruff (lint and format check, the
# whole tree), mypy on src/ (strict for scoring/ and app/, see pyproject.toml) and
# the import-linter layer contracts (sources -> catalog -> models -> scoring -> reports -> app ->
# interfaces). Usage: bash scripts/lint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "lint: ruff check" >&2
.venv/bin/ruff check src tests benchmarks
echo "lint: ruff format --check" >&2
.venv/bin/ruff format --check src tests benchmarks
echo "lint: mypy" >&2
.venv/bin/mypy
echo "lint: import-linter" >&2
.venv/bin/lint-imports
