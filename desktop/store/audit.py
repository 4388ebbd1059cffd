"""The laptop's own audit log: append-only, each entry chained to the one before (sync/auditchain.py).

What is written (by the service that does it, in the same transaction as the work): views of a case,
edits (with the names of the fields changed), exports, sign-ins (to the laptop and to the server),
failed unlocks (recorded at the next unlock: the store is closed while they happen), users added or
removed, password changes, wipes. Each entry names the person, the time and, where there is one,
the case; never a value of a field. The device is the log's own: the server keeps one log per device.

Pushed with sync from where the server's copy ends (desktop/services/audit_sync.py); the server
answers with a signed checkpoint, kept in `meta` (AUDIT_CHECKPOINT_KEY).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from desktop.store import tables as t
from sync.auditchain import GENESIS, ChainBreak, laptop_entry_hash, verify_laptop_chain

AUDIT_CHECKPOINT_KEY = "audit_checkpoint"
AUDIT_ERROR_KEY = "audit_push_error"  # why the last sync did not send the log (None: it did)
MAX_FIELDS = 100   # the protocol's limits (sync.protocol.AuditEntry)
MAX_DETAIL = 20


def now_ms() -> int:
    return int(time.time() * 1000)


def append(conn, *, user: str, action: str, case_id: str | None = None, record_type: str | None = None,
           fields: Iterable[str] | None = None, detail: dict[str, Any] | None = None, at: int | None = None) -> int:
    """Add one entry inside the caller's write transaction; returns its number."""
    return append_many(conn, [dict(user=user, action=action, case_id=case_id, record_type=record_type,
                                   fields=fields, detail=detail, at=at)])


def append_many(conn, entries: list[dict[str, Any]]) -> int:
    """Add entries (the keyword arguments of `append`) in order, in one statement; returns the last number.

    The chain's end is read once, and the rows go in with one executemany: a registration of 4,000 cases
    writes 4,000 entries."""
    last = conn.execute(select(t.audit_log.c.seq, t.audit_log.c.hash).order_by(t.audit_log.c.seq.desc())
                        .limit(1)).first()
    seq, previous = (last.seq, last.hash) if last else (0, GENESIS)
    now = now_ms()
    rows = []
    for e in entries:
        seq += 1
        fields, detail = e.get("fields"), e.get("detail")
        entry = {"seq": seq, "at": e["at"] if e.get("at") is not None else now, "user": e["user"],
                 "action": e["action"], "case_id": e.get("case_id"), "record_type": e.get("record_type"),
                 "fields": sorted(fields)[:MAX_FIELDS] if fields is not None else None,
                 "detail": dict(list((detail or {}).items())[:MAX_DETAIL]) or None}
        entry["hash"] = previous = laptop_entry_hash(previous, entry)
        rows.append((seq, entry["at"], entry["user"], entry["action"], entry["case_id"], entry["record_type"],
                     json.dumps(entry["fields"], ensure_ascii=False) if entry["fields"] is not None else None,
                     json.dumps(entry["detail"], ensure_ascii=False) if entry["detail"] is not None else None,
                     entry["hash"]))
    if rows:
        conn.exec_driver_sql("INSERT INTO audit_log (seq, at, user, action, case_id, record_type, fields, detail, "
                             "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return seq


def _entry(r) -> dict[str, Any]:
    return {"seq": r.seq, "at": r.at, "user": r.user, "action": r.action, "case_id": r.case_id,
            "record_type": r.record_type, "fields": json.loads(r.fields) if r.fields else None,
            "detail": json.loads(r.detail) if r.detail else None, "hash": r.hash}


def entries_after(conn, seq: int, limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(t.audit_log.select().where(t.audit_log.c.seq > seq).order_by(t.audit_log.c.seq).limit(limit))
    return [_entry(r) for r in rows]


def size(conn) -> int:
    return conn.execute(select(func.coalesce(func.max(t.audit_log.c.seq), 0))).scalar_one()


def verify(conn) -> list[ChainBreak]:
    """Every break of the whole local chain (empty: intact)."""
    rows = conn.execute(t.audit_log.select().order_by(t.audit_log.c.seq))
    return verify_laptop_chain(_entry(r) for r in rows)
