"""The ``jobrisk audit`` command group: ``career`` (your own job, see ``audit_career.py``) and
``roster`` (a business audit, see ``audit_roster.py``); each is attached in ``main.py``."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="AI audits: your own job (career) from your tasks and time, or what your "
    "organisation could automate first (roster).",
    no_args_is_help=True,
)
