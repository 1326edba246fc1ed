"""The free-text sanity check: tasks in plain workplace words, with the label the team expects.

``benchmarks/data/free_text_tasks.csv`` (columns ``task``, ``expected`` E0/E1/E2,
``occupation``) holds about sixty tasks written by the team across many occupations and
exposure levels, in the way people describe their own work. It is not a benchmark: the
expected labels are the team's reading of the GPTs-are-GPTs rubric, and the set is there to
catch absurd outputs (e.g. data-science work scored as unexposed), not to tune on.

``free_text_check(model, path)`` scores the set as free text (no occupation, no DWA links)
and returns agreement figures plus one row per task for the report.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from jobrisk.errors import MissingColumnError
from jobrisk.models.task_exposure.estimator import EXPOSURE_CLASSES

#: Where the repository keeps the set (the report skips the check when it is absent).
DEFAULT_PATH = Path(__file__).resolve().parents[4] / "benchmarks" / "data" / "free_text_tasks.csv"


def read_free_text_tasks(path: Path = DEFAULT_PATH) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("task", "expected"):
        if column not in frame.columns:
            raise MissingColumnError(f"Free-text task set {path}", column, list(frame.columns))
    return frame


def free_text_check(model, path: Path = DEFAULT_PATH) -> dict:
    """Score the set with ``model`` (a :class:`.model.TaskExposureModel`) as free text."""
    frame = read_free_text_tasks(path)
    scores = model.score_texts(frame["task"].tolist())
    predicted = [EXPOSURE_CLASSES[int(np.argmax([s.p_e0, s.p_e1, s.p_e2]))] for s in scores]
    expected = frame["expected"].tolist()
    exposure = np.array([s.exposure for s in scores])
    exposed_true = np.array([e != "E0" for e in expected])
    exposed_pred = np.array([p != "E0" for p in predicted])
    by_label = {
        label: float(exposure[[e == label for e in expected]].mean()) for label in EXPOSURE_CLASSES if label in expected
    }
    rows = [
        {
            "task": t,
            "occupation": o,
            "expected": e,
            "predicted": p,
            "exposure": round(s.exposure, 3),
            "automation": round(s.automation, 3),
            "confidence": round(s.confidence, 3),
            "flags": list(s.flags),
        }
        for t, o, e, p, s in zip(frame["task"], frame.get("occupation", [""] * len(frame)), expected, predicted, scores)
    ]
    return {
        "tasks": len(frame),
        "exact_agreement": float(np.mean([p == e for p, e in zip(predicted, expected)])),
        "exposed_agreement": float(np.mean(exposed_true == exposed_pred)),
        "mean_exposure_by_expected": by_label,
        "rows": rows,
    }


def render_free_text_check(check: dict) -> list[str]:
    """Markdown lines for the report."""
    means = ", ".join(f"{k} {v:.2f}" for k, v in check["mean_exposure_by_expected"].items())
    lines = [
        "## Free-text sanity check (team-written tasks, not a benchmark)",
        "",
        (
            f"{check['tasks']} tasks the team wrote in plain workplace words "
            "(`benchmarks/data/free_text_tasks.csv`), scored as free text by a model trained on all "
            "labelled tasks. The expected labels are the team's own reading of the rubric, not human "
            "annotations; the set exists to catch absurd outputs and is not tuned on. "
            f"Model label = expected label for {check['exact_agreement']:.0%} of tasks; exposed (E1/E2) vs "
            f"not agrees for {check['exposed_agreement']:.0%}. Mean exposure by expected label: {means}."
        ),
        "",
        "| task | occupation | expected | model | exposure | automation | flags |",
        "|---|---|:---:|:---:|---:|---:|---|",
    ]
    for row in check["rows"]:
        mark = "" if row["expected"] == row["predicted"] else " *"
        lines.append(
            f"| {row['task']} | {row['occupation']} | {row['expected']} | {row['predicted']}{mark} | "
            f"{row['exposure']:.2f} | {row['automation']:.2f} | {', '.join(row['flags'])} |"
        )
    lines += ["", "`*` = the model's most likely label differs from the team's expectation.", ""]
    return lines
