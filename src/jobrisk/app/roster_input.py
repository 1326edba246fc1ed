"""A roster file -> :class:`ParsedRoster`: recognised columns, accepted rows, and every row set aside.

Columns are recognised by their header, compared after lower-casing and turning punctuation into
spaces, against the aliases in :data:`COLUMN_ALIASES` (``job_title``, ``Job Title``, ``title``,
``position``...). Exactly one column may fill each field; two candidates for the same field is an
error naming both. A job-title column is required.

Columns that identify people (names, emails, employee ids, phone numbers, addresses, dates of
birth; :data:`PERSONAL_HEADERS`, and any column whose values are mostly email addresses) are
dropped before anything is kept, and listed in :attr:`ParsedRoster.dropped_columns`. Other columns
jobrisk does not use are listed in :attr:`ParsedRoster.ignored_columns` and not kept either.

Row rules (each rejection names the row and the reason; nothing is dropped silently):

* no job title -> rejected; headcount blank -> 1; headcount not a positive number (or above
  100,000 for one row) -> rejected;
* salary / hourly wage / weekly hours that cannot be read or are implausible -> the row is kept,
  the value is set aside with a warning (the occupation's OEWS median wage, and 40 hours a week,
  stand in);
* processes: a ``processes`` cell lists them separated by ``;`` or new lines, each optionally
  ending with its hours per week (``Answer customer emails: 6``, ``Invoices (4 h)``); or paired
  columns ``process_1`` / ``process_1_hours``.

May import: app (gc_pause), tabular, scoring (types), errors.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import itemgetter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Unpack

from jobrisk.app.gc_pause import cycle_collection_paused
from jobrisk.errors import InputError, MissingColumnError
from jobrisk.scoring.roster_types import Process, RosterRow, RowIssue
from jobrisk.tabular.reader import ReadOptions, Table, read_table

WEEKS_PER_YEAR_PAID = 52
DEFAULT_WEEKLY_HOURS = 40.0
MAX_HEADCOUNT_PER_ROW = 100_000
MAX_TITLE_CHARS = 200
MAX_PROCESSES_PER_ROW = 30
ANNUAL_WAGE_RANGE_USD = (1_000.0, 5_000_000.0)
HOURLY_WAGE_RANGE_USD = (2.0, 2_000.0)
WEEKLY_HOURS_RANGE = (1.0, 100.0)

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "job_title": (
        "job title",
        "title",
        "position",
        "position title",
        "job",
        "job name",
        "role",
        "role title",
        "designation",
        "job role",
        "business title",
        "occupation",
    ),
    "headcount": (
        "headcount",
        "head count",
        "count",
        "employees",
        "number of employees",
        "no of employees",
        "num employees",
        "staff count",
        "quantity",
        "qty",
        "n",
        "people",
        "hc",
    ),
    "department": (
        "department",
        "dept",
        "team",
        "division",
        "business unit",
        "function",
        "unit",
        "org unit",
        "cost center",
        "cost centre",
    ),
    "annual_salary": (
        "salary",
        "annual salary",
        "base salary",
        "annual pay",
        "annual wage",
        "yearly salary",
        "salary usd",
        "annual salary usd",
        "pay",
        "compensation",
        "annual base",
    ),
    "hourly_wage": (
        "hourly wage",
        "hourly rate",
        "wage per hour",
        "rate per hour",
        "hourly",
        "hourly pay",
        "pay rate",
        "hourly wage usd",
    ),
    "weekly_hours": (
        "weekly hours",
        "hours per week",
        "hours week",
        "hours",
        "standard hours",
        "contracted hours",
        "hours wk",
        "hrs per week",
        "weekly hrs",
    ),
    "location": ("location", "site", "office", "city", "work location", "region", "state", "country", "branch"),
    "processes": (
        "processes",
        "process",
        "tasks",
        "duties",
        "activities",
        "main tasks",
        "key processes",
        "work processes",
    ),
}
PERSONAL_HEADERS = frozenset(
    {
        "name",
        "names",
        "full name",
        "first name",
        "last name",
        "surname",
        "given name",
        "family name",
        "employee name",
        "employee",
        "staff name",
        "worker name",
        "person",
        "preferred name",
        "middle name",
        "email",
        "e mail",
        "email address",
        "work email",
        "personal email",
        "mail",
        "employee id",
        "employee number",
        "employee no",
        "emp id",
        "emp no",
        "staff id",
        "staff number",
        "personnel number",
        "payroll id",
        "payroll number",
        "badge",
        "badge id",
        "worker id",
        "id",
        "user id",
        "username",
        "login",
        "ssn",
        "social security number",
        "national insurance number",
        "ni number",
        "sin",
        "tax id",
        "phone",
        "phone number",
        "mobile",
        "telephone",
        "cell",
        "home address",
        "address",
        "street",
        "postcode",
        "zip",
        "zip code",
        "date of birth",
        "dob",
        "birthday",
        "birth date",
        "age",
        "gender",
        "sex",
        "manager name",
        "supervisor name",
        "linkedin",
        "photo",
    }
)
_PERSONAL_WORDS = ("email", "e mail", "phone", "ssn", "passport", "birth", "surname")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
_PROCESS_PAIR = re.compile(r"^(?:process|task|activity)\s*(\d+)(\s*hours?(?: per week)?)?$")
_TRAILING_HOURS = re.compile(
    r"^(?P<text>.*?)\s*(?:[:=\-–(|,]\s*)(?P<hours>\d+(?:[.,]\d+)?)\s*"
    r"(?:h|hr|hrs|hours?)?\s*(?:/\s*w(?:ee)?k|per week|a week|pw)?\s*\)?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DroppedColumn:
    column: str
    reason: str


@dataclass
class ParsedRoster:
    """An uploaded roster, read and checked; holds no people's details."""

    rows: list[RosterRow]
    rejected: list[RowIssue]
    warnings: list[RowIssue]
    columns_used: dict[str, str]  # field -> the header it was read from
    dropped_columns: list[DroppedColumn]  # identify people: never kept
    ignored_columns: list[str]  # not used by the audit: never kept
    read_as: str  # how the file was read (format, encoding, delimiter)
    blank_rows: int = 0
    source_rows: int = 0  # data rows in the file (blank rows not counted)
    notes: list[str] = field(default_factory=list)

    @property
    def employees(self) -> float:
        return sum(r.headcount for r in self.rows)


