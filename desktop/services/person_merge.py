"""Merging two cases of the same person on this laptop, and undoing it: each one local transaction.

Both cases must be here: a district laptop holds every office of its district, an office laptop its
own cases (two registrations of one person). The field rules are sync.records.person_merge; this
module reads the two cases, checks that they may be merged, and writes, in one transaction, the
survivor's changed person/displacement fields, the `person_merge` record (every value with its
source), the merged case's pointer to the survivor (which makes it read-only), both cases' history
and audit entries. Everything is an ordinary change, so it syncs to the server and to every laptop
of both offices; an undo is ordinary changes too. Qt-free.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from desktop.services import audit_entries
from desktop.services.cases import ChangeSet, now_iso
from desktop.store import tables as t
from desktop.store.changes import record_change, store_clock
from desktop.store.database import writing
from desktop.store.store import OpenStore
from desktop.store.transfer_lock import pending_outgoing
from sync.directory import OfficeDirectory
from sync.records import person_merge as rules
from sync.records.ids import HybridClock, new_id
from sync.records.permissions import may_merge

PERSON_MERGE = "person_merge"


class MergeRefused(Exception):
    """Why two cases cannot be merged (or a merge undone); `code` is shown in words by the window."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CaseSide:
    case_id: str
    office_id: str
    office_name: str
    name: str
    birth_date: str | None
    records: dict[str, dict[str, Any]]      # person / displacement data
    record_ids: dict[str, str]              # person / displacement record ids


@dataclass(frozen=True)
class MergePreview:
    survivor: CaseSide
    merged: CaseSide
    choices: list[rules.FieldChoice] = field(default_factory=list)


@dataclass(frozen=True)
class Merge:
    id: str
    case_id: str  # the survivor
    data: dict[str, Any]

    @property
    def state(self) -> str:
        return self.data.get("state", "")

    def choices(self) -> list[rules.FieldChoice]:
        """Every field of the merge in the order of the schema (the record keeps them sorted by name)."""
        out = [rules.FieldChoice(k, v.get("survivor"), v.get("merged"), v.get("kept", "survivor"))
               for k, v in (self.data.get("values") or {}).items()]
        return sorted(out, key=lambda c: rules.order(c.key))


