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


def _register(cases, surname: str) -> None:
    from desktop.services.cases import Registration

    cases.register(Registration(person={"surname": surname, "given_name": "Тарас", "birth_date": "1990-01-01"}))


def test_no_backup_is_made_that_would_miss_the_latest_work(store, cases):
    """A reader that keeps an old snapshot stops the WAL from being folded into the file: copying the file
    alone would lose the commits after it, so the backup is refused and no partial copy is left."""
    from desktop.store.database import BackupFailed

    _register(cases, "Перший")
    with store.engine.connect() as reader, reader.begin():
        reader.exec_driver_sql("SELECT count(*) FROM records").all()  # holds its snapshot
        _register(cases, "Другий")  # committed to the WAL after the reader's snapshot
        with pytest.raises(BackupFailed) as err:
            backup_database(store.engine, store.db_path, "test")
    assert err.value.busy and not err.value.no_space
    assert "Базу не змінено" in str(err.value)
    folder = store.db_path.parent / "backups"
    assert not folder.exists() or not any(folder.iterdir())
    assert backup_database(store.engine, store.db_path, "test").stat().st_size == store.db_path.stat().st_size


FULL_DISK_CHILD = """
import resource, signal, sys
from pathlib import Path
from desktop.store.database import BackupFailed, backup_database
from desktop.store.store import unlock_store
store = unlock_store(Path(sys.argv[1]), "olena", sys.argv[2])
with store.engine.connect() as conn:  # the WAL folded now: only the copy grows a file below
    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a file that may not grow fails with EFBIG, as on a full disk
limit = store.db_path.stat().st_size // 2
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
try:
    backup_database(store.engine, store.db_path, "test")
except BackupFailed as exc:
    print("no_space" if exc.no_space else "other", str(exc).split(" / ")[0])
"""


def test_a_full_disk_gives_a_clear_error_and_no_partial_backup(store, cases):
    import subprocess
    import sys
    from pathlib import Path

    for n in range(30):
        _register(cases, f"Повний{n}")
    data_dir = store.data_dir
    store.close()
    out = subprocess.run([sys.executable, "-c", FULL_DISK_CHILD, str(data_dir), TEST_PASSWORD],
                         capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("no_space "), out.stdout
    assert "на диску закінчилося місце" in out.stdout
    folder = data_dir / "backups"
    assert not folder.exists() or not any(folder.iterdir())  # the half-written copy was removed
