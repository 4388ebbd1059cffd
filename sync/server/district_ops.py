"""Operational state of a district's offices, for the district administration: counts, not people.

Cases open and new this month, overdue tasks, and each laptop's last contact, read from the records the
offices synced. Only counts and device facts leave here: no name, no case content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, func, select

from sync.server import models as m
from sync.server.bulk import id_chunks, in_
from sync.server.db import now_ms
from sync.text import uk_sort_key

DAY_MS = 86_400_000


@dataclass
class DeviceState:
    id: str
    name: str
    user_name: str
    last_seen_at: int | None
    app_version: str | None
    rejected_changes: int


@dataclass
class OfficeState:
    id: str
    name: str
    katottg: str | None
    cases_open: int = 0
    cases_new_this_month: int = 0
    tasks_overdue: int = 0
    devices: list[DeviceState] = field(default_factory=list)

    @property
    def last_sync(self) -> int | None:
        return max((d.last_seen_at for d in self.devices if d.last_seen_at), default=None)

    def behind(self, now: int, days: int) -> bool:
        """No laptop of the office has reached the server for more than `days` days (or none ever did)."""
        last = self.last_sync
        return last is None or now - last > days * DAY_MS


def office_states(conn: Connection, office_ids: list[str], today: date) -> list[OfficeState]:
    o = m.organisations.c
    offices = {r.id: OfficeState(r.id, r.name, r.katottg) for r in conn.execute(
        select(o.id, o.name, o.katottg).where(o.id.in_(office_ids), o.closed_at.is_(None)))}
    month_start = today.replace(day=1).isoformat()
    today_text = today.isoformat()
    r = m.records.c
    for chunk in id_chunks(conn, list(offices)):
        rows = conn.execute(select(r.type, r.office_id, r.data)
                            .where(in_(conn, r.office_id, chunk), r.type.in_(("case", "task")), r.deleted.is_(False)))
        for kind, office_id, data in rows:
            fields = json.loads(data)
            state = offices[office_id]
            if kind == "case":
                if fields.get("status") != "closed":
                    state.cases_open += 1
                if (fields.get("opened_on") or "") >= month_start:
                    state.cases_new_this_month += 1
            elif not fields.get("done") and (fields.get("due_date") or "9999") < today_text:
                state.tasks_overdue += 1
    d, u = m.devices.c, m.users.c
    for row in conn.execute(select(d.id, d.name, d.org_id, d.last_seen_at, d.app_version, d.rejected_changes,
                                   u.display_name).join_from(m.devices, m.users, u.id == d.enrolled_by)
                            .where(d.org_id.in_(list(offices)), d.revoked_at.is_(None))):
        offices[row.org_id].devices.append(DeviceState(row.id, row.name, row.display_name, row.last_seen_at,
                                                       row.app_version, row.rejected_changes))
    for state in offices.values():
        state.devices.sort(key=lambda x: x.last_seen_at or 0)
    return sorted(offices.values(), key=lambda s: uk_sort_key(s.name))


def behind_count(states: list[OfficeState], days: int, now: int | None = None) -> int:
    now = now if now is not None else now_ms()
    return sum(1 for s in states if s.behind(now, days))


# --- across offices: possible duplicates and transfers -------------------------------------------
# What a district administration needs to chase the offices: which offices, how strong the match, how
# long it has waited. Never a name, a birth date or a case's content (those are on the offices' laptops,
# where supervisors decide).
LIST_LIMIT = 200
DUPLICATE_STATES = ("open", "same_person", "different_people")
TRANSFER_STATES = ("pending", "accepted", "declined", "revoked", "expired")


@dataclass(frozen=True)
class DuplicatePair:
    id: str
    offices: tuple[tuple[str, str], tuple[str, str]]  # (id, name) of each case's office
    score: int | None  # percent
    matched: tuple[str, ...]
    state: str
    found_at: int
    decided_at: int | None


@dataclass(frozen=True)
class TransferRow:
    id: str
    from_office: tuple[str, str]
    to_office: tuple[str, str]
    state: str
    requested_at: int
    expires_at: int
    closed_at: int | None


def office_names(conn: Connection, ids: set[str]) -> dict[str, str]:
    o = m.organisations.c
    names: dict[str, str] = {}
    for chunk in id_chunks(conn, sorted(ids)):
        names.update(conn.execute(select(o.id, o.name).where(in_(conn, o.id, chunk))).all())
    return names


def duplicate_pairs(conn: Connection, office_ids: list[str], *, state: str | None = "open",
                    office: str | None = None, limit: int = LIST_LIMIT) -> tuple[list[DuplicatePair], int]:
    """Flagged pairs with at least one case in `office_ids` (or in `office`, one of them), newest first,
    at most `limit`; and how many there are in all."""
    dp, pm = m.duplicate_pairs.c, m.person_match
    a, b = pm.alias("a"), pm.alias("b")
    scope = [office] if office in office_ids else office_ids
    query = (select(dp.id, dp.case_a, dp.state, dp.found_at, dp.decided_at,
                    a.c.office_id.label("office_a"), b.c.office_id.label("office_b"))
             .join_from(m.duplicate_pairs, a, a.c.case_id == dp.case_a)
             .join(b, b.c.case_id == dp.case_b)
             .where(a.c.office_id.in_(scope) | b.c.office_id.in_(scope)))
    if state in DUPLICATE_STATES:
        query = query.where(dp.state == state)
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    shown = conn.execute(query.order_by(dp.found_at.desc(), dp.id).limit(limit)).all()
    # Score and matched fields live in the pair's records (sync.server.duplicates): read the first case's.
    from sync.server.duplicates import record_id

    wanted = {record_id(r.id, r.case_a): r.id for r in shown}
    details: dict[str, dict] = {}
    r = m.records.c
    for chunk in id_chunks(conn, sorted(wanted)):
        for rid, data in conn.execute(select(r.id, r.data).where(in_(conn, r.id, chunk))):
            details[wanted[rid]] = json.loads(data)
    names = office_names(conn, {x for row in shown for x in (row.office_a, row.office_b)})
    pairs = [DuplicatePair(row.id, ((row.office_a, names.get(row.office_a, "")), (row.office_b, names.get(row.office_b, ""))),
                           details.get(row.id, {}).get("score"), tuple(details.get(row.id, {}).get("matched") or ()),
                           row.state, row.found_at, row.decided_at) for row in shown]
    return pairs, total


def transfers(conn: Connection, office_ids: list[str], *, state: str | None = "pending", office: str | None = None,
              limit: int = LIST_LIMIT) -> tuple[list[TransferRow], int]:
    """Transfers from or to `office_ids` (or `office`, one of them), newest first, at most `limit`; and the count."""
    t = m.transfers.c
    scope = [office] if office in office_ids else office_ids
    query = select(t.id, t.from_office, t.to_office, t.state, t.requested_at, t.expires_at, t.closed_at).where(
        t.from_office.in_(scope) | t.to_office.in_(scope))
    if state in TRANSFER_STATES:
        query = query.where(t.state == state)
    total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    shown = conn.execute(query.order_by(t.requested_at.desc(), t.id).limit(limit)).all()
    names = office_names(conn, {x for row in shown for x in (row.from_office, row.to_office)})
    return [TransferRow(row.id, (row.from_office, names.get(row.from_office, "")),
                        (row.to_office, names.get(row.to_office, "")), row.state, row.requested_at, row.expires_at,
                        row.closed_at) for row in shown], total


def office_counts(conn: Connection, office_ids: list[str]) -> dict[str, dict[str, int]]:
    """Per office: open possible duplicates, pending transfers in and out."""
    counts = {o: {"duplicates": 0, "transfers_in": 0, "transfers_out": 0} for o in office_ids}
    dp, pm, t = m.duplicate_pairs.c, m.person_match.c, m.transfers.c
    for chunk in id_chunks(conn, office_ids):
        for side in (dp.case_a, dp.case_b):
            for office, n in conn.execute(select(pm.office_id, func.count())
                                          .join_from(m.duplicate_pairs, m.person_match, pm.case_id == side)
                                          .where(dp.state == "open", in_(conn, pm.office_id, chunk))
                                          .group_by(pm.office_id)):
                counts[office]["duplicates"] += n
        for column, key in ((t.to_office, "transfers_in"), (t.from_office, "transfers_out")):
            for office, n in conn.execute(select(column, func.count()).where(t.state == "pending", in_(conn, column, chunk))
                                          .group_by(column)):
                counts[office][key] += n
    return counts
