"""The task exposure estimator: two stacked stages of multinomial logistic regressions.

Stage 1 (on the feature views of :mod:`.features`), five models:

- text view -> human exposure E0/E1/E2, GPT-4 exposure E0/E1/E2, GPT-4 automation T0..T4;
- text + DWA view -> human exposure, GPT-4 automation (used when the task has DWA links).

Next to the stage-1 outputs sit nearest-neighbour features (:mod:`.neighbours`): what the
most similar labelled O*NET tasks of other occupations say, and what the labelled tasks of the
nearest Detailed Work Activities say (DWA titles matched to the text). Stage 2 uses them only
where a task has no DWA links (a user's own words), so O*NET statements are scored as before.
Two options for free text, measured and off in the shipped model (docs/free-text.md: neither
lifted both development sets): ``sense_split`` fits a sixth stage-1 model (text view -> physical
work or not, the target from the task's DWA links under O*NET's physical work activities) whose
``p_physical`` splits both neighbour searches into physical and other work (:mod:`.neighbours`);
``unknown_share`` gives the free-text stage 2 the share of the words the text models read that
their vocabulary lacks (cross-fitted: a training task's share counts the words its fold's
vocabulary lacks), and its products with the text models' log-probabilities.

Stage 2 turns stage-1 log-probabilities into calibrated P(E0), P(E1), P(E2) for the human
label. It has four small variants, picked per row by what is known about it: DWA links
(yes/no) x occupation context (yes/no). The occupation context is the mean stage-1 output
over the occupation's O*NET tasks (labels never enter it). Stage 2 is trained on
stage-1 predictions cross-fitted by occupation (``GroupKFold``), so it learns how much to
trust each stage-1 model on occupations it has not seen.

Free text (a person's own words, marked by the caller) gets its own pair of stage-2 models
(``free_stage2_``, no DWA links x occupation yes/no), fit on the same cross-fitted inputs but
on both raters' labels of each O*NET task: the human label and GPT-4's label, weighted
``1 - free_text_gpt4_weight`` and ``free_text_gpt4_weight`` (the soft target of the two
readings of the rubric). O*NET statements always use ``stage2_`` (human labels only).

Automation potential = expected GPT-4 T-level / 4 (text + DWA model when links exist).
The scikit-learn contract holds: ``__init__`` stores parameters, ``fit`` returns self,
learned attributes end in ``_``.
"""

from __future__ import annotations

from dataclasses import dataclass

from typing import TYPE_CHECKING

import numpy as np

from jobrisk.errors import ModelNotTrainedError
from jobrisk.models.task_exposure.features import TaskFeaturizer
from jobrisk.models.task_exposure.stage1 import (
    _fit_stage1,
    _full_proba,
    _lr,
    _physical_proba,
    _predict_stage1,
    unknown_word_share,
)
from jobrisk.models.task_exposure.modern import MODERN_PARTS, _Modern
from jobrisk.models.task_exposure.neighbours import (
    Query,
    Reference,
    dwa_features,
    dwa_kinds,
    dwa_label_pools,
    neighbour_features,
    neutral_features,
    reference_views,
    task_kinds,
)
from jobrisk.models.task_exposure.stage2 import (
    _DWA_NEIGHBOURS,
    _FULL_A,
    _N_PROBA,
    _N_STAGE1_OUT,
    _NEIGHBOURS,
    _TASK_NEIGHBOURS,
    _TEXT_A,
    _UNKNOWN,
    _context_vectors,
    _has_dwa,
    _stage2_features,
)

if TYPE_CHECKING:  # pandas and joblib are imported to train, not to predict
    import pandas as pd

EXPOSURE_CLASSES = ("E0", "E1", "E2")
AUTOMATION_LEVELS = ("T0", "T1", "T2", "T3", "T4")
#: The sentence encoder of the task model. WordLlama (static, in the wordllama wheel) ranked the
#: development set's free text as well as the contextual MiniLM encoder (models.minilm, an optional
#: extra) at about a hundred times its speed; see docs/free-text.md for the comparison.
TASK_ENCODER = "wordllama-l2_supercat-256"
_N_CONTEXT = 6  # occupation mean of best human probs (3) and GPT-4 probs (3)
VARIANTS = ("text", "text+dwa", "text+occ", "text+dwa+occ")
FREE_TEXT_VARIANTS = ("text", "text+occ")
#: Weight of GPT-4's label (the rest on the human label) in the stage-2 models for free text. The
#: human O*NET labels carry their annotators' convention (E2 for many drafting and negotiation tasks,
#: few E1); GPT-4 applied the same rubric text literally. A person's own task is judged against the
#: rubric, not against O*NET's annotators, so free text is fit on both readings, equally weighted (a
#: choice made before measuring; its sensitivity is in docs/free-text.md). 0 = human labels only.
FREE_TEXT_GPT4_WEIGHT = 0.5


