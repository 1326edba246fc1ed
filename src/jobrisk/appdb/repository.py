"""The application database's entry point: :class:`AppRepository`.

:class:`AppRepository` opens an engine for a SQLAlchemy URL, brings the schema up to date with the
Alembic migrations shipped in ``jobrisk/appdb/migrations`` and answers named questions with frozen
records (``records.py``). This module holds the organisation, audit, progress and correction
queries; members, API keys and web sessions are in ``access.py`` (mixed in). Every audit query
carries the organisation it is asked for; a miss, whatever its cause (another organisation's
audit, a guessed id, a sequential integer), raises :class:`jobrisk.errors.NotFoundError` with the
same message.

An audit's progress (step and share done) is written to its row while it runs, so any server
process (or a restarted one) answers the same progress.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import create_engine, delete, event, insert, select, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError, IntegrityError

from jobrisk.appdb.access import AccessQueries
from jobrisk.appdb.records import AuditRecord, Creator, IssuedKey, Organisation
from jobrisk.appdb.records import aware as _aware
from jobrisk.appdb.records import now as _now
from jobrisk.appdb.tables import api_keys, audits, mapping_corrections, members, organisations
from jobrisk.errors import AppDatabaseError, InputError, NotFoundError

AUDIT_NOT_FOUND = "No audit with id {audit_id} in this organisation."


def normalize_url(url: str) -> str:
    """``url`` with the psycopg (version 3) driver named for ``postgresql://`` / ``postgres://``."""
    url = url.strip()
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


