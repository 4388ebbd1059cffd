"""Opening the SQLCipher database with a raw key, and migrating it safely.

The key is passed as a raw 256-bit key (`x'..'`), so there is no per-connection key derivation:
the password-hardening happens once, in the key slot. WAL with synchronous=FULL makes a commit
durable when it returns; temp_store=MEMORY keeps sorts and temp tables out of temp files.
"""

from __future__ import annotations

import errno
import json
import shutil
import weakref
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import create_engine, event, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from desktop.store.files import BACKUP_DIR, DB_FILE, DB_PAGE_SIZES, LEGACY_DB_PAGE_SIZE  # noqa: F401
from desktop.version import APP_VERSION
from sync.migration_files import head_revision, stored_revision

# Memory. SQLCipher keeps decrypted pages per connection, up to `cache_size` each, for as long as
# the connection lives. 256 MiB holds the search working set at 100,000 cases (the covering term
# indexes); encrypted scans were 3-5x slower with the 2 MiB default, and a 64 MiB cache no longer
# kept a second pass of the same searches warm. What costs memory is the number of connections
# that fill their cache: the old pool kept 4 idle (and handed them out in turn, so each warmed its
# own copy: up to 8 x 256 MiB). Now at most 2 stay pooled and the pool is LIFO, so the database
# worker keeps reusing one warm connection; overflow connections (nested or parallel readers: db
# worker, 2 network workers, GUI) are closed when returned, which frees their cache. Measured at
# 20,000 cases (RSS after 4 threads read every case at once, then 50 searches on one thread):
# 747 MiB before, 487 MiB now, and the searches took 260 -> 178 ms CPU (second pass 183 -> 121)
# because they kept one warm connection instead of rotating through four cold ones.
CACHE_KIB = 262_144
POOL_SIZE = 2
MAX_OVERFLOW = 6    # up to 8 at once as before: capacity, not memory, unless 8 readers scan at once
BUSY_TIMEOUT_MS = 30_000  # a writer waits this long for another before giving up
BACKUP_BUSY_TIMEOUT_MS = 2_000
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SCHEMA_APP_VERSION = "schema_app_version"  # meta key: the version that migrated the schema last


class DatabaseError(Exception):
    """A problem with the local database, worded for the person at the keyboard."""


class DatabaseTooNew(DatabaseError):
    """Written by a newer Poruch; `needed` is the version that wrote it (None for stores before 0.1.0)."""

    def __init__(self, needed: str | None):
        self.needed = needed
        if needed:
            super().__init__(
                f"Цю базу даних оновила версія {needed} «Поруч», а це версія {APP_VERSION}. Встановіть версію "
                f"{needed} або новішу, щоб відкрити її. / This database was written by Poruch {needed}; this is "
                f"{APP_VERSION}. Install {needed} or newer to open it.")
        else:
            super().__init__(
                "Цю базу даних створила новіша версія «Поруч». Оновіть програму, щоб відкрити її. / "
                "This database was written by a newer version of Poruch; update the application to open it.")


class DatabaseUnreadable(DatabaseError):
    pass


class BackupFailed(DatabaseError):
    """The copy made before a migration could not be made whole: the database was left as it was.

    `no_space`: the disk (or the user's quota) is full; otherwise the write-ahead log could not be
    folded into the file (another program holds the database open) or the copy could not be written.
    """

    def __init__(self, folder: Path, *, no_space: bool = False, busy: bool = False):
        self.folder, self.no_space, self.busy = folder, no_space, busy
        if no_space:
            why = ("на диску закінчилося місце; звільніть місце й відкрийте «Поруч» знову",
                   "the disk is full; free some space and open Poruch again")
        elif busy:
            why = ("базу відкрито іншою програмою; закрийте її й відкрийте «Поруч» знову",
                   "another program has the database open; close it and open Poruch again")
        else:
            why = ("не вдалося записати копію; перевірте, чи можна писати в цю теку",
                   "the copy could not be written; check that this folder is writable")
        super().__init__(f"Перед оновленням бази даних не вдалося зробити її копію в {folder}: {why[0]}. "
                         f"Базу не змінено. / The copy made before updating the database in {folder} could not "
                         f"be made: {why[1]}. The database was not changed.")


class StoreClosed(DatabaseError):
    """The store was locked (or closed): its key is gone and no connection can be opened."""

    def __init__(self) -> None:
        super().__init__(
            "Базу даних заблоковано: розблокуйте «Поруч» своїм паролем, щоб продовжити. / "
            "The database is locked: unlock Poruch with your password to continue.")


