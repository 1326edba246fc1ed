"""Shared CLI plumbing: settings from global options, error reporting, catalog opening."""

from __future__ import annotations

import functools
import sys
from typing import Callable, TypeVar

import typer
from rich.console import Console

from jobrisk.catalog import Catalog
from jobrisk.errors import JobriskError
from jobrisk.interfaces.cli.errors import exit_code_for
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
