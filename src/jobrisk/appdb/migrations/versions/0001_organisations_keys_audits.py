"""Organisations, API keys, saved audits and mapping corrections."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _organisation_table(name: str, key: sa.Column | None, *columns: sa.schema.SchemaItem, index: bool = True) -> None:
    """An organisation's rows: id, ``key`` (a unique public id), organisation_id (indexed unless
    ``index=False``), then ``columns``."""
    owner = sa.Column(
        "organisation_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False
    )
    keys = [key] if key is not None else []
    op.create_table(name, sa.Column("id", sa.Integer, primary_key=True), *keys, owner, *columns)
    if index:
        op.create_index(f"ix_{name}_organisation_id", name, ["organisation_id"])


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        _when("created_at"),
    )
    _organisation_table(
        "api_keys",
        sa.Column("key_id", sa.String(32), nullable=False, unique=True),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        _when("created_at"),
        _when("revoked_at", nullable=True),
    )
    _organisation_table(
        "audits",
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("source_name", sa.String(300), nullable=True),
        _when("created_at"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("input_json", sa.Text, nullable=False),
        sa.Column("report_json", sa.Text, nullable=False),
    )
    _organisation_table(
        "mapping_corrections",
        None,
        sa.Column("title_key", sa.String(300), nullable=False),
        sa.Column("onet_soc_code", sa.String(16), nullable=False),
        sa.Column("audit_id", sa.Integer, sa.ForeignKey("audits.id", ondelete="SET NULL"), nullable=True),
        _when("updated_at"),
        sa.UniqueConstraint("organisation_id", "title_key", name="uq_mapping_corrections_org_title"),
        index=False,
    )


def downgrade() -> None:
    op.drop_table("mapping_corrections")
    for table in ("audits", "api_keys"):
        op.drop_index(f"ix_{table}_organisation_id", table_name=table)
        op.drop_table(table)
    op.drop_table("organisations")
