"""Render a :class:`CareerAudit` as Markdown (``jobrisk audit career --format md``).

Text from the profile is escaped: Markdown and HTML characters cannot change the document.
"""

from __future__ import annotations

import re

from jobrisk.reports.career.model import CareerAudit

_SPECIAL = re.compile(r"([\\`*_\[\]|<>~])")


def esc(text: str) -> str:
    """Text safe inside a Markdown paragraph or table cell."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split())).replace("&", "&amp;")


def _score(v: float | None) -> str:
    return "no data" if v is None else f"{v:.0f}"


def _pct(v: float | None) -> str:
    return "no data" if v is None else f"{v * 100:.0f}%"


def _usd(v: float | None) -> str:
    return "no data" if v is None else f"${v:,.0f}"


def render_markdown(audit: CareerAudit) -> str:
    p, o = audit.personal, audit.occupation
    out = [f"# Your career audit: {esc(o.title)} ({o.onet_soc_code})", ""]
    if audit.resolution:
        out += [esc(audit.resolution.reason), ""]
    if audit.notices:
        out += ["**About your input**", ""] + [f"- {esc(n)}" for n in audit.notices] + [""]
    out += [
        "| | AI risk score | range | band | exposure | automation |",
        "|---|---:|---:|---|---:|---:|",
        f"| You | {_score(p.risk_score)} | {_score(p.risk_low)}–{_score(p.risk_high)} | {p.band} | "
        f"{_pct(p.exposure)} | {_pct(p.automation)} |",
        f"| {esc(o.title)} | {_score(o.risk_score)} | {_score(o.risk_low)}–{_score(o.risk_high)} | {o.band} | "
        f"{_pct(o.exposure)} | {_pct(o.automation)} |",
        "",
        esc(audit.difference.summary),
        "",
    ]
    if audit.difference.shifts:
        out += [
            "## Why your score differs",
            "",
            "| task | your share | default share | points |",
            "|---|---:|---:|---:|",
        ]
        out += [
            f"| {esc(s.text)} | {_pct(s.share)} | {_pct(s.default_share)} | {s.risk_points_change:+.1f} |"
            for s in audit.difference.shifts
        ]
        out.append("")
    out += ["## Your risk factors", ""]
    out += [
        f"{i}. **{esc(d.text)}** {esc(d.why)} Adds {d.risk_points:.1f} points." for i, d in enumerate(audit.drivers, 1)
    ] or ["None of your tasks adds much to your score."]
    out += ["", "## Your opportunities", ""]
    for op in audit.opportunities:
        tools = "; ".join(
            esc(t.name) + (f" (you use {esc(', '.join(t.already_using))})" if t.already_using else "") for t in op.tools
        )
        out.append(f"- **{esc(op.text)}** {esc(op.why)}" + (f" Tools: {tools}." if tools else ""))
    if not audit.opportunities:
        out.append("None of your tasks is both exposed and mainly augmented by AI.")
    out += ["", "## Your 30/90-day plan", ""]
    for heading, items in (("Next 30 days", audit.plan.days_30), ("Next 90 days", audit.plan.days_90)):
        out += [f"### {heading}", ""]
        out += [f"- **{esc(i.label)}** {esc(i.detail)} _From: {esc('; '.join(i.evidence))}_" for i in items] or [
            "- nothing"
        ]
        out.append("")
    out += ["## Career moves", "", esc(audit.transition_screening.summary), ""]
    if audit.transitions:
        out += [
            "| occupation | similarity | risk (range) | median wage | growth | preparation | skill gaps |",
            "|---|---:|---:|---:|---:|---|---|",
        ]
        for m in audit.transitions:
            growth = "no data" if m.employment_change_pct is None else f"{m.employment_change_pct:+.1f}%"
            out.append(
                f"| {esc(m.title)} ({m.onet_soc_code}) | {m.similarity:.2f} {m.viability} | "
                f"{_score(m.risk_score)} ({_score(m.risk_low)}–{_score(m.risk_high)}) | "
                f"{_usd(m.median_wage_usd)} | {growth} | {esc(m.job_zone_name or 'no data')} | "
                f"{esc(', '.join(g.name for g in m.skill_gaps[:3])) or 'none large'} |"
            )
        out.append("")
    out += [
        "## Your tasks",
        "",
        "| task | source | share | exposure | automation | points |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for t in audit.tasks:
        source = (
            f"O*NET {t.task_id}"
            if t.task_id is not None
            else ("your words" + (f", confidence {_pct(t.confidence)}" if t.confidence is not None else ""))
        )
        if t.observed_use is not None:
            source += f", seen in AI use ({t.observed_use.release})"
        out.append(
            f"| {esc(t.text)} | {source} | {_pct(t.share)} | {_pct(t.exposure)} | {_pct(t.automation)} | "
            f"{t.risk_points:.1f} |"
        )
    out += _free_text_explanations(audit)
    out += ["", "## How to read this", ""] + [f"- {esc(c)}" for c in audit.caveats]
    out += ["", f"Method {audit.method_version}."]
    return "\n".join(out) + "\n"


def _free_text_explanations(audit: CareerAudit) -> list[str]:
    """Each task in the person's words with the labelled tasks about the same work and the notes."""
    free = [t for t in audit.tasks if t.source == "free_text"]
    if not free:
        return []
    out = ["", "### Why your own tasks score as they do"]
    for t in free:
        out += ["", f"**{esc(t.text)}**", ""]
        for n in t.same_work:
            common = f"; in common: {esc(', '.join(n.shared_words[:4]))}" if n.shared_words else ""
            out.append(f"- About the same work: {esc(n.task)} ({esc(n.source_label)}, label {n.label}{common})")
        out += [f"- {esc(note)}" for note in t.explanation_notes]
    return out
