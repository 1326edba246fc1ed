"""The career audit use case: a person's profile in, a :class:`CareerAudit` out.

``run_career_audit(services, profile)`` (the web app, the API and the CLI call it; the library's
:func:`audit_career`, exported as ``jobrisk.audit_career``, wraps it) does, in order:

1. resolve the occupation: an O*NET-SOC code, or a title through the title coder (an unsure
   match raises :class:`~jobrisk.reports.occupation.resolve.AmbiguousTitleError` carrying the
   candidates);
2. read the tasks: O*NET task ids must belong to that occupation (unknown ids are named),
   free text is scored by the task model; shares are normalised to 1 with a notice;
3. score the task list against the occupation (same components, range and band as the
   occupation score; the default profile reproduces it exactly);
4. match each task to AI tool categories, find career moves
   (:mod:`jobrisk.scoring.transitions` over :mod:`jobrisk.app.transition_space`), take the
   occupation report's human strengths, and assemble the audit
   (:func:`jobrisk.reports.career.build.build_career_audit`).

Every problem with the input raises :class:`jobrisk.errors.InputError` naming what is wrong; a code or
title that matches no occupation raises :class:`jobrisk.errors.NotFoundError`.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from functools import lru_cache

from rapidfuzz import process

from jobrisk.app.task_scoring import TaskScoringBasis, free_text_task
from jobrisk.catalog import Catalog
from jobrisk.catalog.types import Task
from jobrisk.errors import InputError, JobriskError, NotFoundError
from jobrisk.app.transition_space import cached_transition_space, median_wage_usd
from jobrisk.reports.career.build import ObservedUse, ScoredTask, build_career_audit
from jobrisk.reports.career.model import CareerAudit, SameWorkTask, ToolSuggestion
from jobrisk.reports.career.profile import CareerProfile, encode_profile, parse_profile, profile_from_data
from jobrisk.reports.occupation.model import HumanStrength, TitleResolution
from jobrisk.reports.occupation.observed import task_use_ref
from jobrisk.reports.occupation.resolve import resolve_query
from jobrisk.reports.tools import ToolCatalog, load_tool_catalog, match_task
from jobrisk.scoring.occupation_score import TaskContribution
from jobrisk.scoring.task_list import TaskListScore, score_task_list
from jobrisk.scoring.task_list_items import TaskListItem
from jobrisk.scoring.transitions import activity_time, find_transitions, occupation_origin
from jobrisk.scoring.transition_types import GAP_DOMAINS
from jobrisk.app.services import Services
from jobrisk.settings import Settings

if TYPE_CHECKING:
    from jobrisk.models.task_exposure.explanation import Neighbour

#: Explicit shares summing to more than this are read as percentages.
PERCENT_SUM_OVER = 1.5
#: Shares are "already normalised" within this of 1.
SHARE_TOLERANCE = 0.005
SHARE_PATH = "/audit/career/result?p={token}"


@dataclass(frozen=True)
class TaskRequest:
    """One task after reading the profile: a catalog task (task_id) or free text, with its share (0-1)."""

    task_id: int | None
    text: str
    share: float


def resolve_occupation(services: Services, profile: CareerProfile) -> tuple[str, TitleResolution | None]:
    """The profile's O*NET-SOC code and, for a title, how it was matched."""
    catalog = services.catalog
    if profile.onet_soc_code:
        with services.catalog_lock:
            if not catalog.has_occupation(profile.onet_soc_code):
                raise NotFoundError(
                    f"No occupation has the O*NET-SOC code {profile.onet_soc_code!r} given in the profile "
                    "(codes look like 23-2011.00; /api/v1/occupations lists them)."
                )
        return profile.onet_soc_code, None
    assert profile.title is not None
    try:
        return resolve_query(catalog, profile.title, lambda: services.title_coder)
    except NotFoundError as exc:
        raise NotFoundError(f"{exc} Give an onet_soc_code instead.") from None