class DatabaseKey:
    """The raw database key, held in exactly one place that locking can wipe.

    The engine's connect hook, the open store (for adding users) and nothing else refer to it;
    `wipe()` zeroes the buffer in place and marks it closed, after which every attempt to open a
    connection raises StoreClosed. Its repr never shows the key (tracebacks, logs, debuggers).
    """

    __slots__ = ("_buf", "_closed", "__weakref__")

    def __init__(self, key: bytes | bytearray) -> None:
        self._buf = bytearray(key)
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def get(self) -> bytes:
        """A copy of the key (to wrap it in a new key slot); StoreClosed once wiped."""
        if self._closed:
            raise StoreClosed()
        return bytes(self._buf)

    def pragma(self) -> str:
        if self._closed:
            raise StoreClosed()
        return f"PRAGMA key = \"x'{self._buf.hex()}'\""

    def wipe(self) -> None:
        self._closed = True
        for i in range(len(self._buf)):
            self._buf[i] = 0
        self._buf = bytearray()

    def __repr__(self) -> str:
        return f"<DatabaseKey {'wiped' if self._closed else 'set'}>"

    def __reduce__(self):
        raise TypeError("the database key cannot be pickled")


_ENGINE_KEYS: weakref.WeakKeyDictionary[Engine, DatabaseKey] = weakref.WeakKeyDictionary()


def open_engine(path: Path, key: bytes | DatabaseKey, *, encrypted: bool = True,
                page_size: int = LEGACY_DB_PAGE_SIZE) -> Engine:
    """An engine on the database at `path`; `encrypted=False` only for benchmarks' plain baseline.

    `page_size` is the encrypted file's page size: the one it was made with (the key slot file
    says which, `KeySlots.db_page_size`); with any other SQLCipher cannot read it.
    The engine holds the key only through a DatabaseKey: `close_engine` (or wiping the holder)
    locks it for good, even for code that kept a reference to the engine.
    """
    holder = key if isinstance(key, DatabaseKey) else DatabaseKey(key)
    del key
    if page_size not in DB_PAGE_SIZES:
        raise ValueError(f"not a page size SQLCipher can use: {page_size}")
    # A new file: its first connection sets auto_vacuum before anything is written (the page size is
    # fixed then), so that free pages can be given back (release_free_pages). A store created before
    # this keeps auto_vacuum off: turning it on needs a VACUUM of the whole file.
    new_file = [not Path(path).exists()]
    if encrypted and len(holder.get()) != 32:
        raise ValueError("the database key is 32 bytes")
    engine = create_engine(
        f"sqlite:///{path}",
        module=sqlcipher3 if encrypted else None,
        poolclass=QueuePool, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW, pool_use_lifo=True,
        connect_args={"check_same_thread": False, "timeout": 30},
    )
    _ENGINE_KEYS[engine] = holder

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        if holder.closed:
            dbapi_conn.close()
            raise StoreClosed()
        # The driver must not open its own transactions; SQLAlchemy emits BEGIN itself below.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        if encrypted:
            cur.execute(holder.pragma())
            cur.execute(f"PRAGMA cipher_page_size = {page_size}")
        if new_file[0]:
            new_file[0] = False
            cur.execute("PRAGMA auto_vacuum = INCREMENTAL")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        cur.execute("PRAGMA temp_store = MEMORY")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "checkout")
    def _on_checkout(_dbapi_conn, _record, _proxy):
        # A pooled connection that outlived the lock (checked out of the old pool in a race with
        # dispose): the pool discards it and opens a new one, which the connect hook refuses.
        if holder.closed:
            raise sa_exc.DisconnectionError()

    @event.listens_for(engine, "checkin")
    def _on_checkin(dbapi_conn, record):
        # A connection returned after the lock (work that was running meanwhile): close it now
        # rather than when the old pool is garbage collected; it holds the key and cached pages.
        if holder.closed and dbapi_conn is not None:
            record.invalidate()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Writers ask for IMMEDIATE (see `writing`): they take the write lock up front and queue
        # behind each other instead of failing at commit; readers never block anyone (WAL).
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("immediate") else "BEGIN")

    return engine


def close_engine(engine: Engine) -> None:
    """Lock: wipe the engine's key, then close every pooled connection. Safe to call twice."""
    holder = _ENGINE_KEYS.get(engine)
    if holder is not None:
        holder.wipe()
    engine.dispose()


def writing(engine: Engine):
    """A connection whose transactions take the write lock at BEGIN: use for every write."""
    return engine.connect().execution_options(immediate=True)


# Free space in the file that makes `release_free_pages` give it back: 4 MiB, or a 64th of the file
# if that is less, but at least 256 KiB (in pages of the file's size: 16 KiB, or 4 in older stores).
# A fixed 4 MiB left an office laptop's store of 2,000 cases 1.1 KB a case (a tenth) bigger after
# its push; an everyday sync frees a page or two and releases nothing.
RELEASE_FREE_BYTES = 4 << 20
RELEASE_MIN_BYTES = 256 << 10


