"""Table definitions of the application database (SQLAlchemy Core metadata).

Ids shown to users (``public_id``) are random; integer primary keys never leave the repository.
Secrets (API keys, web session tokens) are stored only as SHA-256 digests. A member is a seat in
an organisation (``label``: how the organisation tells its seats apart, such as "HR lead" or a
work email; a person's name is never needed).
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Float, ForeignKey, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()


def _table(name: str, *columns: Column | UniqueConstraint) -> Table:
    """A table of the application database: its integer primary key ``id`` (never leaves the
    repository), then ``columns``."""
    return Table(name, metadata, Column("id", Integer, primary_key=True), *columns)


def _public_id() -> Column:
    """The random id shown to users."""
    return Column("public_id", String(32), nullable=False, unique=True)


def _owner(index: bool = True) -> Column:
    """The organisation a row belongs to; its rows go when it goes."""
    return Column(
        "organisation_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False, index=index
    )


def _at(name: str, nullable: bool = False) -> Column:
    """A moment, with its time zone."""
    return Column(name, DateTime(timezone=True), nullable=nullable)


organisations = _table(
    "organisations", _public_id(), Column("name", String(200), nullable=False, unique=True), _at("created_at")
)

members = _table(
    "members",
    _public_id(),
    _owner(),
    Column("label", String(120), nullable=False),
    Column("role", String(16), nullable=False),  # owner | member
    _at("created_at"),
    _at("removed_at", nullable=True),
    UniqueConstraint("organisation_id", "label", name="uq_members_org_label"),
)

api_keys = _table(
    "api_keys",
    Column("key_id", String(32), nullable=False, unique=True),
    _owner(),
    Column("secret_sha256", String(64), nullable=False),
    _at("created_at"),
    _at("revoked_at", nullable=True),
    Column(
        "member_id", Integer, ForeignKey("members.id", ondelete="SET NULL", name="fk_api_keys_member_id"), nullable=True
    ),
)

web_sessions = _table(
    "web_sessions",
    Column("token_sha256", String(64), nullable=False, unique=True),
    _owner(),
    Column("api_key_id", Integer, ForeignKey("api_keys.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    _at("created_at"),
    _at("expires_at"),
    _at("last_seen_at"),
    _at("revoked_at", nullable=True),
)

audits = _table(
    "audits",
    _public_id(),
    _owner(),
    Column("kind", String(32), nullable=False),
    Column("source_name", String(300), nullable=True),
    _at("created_at"),
    Column("status", String(16), nullable=False),  # running | done | failed
    Column("error", Text, nullable=True),
    Column("input_json", Text, nullable=False),  # the roster as parsed, people's details removed
    Column("report_json", Text, nullable=False),
    Column("progress_step", String(80), nullable=True),  # while running: what is being done
    Column("progress_share", Float, nullable=True),  # 0-1
    _at("updated_at", nullable=True),
    Column("created_by_key_id", String(32), nullable=True),  # api_keys.key_id of the upload (0003)
)

mapping_corrections = _table(
    "mapping_corrections",
    _owner(index=False),
    Column("title_key", String(300), nullable=False),
    Column("onet_soc_code", String(16), nullable=False),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="SET NULL"), nullable=True),
    _at("updated_at"),
    UniqueConstraint("organisation_id", "title_key", name="uq_mapping_corrections_org_title"),
)
