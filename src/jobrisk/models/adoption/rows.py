"""The inputs of the adoption estimate: :class:`AdoptionRows`, from the catalog or from free text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jobrisk.catalog import Catalog

#: the exposure view, in column order
EXPOSURE_FEATURES = ("p_e1", "p_e2", "exposure", "automation")


@dataclass(frozen=True)
class AdoptionRows:
    """Tasks to fit or score: text, work-activity tokens ('' when unknown) and exposure (n x 4)."""

    task_id: tuple[int | None, ...]  # catalog task id, None for free text
    onet_soc_code: tuple[str, ...]  # '' when unknown
    text: tuple[str, ...]
    activity_tokens: tuple[str, ...]
    exposure: np.ndarray  # columns EXPOSURE_FEATURES

    def __post_init__(self) -> None:
        n = len(self.text)
        if not (
            len(self.task_id) == len(self.onet_soc_code) == len(self.activity_tokens) == n
            and self.exposure.shape == (n, len(EXPOSURE_FEATURES))
        ):
            raise ValueError(
                f"AdoptionRows: every field needs one entry per task ({n} texts; exposure shape {self.exposure.shape})"
            )

    def __len__(self) -> int:
        return len(self.text)

    def take(self, index: Sequence[int] | np.ndarray) -> AdoptionRows:
        idx = [int(i) for i in index]
        return AdoptionRows(
            tuple(self.task_id[i] for i in idx),
            tuple(self.onet_soc_code[i] for i in idx),
            tuple(self.text[i] for i in idx),
            tuple(self.activity_tokens[i] for i in idx),
            self.exposure[idx],
        )

    @classmethod
    def free_text(
        cls, texts: Sequence[str], exposure: np.ndarray, onet_soc_codes: Sequence[str] | None = None
    ) -> AdoptionRows:
        """Rows for a user's own task texts (no work-activity links) with the task model's exposure."""
        codes = tuple(onet_soc_codes) if onet_soc_codes is not None else ("",) * len(texts)
        return cls((None,) * len(texts), codes, tuple(texts), ("",) * len(texts), np.asarray(exposure, dtype=float))


def activity_tokens(dwa_ids: Sequence[str], iwa_ids: Sequence[str], element_ids: Sequence[str]) -> str:
    """Space-separated tokens of a task's detailed, intermediate and generalized work activities."""
    tokens = {f"dwa:{d}" for d in dwa_ids} | {f"iwa:{i}" for i in iwa_ids} | {f"gwa:{e}" for e in element_ids}
    return " ".join(sorted(tokens))


def catalog_rows(catalog: Catalog) -> AdoptionRows:
    """One row per catalog task that has a task exposure record (every task after a full build)."""
    exposures = {e.task_id: e for e in catalog.task_exposures()}
    dwas = catalog.task_dwas()
    ids, codes, texts, tokens, values = [], [], [], [], []
    for task in catalog.tasks():
        e = exposures.get(task.task_id)
        if e is None:
            continue
        links = dwas.get(task.task_id, [])
        ids.append(task.task_id)
        codes.append(task.onet_soc_code)
        texts.append(task.task)
        tokens.append(
            activity_tokens([d.dwa_id for d in links], [d.iwa_id for d in links], [d.element_id for d in links])
        )
        values.append((e.p_e1, e.p_e2, e.exposure, e.automation))
    return AdoptionRows(
        tuple(ids),
        tuple(codes),
        tuple(texts),
        tuple(tokens),
        np.asarray(values, dtype=float).reshape(len(ids), len(EXPOSURE_FEATURES)),
    )
