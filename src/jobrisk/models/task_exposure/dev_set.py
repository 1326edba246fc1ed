"""The modern-task development set: tasks in 2025-2026 workplace words, labelled by the rubric.

``benchmarks/data/modern_tasks_dev.csv`` (columns ``task``, ``occupation``, ``domain``,
``label`` E0/E1/E2) holds 222 tasks across 13 fields, written and labelled with
``docs/exposure-rubric.md`` before any model output was seen, and never trained on;
``modern_tasks_dev2.csv`` is a second, independent set of 89 tasks made the same way.
``modern_tasks_dev3.csv`` is a third set of 321 tasks written and labelled blind by another
person, who read only the rubric and set 1's header (``modern_tasks_dev3.md`` says how; its
``occupation`` column holds O*NET-SOC codes).
``dev_set_check(model, labelled)`` scores them as free text (no occupation, no DWA links) and
reports agreement next to two trivial baselines fit on the O*NET labels: the majority class and
word TF-IDF + logistic regression.

Metrics: 3-class Cohen's kappa, linear-weighted kappa, accuracy, exposed (E1/E2) vs not
agreement, and Spearman's rho between the model's exposure (P(E1) + 0.5 P(E2)) and the label
on the same scale (E0 0, E2 0.5, E1 1); kappa per field; and the same for the set's two halves
(``halves``): the *jargon* tasks, which name a product O*NET's vocabulary explains or hold a
word no labelled O*NET task has (``TaskScore.terms`` or ``TaskScore.unfamiliar``), and the
*plain* rest. The jargon half is where the free-text path is weakest.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score

from jobrisk.errors import MissingColumnError
from jobrisk.models.task_exposure.evaluation import tfidf_lr

DEFAULT_PATH = Path(__file__).resolve().parents[4] / "benchmarks" / "data" / "modern_tasks_dev.csv"
#: The first set and a second, independent one (89 further tasks, written and labelled later, also
#: before any model output was seen), reported side by side so no figure rests on one set.
DEV_SET_PATHS = (
    DEFAULT_PATH,
    DEFAULT_PATH.with_name("modern_tasks_dev2.csv"),
    DEFAULT_PATH.with_name("modern_tasks_dev3.csv"),
)
_LABELS = {"E0": 0, "E1": 1, "E2": 2}
_WEIGHTS = np.array([0.0, 1.0, 0.5])


def read_dev_set(path: Path = DEFAULT_PATH) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in ("task", "label", "domain"):
        if column not in frame.columns:
            raise MissingColumnError(f"Development set {path}", column, list(frame.columns))
    bad = sorted(set(frame["label"]) - set(_LABELS))
    if bad:
        raise ValueError(f"Development set {path}: labels must be E0, E1 or E2; got {', '.join(bad)}")
    return frame


def agreement(y: np.ndarray, proba: np.ndarray) -> dict:
    """The set's metrics for labels ``y`` (0/1/2) and class probabilities ``proba``."""
    pred = proba.argmax(axis=1)
    exposure = proba @ _WEIGHTS
    rho = spearmanr(exposure, _WEIGHTS[y]).statistic if np.ptp(exposure) > 0 else float("nan")
    return {
        "kappa": float(cohen_kappa_score(y, pred)),
        "kappa_linear": float(cohen_kappa_score(y, pred, weights="linear")),
        "accuracy": float(np.mean(pred == y)),
        "exposed_agreement": float(np.mean((pred > 0) == (y > 0))),
        "spearman": float(rho),
    }


def jargon_mask(arrays) -> np.ndarray:
    """Which scored texts are jargon tasks: a product name explained or a word no labelled task has."""
    n = len(arrays.cleaned)
    terms, unfamiliar = arrays.terms or [()] * n, arrays.unfamiliar or [()] * n
    return np.array([bool(t) or bool(u) for t, u in zip(terms, unfamiliar)], dtype=bool)