def read_tasks(
    profile: CareerProfile, defaults: Sequence[TaskContribution], occupation_title: str, code: str
) -> tuple[list[TaskRequest], list[str]]:
    """The profile's tasks with shares summing to 1, and notices of what was changed."""
    notices: list[str] = []
    by_id = {t.task_id: t for t in defaults}
    if profile.tasks is None:
        if not defaults:
            raise InputError(
                f"O*NET lists no tasks for {occupation_title} ({code}): add your tasks "
                "as free text, each with its share of your time."
            )
        return [TaskRequest(t.task_id, t.task, t.time_share) for t in defaults], notices
    if not profile.tasks:
        raise InputError("No task left: keep at least one task, or add your own as free text.")
    unknown = sorted({t.task_id for t in profile.tasks if t.task_id is not None and t.task_id not in by_id})
    if unknown:
        ids = ", ".join(str(i) for i in unknown)
        raise InputError(
            f"Task id{'s' if len(unknown) > 1 else ''} {ids} {'are' if len(unknown) > 1 else 'is'} "
            f"not among the O*NET tasks of {occupation_title} ({code}); its tasks are "
            + (f"ids {min(by_id)}-{max(by_id)}." if by_id else "none.")
        )
    explicit = [t.share for t in profile.tasks if t.share is not None]
    scale = 1.0
    if sum(explicit) > PERCENT_SUM_OVER:
        scale = 0.01
        notices.append("Shares were read as percentages.")
    merged: dict[str, TaskRequest] = {}
    for t in profile.tasks:
        if t.task_id is not None:
            share = t.share * scale if t.share is not None else by_id[t.task_id].time_share
            key, text = f"task:{t.task_id}", by_id[t.task_id].task
        else:
            assert t.text is not None and t.share is not None
            share, key, text = t.share * scale, f"text:{t.text.casefold()}", t.text
        if key in merged:
            notices.append(f"“{text[:60]}” was listed twice; its shares were added.")
            share += merged[key].share
        merged[key] = TaskRequest(t.task_id, text, share)
    dropped = [r for r in merged.values() if r.share <= 0]
    for r in dropped:
        notices.append(f"“{r.text[:60]}” has a share of 0 and was left out.")
    kept = [r for r in merged.values() if r.share > 0]
    if not kept:
        raise InputError("No task left: every task has a share of 0.")
    total = sum(r.share for r in kept)
    if abs(total - 1.0) > SHARE_TOLERANCE:
        notices.append(f"Your shares added up to {total * 100:.0f}%; they were scaled to 100%.")
    return [TaskRequest(r.task_id, r.text, r.share / total) for r in kept], notices


def read_skills(services: Services, skills: Sequence[str]) -> frozenset[str]:
    """O*NET element ids of the profile's skills (names or ids); unknown ones are named with suggestions."""
    with services.catalog_lock:
        names = {eid: name for d in GAP_DOMAINS for eid, name in services.catalog.element_names(d).items()}
    by_name = {name.casefold(): eid for eid, name in names.items()}
    found, unknown = set(), []
    for item in skills:
        eid = item if item in names else by_name.get(item.casefold())
        if eid is None:
            unknown.append(item)
        else:
            found.add(eid)
    if unknown:
        hints = []
        for item in unknown:
            best = process.extractOne(item, list(names.values()), score_cutoff=60)
            hints.append(f"{item!r}" + (f" (did you mean {best[0]!r}?)" if best else ""))
        raise InputError(
            "Unknown skill or knowledge area: "
            + ", ".join(hints)
            + ". Use O*NET skill and knowledge names, e.g. 'Writing', 'Programming'."
        )
    return frozenset(found)