@dataclass(frozen=True)
class TaskRows:
    """Rows to fit or score: task text, O*NET-SOC code ('' when unknown) and DWA token string.

    ``plain`` (optional) is the text the nearest tasks and activities are looked up by when it differs
    from ``task``: the person's words (``task`` carries the jargon translation), with the words the
    model lacks read as the known words they are forms of (:mod:`.word_forms`).
    """

    task: list[str]
    onet_soc_code: list[str]
    dwa_tokens: list[str]
    plain: list[str] | None = None

    def __len__(self) -> int:
        return len(self.task)

    def take(self, index: np.ndarray) -> TaskRows:
        return TaskRows(
            [self.task[i] for i in index],
            [self.onet_soc_code[i] for i in index],
            [self.dwa_tokens[i] for i in index],
            None if self.plain is None else [self.plain[i] for i in index],
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> TaskRows:
        return cls(
            frame["task"].astype(str).tolist(),
            frame["onet_soc_code"].fillna("").astype(str).tolist(),
            frame["dwa_tokens"].fillna("").astype(str).tolist(),
        )


class TaskExposureEstimator:
    """Stacked task exposure model; see the module docstring for the method."""

    def __init__(
        self,
        C: float = 1.0,
        stage2_C: float = 1.0,
        crossfit_folds: int = 5,
        seed: int = 0,
        encoder_name: str = TASK_ENCODER,
        n_jobs: int = 2,
        char_ngrams: bool = False,
        neighbours: bool = True,
        free_text_gpt4_weight: float = FREE_TEXT_GPT4_WEIGHT,
        sense_split: bool = False,
        unknown_share: bool = False,
        modern_weight: float = 0.0,
        modern_parts: tuple[str, ...] = MODERN_PARTS,
        modern_cv: bool = False,
    ):
        self.C = C
        self.modern_weight = modern_weight
        self.modern_parts = tuple(modern_parts)
        self.modern_cv = modern_cv
        self.unknown_share = unknown_share
        self.sense_split = sense_split
        self.free_text_gpt4_weight = free_text_gpt4_weight
        self.char_ngrams = char_ngrams
        self.neighbours = neighbours
        self.stage2_C = stage2_C
        self.crossfit_folds = crossfit_folds
        self.seed = seed
        self.encoder_name = encoder_name
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------ fitting
    def fit(
        self,
        rows: TaskRows,
        human: np.ndarray,
        gpt4: np.ndarray,
        automation: np.ndarray,
        context_rows: TaskRows | None = None,
        dwa_reference: tuple[list[str], list[str]] | None = None,
        modern: tuple[TaskRows, np.ndarray] | None = None,
    ) -> TaskExposureEstimator:
        """Fit on labelled ``rows``; targets are class indices, -1 where a label is missing.

        ``human`` must be known for every row. ``context_rows`` are further task statements
        (e.g. every O*NET task) whose texts and DWA links, never labels, give occupation context.
        ``dwa_reference`` = (DWA ids, DWA titles) enables the nearest-DWA view for free text.
        ``modern`` = (rows, rubric labels) of modern tasks (:mod:`.modern`), used with weight
        ``modern_weight`` in the ``modern_parts`` named (none when the weight is 0).
        """
        human, gpt4, automation = (np.asarray(a, dtype=int) for a in (human, gpt4, automation))
        if len(rows) != len(human) or (human < 0).any():
            raise ValueError("fit: every row needs a human exposure label (0, 1 or 2)")
        codes = np.asarray(rows.onet_soc_code)
        n_groups = len(set(codes))
        if n_groups < 2:
            raise ValueError(f"fit: need tasks from at least 2 occupations for cross-fitting; got {n_groups}")
        from joblib import Parallel, delayed
        from sklearn.model_selection import GroupKFold

        encoder = TaskFeaturizer(self.encoder_name)
        emb = encoder.embed(rows.task)
        folds = list(
            GroupKFold(n_splits=min(self.crossfit_folds, n_groups), shuffle=True, random_state=self.seed).split(
                emb, human, codes
            )
        )
        jobs = [(tr, te) for tr, te in folds] + [(np.arange(len(rows)), None)]
        kinds = task_kinds(rows.dwa_tokens)
        physical = kinds if self.sense_split else None
        mod = _Modern.of(self, modern, encoder, folds, codes)
        fitted = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_stage1)(
                *mod.stage1_inputs(rows, human, gpt4, automation, emb, physical, tr, k),
                self.encoder_name,
                self.C,
                self.char_ngrams,
            )
            for k, (tr, _) in enumerate(jobs)
        )
        oof = np.zeros((len(rows), _N_STAGE1_OUT))
        self.class_prior_ = np.bincount(human, minlength=3) / len(human)
        oof[:, _NEIGHBOURS] = neutral_features(len(rows), self.class_prior_)
        mod.start_oof(self.class_prior_)
        use_dwas = self.neighbours and dwa_reference is not None and len(dwa_reference[0]) > 0
        if use_dwas and dwa_reference is not None:
            self.dwa_ids_, self.dwa_titles_ = list(dwa_reference[0]), list(dwa_reference[1])
            self.dwa_vectors_ = np.asarray(encoder.embed(self.dwa_titles_), dtype=np.float32)
            self.dwa_kinds_ = dwa_kinds(self.dwa_ids_)
        self.task_kinds_ = kinds
        for k, ((tr, te), (featurizer, models)) in enumerate(zip(folds, fitted[:-1])):
            words = featurizer.words_.transform(rows.task)
            ref_words, ref_vectors, ref_h, ref_g, ref_kinds = mod.reference(
                featurizer, words[tr], emb[tr], human[tr], gpt4[tr], kinds[tr], k
            )
            pools = (
                dwa_label_pools(self.dwa_ids_, [rows.dwa_tokens[i] for i in tr], human[tr], self.class_prior_)
                if use_dwas
                else None
            )
            dwa_words = featurizer.words_.transform(self.dwa_titles_) if use_dwas else None
            queries = [(oof, te, rows.take(te), emb[te], words[te], emb[te])]
            if mod.on:  # the fold's modern rows, read as free text is (looked up by the person's words)
                queries.append(mod.oof_query(featurizer, k))
            for out, index, part, part_emb, q_words, q_vectors in queries:
                text = featurizer.text_blocks(part.task, part_emb)
                out[index, :_N_PROBA] = _predict_stage1(featurizer, models, part, part_emb, text)
                if self.unknown_share:  # the words of the other folds' occupations, as for a new text
                    out[index, _UNKNOWN] = unknown_word_share(part.task, featurizer.vocabulary_)
                p_physical = _physical_proba(models, text)  # from the other folds' occupations
                if not self.neighbours:
                    continue
                query = Query(q_words, q_vectors, p_physical)
                reference = Reference(ref_words, ref_vectors, kinds=ref_kinds)
                out[index, _TASK_NEIGHBOURS] = neighbour_features(query, reference, ref_h, ref_g)
                if pools is not None and dwa_words is not None:
                    dwas = Reference(dwa_words, self.dwa_vectors_, kinds=self.dwa_kinds_)
                    out[index, _DWA_NEIGHBOURS] = dwa_features(query, dwas, pools)
        self.featurizer_, self.stage1_ = fitted[-1]
        if use_dwas:
            self.dwa_words_ = self.featurizer_.words_.transform(self.dwa_titles_)
            self.dwa_pools_ = dwa_label_pools(self.dwa_ids_, rows.dwa_tokens, human, self.class_prior_)
        (self.reference_words_, self.reference_vectors_, ref_h, ref_g, self.task_kinds_) = mod.reference(
            self.featurizer_, self.featurizer_.words_.transform(rows.task), emb, human, gpt4, kinds, -1
        )
        self.reference_vectors_ = np.asarray(self.reference_vectors_, dtype=np.float32)
        self.reference_labels_ = (np.asarray(ref_h).copy(), np.asarray(ref_g).copy())
        self.modern_reference_ = mod.n_reference
        has_dwa = _has_dwa(rows)

        # occupation context: cross-fitted for labelled occupations, full model for the rest
        self.occupation_context_ = {}
        if context_rows is not None and len(context_rows):
            trained_codes = set(codes)
            extra_index = np.array(
                [i for i, c in enumerate(context_rows.onet_soc_code) if c not in trained_codes], dtype=int
            )
            if len(extra_index):
                extra = context_rows.take(extra_index)
                extra_s1 = _predict_stage1(self.featurizer_, self.stage1_, extra, encoder.embed(extra.task))
                extra_s1 = np.hstack([extra_s1, neutral_features(len(extra), self.class_prior_)])
                self.occupation_context_.update(_context_vectors(extra_s1, _has_dwa(extra), extra.onet_soc_code))
        self.occupation_context_.update(_context_vectors(oof, has_dwa, rows.onet_soc_code))
        context = np.vstack([self.occupation_context_[c] for c in rows.onet_soc_code])

        self.stage2_ = {}
        for variant in VARIANTS:
            use = has_dwa if "dwa" in variant else np.ones(len(rows), dtype=bool)
            x = _stage2_features(oof[use], context[use], variant, self.neighbours, use_dwas)
            self.stage2_[variant] = _lr(self.stage2_C).fit(x, human[use])
        self.free_stage2_ = {}
        if float(self.free_text_gpt4_weight) > 0 and (gpt4 >= 0).any():
            m_context = mod.context(self.occupation_context_)
            for variant in FREE_TEXT_VARIANTS:
                x = _stage2_features(oof, context, variant, self.neighbours, use_dwas, self.unknown_share)
                m_x = (
                    _stage2_features(mod.oof, m_context, variant, self.neighbours, use_dwas, self.unknown_share)
                    if mod.on
                    else None
                )
                self.free_stage2_[variant] = self._free_stage2(x, human, gpt4, *mod.stage2_rows(m_x))
                if variant == "text" and self.modern_cv and m_x is not None:  # the modern rows' grouped CV
                    self.modern_oof_stage1_ = mod.oof
                    self.modern_cv_proba_ = np.zeros((len(m_x), 3))
                    for k in range(len(folds)):
                        test = mod.fold == k
                        model = self._free_stage2(x, human, gpt4, *mod.stage2_rows(m_x, ~test))
                        self.modern_cv_proba_[test] = _full_proba(model, m_x[test], 3)
        self.oof_stage1_ = oof
        self.automation_prior_ = float(np.mean(automation[automation >= 0]) / 4) if (automation >= 0).any() else 0.5
        return self

    def _free_stage2(self, x, human, gpt4, extra_x=None, extra_y=None, extra_w=None):
        """A free-text stage-2 model on both raters' labels, plus modern rows when given."""
        weight = float(self.free_text_gpt4_weight)
        rated = gpt4 >= 0
        xs, ys = [x, x[rated]], [human, gpt4[rated]]
        ws = [np.where(rated, 1 - weight, 1.0), np.full(int(rated.sum()), weight)]
        if extra_x is not None and len(extra_x):
            xs, ys, ws = xs + [extra_x], ys + [extra_y], ws + [extra_w]
        return _lr(self.stage2_C).fit(np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws))

    # ------------------------------------------------------------------ prediction
    def _check(self) -> None:
        if not hasattr(self, "stage2_"):
            raise ModelNotTrainedError("TaskExposureEstimator is not fitted; call fit() first")

    def views(self, which: str) -> tuple:
        """Transposed reference matrices for the nearest-neighbour search ('tasks' or 'dwas'), built on
        first use and kept for the process (never saved with the model)."""
        cache = self.__dict__.setdefault("_views", {})
        if which not in cache:
            words, vectors = (
                (self.reference_words_, self.reference_vectors_)
                if which == "tasks"
                else (self.dwa_words_, self.dwa_vectors_)
            )
            cache[which] = reference_views(words, vectors)
        return cache[which]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_views"}

    def _uses_dwa_view(self) -> bool:
        """False for a model saved before the nearest-DWA view (or fitted without DWA titles)."""
        return hasattr(self, "dwa_pools_")

    def _uses_neighbours(self) -> bool:
        """False for a model saved before the nearest-neighbour view existed (it scores as it did)."""
        return bool(getattr(self, "neighbours", False)) and hasattr(self, "reference_words_")

    def stage1(self, rows: TaskRows, embeddings: np.ndarray | None = None) -> np.ndarray:
        """Stage-1 probabilities and, for rows without DWA links, nearest-neighbour features."""
        self._check()
        emb = self.featurizer_.embed(rows.task) if embeddings is None else embeddings
        text = self.featurizer_.text_blocks(rows.task, emb)
        out = np.hstack(
            [
                _predict_stage1(self.featurizer_, self.stage1_, rows, emb, text),
                neutral_features(len(rows), self.class_prior_),
                np.zeros((len(rows), 1)),
            ]
        )
        if getattr(self, "unknown_share", False):
            out[:, _UNKNOWN] = unknown_word_share(rows.task, self.featurizer_.vocabulary_)
        if self._uses_neighbours():
            need = np.flatnonzero(~_has_dwa(rows) & np.array([bool(t.strip()) for t in rows.task], dtype=bool))
            if len(need):
                texts = [(rows.plain or rows.task)[i] for i in need]
                words = self.featurizer_.words_.transform(texts)
                vectors = emb[need] if rows.plain is None else self.featurizer_.embed(texts)
                p_physical = self.physical_proba(tuple(b[need] for b in text))
                query = Query(words, vectors, p_physical)
                reference = Reference(
                    self.reference_words_,
                    self.reference_vectors_,
                    self.views("tasks"),
                    getattr(self, "task_kinds_", None),
                )
                out[need, _TASK_NEIGHBOURS] = neighbour_features(query, reference, *self.reference_labels_)
                if self._uses_dwa_view():
                    dwas = Reference(
                        self.dwa_words_, self.dwa_vectors_, self.views("dwas"), getattr(self, "dwa_kinds_", None)
                    )
                    out[need, _DWA_NEIGHBOURS] = dwa_features(query, dwas, self.dwa_pools_)
        return out

    def physical_proba(self, text: tuple) -> np.ndarray | None:
        """P(physical work) of text-view blocks (:meth:`TaskFeaturizer.text_blocks`); None for a model
        fitted without the sense split (its neighbour searches are not split)."""
        if not getattr(self, "sense_split", False):
            return None
        return _physical_proba(self.stage1_, text)

    def combine(
        self, stage1: np.ndarray, rows: TaskRows, free_text: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(P(E0..E2), automation potential in [0, 1], variant index) from stage-1 outputs; rows
        marked in ``free_text`` that have no DWA links use the free-text stage-2 models."""
        self._check()
        free_models = getattr(self, "free_stage2_", {})  # absent from a model saved before them
        free = (
            np.zeros(len(rows), dtype=bool)
            if free_text is None or not free_models
            else np.asarray(free_text, dtype=bool)
        )
        has_dwa = _has_dwa(rows)
        has_occ = np.array([c in self.occupation_context_ for c in rows.onet_soc_code])
        context = (
            np.vstack([self.occupation_context_.get(c, np.full(_N_CONTEXT, 1 / 3)) for c in rows.onet_soc_code])
            if len(rows)
            else np.zeros((0, _N_CONTEXT))
        )
        variant_index = has_dwa.astype(int) + 2 * has_occ.astype(int)
        proba = np.zeros((len(rows), 3))
        for i, variant in enumerate(VARIANTS):
            for is_free in (False, True):
                pick = (variant_index == i) & (free == is_free)
                if not pick.any():
                    continue
                free_model = is_free and variant in free_models
                models = free_models if free_model else self.stage2_
                x = _stage2_features(
                    stage1[pick],
                    context[pick],
                    variant,
                    self._uses_neighbours(),
                    self._uses_dwa_view(),
                    free_model and bool(getattr(self, "unknown_share", False)),
                )
                proba[pick] = _full_proba(models[variant], x, 3)
        auto_p = np.where(has_dwa[:, None], stage1[:, _FULL_A], stage1[:, _TEXT_A])
        automation = auto_p @ np.arange(5) / 4.0
        return proba, automation, variant_index

    def predict_proba(self, rows: TaskRows) -> np.ndarray:
        return self.combine(self.stage1(rows), rows)[0]

    def predict(self, rows: TaskRows) -> np.ndarray:
        return self.predict_proba(rows).argmax(axis=1)

    def predict_automation(self, rows: TaskRows) -> np.ndarray:
        return self.combine(self.stage1(rows), rows)[1]

    def out_of_fold(self, rows: TaskRows) -> tuple[np.ndarray, np.ndarray]:
        """(P(E0..E2), automation) for the training rows from cross-fitted stage-1 models.

        ``rows`` must be the rows given to :meth:`fit`, in the same order.
        """
        self._check()
        if len(rows) != len(self.oof_stage1_):
            raise ValueError(f"out_of_fold: expected the {len(self.oof_stage1_)} training rows; got {len(rows)}")
        proba, automation, _ = self.combine(self.oof_stage1_, rows)
        return proba, automation