def onet_jargon_mask(model, texts: list[str], onet_texts: list[str]) -> np.ndarray:
    """:func:`jargon_mask` of ``texts`` with the words of the labelled O*NET tasks (``onet_texts``) as
    the model's word vocabulary, whatever else the model was trained on: the halves stay the same
    tasks when a model learns words from other training rows (the modern training tasks)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    from jobrisk.models.task_exposure.text import clean_task_text, unknown_words
    from jobrisk.models.task_exposure.word_forms import WordForms

    vocabulary = frozenset(TfidfVectorizer(min_df=2).fit(onet_texts).vocabulary_)  # as the featurizer's words
    forms = WordForms(vocabulary)
    jargon = model.reference.get("jargon")
    common = jargon.common if jargon is not None else frozenset()
    out = []
    for text in texts:
        value = clean_task_text(text)[0]
        notes = jargon.translate(value).notes if jargon is not None and value else ()
        explained = {w.lower() for note in notes for w in note.term.split()}
        explained |= {f.word.lower() for f in forms.rewrite(value, explained)[1]}
        unfamiliar = [w for w in unknown_words(value, vocabulary) if w.lower() not in explained | common]
        out.append(bool(notes) or bool(unfamiliar))
    return np.array(out, dtype=bool)


def halves(y: np.ndarray, proba: np.ndarray, jargon: np.ndarray) -> dict:
    """Agreement on the jargon tasks and on the plain rest (``tasks`` = how many in each)."""
    out = {}
    for name, pick in (("jargon", jargon), ("plain", ~jargon)):
        metrics = agreement(y[pick], proba[pick]) if pick.sum() > 1 else {}
        out[name] = {"tasks": int(pick.sum()), **metrics}
    return out


def dev_set_check(model, labelled: pd.DataFrame, path: Path = DEFAULT_PATH) -> dict:
    """Score the set with ``model`` as free text; ``labelled`` = the O*NET training rows (task, human)."""
    frame = read_dev_set(path)
    y = frame["label"].map(_LABELS).to_numpy(int)
    arrays = model.score_arrays(frame["task"].tolist())
    human = labelled["human"].to_numpy(int)
    majority = np.zeros((len(frame), 3))
    majority[:, np.bincount(human, minlength=3).argmax()] = 1.0
    methods = {
        "model": arrays.proba,
        "tfidf_lr": tfidf_lr(labelled["task"].tolist(), human, frame["task"].tolist()),
        "majority": majority,
    }
    pred = arrays.proba.argmax(axis=1)
    by_field = {}
    for field_name, part in frame.groupby("domain", sort=True):
        index = part.index.to_numpy()
        by_field[field_name] = {
            "tasks": len(index),
            "accuracy": float(np.mean(pred[index] == y[index])),
            "kappa": float(cohen_kappa_score(y[index], pred[index]))
            if len(set(y[index]) | set(pred[index])) > 1
            else float("nan"),
        }
    rows = [
        {
            "task": t,
            "domain": d,
            "label": lab,
            "predicted": f"E{p}",
            "exposure": round(float(x), 3),
            "terms": [n.term for n in (terms or ())],
        }
        for t, d, lab, p, x, terms in zip(
            frame["task"], frame["domain"], frame["label"], pred, arrays.exposure, arrays.terms or [()] * len(frame)
        )
    ]
    return {
        "set": path.name,
        "tasks": len(frame),
        "labels": {k: int((y == v).sum()) for k, v in _LABELS.items()},
        "methods": {name: agreement(y, proba) for name, proba in methods.items()},
        "halves": halves(y, arrays.proba, onet_jargon_mask(model, frame["task"].tolist(), labelled["task"].tolist())),
        "by_field": by_field,
        "rows": rows,
    }


def _fmt(value: float) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"


_CAPTIONS = (
    ("model", "model: free text"),
    ("tfidf_lr", "baseline: TF-IDF + logistic regression"),
    ("majority", "baseline: majority class"),
)


def render_dev_set(check: dict, modern: bool = False) -> list[str]:
    """Markdown lines for the report."""
    counts = ", ".join(f"{k} {v}" for k, v in check["labels"].items())
    name = check.get("set", DEFAULT_PATH.name)
    blind = name == DEV_SET_PATHS[-1].name  # the third set: another writer, who saw none of the others
    fields = "18 fields" if blind else "13 fields"
    hand = (
        " and the modern training tasks (written by another hand: this set was written blind by a separate writer)"
        if blind
        else " and the modern training tasks (written by the same hand as this set)"
    )
    lines = [
        f"## Modern tasks in workers' own words (development set `{name}`)",
        "",
        (
            f"{check['tasks']} tasks written the way workers describe their week in 2025-2026, across {fields} "
            f"(`benchmarks/data/{name}`; labels {counts}, by the rubric in "
            "[exposure-rubric.md](exposure-rubric.md), written before any model output was seen; never "
            "trained on). Scored as free text by the model trained on all labelled O*NET tasks"
            + (hand if modern else "")
            + "; the baselines are fit on the O*NET labels. One person's labels: read the figures as a "
            "development check, not an expert benchmark."
        ),
        "",
        "| method | kappa | lin. kappa | Spearman | acc | exposed agree |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, caption in _CAPTIONS:
        m = check["methods"][name]
        lines.append(
            f"| {caption} | {_fmt(m['kappa'])} | {_fmt(m['kappa_linear'])} | {_fmt(m['spearman'])} | "
            f"{_fmt(m['accuracy'])} | {_fmt(m['exposed_agreement'])} |"
        )
    lines += [
        "",
        "Kappa (accuracy) of the model by field: "
        + ", ".join(f"{name} {_fmt(v['kappa'])} ({v['accuracy']:.0%})" for name, v in check["by_field"].items())
        + ".",
        "",
        "Spearman = rank correlation of exposure with the label on the exposure scale (E0 0, E2 0.5, E1 1).",
        "",
    ]
    parts = check.get("halves")
    if parts and parts["jargon"].get("kappa") is not None and parts["plain"].get("kappa") is not None:
        jargon, plain = parts["jargon"], parts["plain"]
        lines[-1:-1] = [
            "",
            f"Jargon half ({jargon['tasks']} tasks that name a product O*NET's vocabulary explains or hold a word "
            f"no labelled O*NET task has): kappa {_fmt(jargon['kappa'])}, Spearman {_fmt(jargon['spearman'])}, "
            f"accuracy {_fmt(jargon['accuracy'])}; the plain rest ({plain['tasks']}): kappa {_fmt(plain['kappa'])}, "
            f"Spearman {_fmt(plain['spearman'])}, accuracy {_fmt(plain['accuracy'])}.",
        ]
    return lines
