"""Bringing the laptop's report facts up to date: rebuild the facts of the cases queued as changed.

Every write path of the store (a local change, new records in bulk, a pulled page, an
acknowledgement that changes a record's time, an eviction, a repair) calls `queue_cases` for the
cases whose records of a fact type it wrote, in its own transaction. Reports call
`refresh_report_facts` first: usually a handful of cases (milliseconds); after a first download of
a whole office, every case once.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine

from desktop.store import tables as t
from desktop.store.database import writing
from sync.reports.facts import FACT_TYPES
from sync.reports.factstore import facts_from_rows, replace_facts

VERSION_KEY = "report_facts_version"
_QUEUE = "INSERT INTO report_dirty (case_id) VALUES (?) ON CONFLICT (case_id) DO NOTHING"
CHUNK = 2000
_TYPES = ", ".join(f"'{name}'" for name in FACT_TYPES)


def queue_cases(conn, case_ids) -> None:
    """Queue cases whose facts must be rebuilt (in the caller's write transaction)."""
    ids = sorted(set(case_ids))
    if ids:
        conn.exec_driver_sql(_QUEUE, [(c,) for c in ids])


def pending_cases(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM report_dirty").scalar_one()


def facts_version(engine: Engine) -> int:
    """A number that changes whenever facts change (with an empty queue: reports may be cached by it)."""
    with engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT value FROM meta WHERE key = ?", (VERSION_KEY,)).scalar()
    return int(value or 0)


def refresh_report_facts(engine: Engine, *, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the facts of every queued case, CHUNK cases per transaction; returns how many."""
    done = 0
    total = pending_cases(engine)
    while True:
        with writing(engine) as conn, conn.begin():
            ids = [r[0] for r in conn.exec_driver_sql(
                "SELECT case_id FROM report_dirty ORDER BY case_id LIMIT ?", (CHUNK,))]
            if not ids:
                return done
            rows = []
            for start in range(0, len(ids), 500):
                chunk = tuple(ids[start:start + 500])
                marks = ",".join("?" * len(chunk))
                rows += conn.exec_driver_sql(
                    f"SELECT id, type, case_id, data, updated_at FROM records WHERE case_id IN ({marks}) "
                    f"AND deleted = 0 AND type IN ({_TYPES})", chunk).all()
                conn.exec_driver_sql(f"DELETE FROM report_dirty WHERE case_id IN ({marks})", chunk)
            replace_facts(conn, t.fact_tables, ids, [f for _, f in facts_from_rows(rows)])
            conn.exec_driver_sql(
                "INSERT INTO meta (key, value) VALUES (?, '1') "
                "ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1", (VERSION_KEY,))
        done += len(ids)
        if progress:
            progress(done, max(total, done))
