"""Recording a local change: update the record and queue the change for the server, atomically.

Every write in the application goes through `record_change` (one record) or a `NewRecords`
buffer (many new records at once, for registrations and imports), inside the caller's
transaction, so that "saved" always means both the new state and its pending change are on
disk together. Statements are built once: building SQLAlchemy statements per row cost more than
executing them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.store import tables as t
from desktop.store.report_facts import queue_cases
from sync.records.ids import HybridClock, new_id
from sync.reports.facts import FACT_TYPES
from sync.wire import canonical_json

_SELECT_RECORD = select(t.records.c.data, t.records.c.server_seq, t.records.c.deleted).where(
    t.records.c.id == bindparam("rid"))
_upsert = sqlite_insert(t.records)
_UPSERT_RECORD = _upsert.on_conflict_do_update(
    index_elements=["id"], set_={"data": _upsert.excluded.data, "deleted": _upsert.excluded.deleted,
                                 "updated_at": _upsert.excluded.updated_at})
_INSERT_RECORD = t.records.insert()
_INSERT_OUTBOX = t.outbox.insert()


def store_clock(store) -> HybridClock:
    """The clock that stamps this laptop's changes: corrected by the offset to the server's clock that the
    last sync measured (kept in the store's meta)."""
    return HybridClock(offset_ms=int(store.get_meta("clock_offset_ms", 0)))


@dataclass(frozen=True)
class LocalChange:
    change_id: str
    record_id: str
    record_type: str
    case_id: str
    op: str  # "upsert" or "delete"
    fields: dict[str, Any]
    created: bool


def _outbox_row(change: LocalChange, base_seq: int, hlc: int, user: str) -> dict[str, Any]:
    return {"change_id": change.change_id, "record_id": change.record_id, "record_type": change.record_type,
            "case_id": change.case_id, "op": change.op, "fields": canonical_json(change.fields),
            "base_seq": base_seq, "hlc": hlc, "user": user}


def _value(v: Any) -> Any:
    """Empty text, an empty list and a missing field all mean "no value": not a change between them."""
    return None if v in ("", [], None) else v


def record_change(conn, *, record_type: str, record_id: str, case_id: str, fields: dict[str, Any],
                  user: str, clock: HybridClock, op: str = "upsert", force: bool = False) -> LocalChange | None:
    """Apply `fields` to the record and queue the change; None when nothing actually changed.

    `force` queues every field given even if the record here already holds it (a change the server
    refused, applied again: the laptop kept its values, the server does not have them)."""
    row = conn.execute(_SELECT_RECORD, {"rid": record_id}).first()
    data = json.loads(row.data) if row else {}
    base_seq = row.server_seq if row else 0
    if op == "delete":
        if row is None or row.deleted:
            return None
        changed: dict[str, Any] = {}
    else:
        changed = {k: v for k, v in fields.items() if force or row is None or _value(data.get(k)) != _value(v)}
        if row is not None and not changed:
            return None
        data.update(changed)
    hlc = clock.now()
    deleted = 1 if op == "delete" else (row.deleted if row else 0)
    conn.execute(_UPSERT_RECORD, {"id": record_id, "type": record_type, "case_id": case_id,
                                  "data": canonical_json(data), "deleted": deleted, "updated_at": hlc,
                                  "server_share": t.UNSYNCED_SHARE})  # a new record's; kept on update
    change = LocalChange(new_id(), record_id, record_type, case_id, op, changed, row is None)
    conn.execute(_INSERT_OUTBOX, _outbox_row(change, base_seq, hlc, user))
    if record_type in FACT_TYPES:
        queue_cases(conn, (case_id,))
    return change


class NewRecords:
    """Many brand-new records (fresh uuid7 ids) written with two executemany statements.

    Plain SQL with tuples, and each record's fields encoded once for both its row and its change
    (they are the same for a new record): an import of 20,000 rows writes 120,000 of each.
    """

    def __init__(self, user: str, clock: HybridClock):
        self.user, self.clock = user, clock
        self._records: list[tuple] = []
        self._outbox: list[tuple] = []
        self.written: list[tuple[str, str, str, dict[str, Any], int]] = []  # (id, type, case, fields, hlc)

    def create(self, record_type: str, record_id: str, case_id: str, fields: dict[str, Any]) -> LocalChange:
        hlc = self.clock.now()
        text = canonical_json(fields)
        self._records.append((record_id, record_type, case_id, text, hlc))
        change = LocalChange(new_id(), record_id, record_type, case_id, "upsert", dict(fields), True)
        self._outbox.append((change.change_id, record_id, record_type, case_id, "upsert", text, 0, hlc, self.user))
        self.written.append((record_id, record_type, case_id, fields, hlc))  # the caller's dict: not copied again
        return change

    def flush(self, conn) -> None:
        if self._records:
            conn.exec_driver_sql(_INSERT_NEW_RECORD, self._records)
            conn.exec_driver_sql(_INSERT_NEW_OUTBOX, self._outbox)
            queue_cases(conn, (r[2] for r in self._records if r[1] in FACT_TYPES))
        self._records, self._outbox = [], []


# Not deleted, never synced: `deleted` and `server_seq` keep their defaults (0), the share's room is kept.
_INSERT_NEW_RECORD = ("INSERT INTO records (id, type, case_id, data, server_share, updated_at) "
                      f"VALUES (?, ?, ?, ?, {t.UNSYNCED_SHARE}, ?)")
_INSERT_NEW_OUTBOX = ("INSERT INTO outbox (change_id, record_id, record_type, case_id, op, fields, base_seq, hlc, user) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
