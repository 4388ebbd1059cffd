"""alembic environment for the local store: always run programmatically on an open connection."""

from alembic import context

from desktop.store.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
