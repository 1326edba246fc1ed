"""Table definitions of the application database (SQLAlchemy Core metadata).

Ids shown to users (``public_id``) are random; integer primary keys never leave the repository.
Secrets (API keys, web session tokens) are stored only as SHA-256 digests. A member is a seat in
an organisation (``label``: how the organisation tells its seats apart, such as "HR lead" or a
work email; a person's name is never needed).
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

organisations = Table(
    "organisations", metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(32), nullable=False, unique=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

members = Table(
    "members", metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(32), nullable=False, unique=True),
    Column("organisation_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("label", String(120), nullable=False),
    Column("role", String(16), nullable=False),      # owner | member
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("removed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("organisation_id", "label", name="uq_members_org_label"),
)

api_keys = Table(
    "api_keys", metadata,
    Column("id", Integer, primary_key=True),
    Column("key_id", String(32), nullable=False, unique=True),
    Column("organisation_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("secret_sha256", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="SET NULL", name="fk_api_keys_member_id"),
           nullable=True),
)

web_sessions = Table(
    "web_sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("organisation_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("api_key_id", Integer, ForeignKey("api_keys.id", ondelete="CASCADE"), nullable=False),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
)

audits = Table(
    "audits", metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(32), nullable=False, unique=True),
    Column("organisation_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("source_name", String(300), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),   # running | done | failed
    Column("error", Text, nullable=True),
    Column("input_json", Text, nullable=False),     # the roster as parsed, people's details removed
    Column("report_json", Text, nullable=False),
    Column("progress_step", String(80), nullable=True),   # while running: what is being done
    Column("progress_share", Float, nullable=True),       # 0-1
    Column("updated_at", DateTime(timezone=True), nullable=True),
)

mapping_corrections = Table(
    "mapping_corrections", metadata,
    Column("id", Integer, primary_key=True),
    Column("organisation_id", Integer, ForeignKey("organisations.id", ondelete="CASCADE"),
           nullable=False),
    Column("title_key", String(300), nullable=False),
    Column("onet_soc_code", String(16), nullable=False),
    Column("audit_id", Integer, ForeignKey("audits.id", ondelete="SET NULL"), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("organisation_id", "title_key", name="uq_mapping_corrections_org_title"),
)
