"""What a saved roster audit keeps so that it can be recomputed without the file.

:func:`audit_input` packs the accepted rows (people's details were dropped when the file was
read), the rows set aside, how the file was read and the title mapping into a JSON-compatible
dict; :func:`parsed_from_input` unpacks it. Rows, row issues and mappings are stored as lists of
values in the field order named in the dict itself (``row_fields``, ``mapping_fields``), not as
one dict per row: a 100,000-row roster packs in a fraction of the time and space.

Format 2 is written; format 1 (one dict per row, audits saved before) is still read.

May import: app (roster input), scoring (types), reports (roster model), errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from jobrisk.app.roster_input import DroppedColumn, ParsedRoster
from jobrisk.errors import InputError
from jobrisk.reports.roster.model import Candidate, RoleMapping
from jobrisk.scoring.roster_types import Process, RosterRow, RowIssue

INPUT_FORMAT = 2
READABLE_FORMATS = (1, 2)
ROW_FIELDS = tuple(f.name for f in fields(RosterRow))
MAPPING_FIELDS = tuple(f.name for f in fields(RoleMapping))


def pack_mappings(mappings: Sequence[RoleMapping]) -> list[list[Any]]:
    """Mappings as value lists in :data:`MAPPING_FIELDS` order (candidates as [code, title, similarity])."""
    return [
        [
            m.job_title,
            m.title_key,
            m.status,
            m.onet_soc_code,
            m.occupation_title,
            m.confidence,
            m.headcount,
            m.rows,
            [[c.onet_soc_code, c.title, c.similarity] for c in m.candidates],
            m.reason,
        ]
        for m in mappings
    ]


def audit_input(parsed: ParsedRoster, mappings: Sequence[RoleMapping], source_name: str | None) -> dict[str, Any]:
    """What a saved audit keeps to recompute: rows (no people's details) and the title mapping."""
    return {
        "format": INPUT_FORMAT,
        "row_fields": list(ROW_FIELDS),
        "rows": [
            [
                r.row,
                r.job_title,
                r.headcount,
                r.department,
                r.location,
                r.annual_wage_usd,
                r.wage_basis,
                r.weekly_hours,
                [[p.text, p.hours_per_week] for p in r.processes],
            ]
            for r in parsed.rows
        ],
        "rejected": [[r.row, r.reason] for r in parsed.rejected],
        "warnings": [[w.row, w.reason] for w in parsed.warnings],
        "columns_used": parsed.columns_used,
        "dropped_columns": [[d.column, d.reason] for d in parsed.dropped_columns],
        "ignored_columns": parsed.ignored_columns,
        "read_as": parsed.read_as,
        "blank_rows": parsed.blank_rows,
        "source_rows": parsed.source_rows,
        "notes": parsed.notes,
        "source_name": source_name,
        "mapping_fields": list(MAPPING_FIELDS),
        "mappings": pack_mappings(mappings),
    }


def parsed_from_input(data: Mapping[str, Any]) -> tuple[ParsedRoster, list[RoleMapping]]:
    """The :class:`ParsedRoster` and mapping kept by :func:`audit_input` (format 1 or 2)."""
    version = data.get("format")
    if version not in READABLE_FORMATS:
        raise InputError(f"This audit was saved in format {version!r}; upload the roster again.")
    if version == 1:
        return _parsed_v1(data)
    if tuple(data["row_fields"]) != ROW_FIELDS or tuple(data["mapping_fields"]) != MAPPING_FIELDS:
        raise InputError("This audit was saved with other row fields; upload the roster again.")
    rows = [
        RosterRow(n, title, headcount, dept, loc, wage, basis, hours, tuple(Process(t, h) for t, h in procs))
        for n, title, headcount, dept, loc, wage, basis, hours, procs in data["rows"]
    ]
    parsed = _roster(
        data,
        rows,
        [RowIssue(n, reason) for n, reason in data["rejected"]],
        [RowIssue(n, reason, rejected=False) for n, reason in data["warnings"]],
        [DroppedColumn(c, reason) for c, reason in data["dropped_columns"]],
    )
    mappings = [
        RoleMapping(t, key, status, code, occ, conf, headcount, n, tuple(Candidate(*c) for c in cands), reason)
        for t, key, status, code, occ, conf, headcount, n, cands, reason in data["mappings"]
    ]
    return parsed, mappings


def _roster(
    data: Mapping[str, Any],
    rows: list[RosterRow],
    rejected: list[RowIssue],
    warnings: list[RowIssue],
    dropped: list[DroppedColumn],
) -> ParsedRoster:
    """The parsed roster of a stored input: its decoded rows and issues, and its plain fields."""
    return ParsedRoster(
        rows=rows,
        rejected=rejected,
        warnings=warnings,
        columns_used=dict(data["columns_used"]),
        dropped_columns=dropped,
        ignored_columns=list(data["ignored_columns"]),
        read_as=data["read_as"],
        blank_rows=data["blank_rows"],
        source_rows=data["source_rows"],
        notes=list(data["notes"]),
    )


def _parsed_v1(data: Mapping[str, Any]) -> tuple[ParsedRoster, list[RoleMapping]]:
    rows = [RosterRow(**{**r, "processes": tuple(Process(**p) for p in r["processes"])}) for r in data["rows"]]
    parsed = _roster(
        data,
        rows,
        [RowIssue(**r) for r in data["rejected"]],
        [RowIssue(**w) for w in data["warnings"]],
        [DroppedColumn(**d) for d in data["dropped_columns"]],
    )
    mappings = [
        RoleMapping(**{**m, "candidates": tuple(Candidate(**c) for c in m["candidates"])}) for m in data["mappings"]
    ]
    return parsed, mappings