def tool_suggestions(
    services: Services, code: str, tasks: Sequence[TaskRequest], tools_used: Sequence[str]
) -> dict[str, list[ToolSuggestion]]:
    """AI tool categories a person can use on each task (by its O*NET work activities, else its words):
    the language-model tool categories; the machine categories (robots, vehicles) are left out."""
    catalog_tools = _tool_catalog()
    with services.catalog_lock:
        dwas = services.catalog.task_dwas(code)
    out: dict[str, list[ToolSuggestion]] = {}
    for t in tasks:
        task = Task(task_id=t.task_id or 0, onet_soc_code=code, task=t.text, task_type=None, type_weight=1.0)
        matches = match_task(task, dwas.get(t.task_id, []) if t.task_id is not None else [], catalog_tools)
        suggestions = []
        for m in matches:
            category = catalog_tools.by_id(m.category_id)
            if not category.weight_by_exposure:
                continue  # robots, vehicles, vision systems: machines that take work, not tools to learn
            using = [tool for tool in tools_used if category.names_software(tool)]
            suggestions.append(
                ToolSuggestion(
                    category_id=category.id,
                    name=category.name,
                    example_products=list(category.example_products[:4]),
                    reason=m.plain_reason,
                    evidence_id=m.evidence_id,
                    already_using=using,
                )
            )
        out[ScoredTask(t.task_id, t.text, 0, 0, None, "").key] = suggestions
    return out


@lru_cache(maxsize=1)
def _tool_catalog() -> ToolCatalog:
    return load_tool_catalog()


def observed_use(services: Services, code: str, tasks: Sequence[ScoredTask]) -> ObservedUse | None:
    """Observed AI use of the person's tasks in the catalog's latest release (an O*NET task by its
    id, free text by its words); None when the catalog holds no observed-use release."""
    catalog = services.catalog
    with services.catalog_lock:
        release = catalog.latest_observed_release()
        if release is None:
            return None
        by_id = catalog.observed_task_use(code, release)
        found = {}
        for t in tasks:
            use = by_id.get(t.task_id) if t.task_id is not None else catalog.observed_use_of_text(t.text, release)
            ref = task_use_ref(use)
            if ref is not None:
                found[t.key] = ref
    return ObservedUse(release, found)


def _strengths(services: Services, code: str) -> list[HumanStrength]:
    try:
        return list(services.report(code).human_edge.strengths)
    except JobriskError:
        return []


def run_career_audit(services: Services, profile: CareerProfile) -> CareerAudit:
    """The career audit of ``profile`` (see the module docstring)."""
    code, resolution = resolve_occupation(services, profile)
    catalog, scorebook = services.catalog, services.scorebook
    with services.catalog_lock:
        occ = catalog.occupation(code)
        wage = median_wage_usd(catalog, occ.soc_code)
    occupation = scorebook.score(code)
    defaults = scorebook.tasks(code)
    requests, notices = read_tasks(profile, defaults, occ.title, code)
    own = read_skills(services, profile.skills)
    personal, mine = score_profile_tasks(services, code, None if profile.tasks is None else requests)
    notices += [n for n in personal.notices if n not in notices]
    default_rows = [
        ScoredTask(t.task_id, t.task, t.time_share, t.exposure, t.automation, t.provenance) for t in defaults
    ]
    with services.catalog_lock:
        space = cached_transition_space(catalog, scorebook)
        dwas = catalog.task_dwas(code)
    activity = activity_time(
        (t.share, [d.iwa_id for d in dwas.get(t.task_id, [])]) for t in mine if t.task_id is not None
    )
    pay = profile.annual_pay_usd if profile.annual_pay_usd is not None else wage
    pay_basis = "stated" if profile.annual_pay_usd is not None else ("occupation median" if wage else None)
    risk = (personal.risk.score, personal.risk.low, personal.risk.high)
    origin = occupation_origin(
        space,
        code,
        job_zone=occ.job_zone,
        annual_pay_usd=pay,
        risk=risk,
        pay_basis=pay_basis,
        activity=activity or None,
        own_elements=own,
    )
    search = find_transitions(origin, space)
    token = encode_profile(profile)
    if token is None:
        notices.append("This profile is too long to share as a link; download it as JSON instead.")
    return build_career_audit(
        profile=profile.compact(),
        resolution=resolution,
        personal=personal,
        occupation=occupation,
        occupation_title=occ.title,
        occupation_url=f"/occupations/{code}",
        job_zone=occ.job_zone,
        median_wage_usd=wage,
        mine=mine,
        defaults=default_rows,
        tools=tool_suggestions(services, code, requests, profile.tools),
        search=search,
        pay_usd=pay,
        pay_basis=pay_basis,
        strengths=_strengths(services, code),
        own_elements=own,
        notices=notices,
        share_path=SHARE_PATH.format(token=token) if token else None,
        observed=observed_use(services, code, mine),
    )


