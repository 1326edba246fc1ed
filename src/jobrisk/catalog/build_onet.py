"""Catalog build steps for the O*NET tables.

occupations, tasks, titles, IWAs/DWAs and task->DWA links, elements and
occupation_elements (each row with the O*NET release of its file), technology and
tools, related occupations.
"""

from __future__ import annotations

import pandas as pd

from jobrisk.catalog.build_context import BuildContext, frame_rows
from jobrisk.catalog.build_labour import bls_soc_codes
from jobrisk.sources.readers import onet

#: Default time weight of a task by O*NET task type (GPTs-are-GPTs ``coreweight``
#: convention; unrated tasks sit halfway), used because Task Ratings are not available.
TYPE_WEIGHTS: dict[str | None, float] = {"Core": 2.0, "Supplemental": 1.0, None: 1.5}


def load_occupations_and_tasks(ctx: BuildContext) -> None:
    folder = ctx.folder(onet.FOLDER)
    occupations = onet.occupations(folder)
    tasks = onet.tasks(folder)
    tasks = tasks[tasks["onet_soc_code"].isin(occupations["onet_soc_code"])]
    zones = onet.job_zones(folder)
    counts = tasks.groupby("onet_soc_code").size()
    occupations["soc_code"] = occupations["onet_soc_code"].str[:7]
    occupations["major_group"] = occupations["onet_soc_code"].str[:2]
    occupations["job_zone"] = (
        occupations["onet_soc_code"].map(zones.set_index("onet_soc_code")["job_zone"]).astype("Int64")
    )
    occupations["task_count"] = occupations["onet_soc_code"].map(counts).fillna(0).astype(int)
    occupations["bls_soc_code"] = bls_soc_codes(ctx, occupations)
    columns = [
        "onet_soc_code",
        "title",
        "description",
        "soc_code",
        "major_group",
        "job_zone",
        "task_count",
        "bls_soc_code",
    ]
    ctx.catalog.insert_rows("occupations", columns, frame_rows(occupations, columns))
    ctx.occupations = occupations[["onet_soc_code", "soc_code"]].copy()

    tasks = tasks.copy()
    tasks["type_weight"] = tasks["task_type"].map(lambda t: TYPE_WEIGHTS.get(t, TYPE_WEIGHTS[None]))
    columns = [
        "task_id",
        "onet_soc_code",
        "task",
        "task_type",
        "type_weight",
        "incumbents_responding",
        "date",
        "domain_source",
    ]
    ctx.catalog.insert_rows("tasks", columns, frame_rows(tasks, columns))
    ctx.task_ids = {int(t) for t in tasks["task_id"]}


def load_titles(ctx: BuildContext) -> None:
    folder = ctx.folder(onet.FOLDER)
    known = set(ctx.occupations["onet_soc_code"])
    occupations = onet.occupations(folder)
    parts = [
        pd.DataFrame(
            {
                "onet_soc_code": occupations["onet_soc_code"],
                "title": occupations["title"],
                "kind": "occupation",
                "source": "Occupation Data",
            }
        )
    ]
    alternate = onet.alternate_titles(folder)
    parts.append(
        pd.DataFrame(
            {
                "onet_soc_code": alternate["onet_soc_code"],
                "title": alternate["alternate_title"],
                "kind": "alternate",
                "source": "Alternate Titles (" + alternate["sources"] + ")",
            }
        )
    )
    short = alternate[alternate["short_title"].notna()]
    parts.append(
        pd.DataFrame(
            {
                "onet_soc_code": short["onet_soc_code"],
                "title": short["short_title"],
                "kind": "short",
                "source": "Alternate Titles, short title (" + short["sources"] + ")",
            }
        )
    )
    reported = onet.reported_titles(folder)
    shown = reported["shown_in_my_next_move"].fillna(0).astype(int) == 1
    parts.append(
        pd.DataFrame(
            {
                "onet_soc_code": reported["onet_soc_code"],
                "title": reported["reported_title"],
                "kind": "reported",
                "source": shown.map(
                    {True: "Sample of Reported Titles (shown in My Next Move)", False: "Sample of Reported Titles"}
                ),
            }
        )
    )
    titles = pd.concat(parts, ignore_index=True)
    titles = titles[titles["onet_soc_code"].isin(known) & (titles["title"].str.len() > 0)]
    titles = titles.drop_duplicates(["onet_soc_code", "title", "kind"], ignore_index=True)
    columns = ["onet_soc_code", "title", "kind", "source"]
    ctx.catalog.insert_rows("titles", columns, frame_rows(titles, columns))


