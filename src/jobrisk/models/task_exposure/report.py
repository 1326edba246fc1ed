"""Rendering the evaluation (from :mod:`.evaluation`) as ``docs/task-model.md`` and its JSON twin."""

from __future__ import annotations

import json
import math
from pathlib import Path

from jobrisk.models.task_exposure.dev_set import render_dev_set
from jobrisk.models.task_exposure.free_text_check import render_free_text_check

_METHODS = (
    ("full", "model: O*NET statement + occupation (catalog)"),
    ("onet_statement", "model: O*NET statement, no occupation"),
    ("free_text", "model: free text only (as shipped: stage 2 on both raters' labels)"),
    ("free_text_human", "model: free text only, stage 2 on human labels alone"),
    ("tfidf_lr", "baseline: TF-IDF + logistic regression"),
    ("majority", "baseline: majority class"),
    ("gpt4_labels", "baseline: GPT-4 labels (E0/E1/E2)"),
)
_COLUMNS = (
    ("accuracy", "acc"),
    ("kappa", "kappa"),
    ("kappa_linear", "lin. kappa"),
    ("binary_kappa", "bin. kappa"),
    ("binary_auc", "bin. AUC"),
    ("occupation_exposure_pearson", "occ. r"),
    ("ece", "ECE"),
)
_SPLITS = (
    ("occupation", "5-fold GroupKFold by occupation"),
    ("major_group", "5-fold GroupKFold by SOC major group (whole major groups unseen)"),
)

