"""The career audit form: what the page shows (:class:`CareerForm`) and how a submission becomes a profile.

The form works without JavaScript: every O*NET task of the occupation is a checkbox with a
share in percent (the occupation's defaults), five rows take tasks in the person's own words,
skills and the occupation's software are checkboxes. :func:`profile_from_form` turns the posted
fields into a :class:`~jobrisk.reports.career.profile.CareerProfile`; a form left at its defaults
becomes the default profile (so it reproduces the occupation's score exactly).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jobrisk.errors import InputError
from jobrisk.reports.career.profile import MAX_TASK_TEXT_CHARS, CareerProfile, profile_from_data
from jobrisk.app.services import Services

FREE_TEXT_ROWS = 5
TOOLS_SHOWN = 40


@dataclass
class FormTask:
    task_id: int
    text: str
    default_pct: str  # the occupation's default share, as rendered (percent, 2 decimals)
    pct: str  # the share shown in the form (percent)
    kept: bool
    exposure: float


@dataclass
class FormText:
    text: str = ""
    pct: str = ""


@dataclass
class FormChoice:
    value: str
    label: str
    checked: bool = False
    note: str = ""


@dataclass
class CareerForm:
    """Everything the form template shows for one occupation."""

    onet_soc_code: str
    title: str
    occupation_title: str
    tasks: list[FormTask]
    texts: list[FormText]
    skills: list[FormChoice]
    tools: list[FormChoice]
    other_tools: str = ""
    years_experience: str = ""
    annual_pay_usd: str = ""
    max_text_chars: int = MAX_TASK_TEXT_CHARS
    errors: list[str] = field(default_factory=list)


def _pct(share: float) -> str:
    return f"{share * 100:.2f}"


def build_form(services: Services, code: str, title: str = "", profile: CareerProfile | None = None) -> CareerForm:
    """The form for ``code``, at the occupation's defaults or filled from ``profile``."""
    catalog, scorebook = services.catalog, services.scorebook
    with services.catalog_lock:
        occ = catalog.occupation(code)
        skills = catalog.element_names("skills")
        tech = [t for t in catalog.technology(code) if t.kind == "technology"]
    defaults = sorted(scorebook.tasks(code), key=lambda t: (-t.time_share, t.task_id))
    chosen: dict[int, float | None] | None = None
    texts: list[FormText] = []
    if profile is not None and profile.tasks is not None:
        chosen = {t.task_id: t.share for t in profile.tasks if t.task_id is not None}
        texts = [FormText(t.text or "", f"{(t.share or 0) * 100:.2f}") for t in profile.tasks if t.text]
    tasks = []
    for t in defaults:
        kept = chosen is None or t.task_id in chosen
        share = t.time_share if chosen is None or chosen.get(t.task_id) is None else chosen[t.task_id]
        tasks.append(FormTask(t.task_id, t.task, _pct(t.time_share), _pct(share or 0.0), kept, t.exposure))
    texts += [FormText() for _ in range(max(FREE_TEXT_ROWS - len(texts), 1))]
    own = set(profile.skills) if profile else set()
    used = set(profile.tools) if profile else set()
    tech.sort(key=lambda t: (not t.hot, not t.in_demand, t.example.lower()))
    examples = list(dict.fromkeys(t.example for t in tech))[:TOOLS_SHOWN]
    return CareerForm(
        onet_soc_code=code,
        title=title or (profile.title or "" if profile else ""),
        occupation_title=occ.title,
        tasks=tasks,
        texts=texts,
        skills=[
            FormChoice(eid, name, eid in own or name in own)
            for eid, name in sorted(skills.items(), key=lambda kv: kv[1])
        ],
        tools=[
            FormChoice(e, e, e in used, "in demand" if any(t.example == e and t.hot for t in tech) else "")
            for e in examples
        ],
        other_tools=", ".join(t for t in used if t not in examples),
        years_experience="" if not profile or profile.years_experience is None else f"{profile.years_experience:g}",
        annual_pay_usd="" if not profile or profile.annual_pay_usd is None else f"{profile.annual_pay_usd:.0f}",
    )


def _number(raw: str, what: str) -> float | None:
    raw = raw.strip().replace(",", "").replace("%", "").replace("$", "")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InputError(f"{what} must be a number; got {raw[:30]!r}.") from None


def profile_from_form(
    form: Mapping[str, str], multi: Mapping[str, list[str]], defaults: Mapping[int, str]
) -> CareerProfile:
    """The profile a submitted form describes (InputError naming a bad field).

    ``form``: single-valued fields; ``multi``: the checkbox lists ('skill', 'tool');
    ``defaults``: task id -> the default share the form showed (percent string).
    """
    tasks: list[dict] = []
    at_defaults = True
    for task_id, default_pct in defaults.items():
        if form.get(f"keep_{task_id}") is None:
            at_defaults = False
            continue
        pct = _number(form.get(f"share_{task_id}", ""), "A task's share")
        if pct is not None and abs(pct - float(default_pct)) > 1e-9:
            at_defaults = False
        tasks.append({"task_id": task_id, "share": None if pct is None else pct / 100.0})
    for i in range(1, 101):
        text = form.get(f"text_{i}")
        if text is None:
            break
        if not text.strip():
            continue
        pct = _number(form.get(f"textshare_{i}", ""), f"The share of “{text.strip()[:40]}”")
        if pct is None:
            raise InputError(f"Give a share of your time for “{text.strip()[:60]}”.")
        tasks.append({"text": text, "share": pct / 100.0})
        at_defaults = False
    tools = list(multi.get("tool", [])) + [t.strip() for t in form.get("other_tools", "").split(",") if t.strip()]
    data: dict = {
        "onet_soc_code": form.get("onet_soc_code", "").strip() or None,
        "title": form.get("title", "").strip() or None,
        "tasks": None if at_defaults else tasks,
        "skills": list(multi.get("skill", [])),
        "tools": tools,
        "years_experience": _number(form.get("years_experience", ""), "Years of experience"),
        "annual_pay_usd": _number(form.get("annual_pay_usd", ""), "Annual pay"),
    }
    return profile_from_data({k: v for k, v in data.items() if v is not None})
