"""Engine creation and transactions: one code path for PostgreSQL and SQLite.

Writes that allocate sequence numbers run under a single-writer lock so that numbers commit in
order (a pull never skips a change that commits later with a smaller number): a transaction-level
advisory lock on PostgreSQL, `BEGIN IMMEDIATE` on SQLite.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

WRITER_LOCK_KEY = 0x506F7275  # "Poru": an arbitrary constant shared by every server process


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
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):
        mode = "IMMEDIATE" if conn.get_execution_options().get("poruch_writer") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


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