METHOD_NOTE = """\
## Method

- **Targets.** Primary: the GPTs-are-GPTs human exposure label (E0/E1/E2) of each O*NET task.
  Secondary: GPT-4's exposure label and GPT-4's automation level T0-T4 (`full_labelset` run).
- **Stage 1.** Multinomial logistic regressions on (a) word TF-IDF (1-2 grams) plus a 256-d
  sentence vector from WordLlama (static token embeddings shipped in the `wordllama` wheel, MIT),
  predicting the human label, the GPT-4 label and the automation level; and (b) the same features
  plus the task's O*NET Detailed Work Activity links (DWA, IWA and work-activity tokens), predicting
  the human label and the automation level. DWA links exist for any O*NET task statement,
  including occupations without labels; a user's own words get the text-only models.
- **Nearest labelled tasks (free text).** For text without DWA links, the 10 most similar
  labelled O*NET statements (similarity = mean of word TF-IDF cosine and WordLlama cosine) give
  similarity-weighted human-label and GPT-4-label distributions, plus the top and mean similarity
  and their products with the distributions, so stage 2 learns how far to trust them. While
  training, a task's neighbours come only from the other cross-fitting folds (other
  occupations), and in the evaluation only from the training folds, so free text never sees its
  own occupation's labels. O*NET statements (with DWA links) do not use this view. The
  explanations (`jobrisk tasks score --text`, the task page, the API, the career audit) show
  the nearest of these that pass a same-work test, with jobrisk's labelled modern tasks among
  them (`docs/free-text.md`).
- **Nearest work activities (free text).** The same similarity to the 2,087 O*NET Detailed Work
  Activity titles ("Write computer programs", "Operate forklifts or other industrial vehicles")
  finds the 5 nearest DWAs; each carries the human-label distribution of the labelled tasks linked
  to it (shrunk toward the prior by 3 pseudo-tasks), and their similarity-weighted mean, top and
  mean similarity enter stage 2 next to the task neighbours. Pools are cross-fitted like the task
  neighbours (other occupations' labels only). `jobrisk tasks score --text` lists these activities
  with the share of their labelled tasks that is exposed.
- **O*NET's vocabulary for jargon (free text).** Product and tool names from O*NET Technology
  Skills and Tools Used (e.g. "Kubernetes", "NetSuite", "Epic", "RF scanner") are recognised in
  free text and their commodity titles appended to what the model reads ("... (using application
  server software)"). Ordinary words are protected: a one-word match must be a word that occurs in
  no O*NET statement and no general English word list, or be capitalised inside the sentence.
  Each recognised name, and each word the model does not know, is reported in plain words.
- **Stage 2.** A small logistic regression on stage-1 log-probabilities, trained on stage-1
  predictions cross-fitted by occupation (5-fold GroupKFold), with four variants by what is known
  about a task: DWA links yes/no x occupation context yes/no. Occupation context = the mean
  stage-1 output over the occupation's O*NET tasks (no labels). Stage 2 is the calibration step.
- **Outputs.** P(E0), P(E1), P(E2); exposure = P(E1) + 0.5 P(E2); automation = expected
  T-level / 4; confidence = top probability x an input-quality factor. Empty, gibberish,
  non-English or very long text is flagged and shrunk toward the training prior; text with many
  words outside the TF-IDF vocabulary is flagged `unfamiliar_words` and only loses confidence
  (the encoder's sub-word vocabulary and the neighbours still read it).
- **Known statements.** A text that is a labelled O*NET statement (case, spacing and final period
  aside) is scored from its cross-fitted stage-1 outputs, never from models that saw its
  occupation's labels; its score equals the catalog's `model_*` columns for that task.
- **Catalog.** `task_exposure` holds one row per O*NET task: provenance `human` (the label,
  one-hot), `gpt4` (P(human label | GPT-4 label) estimated on the training tasks) or `model`,
  plus the model's own out-of-fold prediction in the `model_*` columns.
- **Free text in today's words.** Recognised O*NET statements are never translated or shifted.
  Other text is combined by its own stage-2 models, fit on the same cross-fitted inputs against
  both raters' labels of each O*NET task (human and GPT-4, weighted equally:
  `FREE_TEXT_GPT4_WEIGHT` = 0.5, in the manifest; the O*NET path keeps the human-label stage 2),
  and scored under a class prior halfway (in log space) between the training prior and
  equal shares (`FREE_TEXT_PRIOR_SHIFT` = 0.5, in the manifest). The contextual encoder
  all-MiniLM-L6-v2 (optional `minilm` extra) was compared with WordLlama and not adopted: no
  better on the development set at a fraction of the speed. See `docs/free-text.md`.
- **Modern tasks labelled by the rubric (free text).** 376 tasks written the way workers
  describe their week in 2025-2026 (`models/task_exposure/data/modern_tasks_train.csv`, kept
  apart from the development sets) are further training rows, weighted 3 each: in the stage-1
  text models (the rubric label stands for both the human and the GPT-4 target; no automation
  level; not in the text + DWA models), among the reference rows of the nearest-task search,
  and in the free-text stage 2. Each row sits in the cross-fitting fold of its occupation, so no
  fold's models see the modern tasks of the occupations they score; the grouped evaluation
  leaves them out with their occupation or major group. Explanations show O*NET tasks only.
- **Tried and not kept.** Character 3-5-gram TF-IDF next to the word TF-IDF: +0.008 kappa for
  the text model on one grouped fold, at three times the fitting time, and no better on the
  sanity set's jargon (available as `TaskFeaturizer(char_ngrams=True)`). The neighbours'
  own out-of-fold (DWA-based) model probabilities as further neighbour features: free-text
  kappa 0.553 instead of 0.558 and ECE 0.021 instead of 0.011 under grouped CV by occupation.
- **Known weaknesses.** Jargon that neither O*NET, the encoder nor the modern training tasks
  know is weak evidence (flagged `unfamiliar_words`), and a known word's O*NET sense can still
  pull: the nearest O*NET tasks of "Tune hyperparameters of gradient boosted models" tune
  engines, though the model scores it exposed as free text; explanations now leave such tasks
  out by name and show only labelled tasks about the same work, or say that none is. The modern training tasks
  and both development sets are written by the same hand, so their figures are optimistic.
  Both raters of the O*NET labels call many live interviews, negotiations and lectures exposed,
  where the rubric read strictly says E0; the model follows the labels. The E1/E2 line (text
  alone vs text with tools) is where the model and the development sets disagree most.
  Calibration degrades on unseen SOC major groups (ECE above). How the scores track observed AI
  use per task cannot be measured with the data here.
- **Caveats.** The GPT-4 label baseline is a hard label (its AUC and ECE reflect that). Near-duplicate
  filtering uses encoder cosine similarity >= {threshold} to any training task. The evaluation fits
  stage 2 with 3-fold inner cross-fitting (production uses 5) to keep its run time down.
"""


