"""Engine creation and transactions: one code path for PostgreSQL and SQLite.

Writes that allocate sequence numbers run under a single-writer lock so that numbers commit in
order (a pull never skips a change that commits later with a smaller number): a transaction-level
advisory lock on PostgreSQL, `BEGIN IMMEDIATE` on SQLite.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)
WRITER_LOCK_KEY = 0x506F7275  # "Poru": an arbitrary constant shared by every server process
# SQLite: the commit that takes the write-ahead log past this many pages copies it into the database
# file itself (a checkpoint, with its fsync). SQLite's default, 1,000 pages, made nearly every pushed
# batch of 2,000 changes do that before its answer; checkpoint_soon() has it done beside the answer instead,
# and this is the bound if nothing calls it (64 MiB of log).
SQLITE_AUTOCHECKPOINT_PAGES = 16384


def now_ms() -> int:
    return int(time.time() * 1000)


def make_engine(url: str) -> Engine:
    """`hide_parameters`: errors and logs never show bound values (personal data)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True)


def private_folder(folder: Path) -> None:
    """The folder, made if missing, readable by the server's own account only (0700)."""
    old = os.umask(0o077)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    finally:
        os.umask(old)
    if os.name == "posix":
        os.chmod(folder, 0o700)


def _private_database(path: Path) -> None:
    """The SQLite file (personal data in plain text) made 0600 before SQLite opens it: SQLite gives the
    WAL and shared-memory files the database's own mode. Files left 0644 by an older server are fixed."""
    if not path.parent.exists():  # a folder of our own; an existing one (perhaps shared) keeps its mode
        private_folder(path.parent)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if os.name == "posix":
        for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
            if name.exists():
                os.chmod(name, 0o600)


def _sqlite_engine(url: str, path: str | None) -> Engine:
    if path and path != ":memory:":
        _private_database(Path(path))
    engine = create_engine(url, connect_args={"timeout": 60, "check_same_thread": False}, hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):
        # The driver's own implicit transactions are turned off; "begin" below issues BEGIN itself.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # durable before acknowledged, even on power loss
        cur.execute("PRAGMA busy_timeout=60000")
        cur.execute("PRAGMA cache_size=-32768")  # 32 MiB a connection, not 2: a pushed batch touches index pages all over
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA wal_autocheckpoint={SQLITE_AUTOCHECKPOINT_PAGES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = "IMMEDIATE" if conn.get_execution_options().get("poruch_writer") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def checkpoint_soon(engine: Engine) -> None:
    """SQLite: have what the write-ahead log holds copied into the database file, by a thread of its own
    with its own connection (none taken from the pool a request may be waiting for). Called once a push
    has committed (routes.sync): the commit was durable already, this is upkeep, done PASSIVE (readers
    and the next writer go on meanwhile; what they still need is copied next time) once the pushes
    have paused (CHECKPOINT_QUIET_S); the driver lets go of the interpreter while SQLite copies."""
    path = engine.url.database
    if not is_sqlite(engine) or not path or path == ":memory:":
        return  # PostgreSQL checkpoints by itself
    with _CHECKPOINTERS_LOCK:
        wanted = _CHECKPOINTERS.get(path)
        if wanted is None:
            wanted = _CHECKPOINTERS[path] = threading.Event()
            threading.Thread(target=_checkpoints, args=(path, wanted), name="sqlite-checkpoint", daemon=True).start()
    wanted.set()


_CHECKPOINTERS: dict[str, threading.Event] = {}
_CHECKPOINTERS_LOCK = threading.Lock()


# A device pushes its outbox as a run of batches, each sent the moment the previous answer is in. The
# copy waits until the run is over (no push committed for CHECKPOINT_QUIET_S), so that its writes and its
# fsync of the database file do not compete with the next batch's work and commit; a server that never
# goes quiet still copies every CHECKPOINT_MAX_DELAY_S.
CHECKPOINT_QUIET_S = 0.2
CHECKPOINT_MAX_DELAY_S = 2.0


def _checkpoints(path: str, wanted: threading.Event) -> None:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA synchronous=FULL")  # the database file is synced before the log is reused
    while True:
        wanted.wait()
        wanted.clear()
        due = time.monotonic() + CHECKPOINT_MAX_DELAY_S
        while wanted.wait(CHECKPOINT_QUIET_S) and time.monotonic() < due:
            wanted.clear()  # another push committed meanwhile: its run is not over
        wanted.clear()
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:  # upkeep: the next commit past the bound checkpoints by itself
            log.warning("checkpoint of the server database failed", exc_info=True)


def is_sqlite(conn_or_engine: Connection | Engine) -> bool:
    return conn_or_engine.dialect.name == "sqlite"


@contextmanager
def write_on(conn: Connection, *, lock: bool = False) -> Iterator[Connection]:
    """A write transaction on `conn` (whose read transaction, if any, is ended first); commits on success.

    `lock` takes the single-writer lock (needed to allocate seqs). A request writes on the connection it
    already holds: a request never waits for a second pooled connection while holding one.
    """
    if conn.in_transaction():
        conn.rollback()
    conn.execution_options(poruch_writer=True)
    try:
        with conn.begin():
            if lock and conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK_KEY})
            yield conn
    finally:
        conn.execution_options(poruch_writer=False)


@contextmanager
def writer(engine: Engine) -> Iterator[Connection]:
    """A transaction on a new connection holding the single-writer lock; commits on success."""
    with engine.connect() as conn, write_on(conn, lock=True):
        yield conn


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction on a new connection (no writer lock): commands and scripts that change a few rows."""
    with engine.connect() as conn, write_on(conn):
        yield conn


@contextmanager
def reader(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn, conn.begin():
        yield conn