def release_free_pages(engine: Engine, *, at_least: int | None = None) -> int:
    """Give the file's free pages back to the disk (PRAGMA incremental_vacuum) once there are at least
    `at_least` pages (default: see RELEASE_FREE_BYTES); returns how many were released.

    SQLite keeps the pages of deleted rows in the file for reuse, so a store whose outbox once held
    a whole registration drive (a full copy of every new record's fields until the server
    acknowledged them) stayed that large after the push: 8 KB a case of 22.6 in a locally filled
    store. Only free pages move: no row is read or changed. Stores created before auto_vacuum was
    set keep their pages (0 released).
    """
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        if raw.execute("PRAGMA auto_vacuum").fetchone()[0] != 2:  # 2: INCREMENTAL
            return 0
        free = raw.execute("PRAGMA freelist_count").fetchone()[0]
        if at_least is None:
            pages = raw.execute("PRAGMA page_count").fetchone()[0]
            page_size = int(raw.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher answers in text
            at_least = min(RELEASE_FREE_BYTES // page_size, max(RELEASE_MIN_BYTES // page_size, pages // 64))
        if free < at_least:
            return 0
        # Stepped to the end: each step of the pragma releases one page.
        raw.execute("PRAGMA incremental_vacuum").fetchall()
        return free - raw.execute("PRAGMA freelist_count").fetchone()[0]


def check_readable(engine: Engine) -> None:
    """Fail early, with words a caseworker can act on, if the key does not open the file."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except StoreClosed:
        raise
    except Exception as exc:  # sqlcipher3.DatabaseError: file is not a database
        raise DatabaseUnreadable(
            "Не вдалося прочитати базу даних: ключ не підходить або файл пошкоджено. "
            "Зверніться до адміністратора; дані на сервері не втрачено. / "
            "The database cannot be read: the key does not match or the file is damaged."
        ) from exc


def _alembic_config(conn):
    # alembic is imported here, not at the top: it costs ~0.6 s of start-up (with the SQLAlchemy
    # parts it pulls in) before the unlock window, and only migrations need it.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = conn
    return cfg


def migrate(engine: Engine, db_path: Path, *, target: str = "head",
            on_migrating: Callable[[], None] | None = None) -> str | None:
    """Bring the schema to head (tests: to `target`). Copies the database aside first; refuses a
    newer database. `on_migrating` is called once it is known that migrations will run (they may take
    a minute on a large store: the unlock window says so).

    Returns the path of the backup made, or None when nothing needed migrating.
    """
    if target == "head" and stored_revision(engine) == _head_revision():
        return None  # the usual unlock: answered without importing alembic (~0.15-0.6 s of start-up)
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    head = script.get_current_head() if target == "head" else target
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return None
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise DatabaseTooNew(_schema_app_version(engine))
    if on_migrating is not None:
        on_migrating()
    backup = None
    if current is not None:
        backup = backup_database(engine, db_path, f"before-{head}")
    with engine.connect() as conn:
        # alembic's own transaction handling: run outside our BEGIN IMMEDIATE wrapper.
        command.upgrade(_alembic_config(conn), head)
        conn.commit()
        # Which version an older application must be updated to (DatabaseTooNew names it).
        conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = :v"),
                     {"k": SCHEMA_APP_VERSION, "v": json.dumps(APP_VERSION)})
        conn.commit()
    return str(backup) if backup else None


@cache
def _head_revision() -> str | None:
    """The newest migration's revision, read from its file (sync.migration_files); None if unclear."""
    return head_revision(MIGRATIONS_DIR / "versions")


def _schema_app_version(engine: Engine) -> str | None:
    """The version recorded by the application that migrated this database last, if any."""
    try:
        with engine.connect() as conn:
            value = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": SCHEMA_APP_VERSION}).scalar()
        return str(json.loads(value)) if value else None
    except (sa_exc.DBAPIError, ValueError):
        return None


def backup_database(engine: Engine, db_path: Path, label: str) -> Path:
    """A copy of the (still encrypted) database file, after folding the WAL into it.

    Raises BackupFailed, leaving no partial copy behind, when the copy would not be whole: the
    checkpoint gave up (a reader kept the WAL in use past the busy timeout, so the file alone misses
    the latest commits) or the copy could not be written (a full disk).
    """
    folder = db_path.parent / BACKUP_DIR
    with engine.connect() as conn:
        # Nothing else should have the database open here (unlock, before a migration): a reader
        # that does is not waited for the whole busy timeout.
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {BACKUP_BUSY_TIMEOUT_MS}")
        try:
            _busy, wal_frames, folded = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        except sa_exc.OperationalError as exc:  # SQLITE_FULL: the file could not grow
            raise BackupFailed(folder, no_space="full" in str(exc.orig)) from exc
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if folded != wal_frames:  # frames a reader still needs stayed in the WAL: the file misses them
        raise BackupFailed(folder, busy=True)
    target = folder / f"{db_path.stem}-{datetime.now():%Y%m%d-%H%M%S}-{label}.db"
    try:
        folder.mkdir(exist_ok=True)
        shutil.copy2(db_path, target)
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise BackupFailed(folder, no_space=exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)) from exc
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


def read_metas(conn, keys: tuple[str, ...]) -> dict[str, Any]:
    """Values of the store's meta table read inside the caller's transaction (plain SQL)."""
    marks = ",".join("?" * len(keys))
    return {k: json.loads(v) for k, v in conn.exec_driver_sql(
        f"SELECT key, value FROM meta WHERE key IN ({marks})", keys)}


def write_metas(conn, values: dict[str, Any]) -> None:
    """Several values of the store's meta table in the caller's transaction, in one statement."""
    conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         [(k, json.dumps(v)) for k, v in values.items()])