def header_key(header: str) -> str:
    """How headers are compared: lower case, punctuation and underscores as single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


def _is_personal(key: str) -> str | None:
    if key in PERSONAL_HEADERS:
        return f"identifies a person ('{key}')"
    if any(w in key for w in _PERSONAL_WORDS):
        return "identifies a person (contact or identity details)"
    if key.endswith(" name") and not key.startswith(
        (
            "job",
            "position",
            "role",
            "department",
            "team",
            "site",
            "location",
            "process",
            "business",
            "unit",
            "company",
            "office",
        )
    ):
        return "identifies a person (a name)"
    return None


def _looks_like_emails(values: Sequence[str]) -> bool:
    filled = [v for v in values[:200] if v]
    return bool(filled) and sum(1 for v in filled if _EMAIL.match(v)) >= 0.5 * len(filled)


@cycle_collection_paused()
def read_roster(source: bytes | str | Path, **options: Unpack[ReadOptions]) -> ParsedRoster:
    """Read and check a roster file (path or uploaded bytes); ``options`` as :func:`read_table`'s."""
    return parse_roster(read_table(source, **options))


def parse_roster(table: Table) -> ParsedRoster:
    """Recognise the columns of ``table`` and check every row (see the module docstring)."""
    fields: dict[str, int] = {}
    process_pairs: dict[int, dict[str, int]] = {}
    dropped: list[DroppedColumn] = []
    ignored: list[str] = []
    lookup = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in (name.replace("_", " "), *aliases)}
    for i, header in enumerate(table.columns):
        key = header_key(header)
        reason = _is_personal(key)
        if reason is None and key not in lookup and _looks_like_emails([r[i] for r in table.rows]):
            reason = "identifies a person (its values are email addresses)"
        if reason:
            dropped.append(DroppedColumn(header, reason))
            continue
        pair = _PROCESS_PAIR.match(key)
        if pair:
            process_pairs.setdefault(int(pair.group(1)), {})["hours" if pair.group(2) else "text"] = i
            continue
        name = lookup.get(key)
        if name is None:
            ignored.append(header)
            continue
        if name in fields:
            raise InputError(
                f"Roster columns '{table.columns[fields[name]]}' and '{header}' both look "
                f"like the {name.replace('_', ' ')}; rename or remove one of them."
            )
        fields[name] = i
    if "job_title" not in fields:
        raise MissingColumnError("Roster", "job_title", list(table.columns))
    if "processes" in fields and process_pairs:
        raise InputError(
            f"Roster has both a '{table.columns[fields['processes']]}' column and "
            "process_N columns; use one way of listing processes."
        )
    parsed = ParsedRoster(
        rows=[],
        rejected=[],
        warnings=[],
        columns_used={k: table.columns[v] for k, v in fields.items()},
        dropped_columns=dropped,
        ignored_columns=ignored,
        read_as=table.describe(),
        blank_rows=table.blank_rows,
        source_rows=len(table.rows) + len(table.problems),
    )
    for pair_number in sorted(process_pairs):
        if "text" in process_pairs[pair_number]:
            parsed.columns_used[f"process_{pair_number}"] = table.columns[process_pairs[pair_number]["text"]]
    parsed.rejected.extend(RowIssue(p.row, p.reason) for p in table.problems)
    if table.cleaned_cells:
        parsed.notes.append(
            f"{table.cleaned_cells} cell(s) contained control characters (such as NUL), which were removed."
        )
    # each of _ROW_FIELDS from a row with one empty cell added (the place of a field not in the file)
    width = len(table.columns)
    pick = itemgetter(*(width if fields.get(name) is None else fields[name] for name in _ROW_FIELDS))
    for number, cells in zip(table.row_numbers, table.rows):
        row = _parse_row(number, cells, pick((*cells, "")), process_pairs, parsed.warnings)
        if isinstance(row, RowIssue):
            parsed.rejected.append(row)
        else:
            parsed.rows.append(row)
    parsed.rejected.sort(key=lambda r: r.row)
    return parsed


