"""Administrative operations shared by the CLI and the admin API: offices, users, devices."""

from __future__ import annotations

import re

from sqlalchemy import Connection, insert, select, update

from sync.records.ids import new_id
from sync.server import models as m
from sync.server.audit import append
from sync.server.db import now_ms
from sync.server.orgs import OrgError, ensure_raion, get_org
from sync.server.scope import ROLE_ORG_KIND, ROLES
from sync.server.security import hash_password
from sync.wire import EMPTY_DIGEST, digest_item, format_digest


class AdminError(ValueError):
    pass


_USERNAME_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f]")


def audit(conn: Connection, action: str, ids: dict, *, user_id: str | None = None,
          device_id: str | None = None) -> None:
    """An entry of the server's audit log (hash-chained: sync.server.audit), last in its transaction."""
    append(conn, action, ids, user_id=user_id, device_id=device_id)


def resolve_user_org(conn: Connection, role: str, *, office_id: str | None = None,
                     district_of_office: str | None = None, raion_katottg: str | None = None) -> str:
    """The org a new user belongs to: an office, a raion (district) or the ministry, by role."""
    if role not in ROLES:
        raise AdminError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    kind = ROLE_ORG_KIND[role]
    if kind == "office":
        org = get_org(conn, office_id) if office_id else None
        if org is None or org.kind != "office":
            raise AdminError(f"role {role} needs --office with the id of an existing office")
        return org.id
    if kind == "raion":
        if district_of_office:
            office = get_org(conn, district_of_office)
            if office is None or office.kind != "office":
                raise AdminError("--district-of-office: no such office")
            return office.parent_id
        if raion_katottg:
            try:
                return ensure_raion(conn, raion_katottg)
            except OrgError as exc:
                raise AdminError(str(exc)) from exc
        raise AdminError("role district needs --district-of-office ID or --raion KATOTTG")
    from sync.server.orgs import ensure_ministry

    return ensure_ministry(conn)


def create_user(conn: Connection, username: str, password: str, role: str, org_id: str,
                display_name: str = "", *, password_hash: str | None = None, must_change_password: bool = False,
                by: str | None = None) -> str:
    """A new active user; `password_hash` (an Argon2id hash of `password`) saves hashing again.

    `must_change_password`: the password was chosen by an administrator; the person replaces it at their
    first login to the console before enrolling a laptop.
    """
    if not username or len(username) > 100 or _USERNAME_FORBIDDEN.search(username):
        raise AdminError("user name must be 1 to 100 characters, without spaces or control characters")
    if len(password) < 8:
        raise AdminError("password must be at least 8 characters")
    if conn.execute(select(m.users.c.id).where(m.users.c.username == username)).first():
        raise AdminError(f"user {username!r} exists already")
    user_id = new_id()
    conn.execute(insert(m.users).values(id=user_id, username=username, display_name=display_name or username,
                                        password_hash=password_hash or hash_password(password), role=role, org_id=org_id,
                                        active=True, created_at=now_ms(),
                                        must_change_password=must_change_password))
    audit(conn, "create_user", {"user": user_id, "org": org_id}, user_id=by)
    return user_id


def list_devices(conn: Connection) -> list[dict]:
    """Every enrolled device; after a restore of the database, `since_restore` says whether it has been in touch
    since (a laptop that synced after the backup gives back the lost work only when it syncs: docs/server.md,
    Backups). None when the database was never restored."""
    d = m.devices.c
    restored_at = conn.execute(select(m.server_state.c.epoch_began_at)).scalar()
    rows = conn.execute(select(d.id, d.name, d.org_id, d.enrolled_by, d.created_at, d.last_seen_at, d.revoked_at)
                        .order_by(d.created_at)).all()
    return [{**r._mapping, "since_restore": None if restored_at is None else (r.last_seen_at or 0) >= restored_at}
            for r in rows]


def revoke_device(conn: Connection, device_id: str, by_user: str | None = None) -> bool:
    """Revoke a device and its user tokens; False when there is no such device."""
    d = m.devices.c
    row = conn.execute(select(d.id, d.revoked_at).where(d.id == device_id)).first()
    if row is None:
        return False
    now = now_ms()
    if row.revoked_at is None:
        conn.execute(update(m.devices).where(d.id == device_id).values(revoked_at=now))
        conn.execute(update(m.user_tokens).where(m.user_tokens.c.device_id == device_id,
                                                 m.user_tokens.c.revoked_at.is_(None)).values(revoked_at=now))
        audit(conn, "revoke_device", {"device": device_id}, user_id=by_user)
    return True


def mark_device_lost(conn: Connection, device_id: str, by_user: str | None = None) -> bool:
    """A laptop reported lost or stolen: revoked (wiped if it ever calls again) and marked lost."""
    if not revoke_device(conn, device_id, by_user):
        return False
    d = m.devices.c
    conn.execute(update(m.devices).where(d.id == device_id, d.lost_at.is_(None)).values(lost_at=now_ms()))
    audit(conn, "mark_device_lost", {"device": device_id}, user_id=by_user)
    return True


def list_offices(conn: Connection) -> list[dict]:
    o = m.organisations.c
    parent = m.organisations.alias("parent")
    rows = conn.execute(select(o.id, o.name, o.katottg, parent.c.name.label("raion"))
                        .join_from(m.organisations, parent, o.parent_id == parent.c.id, isouter=True)
                        .where(o.kind == "office").order_by(o.name)).all()
    return [dict(r._mapping) for r in rows]


def recompute_digests(conn: Connection) -> dict[str, tuple[int, str]]:
    """Each office's (count, digest) computed from the records themselves."""
    sums: dict[str, list[int]] = {}
    r = m.records.c
    for office_id, record_id, record_hash in conn.execute(select(r.office_id, r.id, r.hash)):
        acc = sums.setdefault(office_id, [0, 0])
        acc[0] += 1
        acc[1] ^= digest_item(record_id, record_hash)
    return {office: (count, format_digest(value)) for office, (count, value) in sums.items()}


def check_digests(conn: Connection, *, repair: bool = False) -> list[str]:
    """Offices whose stored digest differs from their records (repaired when asked)."""
    d = m.scope_digests.c
    stored = {row.office_id: (row.count, row.digest) for row in conn.execute(select(d.office_id, d.count, d.digest))}
    actual = recompute_digests(conn)
    empty = (0, EMPTY_DIGEST)
    wrong = sorted(o for o in set(stored) | set(actual) if stored.get(o, empty) != actual.get(o, empty))
    if repair and wrong:
        conn.execute(m.scope_digests.delete().where(d.office_id.in_(wrong)))
        rows = [{"office_id": o, "count": actual[o][0], "digest": actual[o][1]} for o in wrong if o in actual]
        if rows:
            conn.execute(insert(m.scope_digests), rows)
        audit(conn, "repair_digests", {"offices": wrong})
    return wrong
