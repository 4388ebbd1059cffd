"""Per-office policies an administrator sets (console and `poruch-server policy`), delivered with sync.

- closure approval: closing a case of the office needs a supervisor (or the district);
- wipe after N failed unlocks of a laptop (off by default);
- lock a laptop out after D days without contact with the server (off by default).

A laptop enrolled for a district holds several offices: it gets the strictest of their wipe and
lockout settings, and the list of offices whose closures need approval.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from sync.protocol import DevicePolicy
from sync.server import models as m
from sync.server.admin_ops import AdminError, audit
from sync.server.db import now_ms
from sync.server.orgs import get_org

MAX_FAILED_UNLOCKS = 100
MIN_FAILED_UNLOCKS = 3  # fewer would wipe a laptop for a typo or two
MAX_LOCKOUT_DAYS = 3650


@dataclass(frozen=True)
class OfficePolicy:
    office_id: str
    closure_requires_approval: bool = False
    wipe_after_failed_unlocks: int | None = None
    lockout_after_days: int | None = None


def get_policy(conn: Connection, office_id: str) -> OfficePolicy:
    p = m.office_policies.c
    row = conn.execute(select(p.closure_requires_approval, p.wipe_after_failed_unlocks, p.lockout_after_days)
                       .where(p.office_id == office_id)).first()
    if row is None:
        return OfficePolicy(office_id)
    return OfficePolicy(office_id, bool(row.closure_requires_approval), row.wipe_after_failed_unlocks,
                        row.lockout_after_days)


def policies(conn: Connection, office_ids: Collection[str]) -> dict[str, OfficePolicy]:
    p = m.office_policies.c
    out = {o: OfficePolicy(o) for o in office_ids}
    if not out:
        return out
    for row in conn.execute(select(p.office_id, p.closure_requires_approval, p.wipe_after_failed_unlocks,
                                   p.lockout_after_days).where(p.office_id.in_(sorted(out)))):
        out[row.office_id] = OfficePolicy(row.office_id, bool(row.closure_requires_approval),
                                          row.wipe_after_failed_unlocks, row.lockout_after_days)
    return out


def device_policy(conn: Connection, office_ids: Collection[str]) -> DevicePolicy:
    """What a laptop holding these offices must enforce: the strictest settings among them."""
    found = policies(conn, office_ids).values()
    wipes = [p.wipe_after_failed_unlocks for p in found if p.wipe_after_failed_unlocks]
    lockouts = [p.lockout_after_days for p in found if p.lockout_after_days]
    return DevicePolicy(wipe_after_failed_unlocks=min(wipes) if wipes else None,
                        lockout_after_days=min(lockouts) if lockouts else None,
                        closure_approval_offices=sorted(p.office_id for p in found if p.closure_requires_approval))


def set_policy(conn: Connection, office_id: str, *, by: str | None, closure_requires_approval: bool | None = None,
               wipe_after_failed_unlocks: int | None | str = "keep",
               lockout_after_days: int | None | str = "keep") -> OfficePolicy:
    """Change some settings of an office's policy ("keep" leaves one as it is, None turns it off)."""
    office = get_org(conn, office_id)
    if office is None or office.kind != "office":
        raise AdminError("no such office")
    current = get_policy(conn, office_id)
    wipe = current.wipe_after_failed_unlocks if wipe_after_failed_unlocks == "keep" else wipe_after_failed_unlocks
    lockout = current.lockout_after_days if lockout_after_days == "keep" else lockout_after_days
    closure = current.closure_requires_approval if closure_requires_approval is None else closure_requires_approval
    if wipe is not None and not (isinstance(wipe, int) and MIN_FAILED_UNLOCKS <= wipe <= MAX_FAILED_UNLOCKS):
        raise AdminError(f"wipe after failed unlocks: {MIN_FAILED_UNLOCKS} to {MAX_FAILED_UNLOCKS}, or off")
    if lockout is not None and not (isinstance(lockout, int) and 1 <= lockout <= MAX_LOCKOUT_DAYS):
        raise AdminError(f"lockout after days without contact: 1 to {MAX_LOCKOUT_DAYS}, or off")
    new = OfficePolicy(office_id, closure, wipe, lockout)
    if new == current:
        return current
    values = {"closure_requires_approval": closure, "wipe_after_failed_unlocks": wipe,
              "lockout_after_days": lockout, "updated_at": now_ms(), "updated_by": by}
    p = m.office_policies.c
    if conn.execute(select(p.office_id).where(p.office_id == office_id)).first():
        conn.execute(update(m.office_policies).where(p.office_id == office_id).values(**values))
    else:
        conn.execute(insert(m.office_policies).values(office_id=office_id, **values))
    audit(conn, "set_office_policy", {"office": office_id, "closure_requires_approval": closure,
                                      "wipe_after_failed_unlocks": wipe, "lockout_after_days": lockout}, user_id=by)
    return new
