"""Render an :class:`OccupationReport` as Markdown (all seven sections, same facts as the page)."""

from __future__ import annotations

from jobrisk.reports.occupation import narrative as n
from jobrisk.reports.occupation.model import OccupationReport


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _bar(value: float | None, width: int = 20) -> str:
    if value is None:
        return "no data"
    filled = round(max(0.0, min(1.0, value)) * width)
    return "\u2588" * filled + "\u2591" * (width - filled) + f" {n.pct(value)}"


def render_markdown(report: OccupationReport) -> str:
    occ, h = report.occupation, report.headline
    out: list[str] = [
        f"# {report.resolution.heading}"
        if report.resolution and report.resolution.chosen
        else f"# Will AI replace {occ.title}?",
        "",
    ]
    if report.resolution and report.resolution.chosen:
        out += [f"## Will AI replace {occ.title}?", ""]
    out.append(
        f"*{occ.onet_soc_code}" + (f" \u00b7 {report.major_group_title}" if report.major_group_title else "") + "*"
    )
    out.append("")
    if report.resolution:
        r = report.resolution
        out += [f"> **You searched for \u201c{r.query}\u201d.** {r.reason}"]
        if r.candidates:
            out.append("> Other close matches: " + ", ".join(f"{c.title} ({c.onet_soc_code})" for c in r.candidates))
        out.append("")

    # 1. headline
    score = (
        f"**{n.score(h.risk_score)}/100 \u00b7 {h.band}** (range {n.score(h.risk_low)}\u2013{n.score(h.risk_high)})"
        if h.risk_score is not None
        else "**Not scored** (not enough data)"
    )
    out += [f"AI risk: {score}", "", f"**{h.verdict}**", ""]
    if h.risk_percentile is not None:
        out += [
            f"Higher than {h.risk_percentile:.0f}% of scored occupations."
            + (f" {h.range_note}" if h.range_note else ""),
            "",
        ]
    if h.interpretation:
        out += ["**What the number means.** " + " ".join(h.interpretation), ""]
    if h.annual_median_wage_usd is not None:
        wage = n.usd(h.annual_median_wage_usd)
    elif h.hourly_median_wage_usd is not None:
        wage = f"${h.hourly_median_wage_usd:.2f} an hour"
    else:
        wage = "no data" + (f" ({h.wage_note})" if h.wage_note else "")
    employment = n.count(h.employment) + (f" ({h.employment_vintage})" if h.employment_vintage else "")
    change = n.signed_pct(h.employment_change_pct) + (f" ({h.projection_period})" if h.projection_period else "")
    openings = n.count(h.openings_per_year_thousands * 1000) if h.openings_per_year_thousands is not None else "no data"
    out += [
        "| Employment | Median annual wage | Projected change | Openings per year |",
        "|---|---|---|---|",
        f"| {employment} | {wage} | {change} | {openings} |",
        "",
        report.description,
        "",
    ]

    # 2. state of AI
    s = report.state_of_ai
    out += ["## The state of AI in this occupation", "", s.summary, ""]
    for t in s.tools:
        out += [
            f"### {t.name}",
            "",
            f"{t.description} Examples: {', '.join(t.example_products)}.",
            "",
            f"*Why here:* {t.summary}",
            "",
            f"<sub>Evidence: {t.reason}</sub>",
            "",
        ]
    if s.tools:
        out += [f"_Tool catalog version {s.tool_catalog_version}; products are examples, not endorsements._", ""]

    # 3. tasks at risk
    ta = report.tasks_at_risk
    out += ["## Tasks at risk", "", ta.summary, ""]
    for i, at_risk in enumerate(ta.tasks, 1):
        out.append(f"{i}. **{at_risk.task}**  ")
        share = f" \u00b7 {n.pct(at_risk.time_share, 1)} of the working time" if ta.time_shares_differ else ""
        out.append(f"   {at_risk.summary}{share}  ")
        if at_risk.observed_summary:
            out.append(f"   *Already in use?* {at_risk.observed_summary}  ")
        out.append(f"   <sub>Evidence: {at_risk.why}</sub>" + ("  " if at_risk.tools else ""))
        if at_risk.tools:
            out.append("   *Tools:* " + "; ".join(f"{x.name} ({x.reason})" for x in at_risk.tools) + ".")
    out.append("")
    out += _observed_use(report)

    # 4. what AI can't replace
    he = report.human_edge
    out += ["## What AI can\u2019t replace", "", he.summary, ""]
    for human in he.tasks:
        out.append(f"- {'**[physical]** ' if human.physical else ''}{human.task} \u2014 _{human.why}_")
    for m in he.machines:
        out.append(f"- **{m.name}**: {m.already_does} Still needs a person: {m.still_needs_person}.")
    if he.strengths:
        out += ["", "**The human strengths behind them**", ""]
        out += [f"- **{x.name}** \u2014 _{x.why}_" for x in he.strengths]
    if he.borrowed_note:
        out += ["", f"_{he.borrowed_note}_"]
    out.append("")

    # 5. score breakdown
    b = report.score_breakdown
    out += [
        "## Score breakdown",
        "",
        b.summary,
        "",
        "| Component | Value | Effect | What it measures |",
        "|---|---|---|---|",
    ]
    out += [f"| {c.label} | `{_bar(c.value)}` | {c.direction} risk | {_esc(c.explanation)} |" for c in b.components]
    if any(x.exposure is not None for x in b.scenarios):
        out += [
            "",
            "Capability exposure by scenario: "
            + ", ".join(f"{x.label} {n.pct(x.exposure)}" for x in b.scenarios)
            + ".",
        ]
    out += ["", "### How published research rates this occupation", "", b.research_summary, ""]
    if b.research:
        out += ["| Measure | Value | Percentile | Vintage | Crosswalk |", "|---|---|---|---|---|"]
        out += [
            f"| {_esc(r.label)} | {r.value:.2f} | "
            f"{f'{r.percentile:.0f}' if r.percentile is not None else 'no data'} | {_esc(r.citation)} "
            f"({_esc(r.source_version)}) | "
            f"{r.crosswalk} |"
            for r in b.research
        ]
        out.append("")
    if b.caveats:
        out += ["**Caveats**", ""] + [f"- {c}" for c in b.caveats] + [""]

    # 6. actions
    out += ["## Five action steps", ""]
    for i, a in enumerate(report.actions, 1):
        out += [f"{i}. **{a.title}.** {a.text}"]
        for item in a.items:
            label = f"[{item.label}]({item.url})" if item.url else f"**{item.label}**"
            out.append(f"   - {label} \u2014 {item.detail}")
    out.append("")

    # 7. bottom line and sources
    ab = report.about
    out += [
        "## Bottom line",
        "",
        report.bottom_line,
        "",
        f"Method: {ab.method_url}"
        + (f" (version {ab.method_version})" if ab.method_version else "")
        + f"; AI tool catalog {ab.tool_catalog_version}.",
        "",
        "### Data sources and attribution",
        "",
    ]
    out += [f"- **{x.title}**, version {x.version} ({x.license}). {x.attribution}" for x in ab.sources]
    out.append("")
    return "\n".join(out)


def _observed_use(report: OccupationReport) -> list[str]:
    ou = report.observed_use
    if ou is None:
        return []
    out = ["## AI already in use", "", ou.summary, ""]
    facts = [f"release {ou.release} ({ou.data_period})"]
    if ou.observed_time_share is not None:
        facts.insert(0, f"{n.pct(ou.observed_time_share)} of the working time goes to tasks already seen in AI use")
    if ou.automation_share is not None:
        facts.insert(1, f"in {n.pct(ou.automation_share)} of those conversations AI did the work rather than helping")
    return out + [" \u00b7 ".join(facts), "", f"*Keep in mind:* {ou.caveat}", ""]
