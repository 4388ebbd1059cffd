"""The server's migrations and its table definitions agree, on SQLite and on PostgreSQL.

A table defined beside the code but missing from the migrations (or the reverse) would make a
fresh server differ from an upgraded one, and alembic autogenerate would propose dropping it.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from sync.server.db import make_engine
from sync.server.migrations import current_revision, upgrade
from sync.server.models import metadata
from tests.server.conftest import backends
from tests.support.server_process import make_database_url


@pytest.mark.parametrize("backend", backends())
def test_migrated_schema_matches_the_models(tmp_path, backend):
    db = make_database_url(tmp_path, backend)
    engine = make_engine(db.url)
    try:
        upgrade(engine)
        upgrade(engine)  # running again (every `serve` does) changes nothing
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        assert current_revision(engine)
    finally:
        engine.dispose()
        db.cleanup()
