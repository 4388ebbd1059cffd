"""Recording a local change: update the record and queue the change for the server, atomically.

Every write in the application goes through `record_change`, inside the caller's transaction, so
that "saved" always means both the new state and its pending change are on disk together.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from desktop.store import tables as t
from sync.records.canonical import canonical_json
from sync.records.ids import HybridClock, new_id


@dataclass(frozen=True)
class LocalChange:
    change_id: str
    record_id: str
    record_type: str
    case_id: str
    op: str  # "upsert" or "delete"
    fields: dict[str, Any]
    created: bool


def load_record(conn, record_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(t.records.c.data, t.records.c.deleted).where(t.records.c.id == record_id)).first()
    if row is None:
        return None
    data = json.loads(row.data)
    data["_deleted"] = bool(row.deleted)
    return data


def record_change(conn, *, record_type: str, record_id: str, case_id: str, fields: dict[str, Any],
                  user: str, clock: HybridClock, op: str = "upsert", new: bool = False) -> LocalChange | None:
    """Apply `fields` to the record and queue the change; None when nothing actually changed.

    `new=True` promises the record does not exist yet (a fresh uuid7), which saves a lookup per
    record when registering or importing thousands of cases.
    """
    row = None if new else conn.execute(
        select(t.records.c.data, t.records.c.server_seq, t.records.c.deleted).where(t.records.c.id == record_id)
    ).first()
    data = json.loads(row.data) if row else {}
    base_seq = row.server_seq if row else 0
    if op == "delete":
        if row is None or row.deleted:
            return None
        changed: dict[str, Any] = {}
    else:
        changed = {k: v for k, v in fields.items() if row is None or data.get(k) != v}
        if row is not None and not changed:
            return None
        data.update(changed)
    hlc = clock.now()
    deleted = 1 if op == "delete" else (row.deleted if row else 0)
    stmt = sqlite_insert(t.records).values(id=record_id, type=record_type, case_id=case_id,
                                           data=canonical_json(data), deleted=deleted, updated_at=hlc)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["id"], set_={"data": stmt.excluded.data, "deleted": stmt.excluded.deleted,
                                     "updated_at": stmt.excluded.updated_at}))
    change = LocalChange(new_id(), record_id, record_type, case_id, op, changed, row is None)
    conn.execute(t.outbox.insert().values(
        change_id=change.change_id, record_id=record_id, record_type=record_type, case_id=case_id, op=op,
        fields=canonical_json(changed), base_seq=base_seq, hlc=hlc, user=user))
    return change