class AppRepository(AccessQueries):
    """Organisations, keys, audits and mapping corrections; members and web sessions
    (:class:`jobrisk.appdb.access.AccessQueries`). Build with :meth:`open`."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------------ set-up
    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> AppRepository:
        """Connect to ``url`` (``Settings.app_database_url``) and (by default) apply any pending
        migration."""
        url = normalize_url(url)
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
        if url in ("sqlite://", "sqlite:///:memory:"):  # one shared in-memory database (tests, embedding)
            from sqlalchemy.pool import StaticPool

            engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            engine = create_engine(url, pool_pre_ping=not url.startswith("sqlite"))
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        repo = cls(engine)
        if migrate:
            try:
                repo.migrate()
            except DatabaseError as exc:  # a damaged file, or a server that cannot be reached
                engine.dispose()
                shown = make_url(url).render_as_string(hide_password=True)
                raise AppDatabaseError(
                    f"The application database at {shown} cannot be read ({exc.orig or exc}). "
                    "Restore it from a backup, or move the file away to start an empty one; "
                    "set JOBRISK_DATABASE_URL to use another database."
                ) from exc
        return repo

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(resources.files("jobrisk.appdb").joinpath("migrations")))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def schema_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ organisations
    def create_organisation(self, name: str, owner_label: str = "owner") -> IssuedKey:
        """A new organisation, its owner member (``owner_label``) and the owner's first API key."""
        clean = " ".join(str(name).split())
        if not clean:
            raise InputError("An organisation needs a name.")
        if len(clean) > 200:
            raise InputError(f"Organisation names are at most 200 characters; got {len(clean)}.")
        with self.engine.begin() as c:
            if c.execute(select(organisations.c.id).where(organisations.c.name == clean)).first():
                raise InputError(f"An organisation named '{clean}' already exists.")
            try:
                inserted = c.execute(
                    insert(organisations).values(public_id="org_" + secrets.token_hex(8), name=clean, created_at=_now())
                ).inserted_primary_key
                assert inserted is not None  # an insert always reports its key
                org_pk = inserted[0]
            except IntegrityError as exc:
                raise InputError(f"An organisation named '{clean}' already exists.") from exc
            return self._issue(c, org_pk, self._new_member(c, org_pk, owner_label, "owner"))

    def organisation(self, organisation: str) -> Organisation:
        with self.engine.connect() as c:
            row = c.execute(select(organisations).where(organisations.c.id == self._org_pk(c, organisation))).one()
        return Organisation(row.public_id, row.name, _aware(row.created_at))

    # ------------------------------------------------------------------ audits
    def save_audit(
        self, organisation: Organisation, kind: str, input_data: Any, report_data: Any, source_name: str | None = None
    ) -> str:
        """Store a finished audit for ``organisation``; returns its public id."""
        audit_id = self.start_audit(organisation, kind, source_name)
        self.finish_audit(organisation, audit_id, input_data, report_data)
        return audit_id

    def start_audit(
        self,
        organisation: Organisation,
        kind: str,
        source_name: str | None = None,
        created_by_key_id: str | None = None,
    ) -> str:
        """Record an audit that is being computed (status 'running'); returns its public id.
        ``created_by_key_id``: the public id of the API key it was uploaded with."""
        public_id = "aud_" + secrets.token_urlsafe(12).replace("-", "x").replace("_", "y")
        with self.engine.begin() as c:
            c.execute(
                insert(audits).values(
                    public_id=public_id,
                    organisation_id=self._org_pk(c, organisation.public_id),
                    kind=kind,
                    source_name=(source_name or "")[:300] or None,
                    created_at=_now(),
                    status="running",
                    input_json="null",
                    report_json="null",
                    progress_step="queued",
                    progress_share=0.0,
                    updated_at=_now(),
                    created_by_key_id=created_by_key_id,
                )
            )
        return public_id

    def _set_audit(self, organisation: Organisation, audit_id: str, **values: Any) -> None:
        """Write ``values`` to the audit ``audit_id`` of ``organisation`` (NotFoundError for another's)."""
        with self.engine.begin() as c:
            pk = self._audit_pk(c, organisation, audit_id)
            c.execute(update(audits).where(audits.c.id == pk).values(**values))

    def finish_audit(self, organisation: Organisation, audit_id: str, input_data: Any, report_data: Any) -> None:
        self._set_audit(
            organisation,
            audit_id,
            status="done",
            error=None,
            input_json=json.dumps(input_data),
            report_json=json.dumps(report_data),
            **_ended("done"),
        )

    def fail_audit(self, organisation: Organisation, audit_id: str, message: str) -> None:
        self._set_audit(organisation, audit_id, status="failed", error=message[:2000], **_ended("failed"))

    def fail_stalled(self, organisation: Organisation, before: datetime, message: str) -> int:
        """Mark the organisation's running audits whose progress last moved before ``before`` as
        failed (their server stopped mid-way); returns how many."""
        with self.engine.begin() as c:
            return int(
                c.execute(
                    update(audits)
                    .where(
                        audits.c.organisation_id == self._org_pk(c, organisation.public_id),
                        audits.c.status == "running",
                        audits.c.updated_at < before,
                    )
                    .values(
                        status="failed",
                        error=message[:2000],
                        progress_step="failed",
                        progress_share=1.0,
                        updated_at=_now(),
                    )
                ).rowcount
                or 0
            )

    def set_progress(self, organisation: Organisation, audit_id: str, step: str, share: float) -> None:
        """Record how far a running audit has got (``share`` 0-1); a finished audit is left alone."""
        with self.engine.begin() as c:
            pk = self._audit_pk(c, organisation, audit_id)
            c.execute(
                update(audits)
                .where(audits.c.id == pk, audits.c.status == "running")
                .values(progress_step=step[:80], progress_share=min(max(float(share), 0.0), 1.0), updated_at=_now())
            )

    def update_audit_report(self, organisation: Organisation, audit_id: str, report_data: Any) -> None:
        self._set_audit(organisation, audit_id, report_json=json.dumps(report_data))

    def audit(self, organisation: Organisation, audit_id: str) -> AuditRecord:
        """The audit ``audit_id`` of ``organisation``; NotFoundError for any other id."""
        with self.engine.connect() as c:
            row = c.execute(
                select(audits, *_CREATOR_COLUMNS)
                .select_from(_WITH_CREATOR)
                .where(audits.c.id == self._audit_pk(c, organisation, audit_id))
            ).one()
        return _audit_record(row, json.loads(row.input_json), json.loads(row.report_json))

    def audit_report(self, organisation: Organisation, audit_id: str) -> Any:
        """The stored report of the audit ``audit_id`` of ``organisation``, decoded (its input,
        the larger part, is not read); NotFoundError for any other id."""
        with self.engine.connect() as c:
            text = c.execute(
                select(audits.c.report_json).where(audits.c.id == self._audit_pk(c, organisation, audit_id))
            ).scalar_one()
        return json.loads(text)

    def audit_state(self, organisation: Organisation, audit_id: str) -> AuditRecord:
        """The audit's status and progress without its (large) input and report: one read."""
        with self.engine.connect() as c:
            row = c.execute(
                select(*_STATE_COLUMNS, *_CREATOR_COLUMNS)
                .select_from(_WITH_CREATOR)
                .join(organisations, organisations.c.id == audits.c.organisation_id)
                .where(audits.c.public_id == str(audit_id), organisations.c.public_id == organisation.public_id)
            ).first()
        if row is None:
            raise NotFoundError(AUDIT_NOT_FOUND.format(audit_id=str(audit_id)[:40]))
        return _audit_record(row, None, None)

    def audits(self, organisation: Organisation) -> list[tuple[str, str, datetime]]:
        """``(public id, kind, created_at)`` of the organisation's audits, newest first."""
        with self.engine.connect() as c:
            rows = c.execute(
                select(audits.c.public_id, audits.c.kind, audits.c.created_at)
                .where(audits.c.organisation_id == self._org_pk(c, organisation.public_id))
                .order_by(audits.c.id.desc())
            ).all()
        return [(r.public_id, r.kind, _aware(r.created_at)) for r in rows]

    def audit_listing(self, organisation: Organisation, limit: int = 200) -> list[dict[str, Any]]:
        """The organisation's audits, newest first: id, kind, file name, status, creation time, who
        created it (``created_by``: key id and member label, or None) and when it last moved."""
        with self.engine.connect() as c:
            rows = c.execute(
                select(*_STATE_COLUMNS, *_CREATOR_COLUMNS)
                .select_from(_WITH_CREATOR)
                .where(audits.c.organisation_id == self._org_pk(c, organisation.public_id))
                .order_by(audits.c.id.desc())
                .limit(limit)
            ).all()
        out = []
        for r in rows:
            creator = _creator(r)
            out.append(
                {
                    "id": r.public_id,
                    "kind": r.kind,
                    "source_name": r.source_name,
                    "status": r.status,
                    "created_at": _aware(r.created_at).isoformat(),
                    "updated_at": None if r.updated_at is None else _aware(r.updated_at).isoformat(),
                    "created_by": None if creator is None else creator.as_dict(),
                }
            )
        return out

    def delete_audit(self, organisation: Organisation, audit_id: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(audits).where(audits.c.id == self._audit_pk(c, organisation, audit_id)))

    # ------------------------------------------------------------------ mapping corrections
    def save_corrections(
        self, organisation: Organisation, corrections: Mapping[str, str], audit_id: str | None = None
    ) -> None:
        """Remember ``title key -> O*NET code`` choices for later audits of ``organisation``."""
        with self.engine.begin() as c:
            org_pk = self._org_pk(c, organisation.public_id)
            audit_pk = self._audit_pk(c, organisation, audit_id) if audit_id else None
            for title_key, code in corrections.items():
                key = title_key[:300]
                values = dict(onet_soc_code=code, audit_id=audit_pk, updated_at=_now())
                done = c.execute(
                    update(mapping_corrections)
                    .where(mapping_corrections.c.organisation_id == org_pk, mapping_corrections.c.title_key == key)
                    .values(**values)
                ).rowcount
                if not done:
                    c.execute(insert(mapping_corrections).values(organisation_id=org_pk, title_key=key, **values))

    def corrections(self, organisation: Organisation) -> dict[str, str]:
        with self.engine.connect() as c:
            rows = c.execute(
                select(mapping_corrections.c.title_key, mapping_corrections.c.onet_soc_code).where(
                    mapping_corrections.c.organisation_id == self._org_pk(c, organisation.public_id)
                )
            ).all()
        return {r.title_key: r.onet_soc_code for r in rows}

    # ------------------------------------------------------------------ helpers
    def _audit_pk(self, c: Connection, organisation: Organisation, audit_id: str) -> int:
        found = c.execute(
            select(audits.c.id)
            .join(organisations, organisations.c.id == audits.c.organisation_id)
            .where(audits.c.public_id == str(audit_id), organisations.c.public_id == organisation.public_id)
        ).first()
        if found is None:
            raise NotFoundError(AUDIT_NOT_FOUND.format(audit_id=str(audit_id)[:40]))
        return int(found.id)


