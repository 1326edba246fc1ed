"""Alembic environment: runs the migrations on the connection the repository hands over."""

from __future__ import annotations

from alembic import context

from jobrisk.appdb.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - migrations always run through AppRepository.migrate
    raise RuntimeError("Run the application database migrations through jobrisk (AppRepository.migrate).")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
