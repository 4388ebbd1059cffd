"""Reading the audit log: filters by user, device, office, case, action and time, for the console, CSV
and `poruch-server audit query`.

Entries hold ids only (`object_ids` is JSON of ids, field names and counts), so an office or case filter
matches the id inside that JSON, plus, for an office, what its users and devices did. Entries a laptop
sent from its own log (actions `laptop_...`) name the person by user name as well: a person who exists
only on that laptop has no server id. The log is hash-chained (sync.server.audit); reading it here does
not check the chain (`poruch-server audit verify` does).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, or_, select

from sync.server import models as m

PAGE = 200

# Questions people ask of the log, as sets of actions ("who viewed or changed case X", "what did Y export").
CATEGORIES: dict[str, frozenset[str]] = {
    "views": frozenset({"laptop_view", "pull", "attachment_download", "laptop_attachment_open"}),
    "changes": frozenset({"push", "laptop_create", "laptop_edit", "laptop_delete", "laptop_transfer",
                          "laptop_conflict_resolved", "attachment_upload"}),
    "exports": frozenset({"laptop_export", "report_export", "aggregates", "export_audit",
                          "laptop_attachment_open"}),  # a decrypted copy for the viewer: it can be printed
    "sign_ins": frozenset({"enroll", "login", "login_failed", "session", "console_login", "console_login_failed",
                           "laptop_sign_in", "laptop_unlock_failed", "laptop_server_sign_in"}),
    "wipes": frozenset({"device_wiped", "revoke_device", "mark_device_lost", "laptop_wipe"}),
    "chain": frozenset({"audit_chain_break"}),
}


@dataclass(frozen=True)
class AuditFilter:
    user_id: str = ""
    username: str = ""  # also matches laptop entries of a person the server does not know
    device_id: str = ""
    office_id: str = ""
    case_id: str = ""
    action: str = ""
    category: str = ""  # a key of CATEGORIES
    since_ms: int | None = None
    until_ms: int | None = None
    before_id: int | None = None  # paging: entries older than this one


def _like_id(value: str):
    # Ids are quoted inside the JSON; LIKE's own wildcards are escaped.
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return m.audit_log.c.object_ids.like(f'%"{escaped}"%', escape="\\")


def query(f: AuditFilter, limit: int | None = PAGE):
    a = m.audit_log.c
    q = select(a.id, a.at, a.user_id, a.device_id, a.action, a.object_ids, a.device_seq, a.hash).order_by(a.id.desc())
    if f.user_id:
        q = q.where(a.user_id == f.user_id)
    if f.username:
        known = select(m.users.c.id).where(m.users.c.username == f.username)
        escaped = json.dumps(f.username, ensure_ascii=False)[1:-1]
        escaped = escaped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        q = q.where(or_(a.user_id.in_(known), a.object_ids.like(f'%"user": "{escaped}"%', escape="\\")))
    if f.category:
        q = q.where(a.action.in_(sorted(CATEGORIES.get(f.category, ()))))
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
                    "action": row.action, "ids": ids if isinstance(ids, dict) else {}, "raw": row.object_ids,
                    "device_seq": row.device_seq, "hash": row.hash})
    return out


def actions(conn: Connection) -> list[str]:
    return sorted(r[0] for r in conn.execute(select(m.audit_log.c.action).distinct()))
