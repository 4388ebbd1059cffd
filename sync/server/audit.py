"""Writing the server's audit log: one hash-chained log, appended to in one place.

Every entry (what the server did, what a laptop reported from its own log) goes through `append`,
which links it to the entry before it (sync.auditchain.chain_hash over the previous hash and the
entry's content). Appends are serialised: on PostgreSQL by a transaction-level advisory lock held
until commit, on SQLite by its single writer (every write transaction begins IMMEDIATE). Take no
other lock after appending: an append belongs at the end of its transaction.

Reading and filtering is sync.server.audit_query; checking the whole chain is `verify`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Connection, Engine, insert, select, text

from sync.auditchain import GENESIS, chain_hash
from sync.server import models as m
from sync.server.db import now_ms

AUDIT_LOCK_KEY = 0x41756469  # "Audi": serialises appends across server processes (PostgreSQL)


def entry_content(at: int, user_id: str | None, device_id: str | None, action: str, object_ids: str,
                  device_seq: int | None) -> list:
    """What an entry's hash covers (object_ids as the JSON text stored)."""
    return [at, user_id, device_id, action, object_ids, device_seq]


def lock_log(conn: Connection) -> None:
    """Hold the log until this transaction ends (PostgreSQL; SQLite's write transaction holds it already)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK_KEY})


_LAST = select(m.audit_log.c.id, m.audit_log.c.hash).order_by(m.audit_log.c.id.desc()).limit(1)
_INSERT = insert(m.audit_log)


def last_entry(conn: Connection) -> tuple[int, str]:
    """(id, hash) of the newest entry, (0, GENESIS) when the log is empty."""
    row = conn.execute(_LAST).first()
    return (row.id, row.hash) if row else (0, GENESIS)


def append(conn: Connection, action: str, ids: dict | str, *, user_id: str | None = None,
           device_id: str | None = None, at: int | None = None, device_seq: int | None = None) -> tuple[int, str]:
    """Append one entry in `conn`'s (write) transaction; returns its (id, hash)."""
    return append_many(conn, [dict(action=action, ids=ids, user_id=user_id, device_id=device_id, at=at,
                                   device_seq=device_seq)])


def append_many(conn: Connection, entries: list[dict]) -> tuple[int, str]:
    """Append entries in order (keys of `append`); returns the (id, hash) of the last one."""
    lock_log(conn)
    last_id, previous = last_entry(conn)
    rows = []
    now = now_ms()
    for e in entries:
        ids = e["ids"] if isinstance(e["ids"], str) else json.dumps(e["ids"], ensure_ascii=False)
        row = {"at": e.get("at") or now, "user_id": e.get("user_id"), "device_id": e.get("device_id"),
               "action": e["action"], "object_ids": ids, "device_seq": e.get("device_seq")}
        previous = chain_hash(previous, entry_content(**{k: row[k] for k in (
            "at", "user_id", "device_id", "action", "object_ids", "device_seq")}))
        rows.append({**row, "hash": previous})
    if not rows:
        return last_id, previous
    if len(rows) == 1:  # most appends (a pull, a push batch): the id comes back with the insert
        return conn.execute(_INSERT, rows[0]).inserted_primary_key[0], previous
    conn.execute(_INSERT, rows)
    return last_entry(conn)


# --- checking the chain ---------------------------------------------------------------------------
@dataclass
class ServerChainReport:
    entries: int = 0
    last_id: int = 0
    last_hash: str = GENESIS
    broken_at: list[int] = field(default_factory=list)  # ids whose hash does not follow from the entry before

    @property
    def ok(self) -> bool:
        return not self.broken_at


def iter_entries(engine: Engine, *, batch: int = 5000) -> Iterator:
    """Every entry in chain order, read in batches (a long log is never held in memory)."""
    a = m.audit_log.c
    after = 0
    while True:
        with engine.connect() as conn:
            rows = conn.execute(select(a.id, a.at, a.user_id, a.device_id, a.action, a.object_ids, a.device_seq,
                                       a.hash).where(a.id > after).order_by(a.id).limit(batch)).all()
        if not rows:
            return
        yield from rows
        after = rows[-1].id


def verify_server_chain(engine: Engine, *, limit_breaks: int = 100) -> ServerChainReport:
    """Recompute every hash of the server's log in order."""
    report = ServerChainReport()
    previous = GENESIS
    for row in iter_entries(engine):
        expected = chain_hash(previous, entry_content(row.at, row.user_id, row.device_id, row.action,
                                                      row.object_ids, row.device_seq))
        if expected != row.hash and len(report.broken_at) < limit_breaks:
            report.broken_at.append(row.id)
        previous = row.hash
        report.entries += 1
        report.last_id, report.last_hash = row.id, row.hash
    return report
