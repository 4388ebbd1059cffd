"""Reading the audit log: filters by user, device, office, case, action and time, for the console and CSV.

Entries hold ids only (`object_ids` is JSON of ids and counts), so an office or case filter matches the id
inside that JSON, plus, for an office, what its users and devices did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from sync.server import models as m

PAGE = 200


@dataclass(frozen=True)
class AuditFilter:
    user_id: str = ""
    device_id: str = ""
    office_id: str = ""
    case_id: str = ""
    action: str = ""
    since_ms: int | None = None
    until_ms: int | None = None
    before_id: int | None = None  # paging: entries older than this one


def _like_id(value: str):
    # Ids are quoted inside the JSON; LIKE's own wildcards are escaped.
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return m.audit_log.c.object_ids.like(f'%"{escaped}"%', escape="\\")


def query(f: AuditFilter, limit: int | None = PAGE):
    a = m.audit_log.c
    q = select(a.id, a.at, a.user_id, a.device_id, a.action, a.object_ids).order_by(a.id.desc())
    if f.user_id:
        q = q.where(a.user_id == f.user_id)
    if f.device_id:
        q = q.where(a.device_id == f.device_id)
    if f.action:
        q = q.where(a.action == f.action)
    if f.case_id:
        q = q.where(_like_id(f.case_id))
    if f.office_id:
        office_users = select(m.users.c.id).where(m.users.c.org_id == f.office_id)
        office_devices = select(m.devices.c.id).where(m.devices.c.org_id == f.office_id)
        q = q.where(or_(_like_id(f.office_id), a.user_id.in_(office_users), a.device_id.in_(office_devices)))
    if f.since_ms is not None:
        q = q.where(a.at >= f.since_ms)
    if f.until_ms is not None:
        q = q.where(a.at < f.until_ms)
    if f.before_id is not None:
        q = q.where(a.id < f.before_id)
    return q.limit(limit) if limit else q


def entries(conn: Connection, f: AuditFilter, limit: int | None = PAGE) -> list[dict]:
    out = []
    for row in conn.execute(query(f, limit)):
        try:
            ids = json.loads(row.object_ids)
        except ValueError:
            ids = {}
        out.append({"id": row.id, "at": row.at, "user_id": row.user_id, "device_id": row.device_id,
                    "action": row.action, "ids": ids if isinstance(ids, dict) else {}, "raw": row.object_ids})
    return out


def actions(conn: Connection) -> list[str]:
    return sorted(r[0] for r in conn.execute(select(m.audit_log.c.action).distinct()))
