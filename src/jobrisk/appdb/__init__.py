"""The application database: organisations, members, API keys, web sessions, saved audits (with
their progress) and mapping corrections.

Separate from the read-only reference catalog. SQLAlchemy 2 with Alembic migrations shipped in
``migrations/``; SQLite in the data directory by default (``app.sqlite``), PostgreSQL (or any
SQLAlchemy URL) through ``JOBRISK_DATABASE_URL``.

* ``tables.py``: the table definitions (the migrations create them; tests compare the two).
* ``repository.py``: :class:`AppRepository` (organisations, audits, corrections) with
  ``access.py`` mixed in (members, keys, web sessions): the only modules that issue queries.
  Everything else asks through named methods that return the frozen records of ``records.py``.

Secrets are never stored: an API key, or a web session token, is shown once when issued and only
its SHA-256 is kept.
Every read of an audit is scoped to an organisation; another organisation's audit, a guessed or a
sequential id all answer :class:`jobrisk.errors.NotFoundError` alike.

May import: errors, settings.
"""

from jobrisk.appdb.records import (
    AuditRecord,
    Creator,
    IssuedKey,
    KeyRecord,
    Member,
    Organisation,
    Principal,
    WebSession,
)
from jobrisk.appdb.repository import AppRepository, normalize_url

__all__ = [
    "AppRepository",
    "AuditRecord",
    "Creator",
    "IssuedKey",
    "KeyRecord",
    "Member",
    "Organisation",
    "Principal",
    "WebSession",
    "normalize_url",
]
