"""Organisations, API keys, saved audits and mapping corrections.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_id", sa.String(32), nullable=False, unique=True),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_api_keys_organisation_id", "api_keys", ["organisation_id"])
    op.create_table(
        "audits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source_name", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("input_json", sa.Text, nullable=False),
        sa.Column("report_json", sa.Text, nullable=False),
    )
    op.create_index("ix_audits_organisation_id", "audits", ["organisation_id"])
    op.create_table(
        "mapping_corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title_key", sa.String(300), nullable=False),
        sa.Column("onet_soc_code", sa.String(16), nullable=False),
        sa.Column("audit_id", sa.Integer, sa.ForeignKey("audits.id", ondelete="SET NULL"), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("organisation_id", "title_key", name="uq_mapping_corrections_org_title"),
    )


def downgrade() -> None:
    op.drop_table("mapping_corrections")
    op.drop_index("ix_audits_organisation_id", table_name="audits")
    op.drop_table("audits")
    op.drop_index("ix_api_keys_organisation_id", table_name="api_keys")
    op.drop_table("api_keys")
    op.drop_table("organisations")
