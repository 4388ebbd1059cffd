"""Operational state of a district's offices, for the district administration: counts, not people.

Cases open and new this month, overdue tasks, and each laptop's last contact, read from the records the
offices synced. Only counts and device facts leave here: no name, no case content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Connection, select

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
