"""The application database: organisations, their API keys, saved audits and mapping corrections.

Separate from the read-only reference catalog. SQLAlchemy 2 with Alembic migrations shipped in
``migrations/``; SQLite in the data directory by default (``app.sqlite``), PostgreSQL (or any
SQLAlchemy URL) through ``JOBRISK_DATABASE_URL``.

* ``tables.py``: the table definitions (the migrations create them; tests compare the two).
* ``repository.py``: :class:`AppRepository`, the only module that issues queries. Everything
  else asks it through named methods that return small frozen records.

Secrets are never stored: an API key is shown once when issued and only its SHA-256 is kept.
Every read of an audit is scoped to an organisation; another organisation's audit, a guessed or a
sequential id all answer :class:`jobrisk.errors.NotFoundError` alike.

May import: errors, settings.
"""

from jobrisk.appdb.repository import (
    AppRepository,
    AuditRecord,
    IssuedKey,
    KeyRecord,
    Organisation,
    normalize_url,
)

__all__ = ["AppRepository", "AuditRecord", "IssuedKey", "KeyRecord", "Organisation", "normalize_url"]
