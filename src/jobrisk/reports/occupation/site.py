"""The static website: every occupation report as a page, an index with client-side search.

Layout of ``OUT_DIR``::

    index.html                  all occupations by major group, with a search box
    search-index.json           code, title, group, score, band and the titles people search by
    search.js                   the search box (local, no CDN)
    occupations/<code>.html     the report page (canonical URL, description, JSON-LD)
    occupations/<code>.json     its JSON twin (the same OccupationReport)
    method.html                 how the reports are made, and the AI tool catalog
    method-document.html        the full method document (docs/method.md)
    sitemap.xml, robots.txt

Pages link to each other with relative URLs, so the folder works from any web server or from
disk, and link to nothing the folder does not hold: the task scorer needs the app, so report pages
link to it only when the site is built with ``app_url`` (a running ``jobrisk serve``), and
otherwise say that scoring needs the app. Rendering runs in ``workers`` forked processes, each with its own catalog connection.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from jobrisk.catalog import Catalog
from jobrisk.errors import DataError
from jobrisk.reports.method_doc import method_document
from jobrisk.reports.occupation.build import build_report
from jobrisk.reports.occupation.context import ReportContext
from jobrisk.reports.occupation.html import TEMPLATES_DIR, environment, render_html

PAGE_DIR = "occupations"
METHOD_DOCUMENT_PAGE = "method-document.html"
ALTERNATE_TITLES_IN_INDEX = 25


@dataclass(frozen=True)
class SiteSummary:
    pages: int
    seconds: float
    bytes_written: int


@dataclass
class _Job:
    catalog_path: Path | None
    catalog: Catalog | None
    scorebook: Any
    context: ReportContext
    out_dir: Path
    base_url: str


_JOB: _Job | None = None  # set in the parent just before forking workers; read by _render_chunk


def _page_variables(code: str, base_url: str) -> dict[str, Any]:
    return {
        "canonical_url": f"{base_url}/{PAGE_DIR}/{code}.html",
        "home_href": "../index.html",
        "json_href": f"{code}.json",
        "method_href": "../method.html",
        "method_doc_href": f"../{METHOD_DOCUMENT_PAGE}",
    }


def _render_chunk(codes: Sequence[str]) -> list[tuple[dict[str, Any], int]]:
    job = _JOB
    assert job is not None, "site worker started without a job"
    catalog = job.catalog if job.catalog is not None else Catalog.open(job.catalog_path)  # type: ignore[arg-type]
    pages = job.out_dir / PAGE_DIR
    out = []
    for code in codes:
        report = build_report(catalog, job.scorebook, code, context=job.context)
        html = render_html(report, **_page_variables(code, job.base_url)).encode("utf-8")
        data = report.model_dump_json().encode("utf-8")
        (pages / f"{code}.html").write_bytes(html)
        (pages / f"{code}.json").write_bytes(data)
        h = report.headline
        out.append(
            (
                {
                    "c": code,
                    "t": report.occupation.title,
                    "g": report.major_group,
                    "s": None if h.risk_score is None else round(h.risk_score),
                    "b": h.band,
                    "e": h.employment,
                    "w": h.annual_median_wage_usd,
                },
                len(html) + len(data),
            )
        )
    return out


def _chunks(codes: list[str], n: int) -> list[list[str]]:
    size = max(1, min(50, len(codes) // (n * 4) or 1))
    return [codes[i : i + size] for i in range(0, len(codes), size)]


def build_site(
    catalog: Catalog,
    scorebook: Any,
    out_dir: str | Path,
    *,
    base_url: str = "",
    app_url: str | None = None,
    workers: int = 1,
    limit: int | None = None,
    progress: Callable[[str], None] = lambda _msg: None,
) -> SiteSummary:
    """Write the whole static site into ``out_dir`` (see the module docstring) from ``catalog``
    and its ``scorebook`` (the caller loads them: the CLI reads the stored scores); ``app_url``:
    a running jobrisk app whose task scorer the pages may link to."""
    global _JOB
    started = time.perf_counter()
    out = Path(out_dir)
    (out / PAGE_DIR).mkdir(parents=True, exist_ok=True)
    progress("Preparing shared report context ...")
    context = ReportContext.build(catalog, scorebook)
    context.url_template = "{code}.html"
    context.browse_url = "../index.html"
    context.task_scorer_url = f"{app_url.rstrip('/')}/tasks/score" if app_url else None
    codes = sorted(context.occupations)[:limit] if limit else sorted(context.occupations)
    path = catalog.path if catalog.path is not None and catalog.path.exists() else None
    parallel = workers > 1 and path is not None and "fork" in multiprocessing.get_all_start_methods()
    _JOB = _Job(
        path if parallel else None, None if parallel else catalog, scorebook, context, out, base_url.rstrip("/")
    )
    progress(f"Rendering {len(codes)} pages with {workers if parallel else 1} process(es) ...")
    try:
        if parallel:
            pool = multiprocessing.get_context("fork").Pool(workers)
            try:
                results = [r for chunk in pool.map(_render_chunk, _chunks(codes, workers)) for r in chunk]
            finally:
                pool.close()
                pool.join()  # wait for the workers, so their CPU time is accounted and nothing lingers
        else:
            results = _render_chunk(codes)
    finally:
        _JOB = None
    rows = [r for r, _ in results]
    written = sum(size for _, size in results)
    written += _write_index(out, rows, catalog, context, base_url.rstrip("/"))
    return SiteSummary(pages=len(rows), seconds=time.perf_counter() - started, bytes_written=written)


def _alternate_titles(catalog: Catalog) -> dict[str, list[str]]:
    """Titles people search by, per occupation: curated aliases (best code only), then O*NET's
    reported and short titles, then alternate titles, up to ALTERNATE_TITLES_IN_INDEX each."""
    out: dict[str, list[str]] = {}
    try:
        from jobrisk.models.title_coder.aliases import load_title_knowledge

        aliases = load_title_knowledge().aliases
    except (ImportError, DataError):  # the coder's curated file is optional for the site
        aliases = {}
    for typed, codes in sorted(aliases.items()):
        if codes:
            out.setdefault(codes[0], []).append(typed)
    rank = {"reported": 0, "short": 1, "alternate": 2}
    for t in sorted(catalog.titles(), key=lambda t: rank.get(t.kind, 3)):
        if t.kind == "occupation":
            continue
        titles = out.setdefault(t.onet_soc_code, [])
        if len(titles) < ALTERNATE_TITLES_IN_INDEX and t.title not in titles:
            titles.append(t.title)
    return out


def _write_index(out: Path, rows: list[dict[str, Any]], catalog: Catalog, context: ReportContext, base_url: str) -> int:
    alternates = _alternate_titles(catalog)
    for row in rows:
        row["a"] = alternates.get(row["c"], [])
    index_json = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    (out / "search-index.json").write_bytes(index_json)
    shutil.copyfile(TEMPLATES_DIR / "report" / "site_search.js", out / "search.js")
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: r["t"]):
        groups.setdefault(row["g"], []).append(row)
    env = environment()
    index_html = (
        env.get_template("report/site_index.html")
        .render(
            groups=[(g, context.major_groups.get(g, g), groups[g]) for g in sorted(groups)],
            total=len(rows),
            canonical_url=f"{base_url}/index.html",
            home_href="index.html",
            method_href="method.html",
            tool_catalog_version=context.tools.version,
            search_index_json=index_json.decode("utf-8").replace("</", "<\\/"),
        )
        .encode("utf-8")
    )
    (out / "index.html").write_bytes(index_html)
    method_html = (
        env.get_template("report/site_method.html")
        .render(
            home_href="index.html",
            method_href="method.html",
            canonical_url=f"{base_url}/method.html",
            tools=context.tools,
        )
        .encode("utf-8")
    )
    (out / "method.html").write_bytes(method_html)
    document_html = (
        env.get_template("method_document.html")
        .render(
            doc=method_document(),
            layout="report/page_base.html",
            home_href="index.html",
            method_href="method.html",
            summary_href="method.html",
        )
        .encode("utf-8")
    )
    (out / METHOD_DOCUMENT_PAGE).write_bytes(document_html)
    urls = [f"{base_url}/index.html", f"{base_url}/method.html", f"{base_url}/{METHOD_DOCUMENT_PAGE}"] + [
        f"{base_url}/{PAGE_DIR}/{r['c']}.html" for r in rows
    ]
    sitemap = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        + "".join(f"  <url><loc>{escape(u)}</loc></url>\n" for u in urls)
        + "</urlset>\n"
    ).encode()
    (out / "sitemap.xml").write_bytes(sitemap)
    robots = f"User-agent: *\nAllow: /\nSitemap: {base_url}/sitemap.xml\n".encode()
    (out / "robots.txt").write_bytes(robots)
    return (
        len(index_json)
        + len(index_html)
        + len(method_html)
        + len(document_html)
        + len(sitemap)
        + len(robots)
        + os.path.getsize(out / "search.js")
    )
