"""Modern tasks labelled by the rubric, as training rows for the free-text path (an option).

``data/modern_tasks_train.csv`` (columns ``task``, ``onet_soc_code``, ``occupation``,
``domain``, ``label`` E0/E1/E2) holds tasks written the way workers describe their week in
2025-2026, labelled with ``docs/exposure-rubric.md`` before any model output was seen and kept
apart from the development sets (``docs/free-text.md`` says how it was made and checked).
Every labelled O*NET statement is written in O*NET's words; these rows give the text models
today's words ("rotate the API keys", "tune the learning rate") next to O*NET's.

``read_modern_tasks`` reads and checks the file (every rejected row named with its reason);
``modern_rows`` turns it into rows the model reads as it reads a person's task: the jargon
translated with O*NET's vocabulary (:mod:`.vocabulary`), no DWA links. ``modern_folds`` puts
each row in the cross-fitting fold of its occupation, so a fold's models never see the
modern tasks of the occupations they are scored on. The estimator uses them only when its
``modern_weight`` is above 0 (:class:`.estimator.TaskExposureEstimator`).
"""

from __future__ import annotations

import hashlib
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from jobrisk.errors import MissingColumnError, ModelError

if TYPE_CHECKING:
    import pandas as pd

    from jobrisk.models.task_exposure.estimator import TaskRows
    from jobrisk.models.task_exposure.vocabulary import JargonVocabulary

MODERN_TRAIN_PATH = Path(__file__).resolve().parent / "data" / "modern_tasks_train.csv"
_COLUMNS = ("task", "onet_soc_code", "domain", "label")
_LABELS = {"E0": 0, "E1": 1, "E2": 2}
_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
#: Where the modern rows go when the option is on: the stage-1 text models, the reference rows of
#: the nearest-task search, and the free-text stage 2 (all cross-fitted by occupation).
MODERN_PARTS = ("text", "neighbours", "stage2")


def read_modern_tasks(path: Path = MODERN_TRAIN_PATH, known_codes: set[str] | None = None) -> pd.DataFrame:
    """The checked training rows; raises ModelError naming every bad row (line number, reason)."""
    import pandas as pd

    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in _COLUMNS:
        if column not in frame.columns:
            raise MissingColumnError(f"Modern training tasks {path}", column, list(frame.columns))
    problems = []
    seen: dict[str, int] = {}
    for i, row in enumerate(frame.itertuples(index=False), start=2):  # line 1 is the header
        text = str(row.task).strip()
        if not text:
            problems.append(f"line {i}: empty task")
        if row.label not in _LABELS:
            problems.append(f"line {i}: label {row.label!r} is not E0, E1 or E2")
        if not _CODE.match(str(row.onet_soc_code)):
            problems.append(f"line {i}: O*NET-SOC code {row.onet_soc_code!r} is not of the form 15-1252.00")
        elif known_codes is not None and row.onet_soc_code not in known_codes:
            problems.append(f"line {i}: O*NET-SOC code {row.onet_soc_code} is not in the catalog")
        key = text.lower()
        if key in seen:
            problems.append(f"line {i}: same task as line {seen[key]}")
        seen.setdefault(key, i)
    if problems:
        raise ModelError(f"Modern training tasks {path}: {len(problems)} bad rows: " + "; ".join(problems))
    return frame


def modern_checksum(frame: pd.DataFrame) -> str:
    """sha256 of the modern training rows as trained on (task, code, label)."""
    digest = hashlib.sha256()
    for task, code, label in zip(frame["task"], frame["onet_soc_code"], frame["label"]):
        digest.update(f"{task}\t{code}\t{label}\n".encode())
    return digest.hexdigest()


def modern_labels(frame: pd.DataFrame) -> np.ndarray:
    return frame["label"].map(_LABELS).to_numpy(int)


