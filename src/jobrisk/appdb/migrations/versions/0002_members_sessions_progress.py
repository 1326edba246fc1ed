"""Members of an organisation, web sign-in sessions, and audit progress kept in the database."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(32), nullable=False, unique=True),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("organisation_id", "label", name="uq_members_org_label"),
    )
    op.create_index("ix_members_organisation_id", "members", ["organisation_id"])
    _add_reference("api_keys", "member_id", "fk_api_keys_member_id")
    op.add_column("audits", sa.Column("progress_step", sa.String(80), nullable=True))
    op.add_column("audits", sa.Column("progress_share", sa.Float, nullable=True))
    op.add_column("audits", sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("organisation_id", sa.Integer, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("api_key_id", sa.Integer, sa.ForeignKey("api_keys.id", ondelete="CASCADE"), nullable=False),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_web_sessions_organisation_id", "web_sessions", ["organisation_id"])


def _add_reference(table: str, column: str, name: str) -> None:
    """A nullable ``members.id`` reference added in place. SQLite takes the reference inline in
    ADD COLUMN (a table rebuild would, with foreign keys on, null other tables' references to it)."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} INTEGER "
            f"CONSTRAINT {name} REFERENCES members (id) ON DELETE SET NULL"
        )
    else:
        op.add_column(table, sa.Column(column, sa.Integer, nullable=True))
        op.create_foreign_key(name, table, "members", [column], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    op.drop_index("ix_web_sessions_organisation_id", table_name="web_sessions")
    op.drop_table("web_sessions")
    for table, name in (("api_keys", "fk_api_keys_member_id"),):
        if op.get_bind().dialect.name != "sqlite":
            op.drop_constraint(name, table, type_="foreignkey")
        else:  # SQLite drops a column only without its reference: rebuild the table
            with op.batch_alter_table(table) as batch:
                batch.drop_column("member_id")
            continue
        op.drop_column(table, "member_id")
    for column in ("updated_at", "progress_share", "progress_step"):
        op.drop_column("audits", column)
    op.drop_index("ix_members_organisation_id", table_name="members")
    op.drop_table("members")