_BASES: weakref.WeakKeyDictionary[Catalog, TaskScoringBasis] = weakref.WeakKeyDictionary()
_BASES_LOCK = threading.Lock()


def scoring_basis(services: Services) -> TaskScoringBasis:
    """The task-list scoring basis of the services' catalog (read once per catalog, then reused)."""
    catalog = services.catalog
    with _BASES_LOCK:
        basis = _BASES.get(catalog)
        if basis is None:
            with services.catalog_lock:
                basis = _BASES[catalog] = TaskScoringBasis.from_catalog(catalog)
        return basis


def score_profile_tasks(
    services: Services, code: str, requests: Sequence[TaskRequest] | None
) -> tuple[TaskListScore, list[ScoredTask]]:
    """The personal score of the task list (None = the occupation's own tasks and default shares,
    which reproduces the occupation score exactly) and its scored rows."""
    inputs = scoring_basis(services).occupation_task_list(code)
    items: list[TaskListItem]
    free: dict[int, ScoredTask] = {}
    if requests is None:
        items = list(inputs.items)
    else:
        items = list(inputs.with_time_shares({r.task_id: r.share for r in requests if r.task_id is not None}))
        texts = [r for r in requests if r.task_id is None]
        if texts:
            explained = services.task_model.explain_texts([r.text for r in texts], [code] * len(texts), k=2)
            for r, ex in zip(texts, explained):
                sc = ex.score
                items.append(free_text_task(r.text, sc, r.share))
                same_work = tuple(_same_work(n) for n in ex.neighbours)
                free[-len(items)] = ScoredTask(
                    None, r.text, 0, 0, None, "", sc.confidence, tuple(sc.flags), same_work, tuple(ex.notes)
                )
    score = score_task_list(items, inputs.reference, inputs.params)
    rows = []
    for c in score.contributions:
        if c.task_id < 0:
            t = free[c.task_id]
            rows.append(
                replace(t, share=c.time_share, exposure=c.exposure, automation=c.automation, provenance=c.provenance)
            )
        else:
            rows.append(ScoredTask(c.task_id, c.task, c.time_share, c.exposure, c.automation, c.provenance))
    return score, rows


def _same_work(n: Neighbour) -> SameWorkTask:
    """A :class:`SameWorkTask` of the report from the task model's neighbour."""
    return SameWorkTask(
        task=n.task,
        source="modern" if n.source == "modern" else "onet",
        source_label=n.source_label,
        onet_soc_code=n.onet_soc_code,
        label=n.human_exposure,
        shared_words=list(n.shared),
    )


def audit_career(
    profile: CareerProfile | Mapping[str, Any] | str | Path,
    *,
    settings: Settings | None = None,
    services: Services | None = None,
) -> CareerAudit:
    """The career audit of a profile: a :class:`CareerProfile`, a mapping of its fields, or the path of
    a JSON/YAML profile file. Uses ``services`` if given, else the data directory of ``settings``
    (default: ``Settings.load()``)::

        import jobrisk
        audit = jobrisk.audit_career({"onet_soc_code": "23-2011.00", "annual_pay_usd": 60000})
        audit.personal.risk_score, audit.occupation.risk_score, audit.transitions[0].onet_soc_code
    """
    if isinstance(profile, (str, Path)):
        path = Path(profile)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"Cannot read the profile {path}: {exc.strerror or exc}.") from None
        profile = parse_profile(raw, "yaml" if path.suffix.lower() in (".yaml", ".yml") else "json")
    elif not isinstance(profile, CareerProfile):
        profile = profile_from_data(dict(profile))
    return run_career_audit(services or Services(settings), profile)