def _fmt(value: float) -> str:
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"


def _modern_sentence(modern: dict | None) -> str:
    if not modern:
        return ""
    return (
        f" Free text also learns from {modern['tasks']} modern tasks labelled by the rubric "
        f"(`models/task_exposure/data/modern_tasks_train.csv`, sha256 `{modern['sha256'][:16]}...`; weight "
        f"{modern['weight']:g} each, in {', '.join(modern['parts'])}), left out with their occupation "
        "(or major group) in every fold below."
    )


def render_markdown(report: dict) -> str:
    lines = [
        "# Task exposure model: evaluation",
        "",
        (
            "Written by `jobrisk models evaluate` (do not edit by hand). "
            f"{report['tasks']:,} human-labelled O*NET tasks in {report['occupations']} occupations; "
            f"seed {report['seed']}; training data sha256 `{report['training_data_sha256'][:16]}...`; "
            f"code version `{report.get('code_version', '?')}`." + _modern_sentence(report.get("modern_tasks"))
        ),
        "",
        (
            "Targets: 3-class kappa vs human labels >= 0.58 under grouped CV; occupation-level exposure "
            "Pearson >= 0.92. GPT-4's own agreement with the human labels is the `GPT-4 labels` row."
        ),
        "",
    ]
    for key, title in _SPLITS:
        split = report["splits"].get(key)
        if not split:
            continue
        lines += [f"## {title}", ""]
        for subset, label in (
            ("all", "All test tasks"),
            ("not_near_duplicate", "Test tasks whose nearest training task is not a near-duplicate"),
        ):
            first = split[subset]["full"]
            lines += [
                f"**{label}** ({first['tasks']:,} tasks):",
                "",
                "| method | " + " | ".join(c[1] for c in _COLUMNS) + " |",
                "|---|" + "---:|" * len(_COLUMNS),
            ]
            for name, caption in _METHODS:
                metrics = split[subset][name]
                lines.append(f"| {caption} | " + " | ".join(_fmt(metrics[c[0]]) for c in _COLUMNS) + " |")
            lines.append("")
        spear = split["automation_spearman_vs_gpt4_level"]
        lines += [
            (
                f"Near-duplicate share of test tasks: {split['near_duplicate_share']:.1%}. "
                "Automation (expected T-level / 4) vs GPT-4 T-level, Spearman rho: "
                + ", ".join(f"{k} {_fmt(v)}" for k, v in spear.items())
                + f". Run time {split['seconds']:.0f}s."
            ),
            "",
        ]
    if report.get("training"):
        tr = report["training"]
        lines += [
            "## Saved model",
            "",
            (
                f"Model `{tr['model_version']}`: full training on all labelled tasks took {tr['seconds']:.0f}s "
                f"wall clock (2 cores, {tr['crossfit_folds']}-fold cross-fit). Its out-of-fold kappa is "
                f"{tr['out_of_fold_kappa']:.3f} (stage 2 fit on the same out-of-fold outputs)."
            ),
            "",
        ]
    for check in report.get("dev_sets") or ([report["dev_set"]] if report.get("dev_set") else []):
        lines += render_dev_set(check, bool(report.get("modern_tasks")))
    if report.get("free_text_check"):
        lines += render_free_text_check(report["free_text_check"])
    lines.append(METHOD_NOTE.format(threshold=report["near_duplicate_similarity"]))
    return "\n".join(lines)


def write_report(report: dict, markdown_path: Path) -> tuple[Path, Path]:
    markdown_path = Path(markdown_path)
    markdown_path.parent.mkdir(parents=True, exist_ok=True)
    json_path = markdown_path.with_suffix(".json")
    markdown_path.write_text(render_markdown(report), encoding="utf-8")
    json_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return markdown_path, json_path
