"""Roster audits for organisations: run (in the background, with progress), save, reload, recompute.

:class:`RosterAudits` is what the web app and the API use: it authenticates API keys and web
sessions, runs :func:`jobrisk.app.roster_audit.run_roster_audit` on an upload, stores the result
(and the rows it needs to recompute, without people's details) with
:class:`jobrisk.appdb.AppRepository`, and answers progress while an upload is being analysed.
Progress is written to the audit's row in the application database, so every server process
answers the same; an audit whose progress has not moved for ``STALLED_AFTER`` (its server stopped
mid-way) is reported as failed; asking for progress only reads. Every method takes who is
asking (a :class:`jobrisk.appdb.Principal`): an audit of another organisation is not found,
exactly like an id that does not exist, and what a member's role allows is checked with
:mod:`jobrisk.app.org_access` (only owners delete audits).

The organisation's saved mapping corrections are applied to every new audit, and saving a
correction stores it for the next ones.

May import: appdb, app, reports, scoring, errors.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from jobrisk.app.gc_pause import cycle_collection_paused
from jobrisk.app.roster_audit import AuditParts, recompute, run_roster_audit
from jobrisk.app.roster_input import ParsedRoster, read_roster
from jobrisk.app.roster_storage import audit_input, parsed_from_input
from jobrisk.app.org_access import Action, require
from jobrisk.appdb import AppRepository, Creator, Organisation, Principal, WebSession
from jobrisk.errors import InputError, JobriskError, NotAuthenticatedError
from jobrisk.reports.roster.model import RosterReport
from jobrisk.scoring.roster_work import RosterAssumptions
from jobrisk.tabular.reader import DEFAULT_LIMITS, ReadLimits

KIND = "roster"
REPORT_CACHE_SIZE = 32
#: A running audit whose progress has not changed for this long is taken as stopped.
STALLED_AFTER = timedelta(minutes=15)
STALLED_MESSAGE = (
    "The analysis stopped before it finished (the server was restarted or stopped); upload the roster again."
)


@dataclass(frozen=True)
class AuditProgress:
    audit_id: str
    status: str  # running | done | failed
    step: str
    share: float  # 0-1
    error: str | None = None
    created_by: Creator | None = None


def _effective(status: str, error: str | None, last_moved: datetime) -> tuple[str, str | None]:
    """A running audit whose progress has not moved for ``STALLED_AFTER`` counts as failed."""
    if status == "running" and datetime.now(timezone.utc) - last_moved > STALLED_AFTER:
        return "failed", STALLED_MESSAGE
    return status, error


class RosterAudits:
    """Organisations' roster audits (one per process; thread-safe)."""

    def __init__(
        self,
        repository: AppRepository,
        parts: Callable[[], AuditParts],
        *,
        limits: ReadLimits = DEFAULT_LIMITS,
        workers: int = 1,
    ):
        self.repository = repository
        self._parts = parts
        self.limits = limits
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="jobrisk-audit")
        self._reports: OrderedDict[str, RosterReport] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ identity
    def authenticate(self, api_key: str | None) -> Principal:
        """Who ``api_key`` acts for; NotAuthenticatedError when missing, unknown or revoked."""
        if not api_key:
            raise NotAuthenticatedError(
                "An API key is needed: send 'Authorization: Bearer <key>' (create one with 'jobrisk org create NAME')."
            )
        who = self.repository.principal(api_key)
        if who is None:
            raise NotAuthenticatedError("The API key is not valid (unknown or revoked).")
        return who

    def sign_in(self, api_key: str) -> WebSession:
        """A web session for ``api_key`` (the browser keeps its token, never the key)."""
        session = self.repository.start_session(api_key) if api_key else None
        if session is None:
            raise NotAuthenticatedError(
                "That API key is not valid (unknown or revoked). Check it was copied whole; it starts with 'jrk_'."
            )
        return session

    def signed_in(self, token: str | None, *, touch: bool = True) -> Principal | None:
        """Who a web session token acts for, or None (unknown, expired, signed out, revoked).
        ``touch=False``: a read only (polling)."""
        return self.repository.session(token, touch=touch)

    def sign_out(self, token: str | None) -> None:
        self.repository.end_session(token)

    # ------------------------------------------------------------------ running
    def submit(
        self, who: Principal, data: bytes, filename: str | None = None, *, sheet: str | None = None, wait: bool = True
    ) -> str:
        """Start an audit of an uploaded roster; with ``wait`` return once it is finished.

        The file is read and checked before anything is stored: a file that cannot be used
        raises InputError and leaves no audit behind. The audit records the key (and so the
        member) it was uploaded with.
        """
        require(who, Action.CREATE_AUDIT)
        org = who.organisation
        parsed = read_roster(data, filename=filename, sheet=sheet, limits=self.limits)
        if not parsed.rows:
            first = f" (first: row {parsed.rejected[0].row}: {parsed.rejected[0].reason})" if parsed.rejected else ""
            raise InputError(f"The roster has no usable rows; {len(parsed.rejected)} row(s) were rejected{first}.")
        self.repository.fail_stalled(org, datetime.now(timezone.utc) - STALLED_AFTER, STALLED_MESSAGE)
        audit_id = self.repository.start_audit(org, KIND, filename, created_by_key_id=who.key_id)
        future = self._pool.submit(self._run, org, audit_id, parsed, filename)
        if wait:
            future.result()
        return audit_id

    def _run(self, org: Organisation, audit_id: str, parsed: ParsedRoster, filename: str | None) -> None:
        def say(step: str, share: float) -> None:
            self.repository.set_progress(org, audit_id, step, share)

        try:
            # the collector stays paused until the audit is saved (millions of small objects, no
            # cycles: see gc_pause); its pass over them comes after, when the report can be seen
            with cycle_collection_paused():
                parts = self._parts()
                report = run_roster_audit(
                    parsed, parts, source_name=filename, corrections=self.repository.corrections(org), progress=say
                )
                report = report.with_id(audit_id)
                say("saving the audit", 0.97)
                self.repository.finish_audit(
                    org, audit_id, audit_input(parsed, report.mappings, filename), report.as_dict()
                )
                self._remember(audit_id, report)
        except JobriskError as exc:
            self.repository.fail_audit(org, audit_id, str(exc))
        except Exception as exc:  # noqa: BLE001 - recorded for the user, then re-raised for the log
            self.repository.fail_audit(org, audit_id, "The audit could not be computed (internal error).")
            raise exc

    def progress(self, who: Principal, audit_id: str) -> AuditProgress:
        """How far the audit has got, from its row: a read only, nothing is written (NotFoundError
        for another organisation's audit). An audit whose progress has not moved for
        ``STALLED_AFTER`` is answered as failed."""
        require(who, Action.READ_AUDITS)
        record = self.repository.audit_state(who.organisation, audit_id)
        status, error = _effective(record.status, record.error, record.updated_at or record.created_at)
        if status == "running":
            return AuditProgress(
                audit_id,
                "running",
                record.progress_step or "queued",
                record.progress_share or 0.0,
                created_by=record.created_by,
            )
        return AuditProgress(audit_id, status, status, 1.0, error, created_by=record.created_by)

    # ------------------------------------------------------------------ reading and changing
    def report_data(self, who: Principal, audit_id: str) -> dict[str, Any]:
        """The stored JSON report (the API's answer) with who created it; a running or failed
        audit says so."""
        progress = self.progress(who, audit_id)
        creator = None if progress.created_by is None else progress.created_by.as_dict()
        if progress.status != "done":
            return {
                "id": audit_id,
                "status": progress.status,
                "step": progress.step,
                "progress": round(progress.share, 2),
                "error": progress.error,
                "created_by": creator,
            }
        return {**self.repository.audit_report(who.organisation, audit_id), "status": "done", "created_by": creator}

    def report(self, who: Principal, audit_id: str) -> RosterReport:
        """The report object (for pages and exports): from memory, else recomputed from the stored rows."""
        progress = self.progress(who, audit_id)
        if progress.status != "done":
            raise InputError(
                f"Audit {audit_id} is {progress.status}"
                + (f": {progress.error}" if progress.error else "; try again in a moment.")
            )
        with self._lock:
            cached = self._reports.get(audit_id)
        if cached is not None:
            return cached
        with cycle_collection_paused():
            record = self.repository.audit(who.organisation, audit_id)
            assumptions = RosterAssumptions().updated(record.report_data.get("assumptions", {}))
            report = recompute(record.input_data, self._parts(), assumptions=assumptions).with_id(audit_id)
        self._remember(audit_id, report)
        return report

    def change_assumptions(self, who: Principal, audit_id: str, changes: Mapping[str, object]) -> RosterReport:
        require(who, Action.CHANGE_AUDIT)
        current = self.report(who, audit_id)
        try:
            assumptions = RosterAssumptions().updated(current.assumptions).updated(changes)
        except (TypeError, ValueError) as exc:
            raise InputError(str(exc)) from exc
        return self._redo(who.organisation, audit_id, assumptions, None)

    def correct_mapping(self, who: Principal, audit_id: str, corrections: Mapping[str, str]) -> RosterReport:
        """Save ``title key -> code`` corrections for the organisation and recompute this audit."""
        require(who, Action.CHANGE_AUDIT)
        current = self.report(who, audit_id)
        known = {m.title_key for m in current.mappings}
        unknown = sorted(set(corrections) - known)
        if unknown:
            raise InputError(f"No job title with key(s) {', '.join(repr(u) for u in unknown[:5])} in this audit.")
        org = who.organisation
        report = self._redo(org, audit_id, RosterAssumptions().updated(current.assumptions), corrections)
        self.repository.save_corrections(org, dict(corrections), audit_id)
        return report

    def delete(self, who: Principal, audit_id: str) -> None:
        """Delete an audit (owners only); the organisation's saved corrections stay."""
        require(who, Action.DELETE_AUDIT)
        self.repository.delete_audit(who.organisation, audit_id)
        with self._lock:
            self._reports.pop(audit_id, None)

    @cycle_collection_paused()
    def _redo(
        self, org: Organisation, audit_id: str, assumptions: RosterAssumptions, corrections: Mapping[str, str] | None
    ) -> RosterReport:
        record = self.repository.audit(org, audit_id)
        parsed, mappings = parsed_from_input(record.input_data)
        source_name = record.input_data.get("source_name")
        report = run_roster_audit(
            parsed,
            self._parts(),
            source_name=source_name,
            corrections=corrections,
            assumptions=assumptions,
            mappings=mappings,
        ).with_id(audit_id)
        # corrections change the stored mapping (written in the current format); assumptions only the report
        data = audit_input(parsed, report.mappings, source_name) if corrections else record.input_data
        self.repository.finish_audit(org, audit_id, data, report.as_dict())
        self._remember(audit_id, report)
        return report

    def list(self, who: Principal) -> list[dict[str, Any]]:
        """The organisation's audits, newest first (a stalled one shows as failed)."""
        require(who, Action.READ_AUDITS)
        out: list[dict[str, Any]] = []
        for item in self.repository.audit_listing(who.organisation):
            at = datetime.fromisoformat(item["updated_at"] or item["created_at"])
            status, _ = _effective(item["status"], None, at)
            out.append({**item, "status": status})
        return out

    # ------------------------------------------------------------------ helpers
    def _remember(self, audit_id: str, report: RosterReport) -> None:
        with self._lock:
            self._reports[audit_id] = report
            self._reports.move_to_end(audit_id)
            while len(self._reports) > REPORT_CACHE_SIZE:
                self._reports.popitem(last=False)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.repository.close()