#: the fields a row is read from, in the order :func:`_parse_row` takes their column numbers
_ROW_FIELDS = (
    "job_title",
    "headcount",
    "department",
    "location",
    "annual_salary",
    "hourly_wage",
    "weekly_hours",
    "processes",
)


def _parse_row(
    number: int,
    cells: tuple[str, ...],
    values: tuple[str, ...],
    pairs: dict[int, dict[str, int]],
    warnings: list[RowIssue],
) -> RosterRow | RowIssue:
    """One row; ``values``: its cell of each of :data:`_ROW_FIELDS` ('' when not in the file)."""
    title_raw, raw_count, department, location, raw_salary, raw_hourly, raw_hours, raw_processes = values
    title = " ".join(title_raw.split())
    if not title:
        return RowIssue(number, "job title is empty")
    if len(title) > MAX_TITLE_CHARS:
        return RowIssue(number, f"job title is {len(title)} characters; the limit is {MAX_TITLE_CHARS}")
    headcount = 1.0
    if raw_count:
        value = parse_number(raw_count)
        if value is None:
            return RowIssue(number, f"headcount '{raw_count[:40]}' is not a number")
        if value <= 0:
            return RowIssue(number, f"headcount {raw_count} is not positive")
        if value > MAX_HEADCOUNT_PER_ROW:
            return RowIssue(number, f"headcount {raw_count} is above {MAX_HEADCOUNT_PER_ROW:,} for one row")
        headcount = value

    def warn(text: str) -> None:
        warnings.append(RowIssue(number, text, rejected=False))

    hours = _ranged(
        raw_hours, WEEKLY_HOURS_RANGE, "weekly hours", warn, f"{DEFAULT_WEEKLY_HOURS:g} hours a week is used"
    )
    salary = _ranged(raw_salary, ANNUAL_WAGE_RANGE_USD, "annual salary", warn, "the occupation's median wage is used")
    hourly = _ranged(raw_hourly, HOURLY_WAGE_RANGE_USD, "hourly wage", warn, "the occupation's median wage is used")
    wage, basis = None, None
    if salary is not None:
        wage, basis = salary, "salary"
    elif hourly is not None:
        wage, basis = hourly * (hours or DEFAULT_WEEKLY_HOURS) * WEEKS_PER_YEAR_PAID, "hourly"
    processes = _processes(raw_processes, cells, pairs, warn) if raw_processes or pairs else ()
    return RosterRow(
        row=number,
        job_title=title,
        headcount=headcount,
        department=" ".join(department.split()) or None,
        location=" ".join(location.split()) or None,
        annual_wage_usd=wage,
        wage_basis=basis,
        weekly_hours=hours,
        processes=processes,
    )