def modern_rows(frame: pd.DataFrame, jargon: JargonVocabulary | None) -> TaskRows:
    """Rows as the model reads a person's task: jargon translated, no DWA links; ``plain`` keeps the
    person's words for the nearest-task search."""
    from jobrisk.models.task_exposure.estimator import TaskRows
    from jobrisk.models.task_exposure.text import clean_task_text

    cleaned = [clean_task_text(t)[0] for t in frame["task"]]
    read = [jargon.translate(t).text for t in cleaned] if jargon is not None else list(cleaned)
    codes = frame["onet_soc_code"].astype(str).tolist()
    return TaskRows(read, codes, [""] * len(cleaned), cleaned)


def join_rows(first: TaskRows, second: TaskRows) -> TaskRows:
    """``first`` then ``second`` (``plain`` falls back on ``task`` where one side lacks it)."""
    from jobrisk.models.task_exposure.estimator import TaskRows

    plain = None
    if first.plain is not None or second.plain is not None:
        plain = (first.plain or first.task) + (second.plain or second.task)
    return TaskRows(
        first.task + second.task,
        first.onet_soc_code + second.onet_soc_code,
        first.dwa_tokens + second.dwa_tokens,
        plain,
    )


def modern_folds(modern_codes: list[str], folds: list[tuple[np.ndarray, np.ndarray]], codes: np.ndarray) -> np.ndarray:
    """Fold of each modern row: the fold whose test part holds its occupation's O*NET tasks, else a
    fold chosen by the code alone (stable across runs), so an occupation's rows share one fold."""
    fold_of: dict[str, int] = {}
    for k, (_, test) in enumerate(folds):
        for code in set(codes[test].tolist()):
            fold_of[code] = k
    n = len(folds)
    return np.array([fold_of.get(c, zlib.crc32(c.encode()) % n) for c in modern_codes], dtype=int)


def jargon_vocabulary(data) -> JargonVocabulary:
    """O*NET's vocabulary for the jargon of free text, from a :class:`.training.TrainingSet`."""
    from jobrisk.models.embeddings import wordllama_words
    from jobrisk.models.task_exposure.vocabulary import JargonVocabulary

    ordinary = list(data.onet_tasks["task"]) + list(data.dwa_reference[1]) + list(data.title_words)
    return JargonVocabulary.from_terms(data.technology_terms, ordinary, wordllama_words())


