"""Reading whole cases: one case for the case screen (read_case), all of them in id order for exports."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from desktop.store import tables as t

CaseBundle = dict[str, list[dict[str, Any]]]

_ORDER_KEYS = {
    "journal_entry": "occurred_at", "history": "at", "assessment": "assessed_on", "task": "due_date",
}


def _bundle(rows) -> CaseBundle:
    bundle: CaseBundle = defaultdict(list)
    for row in rows:
        data = json.loads(row.data)
        data["id"] = row.id
        bundle[row.type].append(data)
    for rtype, items in bundle.items():
        key = _ORDER_KEYS.get(rtype)
        items.sort(key=(lambda d, k=key: (d.get(k) or "", d["id"])) if key else (lambda d: d["id"]))
    return dict(bundle)


def load_case(conn, case_id: str) -> CaseBundle | None:
    rows = conn.execute(select(t.records.c.id, t.records.c.type, t.records.c.data)
                        .where(t.records.c.case_id == case_id, t.records.c.deleted == 0)).all()
    bundle = _bundle(rows)
    return bundle if bundle.get("case") else None


def iter_cases(conn, batch: int = 500) -> Iterator[tuple[str, CaseBundle]]:
    """Every live case with all its records, in case id order (stable across devices)."""
    last = ""
    while True:
        ids = conn.execute(select(t.records.c.id).where(t.records.c.type == "case", t.records.c.deleted == 0,
                                                        t.records.c.id > last)
                           .order_by(t.records.c.id).limit(batch)).scalars().all()
        if not ids:
            return
        rows = conn.execute(select(t.records.c.id, t.records.c.type, t.records.c.data, t.records.c.case_id)
                            .where(t.records.c.case_id.in_(ids), t.records.c.deleted == 0)).all()
        per_case: dict[str, list] = defaultdict(list)
        for row in rows:
            per_case[row.case_id].append(row)
        for case_id in ids:
            yield case_id, _bundle(per_case[case_id])
        last = ids[-1]


def iter_listed_cases(conn, case_ids: list[str], batch: int = 500) -> Iterator[tuple[str, CaseBundle]]:
    """These cases with all their records, in the order given (a filtered list as the window shows it)."""
    for start in range(0, len(case_ids), batch):
        ids = case_ids[start:start + batch]
        rows = conn.execute(select(t.records.c.id, t.records.c.type, t.records.c.data, t.records.c.case_id)
                            .where(t.records.c.case_id.in_(ids), t.records.c.deleted == 0)).all()
        per_case: dict[str, list] = defaultdict(list)
        for row in rows:
            per_case[row.case_id].append(row)
        for case_id in ids:
            bundle = _bundle(per_case[case_id])
            if bundle.get("case"):  # deleted or moved away since the list was shown
                yield case_id, bundle


@dataclass
class CaseData:
    """One case as the case screen shows it: its records by type, plus what the header needs."""

    case_id: str
    records: dict[str, list[dict[str, Any]]]
    priority: str = "none"
    office_name: str = ""
    users: list[str] = field(default_factory=list)
    attachments_here: frozenset[str] | None = None  # ids whose bytes are on this computer (None: all)

    def one(self, rtype: str) -> dict[str, Any]:
        items = self.records.get(rtype) or []
        return items[0] if items else {}

    def many(self, rtype: str) -> list[dict[str, Any]]:
        return list(self.records.get(rtype) or [])


def read_case(store, case_id: str) -> CaseData | None:
    """The case screen's case (on the database worker): records, derived priority, office, local users."""
    from desktop.services.attachments import present_ids
    from desktop.store.keyslots import KeySlots

    with store.engine.connect() as conn:
        records = load_case(conn, case_id)
        if records is None:
            return None
        priority = conn.execute(select(t.case_index.c.priority).where(t.case_index.c.case_id == case_id)).scalar()
        here = present_ids(conn, case_id) if records.get("attachment") else frozenset()
    case = records["case"][0]
    office = store.get_meta("office_name", "") if case.get("office_id") == store.office_id else ""
    if not office and store.get_meta("directory"):  # a district laptop: the offices of its district
        from sync.directory import OfficeDirectory

        office = OfficeDirectory.model_validate(store.get_meta("directory")).office_name(case.get("office_id")) or ""
    users = [u.username for u in KeySlots(store.data_dir).users()]
    return CaseData(case_id, records, priority or "none", office or "", users, here)


def duplicate_candidates(search, person: dict[str, Any], displacement: dict[str, Any] | None = None,
                         exclude_case_id: str | None = None) -> list[dict[str, Any]]:
    """Cases that may already hold this person, with what the registration's warning lists of each.

    `search`: the session's CaseSearch. Fields as typed (normalised here); on the database worker.
    """
    from desktop.services.cases import normalize_fields

    found = search.find_duplicates(normalize_fields("person", person),
                                   displacement=normalize_fields("displacement", displacement or {}),
                                   exclude_case_id=exclude_case_id)
    if not found:
        return []
    ci = t.case_index
    with search.engine.connect() as conn:
        rows = {r.case_id: r for r in conn.execute(select(ci).where(ci.c.case_id.in_([c.case_id for c in found])))}
    out = []
    for cand in found:
        row = rows.get(cand.case_id)
        if row is None:
            continue
        out.append({"case_id": cand.case_id, "reasons": list(cand.reasons), "score": cand.score,
                    "name": " ".join(p for p in (row.surname, row.given_name, row.patronymic) if p),
                    "birth_date": row.birth_date, "category": row.category, "status": row.status,
                    "assigned_to": row.assigned_to})
    return out
