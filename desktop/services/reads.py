"""Reading whole cases: one case for the case screen, all of them in id order for exports."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
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
