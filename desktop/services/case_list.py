"""Queries behind the case list, "My day" and the status bar counts (Qt-free, run on the db worker).

The list model holds only ordered case ids (one query, 100,000 ids is ~100 ms) and fetches the
visible rows in blocks, like Anki's browser. Every filter and sort is on an indexed column of
`case_index`; choice columns sort in the order of the route (identification before closure),
not alphabetically by code, with the Ukrainian name order as the tie-break.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from desktop.store import tables as t
from sync.records import schema as s

ci = t.case_index

COLUMNS = ("name", "birth_date", "category", "stage", "status", "priority", "assigned_to", "next_task_due")
_CHOICE_ORDER = {"category": s.CATEGORIES, "stage": s.STAGES, "status": s.STATUSES}
ROW_FIELDS = ("case_id", "surname", "given_name", "patronymic", "birth_date", "category", "stage", "status",
              "priority", "priority_rank", "assigned_to", "next_task_due", "origin_listed")


@dataclass(frozen=True)
class CaseFilters:
    stage: str | None = None
    status: str | None = None
    category: str | None = None
    priority: str | None = None
    assigned_to: str | None = None  # a user name ("assigned to me")
    overdue: bool = False           # has an open task due before today
    origin_listed: bool = False     # origin on the list of hostilities/occupation

    def active(self) -> bool:
        return self != CaseFilters()


def _where(filters: CaseFilters, today: date) -> list:
    conds = []
    for name in ("stage", "status", "category", "priority", "assigned_to"):
        value = getattr(filters, name)
        if value:
            conds.append(ci.c[name] == value)
    if filters.overdue:
        # next_task_due is the earliest open task, so "earliest < today" means "something is overdue".
        conds.append(ci.c.next_task_due < today.isoformat())
    if filters.origin_listed:
        conds.append(ci.c.origin_listed == 1)
    return conds


def _order(order: str, descending: bool) -> list:
    if order not in COLUMNS:
        raise ValueError(f"cannot sort by {order!r}")
    if order == "name":
        # Exactly the index (sort_key, case_id), walked forwards or backwards: no sort step.
        if descending:
            return [ci.c.sort_key.desc(), ci.c.case_id.desc()]
        return [ci.c.sort_key.asc(), ci.c.case_id.asc()]
    if order in _CHOICE_ORDER:
        primary = case({code: i for i, code in enumerate(_CHOICE_ORDER[order])}, value=ci.c[order], else_=99)
    elif order == "priority":
        primary = ci.c.priority_rank
    else:
        primary = ci.c[order]
    primary = primary.desc() if descending else primary.asc()
    if order in ("birth_date", "assigned_to", "next_task_due"):
        primary = primary.nulls_last()  # cases with no date (or nobody assigned) after the others
    return [primary, ci.c.sort_key, ci.c.case_id]


def list_case_ids(conn, filters: CaseFilters = CaseFilters(), order: str = "name", descending: bool = False,
                  *, within: Sequence[str] | None = None, today: date | None = None) -> list[str]:
    """Ids of the cases matching `filters`, sorted; `within` restricts to (and keeps only) those ids."""
    conds = _where(filters, today or date.today())
    if within is not None:
        if not within:
            return []
        conds.append(ci.c.case_id.in_(list(within)))
    stmt = select(ci.c.case_id).where(*conds).order_by(*_order(order, descending))
    return list(conn.execute(stmt).scalars())


def filter_in_order(conn, ids: Sequence[str], filters: CaseFilters, *, today: date | None = None) -> list[str]:
    """`ids` (search hits, best first) that pass `filters`, keeping their order."""
    if not filters.active():
        return [i for i in ids if i is not None]
    keep = set(list_case_ids(conn, filters, within=ids, today=today))
    return [i for i in ids if i in keep]


def fetch_rows(conn, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The list columns of these cases (ids that vanished meanwhile are simply absent)."""
    out: dict[str, dict[str, Any]] = {}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        stmt = select(*(ci.c[f] for f in ROW_FIELDS)).where(ci.c.case_id.in_(ids[start:start + 500]))
        for row in conn.execute(stmt).mappings():
            out[row["case_id"]] = dict(row)
    return out


def count_cases(conn) -> int:
    return conn.execute(select(func.count()).select_from(ci)).scalar_one()


def full_name(row: dict[str, Any]) -> str:
    return " ".join(p for p in (row.get("surname"), row.get("given_name"), row.get("patronymic")) if p)


# --- My day ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DayTask:
    task_id: str
    case_id: str
    title: str
    due_date: str
    overdue: bool
    name: str


MY_DAY_LIMIT = 500


def my_day(conn, user: str, today: date | None = None, limit: int = MY_DAY_LIMIT) -> list[DayTask]:
    """Open tasks of `user` due today or earlier (oldest first), on cases that are not closed.

    A task with no assignee belongs to whoever the case is assigned to. At most `limit`: a day
    list of thousands is a backlog, not a day, and reading it would only slow the screen down.
    """
    today_iso = (today or date.today()).isoformat()
    ti, rec = t.task_index, t.records
    stmt = (
        select(ti.c.task_id, ti.c.case_id, ti.c.due_date, rec.c.data, ci.c.surname, ci.c.given_name,
               ci.c.patronymic)
        .join(ci, ci.c.case_id == ti.c.case_id)
        .join(rec, rec.c.id == ti.c.task_id)
        .where(ti.c.done == 0, ti.c.due_date != "", ti.c.due_date <= today_iso,
               or_(ci.c.status.is_(None), ci.c.status != "closed"),
               or_(ti.c.assignee == user, and_(ti.c.assignee.is_(None), ci.c.assigned_to == user)))
        .order_by(ti.c.due_date, ci.c.sort_key, ti.c.task_id)
        .limit(limit)
    )
    tasks = []
    for row in conn.execute(stmt).mappings():
        title = json.loads(row["data"]).get("title") or ""
        tasks.append(DayTask(row["task_id"], row["case_id"], title, row["due_date"], row["due_date"] < today_iso,
                             full_name(row)))
    return tasks


# --- status bar ------------------------------------------------------------------------------------
def pending_changes(conn) -> int:
    return conn.execute(select(func.count()).select_from(t.outbox)).scalar_one()


# --- on a connection of their own (the screens call these on the database worker) -------------------
def load_list(engine, search, query: str, filters: CaseFilters, order: str, descending: bool, *,
              relevance: bool, today: date, first_rows: int, limit: int) -> tuple[list[str], dict, dict]:
    """(ordered case ids, the rows of the first `first_rows`, what each search hit matched)."""
    matched: dict[str, Any] = {}
    with engine.connect() as conn:
        if query:
            hits = search.search(query, limit=limit)
            hit_ids = [h.case_id for h in hits]
            matched = {h.case_id: h.matched for h in hits}
            if relevance:
                ids = filter_in_order(conn, hit_ids, filters, today=today)
            else:
                ids = list_case_ids(conn, filters, order, descending, within=hit_ids, today=today)
        else:
            ids = list_case_ids(conn, filters, order, descending, today=today)
        return ids, fetch_rows(conn, ids[:first_rows]), matched


def rows_of(engine, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """fetch_rows on a connection of its own (the list model's block of rows while scrolling)."""
    with engine.connect() as conn:
        return fetch_rows(conn, ids)


def my_day_of(engine, user: str, today: date) -> list[DayTask]:
    with engine.connect() as conn:
        return my_day(conn, user, today)
