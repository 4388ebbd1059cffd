"""Sync conflicts as a person reviews them: the open ones, and one with the record it is about.

A conflict is kept when two devices changed the same field (sync.server); resolving one (keep or
swap the values) is a write: CaseService.resolve_conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.store import tables as t
from desktop.store.search_terms import NAME_FIELDS


@dataclass(frozen=True)
class OpenConflict:
    conflict_id: str
    case_id: str
    name: str
    record_type: str
    field: str


def _name(row) -> str:
    return " ".join(p for p in (row[f] for f in NAME_FIELDS) if p)


def open_conflicts(conn) -> list[OpenConflict]:
    """Conflicts still waiting for a person, in the case list's name order."""
    rec, ci = t.records, t.case_index
    rows = conn.execute(
        select(rec.c.id, rec.c.case_id, rec.c.data, ci.c.surname, ci.c.given_name, ci.c.patronymic, ci.c.sort_key)
        .outerjoin(ci, ci.c.case_id == rec.c.case_id)
        .where(rec.c.type == "conflict", rec.c.deleted == 0)
    ).mappings()
    out = []
    for row in rows:
        data = json.loads(row["data"])
        if data.get("status") != "open":
            continue
        out.append((row["sort_key"] or "", OpenConflict(row["id"], row["case_id"], _name(row),
                                                        data.get("record_type", ""), data.get("field", ""))))
    return [c for _, c in sorted(out, key=lambda p: (p[0], p[1].conflict_id))]


def list_open_conflicts(engine) -> list[OpenConflict]:
    """open_conflicts on a connection of its own (the conflicts list, on the database worker)."""
    with engine.connect() as conn:
        return open_conflicts(conn)


def load_conflict(engine, conflict_id: str) -> dict[str, Any] | None:
    """The conflict, the record it is about (as it is now), its case and the person's name."""
    rec, ci = t.records, t.case_index

    def data(conn, record_id: str | None, rtype: str | None = None) -> dict[str, Any] | None:
        stmt = select(rec.c.data).where(rec.c.id == record_id, rec.c.deleted == 0)
        raw = conn.execute(stmt.where(rec.c.type == rtype) if rtype else stmt).scalar()
        return json.loads(raw) if raw else None

    with engine.connect() as conn:
        conflict = data(conn, conflict_id, "conflict")
        if conflict is None:
            return None
        case_id = conn.execute(select(rec.c.case_id).where(rec.c.id == conflict_id)).scalar()
        row = conn.execute(select(ci.c.surname, ci.c.given_name, ci.c.patronymic)
                           .where(ci.c.case_id == case_id)).mappings().first()
        return {"conflict": conflict, "record": data(conn, conflict.get("record_id")), "case_id": case_id,
                "name": _name(row) if row else ""}
