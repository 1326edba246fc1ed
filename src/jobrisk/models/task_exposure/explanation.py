"""Explanations a person can check: the nearest labelled tasks and work activities about the same work.

A task in someone's own words is explained by the labelled tasks nearest to it, and by the
nearest O*NET work activities (DWAs). Nearest is not the same work: "Tune hyperparameters of
gradient boosted models" lies nearest to "Tune or overhaul engines". So a candidate is shown
only when it passes the **same-work test** (:meth:`SameWork.shared`):

- its similarity to the text (the blend of word TF-IDF and sentence-encoder cosines the
  model's neighbour view uses) is at least ``SAME_WORK_FLOOR`` (``ACTIVITY_FLOOR`` for a work
  activity), floors calibrated on O*NET tasks whose own occupation was held out
  (``benchmarks/check_explanations.py --calibrate``);
- and it shares a telling word with the text: a word of four letters or more (a final "s",
  "-ing" or "-ed" aside) that at most ``COMMON_SHARE`` of the labelled statements have (so not
  "using", "equipment" or "data"), other than the text's first word (its verb) alone. The text's
  words count as the person wrote them, as the O*NET words they were looked up by
  ("hyperparameters" as "parameters") and with the O*NET titles of the products named ("NetSuite":
  enterprise resource planning software); a modern task's words count likewise.

The candidates are the labelled O*NET tasks and, when the model was trained on them, jobrisk's
labelled modern tasks (``data/modern_tasks_train.csv``, shown as "from jobrisk's labelled modern
tasks" with their rubric label). They are read from the packaged file only when its checksum is
the one the model was trained on (``modern_tasks_sha256`` in the manifest). When no candidate
passes, the explanation says so instead of showing other work.

Pure Python over the model's arrays; pandas only reads the packaged modern tasks, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from jobrisk.errors import InputError, ModelError
from jobrisk.models.fitted_sklearn import ENGLISH_STOP_WORDS
from jobrisk.models.task_exposure import modern
from jobrisk.models.task_exposure.estimator import EXPOSURE_CLASSES
from jobrisk.models.task_exposure.neighbours import DWA_PRIOR_WEIGHT, Query, Reference, nearest_parts

if TYPE_CHECKING:
    from jobrisk.models.task_exposure.model import TaskExposureModel, TaskScore

#: Lowest blended similarity of a labelled task shown as about the same work (calibrated, see above).
SAME_WORK_FLOOR = 0.25
#: Lowest blended similarity of a work activity (DWA title) shown as about the same work.
ACTIVITY_FLOOR = 0.25
#: A word in more than this share of the labelled statements tells little about which work it is.
COMMON_SHARE = 0.03
#: How many nearest labelled tasks and work activities are checked for the same-work test.
CANDIDATES = 40
MIN_WORD_LENGTH = 4
MODERN_PATH = modern.MODERN_TRAIN_PATH
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'+#-]*[A-Za-z0-9+#]|[A-Za-z]")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem for comparing words: lower case, a plural, "-ing", "-ed" and a final "e" aside
    ("schedules", "scheduling", "scheduled" -> "schedul")."""
    w = word.lower().removesuffix("'s")
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        w = w[:-1]
    if w.endswith("ing") and len(w) > 5:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4:
        w = w[:-2]
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@dataclass(frozen=True)
class Neighbour:
    """A labelled task about the same work as the scored text. ``source`` 'onet' (an O*NET task,
    ``task_id`` its id, ``human_exposure`` its human label) or 'modern' (one of jobrisk's labelled
    modern tasks, ``task_id`` None, ``human_exposure`` its rubric label, ``occupation`` named);
    similarity = the blend of word TF-IDF and encoder cosines of the model's neighbour view (1 =
    same words and meaning); ``shared`` = the words that say it is the same work."""

    task_id: int | None
    onet_soc_code: str
    task: str
    human_exposure: str
    gpt4_exposure: str | None
    similarity: float
    source: str = "onet"
    shared: tuple[str, ...] = ()
    occupation: str = ""

    @property
    def source_label(self) -> str:
        """Where the task comes from, as a person reads it."""
        return "from jobrisk's labelled modern tasks" if self.source == "modern" else "O*NET task"


