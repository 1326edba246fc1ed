"""Catalog build step for observed AI use (Anthropic Economic Index), one set of tables per release.

Join rule (PROVENANCE of the source): a task text of the index (lower-cased O*NET statement)
stands for every catalog task (O*NET 29.3) whose own text, stripped and lower-cased, equals it
(``join_method='text'``), and for every catalog task whose Task ID the index's statements file
gives that text (``'task_id'``: statements reworded or moved since). One text can be the task
of several occupations. A task linked to two texts keeps its text match, else the larger share.

Mode shares: the ``filtered`` rule: only rows with ``filtered < 0.5`` keep modes; the five
modes are renormalised to sum to 1; automation = directive + feedback loop.

Per occupation: the share of its task time observed (O*NET type weights, ``tasks.type_weight``),
its summed usage share, and the usage-weighted automation share over its observed tasks that
have modes, each with a percentile among occupations.

Pure helpers (:func:`link_tasks`, :func:`renormalised_modes`, :func:`occupation_use`) take and
return DataFrames; :func:`load_observed_use` writes the tables.
"""

from __future__ import annotations

import pandas as pd

from jobrisk.catalog.build_context import BuildContext, frame_rows
from jobrisk.catalog.crosswalk import percentile_0_100
from jobrisk.sources.readers import aei

#: rows with at least this ``filtered`` share have too few conversations to classify modes
FILTERED_LIMIT = 0.5

RELEASE_COLUMNS = [
    "release",
    "usage_file",
    "data_period",
    "task_texts",
    "joined_texts",
    "joined_usage_pct",
    "joined_tasks",
    "joined_by_text",
    "texts_with_modes",
    "automation_share_overall",
]
USE_COLUMNS = ["release", "task_key", "usage_share_pct", *aei.MODES, "filtered", "automation_share", "onet_tasks"]
LINK_COLUMNS = ["release", "task_id", "onet_soc_code", "task_key", "join_method"]
OCCUPATION_COLUMNS = [
    "release",
    "onet_soc_code",
    "tasks",
    "tasks_observed",
    "observed_time_share",
    "observed_time_share_percentile",
    "usage_share_pct",
    "tasks_with_modes",
    "automation_share",
    "automation_share_percentile",
]


def link_tasks(usage: pd.DataFrame, tasks: pd.DataFrame, statements: pd.DataFrame) -> pd.DataFrame:
    """task_id, onet_soc_code, task_key, join_method: the catalog tasks each usage text stands for.

    ``usage``: task_key, usage_share_pct; ``tasks``: task_id, onet_soc_code, task (catalog);
    ``statements``: task_id, task_key (the index's statements file).
    """
    keys = usage[["task_key", "usage_share_pct"]]
    catalog = tasks.assign(task_key=tasks["task"].map(aei.task_key))[["task_id", "onet_soc_code", "task_key"]]
    by_text = catalog.merge(keys, on="task_key").assign(join_method="text", rank=0)
    by_id = (
        statements[["task_id", "task_key"]]
        .merge(keys, on="task_key")
        .merge(catalog[["task_id", "onet_soc_code"]], on="task_id")
        .assign(join_method="task_id", rank=1)
    )
    links = pd.concat([by_text, by_id], ignore_index=True)
    links = links.sort_values(["task_id", "rank", "usage_share_pct"], ascending=[True, True, False])
    links = links.drop_duplicates("task_id", keep="first")
    return links[["task_id", "onet_soc_code", "task_key", "join_method"]].reset_index(drop=True)


def renormalised_modes(modes: pd.DataFrame) -> pd.DataFrame:
    """task_key, the five modes renormalised over themselves, filtered, automation_share.

    Rows with ``filtered >= FILTERED_LIMIT`` (or no classified mode at all) keep ``filtered``
    but get no mode shares (NaN): too few conversations to say how AI was used.
    """
    out = modes[["task_key", "filtered"]].copy()
    total = modes[list(aei.MODES)].sum(axis=1)
    usable = (modes["filtered"] < FILTERED_LIMIT) & (total > 0)
    for mode in aei.MODES:
        out[mode] = (modes[mode] / total).where(usable)
    out["automation_share"] = out[list(aei.AUTOMATION_MODES)].sum(axis=1, min_count=1).where(usable)
    return out


