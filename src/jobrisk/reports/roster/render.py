"""Renderings of a :class:`RosterReport`: ``json``, ``md``, ``html``, ``pdf``, ``csv`` and ``xlsx``.

HTML comes from the shared templates (``interfaces/web/templates/roster_report.html``) so the web
page, the file and the PDF are the same document. CSV and XLSX hold the tables (opportunities,
roles, mapping, departments, rows not used, assumptions); every text cell that a spreadsheet
would read as a formula is written as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from jobrisk.errors import InputError
from jobrisk.reports.roster.model import EXPOSURE_NOT_JOB_LOSS, RosterReport
from jobrisk.tabular.safe_writer import csv_bytes, xlsx_bytes

FORMATS = ("json", "md", "html", "pdf", "csv", "xlsx")


def render(report: RosterReport, fmt: str, *, editable: bool = False) -> bytes:
    """The report in ``fmt`` (one of :data:`FORMATS`) as bytes."""
    if fmt == "json":
        return json.dumps(report.as_dict(), indent=2, ensure_ascii=False).encode("utf-8")
    if fmt == "md":
        return render_markdown(report).encode("utf-8")
    if fmt == "html":
        return render_html(report, editable=editable).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "xlsx":
        return render_xlsx(report)
    raise InputError(f"Unknown report format '{fmt}'; choose one of: {', '.join(FORMATS)}")


# ---------------------------------------------------------------------------------------- html/pdf
def render_html(
    report: RosterReport, *, editable: bool = False, layout: str = "report/page_base.html", **variables: Any
) -> str:
    from jobrisk.reports.occupation.html import environment

    template = environment().get_template("roster_report.html")
    return template.render(report=report, layout=layout, editable=editable, **variables)


PRINT_CSS = """
@page { size: A4 landscape; margin: 14mm 12mm; @bottom-right { content: counter(page) " / " counter(pages);
        font-size: 9pt; color: #57606a; } }
body { font-size: 9.5pt; } .rr-hide-narrow { display: table-cell; } .rr-form button { display: none; }
"""


def render_pdf(report: RosterReport) -> bytes:
    from jobrisk.reports.occupation.pdf import pdf_from_html

    return pdf_from_html(render_html(report), PRINT_CSS)


# ---------------------------------------------------------------------------------------- markdown
def _usd(v: float | None) -> str:
    return "no money figure" if v is None else f"${v:,.0f}"


def _h(v: float | None) -> str:
    return "no data" if v is None else f"{v:,.0f}"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(report: RosterReport) -> str:
    s, i = report.summary, report.input
    out = ["# What your business could automate first", ""]
    if i.source_name:
        out += [f"Roster: {i.source_name}, read as {i.read_as}", ""]
    out += [
        f"Across **{s.employees:,.0f} employee{'' if s.employees == 1 else 's'}** in {s.roles:,} "
        f"job title{'' if s.roles == 1 else 's'}, AI tools could free about "
        f"**{s.hours_freed_per_year:,.0f} hours a year** ({s.freed_share:.0%} of working time, "
        f"{s.fte_freed:,.1f} full-time equivalents)"
        + (
            f", worth about **{_usd(s.value_usd_per_year)} a year** at loaded cost"
            if s.value_usd_per_year is not None
            else ""
        )
        + ", under the assumptions below.",
        "",
        "## Exposure is not job loss",
        "",
        EXPOSURE_NOT_JOB_LOSS,
        "",
        "## Summary",
        "",
        "| | |",
        "|---|---:|",
        f"| employees | {s.employees:,.0f} |",
        f"| in mapped roles | {s.employees_mapped:,.0f} |",
        f"| unmapped (no money figure) | {s.employees_unmapped:,.0f} |",
        f"| working hours a year | {_h(s.hours_per_year)} |",
        f"| hours in exposed work | {_h(s.hours_exposed_per_year)} |",
        f"| hours a year AI could free | {_h(s.hours_freed_per_year)} |",
        f"| full-time equivalents | {s.fte_freed:,.1f} |",
        f"| value a year | {_usd(s.value_usd_per_year)} |",
        "",
    ]
    review = report.needs_review
    if review:
        out += [
            f"## Check {len(review)} job title{'s' if len(review) != 1 else ''}",
            "",
            "Not matched confidently: they count as unmapped until you confirm or correct them.",
            "",
            "| job title | people | status | best candidates |",
            "|---|---:|---|---|",
        ]
        for m in review[:50]:
            cands = "; ".join(f"{c.title} ({c.onet_soc_code})" for c in m.candidates[:3]) or "none"
            out.append(f"| {_cell(m.job_title)} | {m.headcount:,.0f} | {m.status} | {_cell(cands)} |")
        out.append("")
    out += [
        "## Ranked opportunities",
        "",
        "| # | work | quadrant | hours freed / yr | value / yr | FTE | ease | roles |",
        "|---:|---|---|---:|---:|---:|---:|---|",
    ]
    for o in report.opportunities[:30]:
        roles = ", ".join(t for t, _ in o.roles[:3])
        out.append(
            f"| {o.rank} | {_cell(o.name)} | {o.quadrant.replace('_', ' ')} | {_h(o.hours_freed_per_year)} | "
            f"{_usd(o.value_usd_per_year)} | {o.fte_freed:,.1f} | {o.ease.ease:.2f} | {_cell(roles)} |"
        )
    out += [
        "",
        "## People impact",
        "",
        "| role | people | time AI could free | AI already in use | possible moves in your roster |",
        "|---|---:|---:|---|---|",
    ]
    for r in [r for r in report.roles if r.onet_soc_code][:20]:
        moves = "; ".join(m.job_title for m in r.moves) or "none in this roster"
        seen = report.observed_words(r.onet_soc_code) or "not seen in observed AI use"
        out.append(
            f"| {_cell(r.job_title)} | {r.headcount:,.0f} | {r.freed_share:.0%} | {_cell(seen)} | {_cell(moves)} |"
        )
    out += ["", "## Assumptions", "", "| assumption | value |", "|---|---:|"]
    out += [f"| {k} | {v:g} |" for k, v in report.assumptions.items()]
    out += ["", "## Your file", "", f"{i.accepted_rows} of {i.source_rows} rows used."]
    if i.dropped_columns:
        out.append("Not kept (they identify people): " + ", ".join(c for c, _ in i.dropped_columns) + ".")
    if i.rejected_rows:
        out += ["", "| row | reason |", "|---:|---|"] + [f"| {n} | {_cell(w)} |" for n, w in i.rejected_rows[:200]]
    out += ["", "Sources: " + "; ".join(report.sources) + ".", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------- tables
def tables(report: RosterReport) -> list[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]:
    """(sheet name, header, rows) for every table of the report."""
    d = report.as_dict()
    return [
        (
            "Opportunities",
            (
                "rank",
                "work",
                "quadrant",
                "hours_per_year",
                "hours_exposed_per_year",
                "hours_freed_per_year",
                "value_usd_per_year",
                "fte_freed",
                "ease",
                "roles",
                "tools",
            ),
            [
                (
                    o["rank"],
                    o["name"],
                    o["quadrant"],
                    o["hours_per_year"],
                    o["hours_exposed_per_year"],
                    o["hours_freed_per_year"],
                    o["value_usd_per_year"],
                    o["fte_freed"],
                    o["ease"],
                    "; ".join(o["roles"]),
                    "; ".join(t["name"] for t in o["tools"]),
                )
                for o in d["opportunities"]
            ],
        ),
        (
            "Roles",
            (
                "job_title",
                "onet_soc_code",
                "occupation_title",
                "status",
                "confidence",
                "headcount",
                "hours_per_year",
                "hours_freed_per_year",
                "value_usd_per_year",
                "freed_share",
                "internal_moves",
                "observed_time_share",
                "observed_automation_share",
                "observed_release",
            ),
            [
                (
                    r["job_title"],
                    r["onet_soc_code"],
                    r["occupation_title"],
                    r["status"],
                    r["confidence"],
                    r["headcount"],
                    r["hours_per_year"],
                    r["hours_freed_per_year"],
                    r["value_usd_per_year"],
                    r["freed_share"],
                    "; ".join(m["job_title"] for m in r["internal_moves"]),
                    *_observed_cells(r["observed_use"]),
                )
                for r in d["roles"]
            ],
        ),
        (
            "Mapping review",
            ("job_title", "status", "confidence", "headcount", "candidate_1", "candidate_2", "candidate_3"),
            [
                (
                    m["job_title"],
                    m["status"],
                    m["confidence"],
                    m["headcount"],
                    *[f"{c['title']} ({c['onet_soc_code']})" for c in m["candidates"][:3]],
                    *[""] * (3 - len(m["candidates"][:3])),
                )
                for m in d["mapping_review"]
            ],
        ),
        (
            "Departments",
            ("department", "employees", "hours_per_year", "hours_freed_per_year", "value_usd_per_year", "freed_share"),
            [
                (
                    x["department"],
                    x["employees"],
                    x["hours_per_year"],
                    x["hours_freed_per_year"],
                    x["value_usd_per_year"],
                    x["freed_share"],
                )
                for x in d["departments"]
            ],
        ),
        ("Rows not used", ("row", "reason"), [(r["row"], r["reason"]) for r in d["rejected_rows"]]),
        ("Assumptions", ("assumption", "value"), list(d["assumptions"].items())),
    ]


def _observed_cells(use: dict | None) -> tuple[float | None, float | None, str]:
    """A role's observed use in the Roles sheet; empty cells when not observed (not zero use)."""
    if use is None:
        return None, None, ""
    return use["observed_time_share"], use["automation_share"], use["release"]


def render_csv(report: RosterReport) -> bytes:
    """The opportunities table as CSV (UTF-8 with BOM, so Excel reads accents), written by the one
    safe writer (:mod:`jobrisk.tabular.safe_writer`)."""
    name, header, rows = tables(report)[0]
    return csv_bytes(header, rows)


def render_xlsx(report: RosterReport) -> bytes:
    """Every table as a sheet of one workbook, by the one safe writer."""
    return xlsx_bytes(tables(report))
