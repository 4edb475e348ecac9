"""Alembic environment: runs on the connection ``pipeline.store.migrate`` hands over (never on a URL of its own)."""

from __future__ import annotations

from alembic import context

from pipeline.store.migrate import include_name
from pipeline.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER constraints: rebuild the table instead
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