class MergeService:
    def __init__(self, store: OpenStore, *, clock: HybridClock | None = None):
        self.store = store
        self.engine = store.engine
        self.clock = clock or store_clock(store)

    @property
    def user(self) -> str:
        return self.store.author or self.store.user.username

    def may_merge(self) -> bool:
        return may_merge(self.store.user.role)

    # --- reading ----------------------------------------------------------------------------------
    def preview(self, survivor_case: str, merged_case: str, choices: dict[str, str] | None = None) -> MergePreview:
        """Both cases and every field with its default choice; raises MergeRefused if they cannot be merged."""
        with self.engine.connect() as conn:
            s, m = self._sides(conn, survivor_case, merged_case)
        return MergePreview(s, m, rules.plan(s.records, m.records, choices))

    def list(self) -> list[Merge]:
        """Every merge this laptop holds (merged and undone), newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.records.c.id, t.records.c.case_id, t.records.c.data)
                                .where(t.records.c.type == PERSON_MERGE, t.records.c.deleted == 0)).all()
        out = [Merge(r.id, r.case_id, json.loads(r.data)) for r in rows]
        return sorted(out, key=lambda x: (x.data.get("merged_at") or "", x.id), reverse=True)

    def get(self, merge_id: str) -> Merge | None:
        return next((x for x in self.list() if x.id == merge_id), None)

    def in_force(self, case_a: str, case_b: str) -> Merge | None:
        """The merge of these two cases that is not undone, if this laptop holds it."""
        pair = {case_a, case_b}
        return next((x for x in self.list() if x.state == "merged"
                     and {x.data.get("survivor_case"), x.data.get("merged_case")} == pair), None)

    def pair_state(self, own_case: str, other_case: str) -> tuple[str, str | None]:
        """What can be done about two cases of the same person here: ("merged", merge id) when this
        laptop holds their merge; ("merged_elsewhere", None) when the own case points to the other (its
        merge record is in the other office); ("possible", None) when both cases are here and neither is
        merged; ("not_here", None) when the other case is not on this laptop (an office laptop)."""
        merge = self.in_force(own_case, other_case)
        if merge is not None:
            return "merged", merge.id
        with self.engine.connect() as conn:
            own = self._data(conn, own_case)
            if own.get("merged_into") == other_case:
                return "merged_elsewhere", own.get("merge_id")
            here = self._case_here(conn, own_case) and self._case_here(conn, other_case)
            other = self._data(conn, other_case) if here else {}
        if not here:
            return "not_here", None
        return ("possible" if not own.get("merged_into") and not other.get("merged_into") else "merged_elsewhere"), None

    def local_candidates(self, case_id: str, search) -> list[dict[str, Any]]:
        """This laptop's other cases that may hold the same person (the rules of the check at registration),
        leaving out cases already merged; `search`: the session's CaseSearch. On the database worker."""
        from desktop.services.reads import duplicate_candidates

        with self.engine.connect() as conn:
            records = {rtype: self._data(conn, rid) for rtype, rid in self._record_ids(conn, case_id).items()}
        found = duplicate_candidates(search, records.get("person") or {}, records.get("displacement"),
                                     exclude_case_id=case_id)
        with self.engine.connect() as conn:
            return [c for c in found if not self._data(conn, c["case_id"]).get("merged_into")]

    def case_here(self, case_id: str) -> bool:
        with self.engine.connect() as conn:
            return self._case_here(conn, case_id)

    def merged_into(self, case_id: str) -> dict[str, Any] | None:
        """{"case", "office", "merge_id"} when the case was merged into another (then it is read-only)."""
        with self.engine.connect() as conn:
            data = conn.execute(select(t.records.c.data).where(t.records.c.id == case_id,
                                                               t.records.c.type == "case")).scalar()
        d = json.loads(data) if data else {}
        if not d.get("merged_into"):
            return None
        return {"case": d["merged_into"], "office": d.get("merged_into_office"), "merge_id": d.get("merge_id"),
                "office_name": self._office_names().get(d.get("merged_into_office") or "", "")}

    # --- writing ----------------------------------------------------------------------------------
    def merge(self, survivor_case: str, merged_case: str, choices: dict[str, str] | None = None, *,
              pair_key: str | None = None) -> ChangeSet:
        """One user action: the survivor takes the chosen values, the other case points to it."""
        if not self.may_merge():
            raise MergeRefused("role_not_allowed")
        cs = ChangeSet(case_ids={survivor_case, merged_case}, record_types={PERSON_MERGE})
        merge_id, user = new_id(), self.user
        with writing(self.engine) as conn, conn.begin():
            s, m = self._sides(conn, survivor_case, merged_case)
            plan = rules.plan(s.records, m.records, choices)
            updates = rules.survivor_updates(plan)
            for rtype, fields in updates.items():
                record_id = s.record_ids.get(rtype) or new_id()
                self._change(conn, cs, rtype, record_id, survivor_case, fields)
            self._change(conn, cs, PERSON_MERGE, merge_id, survivor_case, {
                "survivor_case": survivor_case, "survivor_office": s.office_id, "survivor_office_name": s.office_name,
                "merged_case": merged_case, "merged_office": m.office_id, "merged_office_name": m.office_name,
                "survivor_records": {rtype: s.record_ids.get(rtype) for rtype in rules.MERGED_TYPES},
                "values": {c.key: c.to_json() for c in plan}, "pair_key": pair_key, "state": "merged",
                "merged_by": user, "merged_at": now_iso()})
            self._change(conn, cs, "case", merged_case, merged_case, {
                "merged_into": survivor_case, "merged_into_office": s.office_id, "merge_id": merge_id})
            changed = {rules.key(rt, k): [s.records.get(rt, {}).get(k), v] for rt, f in updates.items()
                       for k, v in f.items()}
            self._history(conn, cs, survivor_case, "merged", merge_id, sorted(changed), changed)
            self._history(conn, cs, merged_case, "merged", merge_id, [])
            for case_id, fields in ((survivor_case, sorted(changed)), (merged_case, ["merged_into"])):
                audit_entries.case_work(conn, user=user, action="merge", case_id=case_id, record_type=PERSON_MERGE,
                                        fields=fields)
            self.store.projector.refresh(conn, [survivor_case, merged_case])
        return cs

    def undo(self, merge_id: str) -> ChangeSet:
        """One user action: the survivor's fields back as they were (those nobody edited since), the
        other case editable again; the merge record stays, marked undone, with what was kept."""
        if not self.may_merge():
            raise MergeRefused("role_not_allowed")
        user = self.user
        with writing(self.engine) as conn, conn.begin():
            row = conn.execute(select(t.records.c.case_id, t.records.c.data).where(
                t.records.c.id == merge_id, t.records.c.type == PERSON_MERGE, t.records.c.deleted == 0)).first()
            if row is None:
                raise MergeRefused("unknown_merge")
            d = json.loads(row.data)
            if d.get("state") != "merged":
                raise MergeRefused("merge_undone")
            survivor_case, merged_case = d["survivor_case"], d["merged_case"]
            if not self._case_here(conn, merged_case):
                raise MergeRefused("case_not_here")
            cs = ChangeSet(case_ids={survivor_case, merged_case}, record_types={PERSON_MERGE})
            ids = self._record_ids(conn, survivor_case)
            current = {rtype: self._data(conn, rid) for rtype, rid in ids.items()}
            writes, kept = rules.restored_values(d.get("values") or {}, current)
            for rtype, fields in writes.items():
                self._change(conn, cs, rtype, ids.get(rtype) or (d.get("survivor_records") or {}).get(rtype),
                             survivor_case, fields)
            self._change(conn, cs, PERSON_MERGE, merge_id, survivor_case, {
                "state": "undone", "undone_by": user, "undone_at": now_iso(), "kept_on_undo": kept})
            pointer = self._data(conn, merged_case)
            if pointer.get("merge_id") == merge_id:
                self._change(conn, cs, "case", merged_case, merged_case,
                             {"merged_into": None, "merged_into_office": None, "merge_id": None})
            restored = {rules.key(rt, k): [current.get(rt, {}).get(k), v] for rt, f in writes.items()
                        for k, v in f.items()}
            self._history(conn, cs, survivor_case, "merge_undone", merge_id, sorted(restored), restored)
            self._history(conn, cs, merged_case, "merge_undone", merge_id, [])
            for case_id, fields in ((survivor_case, sorted(restored)), (merged_case, ["merged_into"])):
                audit_entries.case_work(conn, user=user, action="merge_undone", case_id=case_id,
                                        record_type=PERSON_MERGE, fields=fields)
            self.store.projector.refresh(conn, [survivor_case, merged_case])
        return cs

    # --- internals --------------------------------------------------------------------------------
    def _sides(self, conn, survivor_case: str, merged_case: str) -> tuple[CaseSide, CaseSide]:
        if survivor_case == merged_case:
            raise MergeRefused("same_case")
        names = self._office_names()
        sides = []
        for case_id in (survivor_case, merged_case):
            case = self._data(conn, case_id) if self._case_here(conn, case_id) else None
            if case is None:
                raise MergeRefused("case_not_here")
            if case.get("merged_into"):
                raise MergeRefused("already_merged")
            if pending_outgoing(conn, case_id):
                raise MergeRefused("transfer_pending")
            ids = self._record_ids(conn, case_id)
            records = {rtype: self._data(conn, rid) for rtype, rid in ids.items()}
            person = records.get("person", {})
            name = " ".join(x for x in (person.get("surname"), person.get("given_name"), person.get("patronymic")) if x)
            office = case.get("office_id") or ""
            sides.append(CaseSide(case_id, office, names.get(office, ""), name, person.get("birth_date"), records, ids))
        return sides[0], sides[1]

    def _office_names(self) -> dict[str, str]:
        names = {}
        stored = self.store.get_meta("directory")
        if stored:
            directory = OfficeDirectory.model_validate(stored)
            names.update({o.id: o.name for o in directory.transfer_targets})
            names.update({o.id: o.name for o in directory.offices})
        if self.store.office_id:
            names.setdefault(self.store.office_id, self.store.get_meta("office_name", "") or "")
        return names

    @staticmethod
    def _case_here(conn, case_id: str) -> bool:
        return conn.execute(select(t.records.c.id).where(t.records.c.id == case_id, t.records.c.type == "case",
                                                         t.records.c.deleted == 0)).first() is not None

    @staticmethod
    def _record_ids(conn, case_id: str) -> dict[str, str]:
        rows = conn.execute(select(t.records.c.type, t.records.c.id).where(
            t.records.c.case_id == case_id, t.records.c.type.in_(rules.MERGED_TYPES), t.records.c.deleted == 0)
            .order_by(t.records.c.id)).all()
        out: dict[str, str] = {}
        for r in rows:
            out.setdefault(r.type, r.id)
        return out

    @staticmethod
    def _data(conn, record_id: str) -> dict[str, Any]:
        data = conn.execute(select(t.records.c.data).where(t.records.c.id == record_id)).scalar()
        return json.loads(data) if data else {}

    def _change(self, conn, cs: ChangeSet, rtype: str, record_id: str, case_id: str, fields: dict[str, Any]) -> None:
        if record_change(conn, record_type=rtype, record_id=record_id, case_id=case_id, fields=fields,
                         user=self.user, clock=self.clock) is not None:
            cs.record_ids.append(record_id)
            cs.record_types.add(rtype)

    def _history(self, conn, cs: ChangeSet, case_id: str, action: str, merge_id: str, fields: list[str],
                 values: dict[str, list[Any]] | None = None) -> None:
        data = {"action": action, "record_type": PERSON_MERGE, "record_id": merge_id, "fields": fields,
                "at": now_iso(), "user": self.user, "device": self.store.device_id}
        if values:
            data["values"] = values
        self._change(conn, cs, "history", new_id(), case_id, data)

