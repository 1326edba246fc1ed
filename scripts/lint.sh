#!/usr/bin/env bash
# Static checks, run by scripts/test.sh before the suite: ruff (lint everywhere, format for the
# folders already formatted), mypy on src/ (strict for scoring/ and app/, see pyproject.toml) and
# the import-linter layer contracts (sources -> catalog -> models -> scoring -> reports -> app ->
# interfaces). Usage: bash scripts/lint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Formatted so far (add a folder or file once `ruff format` has been run on it):
FORMATTED=(src/jobrisk/__init__.py src/jobrisk/_version.py
           src/jobrisk/scoring/automation_share.py src/jobrisk/scoring/capability_exposure.py src/jobrisk/scoring/human_advantage.py src/jobrisk/scoring/labour_market_outlook.py src/jobrisk/scoring/occupation.py
           src/jobrisk/scoring/occupation_score.py src/jobrisk/scoring/params.py src/jobrisk/scoring/reference.py src/jobrisk/scoring/risk.py src/jobrisk/scoring/scorebook.py
           src/jobrisk/scoring/sensitivity.py src/jobrisk/scoring/task_exposure.py src/jobrisk/scoring/task_list.py src/jobrisk/scoring/task_list_items.py src/jobrisk/scoring/task_weights.py src/jobrisk/scoring/__init__.py
           src/jobrisk/app/__init__.py src/jobrisk/app/codec.py src/jobrisk/app/score_store.py
           src/jobrisk/app/scoring_inputs.py src/jobrisk/app/services.py
           src/jobrisk/app/task_scoring.py src/jobrisk/app/title_lookup.py)
echo "lint: ruff check" >&2
.venv/bin/ruff check src tests benchmarks
echo "lint: ruff format --check (formatted files)" >&2
.venv/bin/ruff format --check "${FORMATTED[@]}"
echo "lint: mypy" >&2
.venv/bin/mypy
echo "lint: import-linter" >&2
.venv/bin/lint-imports
