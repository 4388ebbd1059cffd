"""The server brings its schema to the newest revision at every start; nearly always it is there already,
and then alembic is not even imported (sync.migration_files reads the newest revision from the scripts)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select

from sync.migration_files import head_revision
from sync.server import models as m
from sync.server.db import make_engine
from sync.server.migrations import HERE, alembic_config
from tests.server.conftest import backends
from tests.support.server_process import make_database_url

REPO = Path(__file__).resolve().parents[2]
ALEMBIC_HEAD = ScriptDirectory.from_config(alembic_config(None)).get_current_head()

# In a process of its own: whether alembic was imported is a fact of the whole process.
UPGRADE = ("import sys; from sync.server.db import make_engine; from sync.server.migrations import upgrade; "
           "upgrade(make_engine(sys.argv[1])); print('alembic' in sys.modules)")


def test_the_newest_revision_read_from_the_files_is_alembics():
    assert ALEMBIC_HEAD and head_revision(HERE / "versions") == ALEMBIC_HEAD


def test_an_unclear_folder_has_no_head_and_alembic_is_asked(tmp_path):
    assert head_revision(tmp_path) is None  # no migration at all
    for name, parent in (("a", "None"), ("b", "'a'"), ("c", "'a'")):  # two heads
        (tmp_path / f"{name}.py").write_text(f"revision: str = '{name}'\ndown_revision: str | None = {parent}\n")
    assert head_revision(tmp_path) is None


@pytest.mark.parametrize("backend", backends())
def test_alembic_runs_only_when_the_schema_is_behind(tmp_path, backend):
    db = make_database_url(tmp_path, backend)
    try:
        def upgrade() -> str:
            done = subprocess.run([sys.executable, "-c", UPGRADE, db.url], cwd=REPO, capture_output=True,
                                  text=True, timeout=120)
            assert done.returncode == 0, done.stderr[-3000:]
            return done.stdout.strip()

        assert upgrade() == "True"  # a new database: every migration
        assert upgrade() == "False"  # at the newest revision: nothing to do, no alembic
        engine = make_engine(db.url)
        try:
            with engine.connect() as conn:
                assert conn.execute(select(m.server_state.c.seq)).scalar_one() == 0
                assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one() == ALEMBIC_HEAD
        finally:
            engine.dispose()
    finally:
        db.cleanup()