class _Modern:
    """The modern rows of one fit and where they go (:meth:`.estimator.TaskExposureEstimator.fit`):
    the stage-1 inputs of each fold, the reference rows of its nearest-task search, the rows'
    cross-fitted stage-1 outputs (``oof``) and their stage-2 rows. Off: every method passes the
    O*NET inputs through unchanged."""

    on = False
    parts: frozenset[str] = frozenset()
    n_folds = 0
    fold: np.ndarray
    rows: TaskRows
    y: np.ndarray
    weight: float
    plain: list[str]
    emb: np.ndarray
    plain_emb: np.ndarray
    oof: np.ndarray

    @classmethod
    def of(cls, estimator, modern, encoder, folds, codes: np.ndarray) -> _Modern:
        self = cls()
        self.n_folds = len(folds)
        self.fold = np.zeros(0, dtype=int)
        self.on = modern is not None and float(estimator.modern_weight) > 0 and len(modern[0]) > 0
        if not self.on:
            return self
        self.parts = frozenset(estimator.modern_parts)
        unknown = sorted(self.parts - set(MODERN_PARTS))
        if unknown:
            raise ValueError(f"modern_parts: unknown part(s) {', '.join(unknown)}; known: {', '.join(MODERN_PARTS)}")
        self.rows, self.y = modern[0], np.asarray(modern[1], dtype=int)
        self.weight = float(estimator.modern_weight)
        self.plain = self.rows.plain or self.rows.task
        self.emb = encoder.embed(self.rows.task)
        self.plain_emb = encoder.embed(self.plain)
        self.fold = modern_folds(self.rows.onet_soc_code, folds, codes)
        return self

    def _train(self, k: int) -> np.ndarray:
        """Modern rows a fold's models may see (all of them for the full model, k < 0 or k >= folds)."""
        if k < 0 or k >= self.n_folds:
            return np.arange(len(self.y))
        return np.flatnonzero(self.fold != k)

    def stage1_inputs(self, rows, human, gpt4, automation, emb, physical, train: np.ndarray, k: int) -> tuple:
        """(rows, human, gpt4, automation, embeddings, physical, weights, text_only) of one stage-1 fit."""
        base = (rows.take(train), human[train], gpt4[train], automation[train], emb[train])
        part_physical = None if physical is None else physical[train]
        if "text" not in self.parts:
            return (*base, part_physical, None, None)
        mk = self._train(k)
        n, none = len(mk), np.full(len(mk), -1)
        return (
            join_rows(base[0], self.rows.take(mk)),
            np.concatenate([base[1], self.y[mk]]),
            np.concatenate([base[2], self.y[mk]]),  # the rubric label stands for both raters' reading
            np.concatenate([base[3], none]),  # no automation level
            np.vstack([base[4], self.emb[mk]]),
            None if part_physical is None else np.concatenate([part_physical, none]),
            np.concatenate([np.ones(len(train)), np.full(n, self.weight)]),
            np.concatenate([np.zeros(len(train), dtype=bool), np.ones(n, dtype=bool)]),
        )

    def start_oof(self, prior: np.ndarray) -> None:
        from jobrisk.models.task_exposure.neighbours import neutral_features
        from jobrisk.models.task_exposure.stage2 import _N_STAGE1_OUT, _NEIGHBOURS

        self.oof = np.zeros((len(self.fold), _N_STAGE1_OUT))
        self.oof[:, _NEIGHBOURS] = neutral_features(len(self.fold), prior)

    def reference(self, featurizer, words, vectors, human, gpt4, kinds, k: int) -> tuple:
        """The nearest-task search's reference rows of fold ``k`` (k < 0: the full model)."""
        if "neighbours" not in self.parts:
            return words, vectors, human, gpt4, kinds
        from scipy import sparse

        from jobrisk.models.task_exposure.neighbours import UNKNOWN

        mk = self._train(k)
        m_words = featurizer.words_.transform([self.plain[i] for i in mk])
        return (
            sparse.vstack([words, m_words]).tocsr(),
            np.vstack([vectors, self.plain_emb[mk]]),
            np.concatenate([human, self.y[mk]]),
            np.concatenate([gpt4, self.y[mk]]),
            np.concatenate([kinds, np.full(len(mk), UNKNOWN, dtype=np.asarray(kinds).dtype)]),
        )

    @property
    def n_reference(self) -> int:
        """How many modern rows the full model's reference rows end with."""
        return len(self.y) if "neighbours" in self.parts else 0

    def oof_query(self, featurizer, k: int) -> tuple:
        """(out, index, rows, embeddings, lookup words, lookup vectors) of fold ``k``'s modern rows."""
        test = np.flatnonzero(self.fold == k)
        lookup = featurizer.words_.transform([self.plain[i] for i in test])
        return self.oof, test, self.rows.take(test), self.emb[test], lookup, self.plain_emb[test]

    def context(self, occupation_context: dict) -> np.ndarray:
        if not self.on:
            return np.zeros((0, 6))
        return np.vstack([occupation_context.get(c, np.full(6, 1 / 3)) for c in self.rows.onet_soc_code])

    def stage2_rows(self, x: np.ndarray | None, pick: np.ndarray | None = None) -> tuple:
        """(x, labels, weights) of the modern rows for the free-text stage 2, or three Nones."""
        if x is None or "stage2" not in self.parts:
            return None, None, None
        pick = np.ones(len(x), dtype=bool) if pick is None else pick
        return x[pick], self.y[pick], np.full(int(pick.sum()), self.weight)
