"""Catalog build steps for published exposure evidence: task labels and occupation measures.

task_labels: GPTs-are-GPTs task labels (human and GPT-4 exposure, the alternative
rubric, both GPT-4 automation runs, the ~100 human automation labels), flagged
``in_onet`` when the task exists in the loaded O*NET tasks.

published_measures: GPTs-are-GPTs occupation shares (``direct``), and AIOE, LM-AIOE,
IG-AIOE and Frey & Osborne carried from SOC 2010 to O*NET-SOC codes by
:mod:`jobrisk.catalog.crosswalk`, each with its percentile among the O*NET
occupations that have the measure.
"""

from __future__ import annotations

import pandas as pd

from jobrisk.catalog.build_context import BuildContext, frame_rows
from jobrisk.catalog.crosswalk import Crosswalk, percentile_0_100
from jobrisk.sources.readers import aioe, crosswalks, frey_osborne, gpts

LABEL_COLUMNS = [
    "task_id",
    "onet_soc_code",
    "task",
    "human_exposure",
    "gpt4_exposure",
    "gpt4_exposure_alt",
    "gpt4_automation",
    "gpt4_automation_alt",
    "human_automation",
    "in_onet",
]
MEASURE_COLUMNS = ["onet_soc_code", "measure", "value", "percentile", "vintage", "source_code", "mapping_status"]

#: measure name -> column of gpts.occupation_shares
GPTS_MEASURES = {
    "gpts_human_alpha": "human_alpha",
    "gpts_human_beta": "human_beta",
    "gpts_human_gamma": "human_gamma",
    "gpts_gpt4_alpha": "gpt4_alpha",
    "gpts_gpt4_beta": "gpt4_beta",
    "gpts_gpt4_gamma": "gpt4_gamma",
}
#: measure name -> column of aioe.occupation_scores
AIOE_MEASURES = {"aioe": "aioe", "lm_aioe": "lm_aioe", "ig_aioe": "ig_aioe"}


def load_task_labels(ctx: BuildContext) -> None:
    folder = ctx.folder(gpts.FOLDER)
    exposure = gpts.exposure_labels(folder)
    automation = gpts.automation_labels(folder)
    labels = exposure.merge(automation, on="task_id", how="outer", suffixes=("", "_automation"))
    labels["onet_soc_code"] = labels["onet_soc_code"].fillna(labels["onet_soc_code_automation"])
    labels["task"] = labels["task"].fillna(labels["task_automation"])
    labels["in_onet"] = labels["task_id"].isin(ctx.task_ids).astype(int)
    ctx.catalog.insert_rows("task_labels", LABEL_COLUMNS, frame_rows(labels, LABEL_COLUMNS))


def _with_percentiles(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.copy()
    rows["percentile"] = rows.groupby("measure")["value"].transform(percentile_0_100)
    return rows


def _gpts_rows(ctx: BuildContext) -> pd.DataFrame:
    shares = gpts.occupation_shares(ctx.folder(gpts.FOLDER))
    shares = shares[shares["onet_soc_code"].isin(ctx.occupations["onet_soc_code"])]
    vintage = ctx.version(gpts.FOLDER, gpts.OCC_LEVEL)
    parts = []
    for measure, column in GPTS_MEASURES.items():
        part = shares[["onet_soc_code", column]].rename(columns={column: "value"})
        part = part[part["value"].notna()]
        parts.append(
            part.assign(measure=measure, vintage=vintage, source_code=part["onet_soc_code"], mapping_status="direct")
        )
    return pd.concat(parts, ignore_index=True)


def _crosswalked_rows(
    ctx: BuildContext, crosswalk: Crosswalk, codes: pd.Series, columns: dict[str, pd.Series], vintage: str
) -> pd.DataFrame:
    parts = []
    for measure, values in columns.items():
        by_soc = crosswalk.to_soc2018(codes, values)
        part = crosswalk.to_onet(by_soc)
        parts.append(part.assign(measure=measure, vintage=vintage))
    unmapped = crosswalk.unmapped(codes)
    if unmapped:
        ctx.notes.append(
            f"published_measures ({', '.join(columns)}): source code(s) with no "
            f"SOC 2018 equivalent: {', '.join(unmapped)}"
        )
    return pd.concat(parts, ignore_index=True)


def load_published_measures(ctx: BuildContext) -> None:
    pairs = crosswalks.soc2010_to_soc2018(ctx.folder(crosswalks.FOLDER))
    crosswalk = Crosswalk(pairs, ctx.occupations)
    scores = aioe.occupation_scores(ctx.folder(aioe.FOLDER))
    probabilities = frey_osborne.probabilities(ctx.folder(frey_osborne.FOLDER))
    rows = pd.concat(
        [
            _gpts_rows(ctx),
            _crosswalked_rows(
                ctx,
                crosswalk,
                scores["soc2010_code"],
                {m: scores[c] for m, c in AIOE_MEASURES.items()},
                ctx.version(aioe.FOLDER, aioe.AIOE_LM_IG),
            ),
            _crosswalked_rows(
                ctx,
                crosswalk,
                probabilities["soc2010_code"],
                {"frey_osborne": probabilities["probability"]},
                ctx.version(frey_osborne.FOLDER, frey_osborne.PROBABILITIES),
            ),
        ],
        ignore_index=True,
    )
    rows = _with_percentiles(rows.drop_duplicates(["onet_soc_code", "measure"]))
    ctx.catalog.insert_rows("published_measures", MEASURE_COLUMNS, frame_rows(rows, MEASURE_COLUMNS))
