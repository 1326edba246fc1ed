"""Building the title index from the catalog, and the shipped re-ranker weights.

:func:`build_index` cleans and indexes every catalog title (minus evaluation hold-outs);
:func:`occupation_employment` gives the workforce prior; :func:`default_reranker` loads
``reranker_weights.json``. Used by :class:`.coder.TitleCoder` and :mod:`.artifact`.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any, TypedDict

from jobrisk.catalog import Catalog
from jobrisk.models.title_coder.aliases import TitleKnowledge, load_title_knowledge
from jobrisk.models.title_coder.index import TitleIndex, build_entries
from jobrisk.models.title_coder.normalize import clean_title
from jobrisk.models.title_coder.rerank import TitleReranker


def _entry_keys(knowledge: TitleKnowledge):
    def keys(title: str) -> list[str]:
        c = clean_title(title, knowledge.abbreviations, knowledge.rules)
        return [] if c.problem else [c.cleaned, *c.variants]

    return keys


def default_reranker() -> TitleReranker:
    """The re-ranker weights shipped with jobrisk (trained on held-out O*NET 29.3 titles)."""
    text = resources.files("jobrisk.models.title_coder").joinpath("reranker_weights.json").read_text("utf-8")
    return TitleReranker.from_dict(json.loads(text)["reranker"])


def build_index(
    catalog: Catalog,
    knowledge: TitleKnowledge | None = None,
    use_semantic: bool = True,
    exclude_keys: set[str] | None = None,
    exclude_codes: set[str] | None = None,
) -> TitleIndex:
    """Clean and index every catalog title (minus evaluation hold-outs)."""
    knowledge = knowledge or load_title_knowledge()
    records = [
        (t.onet_soc_code, t.title, t.kind)
        for t in catalog.titles()
        if not exclude_codes or t.onet_soc_code not in exclude_codes
    ]
    entries = build_entries(records, _entry_keys(knowledge), exclude_keys)
    encoder = None
    if use_semantic:
        from jobrisk.models.embeddings import get_encoder

        encoder = get_encoder()
    return TitleIndex(entries, encoder=encoder, employment=occupation_employment(catalog))


def occupation_employment(catalog: Catalog) -> dict[str, float]:
    """Workers per O*NET code: BLS 2024 employment (projections, incl. self-employed) or OEWS,
    of its SOC occupation, shared equally among the O*NET codes of that SOC."""
    occupations = catalog.occupations()
    per_soc: dict[str, int] = {}
    for o in occupations:
        per_soc[o.soc_code] = per_soc.get(o.soc_code, 0) + 1
    out: dict[str, float] = {}
    for o in occupations:
        projection = catalog.projection(o.soc_code)
        workers = (
            projection.employment_2024_thousands * 1000.0
            if projection and projection.employment_2024_thousands
            else None
        )
        if workers is None:
            wage = catalog.wage(o.soc_code)
            workers = float(wage.employment) if wage and wage.employment else None
        if workers:
            out[o.onet_soc_code] = workers / per_soc[o.soc_code]
    return out


class CoderOptions(TypedDict, total=False):
    """How :func:`coder_parts` builds a coder (its keyword arguments)."""

    use_semantic: bool
    use_aliases: bool
    exclude_keys: set[str] | None
    exclude_codes: set[str] | None
    reranker: TitleReranker | None
    knowledge: TitleKnowledge | None


def coder_parts(
    catalog: Catalog,
    settings=None,
    *,
    use_semantic: bool = True,
    use_aliases: bool = True,
    exclude_keys: set[str] | None = None,
    exclude_codes: set[str] | None = None,
    reranker: TitleReranker | None = None,
    knowledge: TitleKnowledge | None = None,
) -> dict[str, Any]:
    """The arguments of :class:`.coder.TitleCoder` for a catalog: its index (stored with the build
    when ``settings`` is given and cacheable, else built), occupations, task texts and re-ranker."""
    shipped = knowledge is None  # the stored index is built with the shipped knowledge files only
    knowledge = knowledge or load_title_knowledge()
    occupations = {o.onet_soc_code: o.title for o in catalog.occupations()}
    index = None
    cacheable = (
        settings is not None
        and (shipped or knowledge.source == load_title_knowledge().source)
        and not exclude_keys
        and not exclude_codes
    )
    if cacheable:
        from jobrisk.models.title_coder import artifact

        encoder = None
        if use_semantic:
            from jobrisk.models.embeddings import get_encoder

            encoder = get_encoder()
        index = artifact.load_index(Path(settings.models_dir), catalog.fingerprint(), encoder)
    if index is None:
        index = build_index(catalog, knowledge, use_semantic, exclude_keys, exclude_codes)
        if cacheable and catalog.fingerprint():
            try:
                artifact.save_index(index, Path(settings.models_dir), catalog.fingerprint())
            except OSError:
                pass  # a read-only data dir only costs start-up time
    reranker = reranker or default_reranker()
    tasks: dict[str, list[str]] = {}
    for task in catalog.tasks():
        tasks.setdefault(task.onet_soc_code, []).append(task.task)
    return {
        "index": index,
        "occupations": occupations,
        "knowledge": knowledge,
        "reranker": reranker,
        "use_aliases": use_aliases,
        "task_texts": tasks,
        "major_groups": catalog.major_groups(),
    }