def load_work_activities_detail(ctx: BuildContext) -> None:
    """IWAs, DWAs and the task -> DWA links (only for tasks and DWAs that exist)."""
    folder = ctx.folder(onet.FOLDER)
    iwas = onet.iwas(folder).drop_duplicates("iwa_id")
    ctx.catalog.insert_rows(
        "iwas", ["iwa_id", "iwa_title", "element_id"], frame_rows(iwas, ["iwa_id", "iwa_title", "element_id"])
    )
    dwas = onet.dwas(folder).drop_duplicates("dwa_id")
    columns = ["dwa_id", "dwa_title", "iwa_id", "element_id"]
    ctx.catalog.insert_rows("dwas", columns, frame_rows(dwas, columns))
    links = onet.task_dwas(folder)
    kept = links["task_id"].isin(ctx.task_ids) & links["dwa_id"].isin(dwas["dwa_id"])
    if not kept.all():
        ctx.notes.append(f"task_dwas: {int((~kept).sum())} link(s) to unknown tasks or DWAs skipped")
    columns = ["task_id", "onet_soc_code", "dwa_id"]
    ctx.catalog.insert_rows("task_dwas", columns, frame_rows(links[kept], columns))


def load_elements(ctx: BuildContext) -> None:
    """elements (names and descriptions per domain) and occupation x element ratings."""
    folder = ctx.folder(onet.FOLDER)
    known = set(ctx.occupations["onet_soc_code"])
    descriptions = onet.content_model(folder).set_index("element_id")["description"]
    elements: dict[str, tuple[str, str, str | None]] = {}
    for domain, file in onet.RATING_FILES.items():
        ratings = onet.ratings(folder, domain)
        ratings = ratings[ratings["onet_soc_code"].isin(known)].copy()
        for element_id, name in ratings.drop_duplicates("element_id")[["element_id", "element_name"]].itertuples(
            index=False, name=None
        ):
            elements.setdefault(element_id, (name, domain, descriptions.get(element_id)))
        ratings["domain"] = domain
        ratings["onet_release"] = ctx.release(onet.FOLDER, file)
        columns = [
            "onet_soc_code",
            "element_id",
            "domain",
            "importance",
            "level",
            "context",
            "not_relevant",
            "onet_release",
        ]
        ctx.catalog.insert_rows("occupation_elements", columns, frame_rows(ratings, columns))
    ctx.catalog.insert_rows(
        "elements",
        ["element_id", "element_name", "domain", "description"],
        [
            (eid, name, domain, desc if isinstance(desc, str) else None)
            for eid, (name, domain, desc) in sorted(elements.items())
        ],
    )


def load_technology(ctx: BuildContext) -> None:
    folder = ctx.folder(onet.FOLDER)
    known = set(ctx.occupations["onet_soc_code"])
    technology = onet.technology_skills(folder).assign(kind="technology")
    tools = onet.tools_used(folder).assign(kind="tool", hot=pd.NA, in_demand=pd.NA)
    both = pd.concat([technology, tools], ignore_index=True)
    both = both[both["onet_soc_code"].isin(known)]
    columns = ["onet_soc_code", "kind", "example", "commodity_code", "commodity_title", "hot", "in_demand"]
    ctx.catalog.insert_rows("technology", columns, frame_rows(both, columns))


def load_related_occupations(ctx: BuildContext) -> None:
    related = onet.related_occupations(ctx.folder(onet.FOLDER))
    known = set(ctx.occupations["onet_soc_code"])
    related = related[related["onet_soc_code"].isin(known)]
    columns = ["onet_soc_code", "related_code", "related_title", "tier", "rank"]
    ctx.catalog.insert_rows("related_occupations", columns, frame_rows(related, columns))
