"""The ``jobrisk audit`` command group: business audits (``roster``: see ``audit_roster.py``)."""

from __future__ import annotations

import typer

app = typer.Typer(help="Business AI audits: what your organisation could automate first.", no_args_is_help=True)
