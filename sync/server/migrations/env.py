"""alembic environment: always run programmatically with a connection (see sync.server.migrations)."""

from __future__ import annotations

from alembic import context

from sync.server.models import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
