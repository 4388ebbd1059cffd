"""Opening the SQLCipher database with a raw key, and migrating it safely.

The key is passed as a raw 256-bit key (`x'..'`), so there is no per-connection key derivation:
the password-hardening happens once, in the key slot. WAL with synchronous=FULL makes a commit
durable when it returns; temp_store=MEMORY keeps sorts and temp tables out of temp files.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import sqlcipher3
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

DB_FILE = "poruch.db"
BACKUP_DIR = "backups"
CACHE_KIB = 262_144  # 256 MiB page cache: encrypted scans are 3-5x slower with the 2 MiB default
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class DatabaseError(Exception):
    """A problem with the local database, worded for the person at the keyboard."""


class DatabaseTooNew(DatabaseError):
    pass


class DatabaseUnreadable(DatabaseError):
    pass


def open_engine(path: Path, key: bytes, *, encrypted: bool = True) -> Engine:
    """An engine on the database at `path`; `encrypted=False` only for benchmarks' plain baseline."""
    if len(key) != 32 and encrypted:
        raise ValueError("the database key is 32 bytes")
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3 if encrypted else None,
        poolclass=QueuePool, pool_size=4, max_overflow=4,
        connect_args={"check_same_thread": False, "timeout": 30},
    )
    hex_key = key.hex()

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # The driver must not open its own transactions; SQLAlchemy emits BEGIN itself below.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if encrypted:
            cur.execute(f"PRAGMA key = \"x'{hex_key}'\"")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers ask for IMMEDIATE (see `writing`): they take the write lock up front and queue
        # behind each other instead of failing at commit; readers never block anyone (WAL).
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("immediate") else "BEGIN")

    return engine


def writing(engine: Engine):
    """A connection whose transactions take the write lock at BEGIN: use for every write."""
    return engine.connect().execution_options(immediate=True)


def check_readable(engine: Engine) -> None:
    """Fail early, with words a caseworker can act on, if the key does not open the file."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except Exception as exc:  # sqlcipher3.DatabaseError: file is not a database
        raise DatabaseUnreadable(
            "Не вдалося прочитати базу даних: ключ не підходить або файл пошкоджено. "
            "Зверніться до адміністратора; дані на сервері не втрачено. / "
            "The database cannot be read: the key does not match or the file is damaged."
        ) from exc


def _alembic_config(conn) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine, db_path: Path) -> str | None:
    """Bring the schema to head. Copies the database aside first; refuses a newer database.

    Returns the path of the backup made, or None when nothing needed migrating.
    """
    script = ScriptDirectory.from_config(_alembic_config(None))
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseTooNew(
            "Цю базу даних створила новіша версія Порука. Оновіть програму, щоб відкрити її. / "
            "This database was written by a newer version of Poruch; update the application to open it."
        )
    backup = None
    if current is not None:
        backup = backup_database(engine, db_path, f"before-{head}")
    with engine.connect() as conn:
        # alembic's own transaction handling: run outside our BEGIN IMMEDIATE wrapper.
        command.upgrade(_alembic_config(conn), "head")
        conn.commit()
    return str(backup) if backup else None


def backup_database(engine: Engine, db_path: Path, label: str) -> Path:
    """A copy of the (still encrypted) database file, after folding the WAL into it."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    folder = db_path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    target = folder / f"{db_path.stem}-{datetime.now():%Y%m%d-%H%M%S}-{label}.db"
    shutil.copy2(db_path, target)
    return target


def integrity_check(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA integrity_check").fetchall()
        cipher = conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
    problems = [r[0] for r in rows if r[0] != "ok"]
    problems += [str(r[0]) for r in cipher]
    return problems


def sqlcipher_version(engine: Engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("PRAGMA cipher_version")).scalar() or ""
