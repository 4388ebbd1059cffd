"""Migrations: a database newer than the app is refused; backups are taken before migrating."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desktop.store.database import DatabaseTooNew, _alembic_config, backup_database, migrate
from desktop.store.store import unlock_store
from desktop.version import APP_VERSION
from tests.conftest import TEST_PASSWORD

HEAD = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def test_fresh_store_is_at_head_and_not_backed_up_again(store):
    assert migrate(store.engine, store.db_path) is None
    with store.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == HEAD


def test_newer_database_is_refused_with_a_clear_message(store):
    with store.engine.connect() as conn:  # and no version recorded, as in stores made before it was
        conn.execute(text("update alembic_version set version_num = '9999_future'"))
        conn.execute(text("delete from meta where key = 'schema_app_version'"))
        conn.commit()
    store.close()
    with pytest.raises(DatabaseTooNew) as err:
        unlock_store(store.data_dir, "olena", TEST_PASSWORD)
    assert "новіша версія" in str(err.value) and err.value.needed is None


def test_newer_database_names_the_version_it_needs(store):
    assert store.get_meta("schema_app_version") == APP_VERSION  # recorded when the schema was made
    store.set_meta("schema_app_version", "9.4.0")
    with store.engine.connect() as conn:
        conn.execute(text("update alembic_version set version_num = '9999_future'"))
        conn.commit()
    store.close()
    with pytest.raises(DatabaseTooNew) as err:
        unlock_store(store.data_dir, "olena", TEST_PASSWORD)
    assert err.value.needed == "9.4.0"
    assert "версія 9.4.0" in str(err.value) and f"це версія {APP_VERSION}" in str(err.value)


def test_backup_is_an_encrypted_copy(store, cases):
    from desktop.services.cases import Registration

    cases.register(Registration(person={"surname": "Копієнко", "given_name": "Тарас", "birth_date": "1990-01-01"}))
    backup = backup_database(store.engine, store.db_path, "test")
    data = backup.read_bytes()
    assert backup.parent.name == "backups"
    assert not data.startswith(b"SQLite format 3")
    assert "Копієнко".encode() not in data
    assert len(data) == store.db_path.stat().st_size


def test_the_head_read_from_the_migration_files_is_alembics():
    from desktop.store.database import _head_revision

    assert _head_revision() == HEAD


def test_unlocking_a_store_at_head_does_not_import_alembic(store):
    """The usual unlock answers 'nothing to migrate' from the files and the version table (start-up of
    every `poruch` command); alembic is imported only when there is something to do."""
    import subprocess
    import sys

    store.close()
    code = ("import sys; from desktop.store.store import unlock_store; "
            f"s = unlock_store({str(store.data_dir)!r}, 'olena', {TEST_PASSWORD!r}); s.close(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
