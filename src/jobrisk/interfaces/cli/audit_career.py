"""``jobrisk audit career PROFILE.json|yaml [--format md|json|html|pdf] [-o OUT]``.

Thin shell: read the profile file (JSON or YAML; ``-`` reads standard input), call
:func:`jobrisk.app.career_audit.run_career_audit`, render the audit. Bad input exits 2 with the
reason; an unsure job title exits 2 listing the candidate occupations.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from jobrisk.errors import InputError
from jobrisk.interfaces.cli.common import (
    FORMAT_OPTION,
    OUTPUT_OPTION,
    DocumentFormat,
    document_renderers,
    Renderers,
    check_file_destination,
    err_console,
    handle_errors,
    emit_document,
    settings_from,
)


def _format_of(path: Path, text: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    return "json" if text.lstrip()[:1] in (b"{", b"[") else "yaml"


def _renderers() -> Renderers:
    from jobrisk.reports.career import html, markdown

    return document_renderers(markdown.render_markdown, html.render_html, html.render_pdf)


@handle_errors
def career(
    ctx: typer.Context,
    profile: Path = typer.Argument(
        ..., metavar="PROFILE", help="Profile file (.json, .yaml or .yml; - for standard input)."
    ),
    format: DocumentFormat = FORMAT_OPTION,
    output: Path | None = OUTPUT_OPTION,
) -> None:
    """Your AI risk from your own tasks, next to your occupation's, with career moves and a 30/90-day plan."""
    from jobrisk.app.career_audit import run_career_audit
    from jobrisk.reports.career.profile import parse_profile
    from jobrisk.app.services import Services

    if str(profile) == "-":
        raw = sys.stdin.buffer.read()
    else:
        try:
            raw = profile.read_bytes()
        except OSError as exc:
            raise InputError(f"Cannot read the profile {profile}: {exc.strerror or exc}.") from None
    parsed = parse_profile(raw, _format_of(profile, raw))
    if format is DocumentFormat.pdf:
        check_file_destination(output, "PDF")
    audit = run_career_audit(Services(settings_from(ctx)), parsed)
    for notice in audit.notices:
        err_console.print(f"note: {notice}", highlight=False, markup=False)
    emit_document(audit, format, output, _renderers)
