"""Observed use and the adoption estimate for scored task rows (``jobrisk tasks score``).

:class:`ObservedUseAnnotator` adds two columns to task rows already scored by the task model:

- ``observed_share_pct``: the task's usage share (percent of the latest release's classified
  conversations) when its text, or the O*NET task with that text, is observed; empty otherwise
  (not observed is not zero use);
- ``p_adoption``: 1 for an observed task (the observed fact wins); for an O*NET statement the
  catalog's estimate (with its work activities); for other text the adoption model on the text
  and the task model's exposure (no work-activity links are known for a user's own words).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from jobrisk.catalog import Catalog
from jobrisk.catalog.types import ObservedTaskUse
from jobrisk.models.adoption.artifact import AdoptionModel
from jobrisk.models.adoption.rows import AdoptionRows
from jobrisk.sources.readers.aei import task_key

COLUMNS = ("observed_share_pct", "p_adoption")


class ObservedUseAnnotator:
    """Built once per catalog (reads every observed task and adoption row), then called per chunk."""

    columns = COLUMNS

    def __init__(self, catalog: Catalog, model: AdoptionModel | None):
        self.model = model
        self.release = catalog.latest_observed_release()
        by_task = catalog.observed_task_use()
        adoption = catalog.task_adoption()
        self._use_by_text: dict[str, ObservedTaskUse] = {}
        self._use_by_code_text: dict[tuple[str, str], ObservedTaskUse] = {}
        self._p_by_text: dict[str, float] = {}
        self._p_by_code_text: dict[tuple[str, str], float] = {}
        for task in catalog.tasks():
            key = task_key(task.task)
            use = by_task.get(task.task_id)
            if use is not None:
                self._use_by_code_text[(task.onet_soc_code, key)] = use
                self._use_by_text.setdefault(key, use)
            a = adoption.get(task.task_id)
            if a is not None:
                self._p_by_code_text[(task.onet_soc_code, key)] = a.p_adoption
                self._p_by_text[key] = max(self._p_by_text.get(key, 0.0), a.p_adoption)

    def observed(self, catalog: Catalog, text: str, code: str = "") -> ObservedTaskUse | None:
        key = task_key(text)
        found = self._use_by_code_text.get((code, key)) if code else None
        return found or self._use_by_text.get(key) or catalog.observed_use_of_text(text)

    def __call__(
        self, catalog: Catalog, texts: Sequence[str], codes: Sequence[str] | None, exposure: np.ndarray
    ) -> dict[str, list[float | None]]:
        """``exposure``: (n, 4) = P(E1), P(E2), exposure, automation of the task model per row."""
        codes = list(codes) if codes is not None else [""] * len(texts)
        shares: list[float | None] = []
        p: list[float | None] = [None] * len(texts)
        free: list[int] = []
        for i, (text, code) in enumerate(zip(texts, codes)):
            text, code = str(text), str(code or "").strip()
            use = self.observed(catalog, text, code)
            shares.append(None if use is None else round(use.usage_share_pct, 6))
            key = task_key(text)
            if use is not None:
                p[i] = 1.0
            elif code and (code, key) in self._p_by_code_text:
                p[i] = round(self._p_by_code_text[(code, key)], 4)
            elif key in self._p_by_text:
                p[i] = round(self._p_by_text[key], 4)
            elif key:
                free.append(i)
        if free and self.model is not None:
            rows = AdoptionRows.free_text(
                [str(texts[i]) for i in free], exposure[free], [str(codes[i] or "") for i in free]
            )
            for i, value in zip(free, self.model.estimator.predict_proba(rows)[:, 1]):
                p[i] = round(float(value), 4)
        return {"observed_share_pct": shares, "p_adoption": p}
