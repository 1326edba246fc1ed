"""The only module that speaks to the application database.

:class:`AppRepository` opens an engine for a SQLAlchemy URL, brings the schema up to date with the
Alembic migrations shipped in ``jobrisk/appdb/migrations`` and answers named questions with frozen
records. Every audit query carries the organisation it is asked for; a miss, whatever its cause
(another organisation's audit, a guessed id, a sequential integer), raises
:class:`jobrisk.errors.NotFoundError` with the same message.

API keys look like ``jrk_<key id>_<secret>``: the key id is public (it names the key in listings and
in ``jobrisk org revoke``), the secret is shown once and only its SHA-256 is stored. A key's secret
has 256 bits of randomness, so a plain (unsalted) SHA-256 is enough to make the stored value useless
to a reader of the database; checks compare digests in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import create_engine, delete, event, insert, select, update
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DatabaseError, IntegrityError

from jobrisk.appdb.tables import api_keys, audits, mapping_corrections, organisations
from jobrisk.errors import AppDatabaseError, InputError, NotFoundError

KEY_PREFIX = "jrk"
AUDIT_NOT_FOUND = "No audit with id {audit_id} in this organisation."


def normalize_url(url: str) -> str:
    """``url`` with the psycopg (version 3) driver named for ``postgresql://`` / ``postgres://``."""
    url = url.strip()
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


@dataclass(frozen=True)
class Organisation:
    public_id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class IssuedKey:
    """A new API key: ``secret`` is the full key to hand to the user; it is not stored anywhere."""

    key_id: str
    organisation: Organisation
    secret: str


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    organisation_name: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class AuditRecord:
    public_id: str
    kind: str
    source_name: str | None
    created_at: datetime
    status: str          # running | done | failed
    error: str | None
    input_data: Any      # the parsed roster (JSON-compatible)
    report_data: Any     # the report (JSON-compatible)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value


