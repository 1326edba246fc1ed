"""The trained task exposure model as users meet it: score texts, explain a score.

``TaskExposureModel.score_texts(texts, onet_soc_codes=None) -> list[TaskScore]`` scores any
task text; ``score_arrays`` is the vectorised form used for files and the catalog;
``explain(text, k=5)`` returns the score with the nearest labelled tasks about the same work
(:mod:`.explanation`).

Free text (anything that is not an O*NET statement) is first translated with O*NET's own
vocabulary (:mod:`.vocabulary`): product and tool names get their commodity titles appended,
and ``TaskScore.terms`` says which. Its nearest labelled tasks and work activities are looked up
with the words the model lacks read as the known words they are forms of (:mod:`.word_forms`:
"rotates" as "rotate", "hyperparameters" as "parameters"; ``TaskScore.forms``).
``TaskScore.unfamiliar`` lists the words neither the model, its word forms nor the vocabulary
knows. ``explain`` also returns the nearest O*NET work activities (DWAs) about the same work,
with what the labelled tasks under them say.

A text that is an O*NET task statement (same words, case and final period aside) gets that
task's DWA links as features; with an O*NET-SOC code the occupation's context is used too.
A labelled O*NET statement is scored from its cross-fitted stage-1 outputs (never from models
that saw its occupation's labels), so its score equals the catalog's ``model_*`` columns.
Flagged input (see :mod:`.text`) gets its confidence cut; unreadable input (empty, gibberish,
non-English, cut) is also shrunk toward the training prior, unfamiliar words are not.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from jobrisk.catalog.types import ExposureEstimate
from jobrisk.models.task_exposure.estimator import TaskExposureEstimator, TaskRows
from jobrisk.models.task_exposure.explanation import TaskExplanation
from jobrisk.models.task_exposure.neighbours import Query, Reference, nearest_parts
from jobrisk.models.task_exposure.text import (
    clean_task_text,
    input_flags,
    quality_factor,
    shrink_factor,
    text_key,
    unknown_words,
)
from jobrisk.models.task_exposure.vocabulary import JargonVocabulary, TermNote
from jobrisk.models.task_exposure.word_forms import FormNote, WordForms


@dataclass(frozen=True)
class TaskScore(ExposureEstimate):
    """One task's exposure: the model's estimate of ``text`` (calibrated class probabilities and
    derived quantities) and what it was made from.

    exposure = P(E1) + 0.5 P(E2); automation = expected GPT-4 T-level / 4; confidence in [0, 1]
    is the top class probability times an input-quality factor; flags name input problems.
    """

    text: str
    flags: tuple[str, ...]
    evidence: str  # 'onet_statement+occupation' | 'onet_statement' | 'text+occupation' | 'text'
    terms: tuple[TermNote, ...] = ()  # names O*NET's vocabulary explained (free text only)
    unfamiliar: tuple[str, ...] = ()  # words neither the model nor the vocabulary knows
    forms: tuple[FormNote, ...] = ()  # words looked up as a known word they are a form of (free text)

    def as_dict(self) -> dict[str, Any]:
        """The score as JSON-ready fields, the text first and then its estimate (the order of
        ``jobrisk tasks score --json``; dataclasses.asdict would put the estimate first)."""
        return {"text": self.text, **asdict(self)}


@dataclass(frozen=True)
class ScoreArrays:
    """Vectorised scores: ``proba`` (n, 3), ``automation`` (n,), ``confidence`` (n,), flags, evidence."""

    cleaned: list[str]
    proba: np.ndarray
    automation: np.ndarray
    confidence: np.ndarray
    flags: list[tuple[str, ...]]
    evidence: list[str]
    terms: list[tuple[TermNote, ...]] | None = None
    unfamiliar: list[tuple[str, ...]] | None = None
    forms: list[tuple[FormNote, ...]] | None = None

    @property
    def exposure(self) -> np.ndarray:
        return self.proba[:, 1] + 0.5 * self.proba[:, 2]


_EVIDENCE = ("text", "onet_statement", "text+occupation", "onet_statement+occupation")
#: Free text (no DWA links) is scored under a class prior halfway (in log space) between the
#: training prior (E0 52%, E1 15%, E2 33% of O*NET labels) and equal shares: P ~ P_model x prior^-s.
#: O*NET statements bundle several activities and their human labels rarely say E1; a person's
#: own task is usually one concrete piece of work. Chosen on the development set (sensitivity
#: table in docs/free-text.md); 0 turns it off. O*NET statements are never shifted.
FREE_TEXT_PRIOR_SHIFT = 0.5


class TaskExposureModel:
    """A fitted estimator plus the reference tasks it explains with, and its manifest."""

    def __init__(self, estimator: TaskExposureEstimator, reference: dict, manifest: dict):
        self.estimator = estimator
        self.reference = reference
        self.manifest = manifest

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_training(cls, estimator: TaskExposureEstimator, data, manifest: dict) -> TaskExposureModel:
        labelled, onet = data.labelled, data.onet_tasks
        by_key: dict[str, str] = {}
        by_code_key: dict[tuple[str, str], str] = {}
        statements = zip(
            list(onet["onet_soc_code"]) + list(labelled["onet_soc_code"]),
            list(onet["task"]) + list(labelled["task"]),  # labelled wording may differ slightly
            list(onet["dwa_tokens"]) + list(labelled["dwa_tokens"]),
        )
        for code, task, tokens in statements:
            if tokens:
                by_key.setdefault(text_key(task), tokens)
                by_code_key[(code, text_key(task))] = tokens
        oof = estimator.oof_stage1_.astype(np.float32)
        oof_by_code_key = {
            (code, text_key(task)): i for i, (code, task) in enumerate(zip(labelled["onet_soc_code"], labelled["task"]))
        }
        groups: dict[str, list[int]] = {}
        for i, task in enumerate(labelled["task"]):
            groups.setdefault(text_key(task), []).append(i)
        oof_by_key = {key: oof[index].mean(axis=0) for key, index in groups.items()}
        from jobrisk.models.task_exposure.modern import jargon_vocabulary

        jargon = jargon_vocabulary(data)
        counts: dict[str, int] = {}
        for tokens in labelled["dwa_tokens"]:
            for token in tokens.split():
                if token.startswith("D_"):
                    counts[token[2:]] = counts.get(token[2:], 0) + 1
        reference = {
            "oof_stage1": oof,
            "oof_by_code_key": oof_by_code_key,
            "oof_by_key": oof_by_key,
            "task_id": labelled["task_id"].to_numpy(),
            "onet_soc_code": labelled["onet_soc_code"].tolist(),
            "task": labelled["task"].tolist(),
            "human": labelled["human"].to_numpy(),
            "gpt4": labelled["gpt4"].to_numpy(),
            "dwa_by_key": by_key,
            "dwa_by_code_key": by_code_key,
            "jargon": jargon,
            "dwa_labelled_tasks": counts,
        }
        return cls(estimator, reference, manifest)

    @classmethod
    def load(cls, settings, catalog) -> TaskExposureModel:
        """The saved model for ``catalog`` (raises CatalogMismatchError / ModelNotTrainedError)."""
        from jobrisk.models.task_exposure.artifact import load_model

        return load_model(settings, catalog)

    def save(self, settings) -> None:
        from jobrisk.models.task_exposure.artifact import save_model

        save_model(self, settings)

    @property
    def free_text_prior_shift(self) -> float:
        return float(self.manifest.get("free_text_prior_shift", FREE_TEXT_PRIOR_SHIFT))

    @property
    def model_version(self) -> str:
        return str(self.manifest.get("model_version", "unknown"))

    # ------------------------------------------------------------------ scoring
    def _dwa_for(self, cleaned: str, code: str) -> str:
        key = text_key(cleaned)
        return self.reference["dwa_by_code_key"].get((code, key)) or self.reference["dwa_by_key"].get(key, "")

    def score_rows(
        self,
        rows: TaskRows,
        flags: list[tuple[str, ...]],
        cleaned: list[str],
        stage1: np.ndarray | None = None,
        free_text_prior_shift: float = 0.0,
        free_text: np.ndarray | None = None,
    ) -> ScoreArrays:
        """Score prepared rows; ``stage1`` may carry precomputed (e.g. cross-fitted) stage-1 outputs;
        rows marked in ``free_text`` (default: none) are combined by the free-text stage-2 models
        (both raters' labels) and get the prior shift ``free_text_prior_shift`` (see
        FREE_TEXT_PRIOR_SHIFT)."""
        est = self.estimator
        if len(rows) == 0:
            return ScoreArrays([], np.zeros((0, 3)), np.zeros(0), np.zeros(0), [], [])
        s1 = self._stage1_cross_fitted(rows) if stage1 is None else stage1
        proba, automation, variant = est.combine(s1, rows, free_text)
        if free_text_prior_shift and free_text is not None and free_text.any():
            free = free_text & (variant % 2 == 0)  # never rows scored with DWA links
            shifted = proba[free] * est.class_prior_[None, :] ** -free_text_prior_shift
            proba[free] = shifted / shifted.sum(axis=1, keepdims=True)
        quality = np.array([quality_factor(f) for f in flags])
        keep = np.array([shrink_factor(f) for f in flags])
        prior = est.class_prior_[None, :]
        proba = keep[:, None] * proba + (1 - keep[:, None]) * prior
        automation = keep * automation + (1 - keep) * est.automation_prior_
        confidence = quality * proba.max(axis=1)
        return ScoreArrays(cleaned, proba, automation, confidence, flags, [_EVIDENCE[v] for v in variant])

    def is_onet_statement(self, cleaned: str) -> bool:
        """Whether ``cleaned`` is an O*NET task statement the model knows (case, spacing, final period aside)."""
        key = text_key(cleaned)
        return key in self.reference["dwa_by_key"] or key in self.reference["oof_by_key"]

    def _stage1_cross_fitted(self, rows: TaskRows) -> np.ndarray:
        """Stage-1 outputs; a labelled O*NET statement gets its cross-fitted (out-of-fold) outputs,
        so its score is what the model predicts without having seen that occupation's labels."""
        s1 = self.estimator.stage1(rows)
        ref = self.reference
        for i, (task, code) in enumerate(zip(rows.task, rows.onet_soc_code)):
            key = text_key(task)
            position = ref["oof_by_code_key"].get((code, key))
            saved = ref["oof_stage1"][position] if position is not None else ref["oof_by_key"].get(key)
            if saved is not None:
                s1[i, : len(saved)] = saved  # a model saved before the neighbour view has fewer columns
        return s1

    def prepare(
        self, texts: Sequence[object], onet_soc_codes: Sequence[object] | None = None
    ) -> tuple[TaskRows, list[tuple[str, ...]], list[str]]:
        """Clean texts, flag bad input, look up DWA links of recognised O*NET statements, translate
        the jargon of free text (the rows carry the text the model reads)."""
        rows, flags, cleaned, _, _, _ = self._prepare(texts, onet_soc_codes)
        return rows, flags, cleaned

    def _prepare(self, texts: Sequence[object], onet_soc_codes: Sequence[object] | None = None):
        vocabulary = self.estimator.featurizer_.vocabulary_
        jargon: JargonVocabulary | None = self.reference.get("jargon")
        codes = (
            [""] * len(texts)
            if onet_soc_codes is None
            else [
                "" if c is None or (isinstance(c, float) and math.isnan(c)) else str(c).strip() for c in onet_soc_codes
            ]
        )
        if len(codes) != len(texts):
            raise ValueError(f"score: got {len(texts)} texts but {len(codes)} O*NET-SOC codes")
        cleaned, flags, tokens, read, terms, unfamiliar, lookup, forms = [], [], [], [], [], [], [], []
        for text, code in zip(texts, codes):
            value, cut = clean_task_text(text)
            cleaned.append(value)
            links = self._dwa_for(value, code) if value else ""
            tokens.append(links)
            notes: tuple[TermNote, ...] = ()
            model_text = value
            free = bool(value) and not links and not self.is_onet_statement(value)
            if free and jargon is not None:
                translation = jargon.translate(value)
                model_text, notes = translation.text, translation.notes
            explained = {w.lower() for note in notes for w in note.term.split()}
            looked_up, found = self.word_forms.rewrite(value, explained) if free else (value, ())
            flags.append(input_flags(value, cut, vocabulary | explained if explained else vocabulary))
            read.append(model_text)
            lookup.append(looked_up)
            terms.append(notes)
            forms.append(found)
            explained |= {f.word.lower() for f in found}
            common = jargon.common if jargon is not None else frozenset()  # plain English needs no note
            unfamiliar.append(
                tuple(
                    w
                    for w in unknown_words(value, vocabulary)
                    if w.lower() not in explained and w.lower() not in common
                )
            )
        return TaskRows(read, codes, tokens, lookup), flags, cleaned, terms, unfamiliar, forms

    @property
    def word_forms(self) -> WordForms:
        """The word forms of the model's word vocabulary (built on first use, kept for the process)."""
        forms = self.__dict__.get("_word_forms")
        if forms is None:
            forms = self.__dict__["_word_forms"] = WordForms(self.estimator.featurizer_.vocabulary_)
        return forms

    def lookup_text(self, cleaned: str) -> str:
        """The words the nearest tasks and activities of a cleaned free text are looked up by."""
        return self._prepare([cleaned])[0].plain[0]

    def score_arrays(self, texts: Sequence[object], onet_soc_codes: Sequence[object] | None = None) -> ScoreArrays:
        rows, flags, cleaned, terms, unfamiliar, forms = self._prepare(texts, onet_soc_codes)
        arrays = self.score_rows(
            rows,
            flags,
            cleaned,
            free_text_prior_shift=self.free_text_prior_shift,
            free_text=np.array([not self.is_onet_statement(c) for c in cleaned], dtype=bool),
        )
        return ScoreArrays(
            arrays.cleaned,
            arrays.proba,
            arrays.automation,
            arrays.confidence,
            arrays.flags,
            arrays.evidence,
            terms,
            unfamiliar,
            forms,
        )

    def score_texts(self, texts: Sequence[object], onet_soc_codes: Sequence[object] | None = None) -> list[TaskScore]:
        """One :class:`TaskScore` per text (never raises on bad text; flags it instead)."""
        arrays = self.score_arrays(texts, onet_soc_codes)
        exposure = arrays.exposure
        n = len(arrays.cleaned)
        terms = arrays.terms or [()] * n
        unfamiliar = arrays.unfamiliar or [()] * n
        forms = arrays.forms or [()] * n
        return [
            TaskScore(
                p_e0=float(arrays.proba[i, 0]),
                p_e1=float(arrays.proba[i, 1]),
                p_e2=float(arrays.proba[i, 2]),
                exposure=float(exposure[i]),
                automation=float(arrays.automation[i]),
                confidence=float(arrays.confidence[i]),
                text=arrays.cleaned[i],
                flags=arrays.flags[i],
                evidence=arrays.evidence[i],
                terms=terms[i],
                unfamiliar=unfamiliar[i],
                forms=forms[i],
            )
            for i in range(n)
        ]

    # ------------------------------------------------------------------ explanation
    def nearest(self, texts: Sequence[str], k: int = 5) -> tuple[np.ndarray, np.ndarray]:
        """(indices, similarities) of the ``k`` nearest labelled O*NET tasks for each text, best first
        (the neighbours the model's nearest-neighbour view weighs; a model trained with modern
        tasks also weighs those, which explanations never show)."""
        est = self.estimator
        texts = list(texts)
        if not hasattr(est, "reference_words_"):  # a model saved before the neighbour view: encoder only
            sims = est.featurizer_.embed(texts) @ np.asarray(self.reference["vectors"], dtype=np.float32).T
            index = np.argsort(-sims, axis=1, kind="stable")[:, :k]
            return index, np.take_along_axis(sims, index, axis=1)
        n = len(self.reference["task"])  # the O*NET rows only: modern training rows are never shown
        onet = None if n == est.reference_words_.shape[0] else (np.arange(n),)
        query = Query(est.featurizer_.words_.transform(texts), est.featurizer_.embed(texts))
        reference = Reference(est.reference_words_, est.reference_vectors_, est.views("tasks"))
        return nearest_parts(query, reference, k, onet)[0]

    def explain(self, text: str, k: int = 5, onet_soc_code: str | None = None) -> TaskExplanation:
        """The score of ``text`` with up to ``k`` labelled tasks and O*NET work activities about the
        same work (:mod:`.explanation`), and plain notes on its words and on what is shown."""
        return self.explain_texts([text], None if onet_soc_code is None else [onet_soc_code], k)[0]

    def explain_texts(
        self, texts: Sequence[object], onet_soc_codes: Sequence[object] | None = None, k: int = 5
    ) -> list[TaskExplanation]:
        """:meth:`explain` for many texts at once (one search for all of them)."""
        from jobrisk.models.task_exposure.explanation import explain_texts

        return explain_texts(self, texts, onet_soc_codes, k)