@dataclass(frozen=True)
class ActivityNeighbour:
    """An O*NET Detailed Work Activity about the same work as the scored text, with the labelled
    tasks linked to it: ``labelled_tasks`` of them, ``exposed_share`` labelled E1 or E2 (None when
    none is labelled); ``shared`` as for :class:`Neighbour`."""

    dwa_id: str
    dwa_title: str
    labelled_tasks: int
    exposed_share: float | None
    similarity: float
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskExplanation:
    """A score with the nearest labelled tasks and work activities about the same work, nearest
    first (empty when none passes the same-work test); ``left_out`` the nearer labelled tasks that
    failed it; ``word_notes`` (:func:`word_notes`) and ``same_work_notes``, plain sentences on what
    is shown and what is left out (:func:`same_work_notes`)."""

    score: TaskScore
    neighbours: list[Neighbour]
    activities: list[ActivityNeighbour] = field(default_factory=list)
    word_notes: list[str] = field(default_factory=list)
    same_work_notes: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    activity_notes: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """The word notes and the notes on the labelled tasks shown (not those on work activities)."""
        return self.word_notes + self.same_work_notes


@dataclass(frozen=True)
class ModernTasks:
    """jobrisk's labelled modern tasks, in the order of the model's reference rows."""

    task: list[str]
    onet_soc_code: list[str]
    occupation: list[str]
    label: list[str]


def read_modern_tasks(expected_sha256: str, expected_rows: int, path: Path = MODERN_PATH) -> ModernTasks | None:
    """The packaged modern tasks, or None unless they are the rows the model was trained on (same
    checksum, :func:`.modern.modern_checksum`, and count) and pass the training set's checks."""
    if not expected_sha256 or expected_rows <= 0 or not path.exists():
        return None
    try:
        frame = modern.read_modern_tasks(path)
    except (InputError, ModelError, OSError):
        return None
    if len(frame) != expected_rows or modern.modern_checksum(frame) != expected_sha256:
        return None
    occupation = frame["occupation"] if "occupation" in frame.columns else [""] * len(frame)
    return ModernTasks(
        [t.strip() for t in frame["task"]], list(frame["onet_soc_code"]), list(occupation), list(frame["label"])
    )


class SameWork:
    """The same-work test of one model: which words are telling (rare enough in the labelled
    statements), and the telling words of each candidate (computed once, kept)."""

    def __init__(self, statements: Sequence[str]):
        counts: dict[str, int] = {}
        for text in statements:
            for s in {stem(w) for w in words(text)}:
                counts[s] = counts.get(s, 0) + 1
        limit = max(1.0, COMMON_SHARE * len(statements))  # a tiny reference: only repeated words
        self.common = frozenset(s for s, c in counts.items() if c > limit)
        self._cache: dict[tuple[str, int], dict[str, str]] = {}

    def telling(self, text: str, extra: Iterable[str] = (), products: Iterable[str] = ()) -> dict[str, str]:
        """{key: word} of the telling words of ``text`` and of the ``extra`` texts (its look-up
        words), in order, then the O*NET titles of the ``products`` it names (a whole title is
        one key: two tasks naming products of one kind share it)."""
        out: dict[str, str] = {}
        for part in (text, *extra):
            for w in words(part):
                lw = w.lower()
                if len(lw) < MIN_WORD_LENGTH or lw in ENGLISH_STOP_WORDS:
                    continue
                s = stem(lw)
                if s not in self.common:
                    out.setdefault(s, lw)
        for title in products:
            out.setdefault("product: " + title.lower(), title[:1].lower() + title[1:])
        return out

    def of_candidate(self, kind: str, i: int, text: str, products: Iterable[str] = ()) -> dict[str, str]:
        key = (kind, i)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self.telling(text, (), products)
        return found

    @staticmethod
    def shared(mine: dict[str, str], verb: str, theirs: dict[str, str]) -> tuple[str, ...]:
        """The telling words ``theirs`` shares with ``mine`` (as the text has them), or () when they
        share none or only the text's verb."""
        both = [s for s in mine if s in theirs]
        if not both or both == [verb]:
            return ()
        return tuple(mine[s] for s in both)