#: An audit's row without its input and report (the large part): status, progress and listings.
_STATE_COLUMNS = tuple(column for column in audits.c if column.name not in ("input_json", "report_json"))
_CREATOR_COLUMNS = (
    api_keys.c.key_id.label("creator_key_id"),
    members.c.label.label("creator_label"),
    members.c.public_id.label("creator_member_id"),
)
_WITH_CREATOR = audits.outerjoin(api_keys, api_keys.c.key_id == audits.c.created_by_key_id).outerjoin(
    members, members.c.id == api_keys.c.member_id
)


def _ended(step: str) -> dict[str, Any]:
    """The progress columns of an audit that has ended (done or failed) now."""
    return {"progress_step": step, "progress_share": 1.0, "updated_at": _now()}


def _audit_record(row: Any, input_data: Any, report_data: Any) -> AuditRecord:
    """The record of an audits row (its input and report as given: decoded, or None when not read)."""
    return AuditRecord(
        row.public_id,
        row.kind,
        row.source_name,
        _aware(row.created_at),
        row.status,
        row.error,
        input_data,
        report_data,
        row.progress_step,
        row.progress_share,
        _aware(row.updated_at),
        _creator(row),
    )


def _creator(row: Any) -> Creator | None:
    if row.creator_key_id is None:
        return None
    return Creator(row.creator_key_id, row.creator_label, row.creator_member_id)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
