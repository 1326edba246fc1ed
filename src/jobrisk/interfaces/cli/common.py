"""Shared CLI plumbing: settings from global options, error reporting, catalog opening, and
writing a rendered document (report, audit) to a file or standard output."""

from __future__ import annotations

import functools
import sys
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Mapping, TypeVar

import typer
from rich.console import Console

from jobrisk.catalog import Catalog
from jobrisk.errors import JobriskError
from jobrisk.interfaces.error_answers import exit_code_for
from jobrisk.settings import Settings

console = Console()
err_console = Console(stderr=True)

F = TypeVar("F", bound=Callable[..., object])


def settings_from(ctx: typer.Context) -> Settings:
    """The Settings object made once by the root callback."""
    root = ctx.find_root()
    if not isinstance(root.obj, Settings):
        root.obj = Settings.load()
    return root.obj


def open_catalog(ctx: typer.Context) -> Catalog:
    return Catalog.open(settings_from(ctx).catalog_path)


def handle_errors(func: F) -> F:
    """Turn JobriskError into a one-line message and its exit code."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return func(*args, **kwargs)
        except JobriskError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
            sys.exit(exit_code_for(exc))

    return wrapper  # type: ignore[return-value]


class DocumentFormat(str, Enum):
    """The formats a report or an audit is rendered in."""

    md = "md"
    json = "json"
    html = "html"
    pdf = "pdf"


def value_option(*flags: str, metavar: str, help: str, default: Any = None) -> Any:
    """A typer option taking a value (a file, a folder, an id), shown in the help as ``metavar``;
    ``default=...`` makes it required."""
    return typer.Option(default, *flags, metavar=metavar, help=help)


FORMAT_OPTION = typer.Option(DocumentFormat.md, "--format", "-f", help="Output format.")


def output_option(*, metavar: str, help: str, default: Any = None) -> Any:
    """The ``--output`` / ``-o`` option of a command that writes a file; ``default=...`` makes it
    required."""
    return value_option("--output", "-o", metavar=metavar, help=help, default=default)


OUTPUT_OPTION = output_option(
    metavar="FILE", help="Write to FILE instead of standard output (pdf needs a file or a redirect)."
)

#: format -> the function rendering a document in it (str for text formats, bytes for PDF)
Renderers = Mapping[DocumentFormat, Callable[[Any], "str | bytes"]]


def document_renderers(
    markdown: Callable[[Any], str], html: Callable[[Any], str], pdf: Callable[[Any], bytes]
) -> Renderers:
    """The renderers of a document type that has Markdown, HTML and PDF forms."""
    return {DocumentFormat.md: markdown, DocumentFormat.html: html, DocumentFormat.pdf: pdf}


def render_document(document: Any, format: DocumentFormat, renderers: Callable[[], Renderers]) -> bytes:
    """``document`` (a report object) in ``format``: JSON from the object itself, the other
    formats from ``renderers()`` (a function, so the renderers are imported only when used)."""
    if format is DocumentFormat.json:
        return str(document.model_dump_json(indent=2)).encode("utf-8")
    rendered = renderers()[format](document)
    return rendered.encode("utf-8") if isinstance(rendered, str) else rendered


def check_file_destination(output: Path | None, what: str) -> None:
    """A binary document (PDF, XLSX) goes to a file or a redirect, never to a terminal."""
    if output is None and sys.stdout.isatty():
        raise typer.BadParameter(f"{what} output needs --output FILE (or redirect standard output).")


def write_document(data: bytes, output: Path | None, *, text: bool) -> None:
    """Write a rendered document to ``output`` (saying so on standard error) or to standard
    output, where a text document ends with a line break."""
    if output is None:
        sys.stdout.buffer.write(data if not text or data.endswith(b"\n") else data + b"\n")
    else:
        output.write_bytes(data)
        err_console.print(f"Wrote {output} ({len(data):,} bytes).", highlight=False)


def emit_document(
    document: Any, format: DocumentFormat, output: Path | None, renderers: Callable[[], Renderers]
) -> None:
    """Render ``document`` in ``format`` (:func:`render_document`) and write it (:func:`write_document`)."""
    if format is DocumentFormat.pdf:
        check_file_destination(output, "PDF")
    write_document(render_document(document, format, renderers), output, text=format is not DocumentFormat.pdf)