def first_stem(text: str) -> str:
    found = words(text)
    return stem(found[0]) if found else ""


def quoted(items: Sequence[str], last: str = "and") -> str:
    marks = [f"'{w}'" for w in items]
    if not marks:
        return ""
    return marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + f" {last} " + marks[-1]


def explain_texts(
    model: TaskExposureModel, texts: Sequence[object], codes: Sequence[object] | None = None, k: int = 5
) -> list[TaskExplanation]:
    """Each text's score with up to ``k`` labelled tasks and work activities about the same work."""
    scores = model.score_texts(texts, codes)
    found = [i for i, s in enumerate(scores) if s.text]
    out = [TaskExplanation(s, [], [], word_notes(s)) for s in scores]  # empty text: nothing to show
    est = model.estimator
    if not found or k <= 0 or not hasattr(est, "reference_words_"):
        return out
    lookups = [model.lookup_text(scores[i].text) if scores[i].forms else scores[i].text for i in found]
    query = Query(est.featurizer_.words_.transform(lookups), est.featurizer_.embed(lookups))
    view = _view(model)
    n_onet = len(model.reference["task"])
    part = None if view.modern is not None else (np.arange(n_onet),)
    reference = Reference(est.reference_words_, est.reference_vectors_, est.views("tasks"))
    index, sims = nearest_parts(query, reference, CANDIDATES, part)[0]
    activities: tuple | None = None
    if hasattr(est, "dwa_pools_"):
        dwas = Reference(est.dwa_words_, est.dwa_vectors_, est.views("dwas"))
        activities = nearest_parts(query, dwas, CANDIDATES)[0]
    for row, i in enumerate(found):
        score = scores[i]
        products = [t.meaning for t in score.terms]
        mine, verb = view.test.telling(score.text, [lookups[row]], products), first_stem(score.text)
        shown, left_out = _tasks(model, view, mine, verb, index[row], sims[row], k)
        acts = (
            []
            if activities is None
            else _activities(model, view, mine, verb, activities[0][row], activities[1][row], k)
        )
        notes = same_work_notes(shown, left_out)
        no_acts = [ACTIVITY_NONE] if activities is not None and not acts else []
        out[i] = TaskExplanation(score, shown, acts, word_notes(score), notes, left_out, no_acts)
    return out


@dataclass
class _View:
    test: SameWork
    modern: ModernTasks | None


def _view(model: TaskExposureModel) -> _View:
    """The model's same-work test and modern tasks (built on first use, kept with the model)."""
    view = model.__dict__.get("_same_work")
    if view is None:
        est, manifest = model.estimator, model.manifest
        n_modern = int(getattr(est, "modern_reference_", 0))
        modern = read_modern_tasks(str(manifest.get("modern_tasks_sha256", "")), n_modern) if n_modern else None
        statements = list(model.reference["task"]) + (modern.task if modern else [])
        view = model.__dict__["_same_work"] = _View(SameWork(statements), modern)
    return view


def _tasks(model, view: _View, mine, verb, index, sims, k: int) -> tuple[list[Neighbour], list[str]]:
    ref, n_onet = model.reference, len(model.reference["task"])
    jargon = ref.get("jargon")
    shown: list[Neighbour] = []
    left_out: list[str] = []
    for j, sim in zip(index.tolist(), sims.tolist()):
        if len(shown) >= k or sim < SAME_WORK_FLOOR:
            break
        if j < n_onet:
            text = ref["task"][j]
            theirs = view.test.of_candidate("task", j, text)
        else:
            m = view.modern
            if m is None:
                continue
            text = m.task[j - n_onet]
            meanings = [t.meaning for t in jargon.translate(text).notes] if jargon is not None else []
            theirs = view.test.of_candidate("modern", j, text, meanings)
        shared = view.test.shared(mine, verb, theirs)
        if not shared:
            if not shown:
                left_out.append(text)
            continue
        if j < n_onet:
            gpt4 = int(ref["gpt4"][j])
            shown.append(
                Neighbour(
                    int(ref["task_id"][j]),
                    ref["onet_soc_code"][j],
                    text,
                    EXPOSURE_CLASSES[int(ref["human"][j])],
                    EXPOSURE_CLASSES[gpt4] if gpt4 >= 0 else None,
                    float(sim),
                    "onet",
                    shared,
                )
            )
        elif view.modern is not None:
            m, q = view.modern, j - n_onet
            shown.append(
                Neighbour(
                    None, m.onet_soc_code[q], text, m.label[q], None, float(sim), "modern", shared, m.occupation[q]
                )
            )
    return shown, left_out