def occupation_use(tasks: pd.DataFrame, links: pd.DataFrame, use: pd.DataFrame) -> pd.DataFrame:
    """Per occupation with tasks: the OCCUPATION_COLUMNS (without ``release``).

    ``tasks``: task_id, onet_soc_code, type_weight; ``links``: task_id, task_key;
    ``use``: task_key, usage_share_pct, automation_share (NaN where no modes).
    """
    frame = tasks[["task_id", "onet_soc_code", "type_weight"]].merge(
        links[["task_id", "task_key"]], on="task_id", how="left"
    )
    frame = frame.merge(use[["task_key", "usage_share_pct", "automation_share"]], on="task_key", how="left")
    frame["observed"] = frame["task_key"].notna()
    rows = []
    for code, group in frame.groupby("onet_soc_code", sort=True):
        observed = group[group["observed"]]
        texts = observed.drop_duplicates("task_key")
        with_modes = texts[texts["automation_share"].notna()]
        weight = float(with_modes["usage_share_pct"].sum())
        automation = (
            (float((with_modes["automation_share"] * with_modes["usage_share_pct"]).sum()) / weight)
            if weight > 0
            else None
        )
        rows.append(
            {
                "onet_soc_code": code,
                "tasks": len(group),
                "tasks_observed": len(observed),
                "observed_time_share": float(observed["type_weight"].sum() / group["type_weight"].sum()),
                "usage_share_pct": float(texts["usage_share_pct"].sum()),
                "tasks_with_modes": int(observed["automation_share"].notna().sum()),
                "automation_share": automation,
            }
        )
    out = pd.DataFrame(
        rows,
        columns=[
            c
            for c in OCCUPATION_COLUMNS
            if c not in ("release", "observed_time_share_percentile", "automation_share_percentile")
        ],
    )
    out["observed_time_share_percentile"] = percentile_0_100(out["observed_time_share"])
    has = out["automation_share"].notna()
    out["automation_share_percentile"] = None
    if has.any():
        out.loc[has, "automation_share_percentile"] = percentile_0_100(out.loc[has, "automation_share"].astype(float))
    return out


def _overall_automation(modes_pct: dict[str, float]) -> float:
    five = sum(modes_pct[m] for m in aei.MODES)
    return sum(modes_pct[m] for m in aei.AUTOMATION_MODES) / five


def load_observed_use(ctx: BuildContext) -> None:
    folder = ctx.folder(aei.FOLDER)
    statements = aei.task_statements(folder)
    catalog_tasks = pd.DataFrame(
        [(t.task_id, t.onet_soc_code, t.task, t.type_weight) for t in ctx.catalog.tasks()],
        columns=["task_id", "onet_soc_code", "task", "type_weight"],
    )
    overall = aei.overall_modes(folder)
    for release, files in aei.RELEASES.items():
        usage = aei.task_usage(folder, release)
        links = link_tasks(usage, catalog_tasks, statements)
        if files.mode_file is not None:
            use = usage.merge(renormalised_modes(aei.task_modes(folder, release)), on="task_key", how="left")
            texts_with_modes: int | None = int(use["automation_share"].notna().sum())
            with_modes = use[use["automation_share"].notna()]
            automation_overall = float(
                (with_modes["automation_share"] * with_modes["usage_share_pct"]).sum()
                / with_modes["usage_share_pct"].sum()
            )
        else:
            use = usage.assign(filtered=None, automation_share=None, **{m: None for m in aei.MODES})
            texts_with_modes = None
            automation_overall = _overall_automation(overall)
        counts = links.groupby("task_key").size()
        use["onet_tasks"] = use["task_key"].map(counts).fillna(0).astype(int)
        use["release"] = release
        links["release"] = release
        joined = use[use["onet_tasks"] > 0]
        ctx.catalog.insert_rows(
            "observed_use_releases",
            RELEASE_COLUMNS,
            [
                (
                    release,
                    files.usage_file,
                    files.data_period,
                    len(use),
                    len(joined),
                    float(joined["usage_share_pct"].sum()),
                    len(links),
                    int((links["join_method"] == "text").sum()),
                    texts_with_modes,
                    automation_overall,
                )
            ],
        )
        ctx.catalog.insert_rows("observed_task_use", USE_COLUMNS, frame_rows(use, USE_COLUMNS))
        ctx.catalog.insert_rows("observed_task_links", LINK_COLUMNS, frame_rows(links, LINK_COLUMNS))
        per_occupation = occupation_use(catalog_tasks, links, use).assign(release=release)
        ctx.catalog.insert_rows(
            "observed_occupation_use", OCCUPATION_COLUMNS, frame_rows(per_occupation, OCCUPATION_COLUMNS)
        )
        unjoined = len(use) - len(joined)
        if unjoined:
            ctx.notes.append(
                f"observed use {release}: {unjoined} of {len(use)} task texts joined no O*NET 29.3 task (retired since)"
            )
