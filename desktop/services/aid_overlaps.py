"""Aid overlaps on the laptop: what the server flagged (sync.server.aid_overlap) and a supervisor's review.

Each record says which service of a case overlaps with the same kind of assistance from another partner,
or from another office for what may be the same person, and for which dates. A supervisor marks it
reviewed (one local transaction, synced). Qt-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.services.cases import ChangeSet, now_iso
from desktop.store import tables as t
from desktop.store.changes import record_change, store_clock
from desktop.store.database import writing
from desktop.store.store import OpenStore
from sync.records.ids import HybridClock
from sync.records.issues import ValidationError, ValidationIssue

AID_OVERLAP = "aid_overlap"
REVIEWING_ROLES = ("supervisor", "district")


@dataclass(frozen=True)
class AidOverlap:
    id: str
    case_id: str
    data: dict[str, Any]
    person: str = ""  # this office's name of the person (for the list)

    @property
    def status(self) -> str:
        return self.data.get("status", "")


class AidOverlaps:
    def __init__(self, store: OpenStore, *, clock: HybridClock | None = None):
        self.store = store
        self.clock = clock or store_clock(store)

    def may_review(self) -> bool:
        return self.store.user.role in REVIEWING_ROLES

    def list(self, *, open_only: bool = False) -> list[AidOverlap]:
        """Overlaps of this scope, open first, then the latest period first."""
        r = t.records.c
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(r.id, r.case_id, r.data).where(r.type == AID_OVERLAP, r.deleted == 0)).all()
            people = conn.execute(select(r.case_id, r.data).where(
                r.type == "person", r.deleted == 0, r.case_id.in_(sorted({x.case_id for x in rows})))).all()
        names = {}
        for p in people:
            d = json.loads(p.data)
            names[p.case_id] = " ".join(x for x in (d.get("surname"), d.get("given_name"), d.get("patronymic")) if x)
        out = [AidOverlap(x.id, x.case_id, json.loads(x.data), names.get(x.case_id, "")) for x in rows]
        if open_only:
            out = [x for x in out if x.status == "open"]
        out.sort(key=lambda x: x.data.get("own_from") or "", reverse=True)
        return sorted(out, key=lambda x: x.status != "open")

    def review(self, overlap_id: str) -> ChangeSet:
        if not self.may_review():
            raise ValidationError([ValidationIssue("status", "role_not_allowed")])
        r = t.records.c
        with writing(self.store.engine) as conn, conn.begin():
            row = conn.execute(select(r.case_id, r.data).where(r.id == overlap_id, r.type == AID_OVERLAP)).first()
            if row is None:
                raise KeyError("no such overlap")
            record_change(conn, record_type=AID_OVERLAP, record_id=overlap_id, case_id=row.case_id,
                          fields={"status": "reviewed", "resolved_by": self.store.author, "resolved_at": now_iso()},
                          user=self.store.author, clock=self.clock)
        return ChangeSet(case_ids={row.case_id}, record_ids=[overlap_id], record_types={AID_OVERLAP})
