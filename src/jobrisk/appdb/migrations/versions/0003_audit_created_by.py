"""Which API key (and so which member) created each audit.

``audits.created_by_key_id`` holds the public id of the key the upload was made with (web
sign-ins remember their key). Keys are revoked, never deleted, so the id always names its key and,
through it, the member; audits saved before this revision have none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.add_column("audits", sa.Column("created_by_key_id", sa.String(32), nullable=True))


def downgrade() -> None:
    # a plain column: SQLite (3.35+) drops it in place, without rebuilding the table (a rebuild
    # would, with foreign keys on, null the mapping corrections' references to their audits)
    op.drop_column("audits", "created_by_key_id")