def _activities(model, view: _View, mine, verb, index, sims, k: int) -> list[ActivityNeighbour]:
    est = model.estimator
    counts = model.reference.get("dwa_labelled_tasks", {})
    out: list[ActivityNeighbour] = []
    for j, sim in zip(index.tolist(), sims.tolist()):
        if len(out) >= k or sim < ACTIVITY_FLOOR:
            break
        title = est.dwa_titles_[j]
        shared = view.test.shared(mine, verb, view.test.of_candidate("dwa", j, title))
        if not shared:
            continue
        dwa_id = est.dwa_ids_[j]
        n = int(counts.get(dwa_id, 0))
        exposed = None
        if n:  # the pool without its prior pseudo-tasks
            exposed = float(1 - unshrunk_e0(est.dwa_pools_[j][0], n, est.class_prior_[0]))
        out.append(ActivityNeighbour(dwa_id, title, n, exposed, float(sim), shared))
    return out


def unshrunk_e0(pooled: float, n: int, prior: float) -> float:
    """P(E0) among a DWA's ``n`` labelled tasks, undoing the prior's pseudo-count in the pool."""
    total = n + DWA_PRIOR_WEIGHT
    return min(1.0, max(0.0, (pooled * total - DWA_PRIOR_WEIGHT * prior) / n))


def word_notes(score: TaskScore) -> list[str]:
    """Plain sentences on the unusual words of a scored task: which product names O*NET's
    vocabulary explained and how, which words were looked up as other forms, and which words no
    labelled task has and what the model did about them."""
    notes = [
        f"'{n.term}' is read as {n.meaning[:1].lower() + n.meaning[1:]} "
        f"(O*NET {'Tools Used' if n.source == 'tool' else 'Technology Skills'})."
        for n in score.terms
    ]
    if score.forms:
        read = ", ".join(f"'{f.word}' as '{f.read_as}'" for f in score.forms[:8])
        notes.append(f"Similar tasks and work activities were looked up with words O*NET uses: {read}.")
    if score.unfamiliar:
        one = len(score.unfamiliar) == 1
        more = f" and {len(score.unfamiliar) - 8} more" if len(score.unfamiliar) > 8 else ""
        notes.append(
            f"{'A word' if one else 'Words'} that no labelled task has (O*NET's or jobrisk's modern ones): "
            f"{quoted(score.unfamiliar[:8])}{more}. What the model did: it read "
            f"{'it' if one else 'them'} through {'its' if one else 'their'} word pieces and the rest of "
            "the sentence (its sentence encoder knows words the labelled tasks lack), and compared the "
            "task with the most similar labelled tasks and work activities"
            + ("; it halved its confidence." if "unfamiliar_words" in score.flags else ".")
        )
    return notes


ACTIVITY_NONE = "No O*NET work activity near this task is about the same work, so none is shown."


def same_work_notes(shown: Sequence[Neighbour], left_out: Sequence[str]) -> list[str]:
    """Which labelled tasks the explanation shows and leaves out, in plain words."""
    notes = []
    if not shown:
        notes.append(
            f"None of the {CANDIDATES} labelled tasks nearest to this one is about the same work (none "
            "shares a word that says what the work is), so none is shown. The score still weighs "
            "them, next to the model's reading of the sentence itself."
        )
    elif left_out:
        example = left_out[0].rstrip(".")
        notes.append(
            f"{len(left_out)} labelled {'task' if len(left_out) == 1 else 'tasks'} nearer by the "
            f"model's similarity {'is' if len(left_out) == 1 else 'are'} not shown, as about other work "
            f'(no word that says what the work is in common), for example "{example}".'
        )
    return notes