class AppRepository:
    """Organisations, keys, audits and mapping corrections. Build with :meth:`open`."""

    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------------ set-up
    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> AppRepository:
        """Connect to ``url`` (``Settings.app_database_url``) and (by default) apply any pending
        migration."""
        url = normalize_url(url)
        if url.startswith("sqlite:///"):
            Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
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
                    "set JOBRISK_DATABASE_URL to use another database.") from exc
        return repo

    def migrate(self) -> None:
        """Bring the schema to the newest migration (idempotent)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location",
                               str(resources.files("jobrisk.appdb").joinpath("migrations")))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def schema_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ organisations and keys
    def create_organisation(self, name: str) -> IssuedKey:
        """A new organisation and its first API key."""
        clean = " ".join(str(name).split())
        if not clean:
            raise InputError("An organisation needs a name.")
        if len(clean) > 200:
            raise InputError(f"Organisation names are at most 200 characters; got {len(clean)}.")
        with self.engine.begin() as c:
            if c.execute(select(organisations.c.id).where(organisations.c.name == clean)).first():
                raise InputError(f"An organisation named '{clean}' already exists.")
            try:
                org_pk = c.execute(insert(organisations).values(
                    public_id="org_" + secrets.token_hex(8), name=clean, created_at=_now())
                ).inserted_primary_key[0]
            except IntegrityError as exc:
                raise InputError(f"An organisation named '{clean}' already exists.") from exc
            return self._issue(c, org_pk)

    def issue_key(self, organisation: str) -> IssuedKey:
        """Another API key for ``organisation`` (its name or public id)."""
        with self.engine.begin() as c:
            return self._issue(c, self._org_pk(c, organisation))

    def revoke_key(self, key_id: str) -> KeyRecord:
        """Revoke key ``key_id`` (the ``jrk_<key id>`` part also works); revoking twice is harmless."""
        key_id = key_id.strip()
        if key_id.startswith(KEY_PREFIX + "_"):
            key_id = key_id.split("_")[1]
        with self.engine.begin() as c:
            row = c.execute(select(api_keys.c.id, api_keys.c.revoked_at)
                            .where(api_keys.c.key_id == key_id)).first()
            if row is None:
                raise NotFoundError(f"No API key with id {key_id}.")
            if row.revoked_at is None:
                c.execute(update(api_keys).where(api_keys.c.id == row.id).values(revoked_at=_now()))
            return self._key_record(c, key_id)

    def keys(self, organisation: str) -> list[KeyRecord]:
        with self.engine.connect() as c:
            org_pk = self._org_pk(c, organisation)
            ids = c.execute(select(api_keys.c.key_id).where(api_keys.c.organisation_id == org_pk)
                            .order_by(api_keys.c.id)).scalars().all()
            return [self._key_record(c, k) for k in ids]

    def authenticate(self, presented: str) -> Organisation | None:
        """The organisation a full API key belongs to, or None (unknown, malformed or revoked)."""
        parts = presented.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
            return None
        with self.engine.connect() as c:
            row = c.execute(
                select(api_keys.c.secret_sha256, api_keys.c.revoked_at, organisations.c.public_id,
                       organisations.c.name, organisations.c.created_at)
                .join(organisations, organisations.c.id == api_keys.c.organisation_id)
                .where(api_keys.c.key_id == parts[1])).first()
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_sha256, _digest(parts[2])):
            return None
        return Organisation(row.public_id, row.name, _aware(row.created_at))

    def organisation(self, organisation: str) -> Organisation:
        with self.engine.connect() as c:
            row = c.execute(select(organisations).where(
                organisations.c.id == self._org_pk(c, organisation))).one()
        return Organisation(row.public_id, row.name, _aware(row.created_at))

    # ------------------------------------------------------------------ audits
    def save_audit(self, organisation: Organisation, kind: str, input_data: Any, report_data: Any,
                   source_name: str | None = None) -> str:
        """Store a finished audit for ``organisation``; returns its public id."""
        audit_id = self.start_audit(organisation, kind, source_name)
        self.finish_audit(organisation, audit_id, input_data, report_data)
        return audit_id

    def start_audit(self, organisation: Organisation, kind: str, source_name: str | None = None) -> str:
        """Record an audit that is being computed (status 'running'); returns its public id."""
        public_id = "aud_" + secrets.token_urlsafe(12).replace("-", "x").replace("_", "y")
        with self.engine.begin() as c:
            c.execute(insert(audits).values(
                public_id=public_id, organisation_id=self._org_pk(c, organisation.public_id), kind=kind,
                source_name=(source_name or "")[:300] or None, created_at=_now(), status="running",
                input_json="null", report_json="null"))
        return public_id

    def finish_audit(self, organisation: Organisation, audit_id: str, input_data: Any, report_data: Any) -> None:
        with self.engine.begin() as c:
            pk = self._audit_pk(c, organisation, audit_id)
            c.execute(update(audits).where(audits.c.id == pk).values(
                status="done", error=None, input_json=json.dumps(input_data), report_json=json.dumps(report_data)))

    def fail_audit(self, organisation: Organisation, audit_id: str, message: str) -> None:
        with self.engine.begin() as c:
            pk = self._audit_pk(c, organisation, audit_id)
            c.execute(update(audits).where(audits.c.id == pk).values(status="failed", error=message[:2000]))

    def update_audit_report(self, organisation: Organisation, audit_id: str, report_data: Any) -> None:
        with self.engine.begin() as c:
            pk = self._audit_pk(c, organisation, audit_id)
            c.execute(update(audits).where(audits.c.id == pk).values(report_json=json.dumps(report_data)))

    def audit(self, organisation: Organisation, audit_id: str) -> AuditRecord:
        """The audit ``audit_id`` of ``organisation``; NotFoundError for any other id."""
        with self.engine.connect() as c:
            row = c.execute(select(audits).where(
                audits.c.id == self._audit_pk(c, organisation, audit_id))).one()
        return AuditRecord(row.public_id, row.kind, row.source_name, _aware(row.created_at), row.status,
                           row.error, json.loads(row.input_json), json.loads(row.report_json))

    def audits(self, organisation: Organisation) -> list[tuple[str, str, datetime]]:
        """``(public id, kind, created_at)`` of the organisation's audits, newest first."""
        with self.engine.connect() as c:
            rows = c.execute(select(audits.c.public_id, audits.c.kind, audits.c.created_at)
                             .where(audits.c.organisation_id == self._org_pk(c, organisation.public_id))
                             .order_by(audits.c.id.desc())).all()
        return [(r.public_id, r.kind, _aware(r.created_at)) for r in rows]

    def delete_audit(self, organisation: Organisation, audit_id: str) -> None:
        with self.engine.begin() as c:
            c.execute(delete(audits).where(audits.c.id == self._audit_pk(c, organisation, audit_id)))

    # ------------------------------------------------------------------ mapping corrections
    def save_corrections(self, organisation: Organisation, corrections: Mapping[str, str],
                         audit_id: str | None = None) -> None:
        """Remember ``title key -> O*NET code`` choices for later audits of ``organisation``."""
        with self.engine.begin() as c:
            org_pk = self._org_pk(c, organisation.public_id)
            audit_pk = self._audit_pk(c, organisation, audit_id) if audit_id else None
            for title_key, code in corrections.items():
                key = title_key[:300]
                values = dict(onet_soc_code=code, audit_id=audit_pk, updated_at=_now())
                done = c.execute(update(mapping_corrections).where(
                    mapping_corrections.c.organisation_id == org_pk,
                    mapping_corrections.c.title_key == key).values(**values)).rowcount
                if not done:
                    c.execute(insert(mapping_corrections).values(
                        organisation_id=org_pk, title_key=key, **values))

    def corrections(self, organisation: Organisation) -> dict[str, str]:
        with self.engine.connect() as c:
            rows = c.execute(select(mapping_corrections.c.title_key, mapping_corrections.c.onet_soc_code)
                             .where(mapping_corrections.c.organisation_id
                                    == self._org_pk(c, organisation.public_id))).all()
        return {r.title_key: r.onet_soc_code for r in rows}

    # ------------------------------------------------------------------ helpers
    def _issue(self, c: Connection, org_pk: int) -> IssuedKey:
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        c.execute(insert(api_keys).values(key_id=key_id, organisation_id=org_pk,
                                          secret_sha256=_digest(secret), created_at=_now()))
        row = c.execute(select(organisations).where(organisations.c.id == org_pk)).one()
        org = Organisation(row.public_id, row.name, _aware(row.created_at))
        return IssuedKey(key_id, org, f"{KEY_PREFIX}_{key_id}_{secret}")

    @staticmethod
    def _org_pk(c: Connection, organisation: str) -> int:
        found = c.execute(select(organisations.c.id).where(
            (organisations.c.public_id == organisation) | (organisations.c.name == organisation))).first()
        if found is None:
            raise NotFoundError(f"No organisation '{organisation}'.")
        return int(found.id)

    def _audit_pk(self, c: Connection, organisation: Organisation, audit_id: str) -> int:
        found = c.execute(
            select(audits.c.id).join(organisations, organisations.c.id == audits.c.organisation_id)
            .where(audits.c.public_id == str(audit_id),
                   organisations.c.public_id == organisation.public_id)).first()
        if found is None:
            raise NotFoundError(AUDIT_NOT_FOUND.format(audit_id=str(audit_id)[:40]))
        return int(found.id)

    @staticmethod
    def _key_record(c: Connection, key_id: str) -> KeyRecord:
        row = c.execute(select(api_keys.c.key_id, api_keys.c.created_at, api_keys.c.revoked_at,
                               organisations.c.name)
                        .join(organisations, organisations.c.id == api_keys.c.organisation_id)
                        .where(api_keys.c.key_id == key_id)).one()
        return KeyRecord(row.key_id, row.name, _aware(row.created_at), _aware(row.revoked_at))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