def _ranged(
    raw: str, bounds: tuple[float, float], what: str, warn: Callable[[str], None], fallback: str
) -> float | None:
    if not raw:
        return None
    value = parse_number(raw)
    if value is None:
        warn(f"{what} '{raw[:40]}' is not a number; {fallback}")
        return None
    low, high = bounds
    if not low <= value <= high:
        warn(f"{what} {raw[:40]} is outside {low:,.0f}–{high:,.0f}; {fallback}")
        return None
    return value


_PLAIN_NUMBER = re.compile(r"[0-9]{1,12}(?:\.[0-9]{1,6})?")


@lru_cache(maxsize=1 << 16)
def parse_number(text: str) -> float | None:
    """A number as people type it: ``55,000``, ``$55k``, ``55.000,50``, ``€ 31 200``, ``40h``.
    (Remembered per text: a roster repeats the same salaries and hours many times.)"""
    if _PLAIN_NUMBER.fullmatch(text):
        return float(text)
    t = text.strip().lower()
    t = re.sub(r"^(usd|us\$|eur|gbp)\s*|\s*(usd|eur|gbp|per year|/yr|/year|p\.?a\.?|/h|/hr|h|hrs|hours)$", "", t)
    t = t.strip().lstrip("$€£").strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    multiplier = 1.0
    if t.endswith("k"):
        multiplier, t = 1000.0, t[:-1]
    if not t or not re.fullmatch(r"[-+]?[0-9.,]+", t):
        return None
    if "," in t and "." in t:
        t = t.replace(",", "") if t.rfind(".") > t.rfind(",") else t.replace(".", "").replace(",", ".")
    elif "," in t:
        parts = t.split(",")
        t = t.replace(",", "") if all(len(p) == 3 for p in parts[1:]) else t.replace(",", ".")
    elif t.count(".") > 1:
        t = t.replace(".", "")
    try:
        return float(t) * multiplier
    except ValueError:
        return None


def _processes(
    text: str, cells: tuple[str, ...], pairs: dict[int, dict[str, int]], warn: Callable[[str], None]
) -> tuple[Process, ...]:
    items: list[tuple[str, str | None]] = []
    if text:
        for part in re.split(r"[;\n]+", text):
            part = " ".join(part.split())
            if not part:
                continue
            m = _TRAILING_HOURS.match(part)
            items.append((m.group("text"), m.group("hours")) if m and m.group("text") else (part, None))
    for n in sorted(pairs):
        i = pairs[n].get("text")
        if i is not None and cells[i]:
            j = pairs[n].get("hours")
            items.append((" ".join(cells[i].split()), cells[j] if j is not None and cells[j] else None))
    out = []
    for words, raw_hours in items[:MAX_PROCESSES_PER_ROW]:
        hours = None
        if raw_hours is not None:
            hours = parse_number(raw_hours)
            if hours is None or not 0 < hours <= WEEKLY_HOURS_RANGE[1]:
                warn(
                    f"process '{words[:40]}': hours '{raw_hours}' are not a number of hours per week; "
                    "its share of time is estimated"
                )
                hours = None
        out.append(Process(words[:500], hours))
    if len(items) > MAX_PROCESSES_PER_ROW:
        warn(f"{len(items)} processes listed; only the first {MAX_PROCESSES_PER_ROW} are used")
    return tuple(out)
