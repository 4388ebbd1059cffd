"""Possible duplicates across offices on the laptop: the list the server flagged and a supervisor's decision.

The server finds the pairs at push (sync.server.duplicates) and gives each office a record with
only the other office's name of the person, birth date, office, matched fields and score. A
supervisor decides "the same person" or "different people"; the decision is one local
transaction queuing a change for the next sync, where the server copies it to the other office,
remembers it for the pair (never flagged again) and writes both cases' history. Qt-free.
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

POSSIBLE_DUPLICATE = "possible_duplicate"
DECISIONS = ("same_person", "different_people")
DECIDING_ROLES = ("supervisor", "district")


@dataclass(frozen=True)
class CrossDuplicate:
    id: str
    data: dict[str, Any]

    @property
    def status(self) -> str:
        return self.data.get("status", "")

    @property
    def own_case(self) -> str:
        return self.data.get("own_case", "")


class CrossDuplicates:
    def __init__(self, store: OpenStore, *, clock: HybridClock | None = None):
        self.store = store
        self.engine = store.engine
        self.clock = clock or store_clock(store)

    def may_decide(self) -> bool:
        return self.store.user.role in DECIDING_ROLES

    def list(self, *, open_only: bool = False) -> list[CrossDuplicate]:
        """Possible duplicates of this scope, highest score first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.records.c.id, t.records.c.data)
                                .where(t.records.c.type == POSSIBLE_DUPLICATE, t.records.c.deleted == 0)).all()
        out = [CrossDuplicate(r.id, json.loads(r.data)) for r in rows]
        if open_only:
            out = [x for x in out if x.status == "open"]
        return sorted(out, key=lambda x: (-(x.data.get("score") or 0), x.id))

    def decide(self, record_id: str, decision: str) -> ChangeSet:
        if decision not in DECISIONS:
            raise ValueError("unknown decision")
        if not self.may_decide():
            raise ValidationError([ValidationIssue("status", "role_not_allowed")])
        with writing(self.engine) as conn, conn.begin():
            data = conn.execute(select(t.records.c.data).where(t.records.c.id == record_id,
                                                               t.records.c.type == POSSIBLE_DUPLICATE)).scalar()
            if data is None:
                raise KeyError("no such possible duplicate")
            current = json.loads(data)
            if current.get("status") != "open":
                raise ValidationError([ValidationIssue("status", "duplicate_decided")])
            record_change(conn, record_type=POSSIBLE_DUPLICATE, record_id=record_id, case_id=record_id,
                          fields={"status": decision, "resolved_by": self.store.author,
                                  "resolved_at": now_iso()}, user=self.store.author, clock=self.clock)
        return ChangeSet(case_ids={current.get("own_case", "")}, record_ids=[record_id],
                         record_types={POSSIBLE_DUPLICATE})
