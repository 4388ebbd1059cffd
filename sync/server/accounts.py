"""User accounts after creation: disable and re-enable, passwords, role, place and name.

Each function changes one user in the caller's transaction and writes its audit entry; the caller
(console or CLI) commits. The sync API checks `users.active` and the user's org on every request,
so a disabled or moved user's laptops feel it at their next request.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from sync.server import models as m
from sync.server.admin_ops import AdminError, audit, resolve_user_org
from sync.server.db import now_ms
from sync.server.security import hash_password, verify_password

MIN_PASSWORD = 8
MAX_PASSWORD = 200


def get_user(conn: Connection, user_id: str):
    return conn.execute(select(m.users).where(m.users.c.id == user_id)).first()


def _user(conn: Connection, user_id: str):
    user = get_user(conn, user_id)
    if user is None:
        raise AdminError("no such user")
    return user


def check_new_password(password: str, username: str = "") -> None:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AdminError(f"password must be {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if username and password.casefold() == username.casefold():
        raise AdminError("password must differ from the user name")


def _end_console_sessions(conn: Connection, user_id: str) -> None:
    s = m.console_sessions.c
    conn.execute(update(m.console_sessions).where(s.user_id == user_id, s.ended_at.is_(None))
                 .values(ended_at=now_ms()))


def set_active(conn: Connection, user_id: str, active: bool, *, by: str | None) -> None:
    """Disable (every laptop refuses the user at its next request, console sessions end) or re-enable."""
    user = _user(conn, user_id)
    if user_id == by and not active:
        raise AdminError("you cannot disable your own account")
    if bool(user.active) == active:
        return
    conn.execute(update(m.users).where(m.users.c.id == user_id).values(active=active))
    if not active:
        _end_console_sessions(conn, user_id)
    audit(conn, "enable_user" if active else "disable_user", {"user": user_id}, user_id=by)


def reset_password(conn: Connection, user_id: str, password: str, *, by: str | None) -> None:
    """A new password set by an administrator, to be changed by the person at their next login."""
    user = _user(conn, user_id)
    check_new_password(password, user.username)
    conn.execute(update(m.users).where(m.users.c.id == user_id)
                 .values(password_hash=hash_password(password), must_change_password=True))
    _end_console_sessions(conn, user_id)
    audit(conn, "reset_password", {"user": user_id}, user_id=by)


def change_own_password(conn: Connection, user_id: str, current: str, new: str) -> None:
    user = _user(conn, user_id)
    if not verify_password(user.password_hash, current):
        raise AdminError("the current password is wrong")
    check_new_password(new, user.username)
    if new == current:
        raise AdminError("the new password must differ from the current one")
    conn.execute(update(m.users).where(m.users.c.id == user_id)
                 .values(password_hash=hash_password(new), must_change_password=False))
    audit(conn, "change_password", {"user": user_id}, user_id=user_id)


def change_user(conn: Connection, user_id: str, *, by: str | None, display_name: str | None = None,
                role: str | None = None, office_id: str | None = None, raion_id: str | None = None) -> None:
    """Rename, or give another role and the place that role belongs to (office, raion, ministry)."""
    user = _user(conn, user_id)
    values: dict = {}
    if display_name is not None:
        name = " ".join(display_name.split())
        if not 1 <= len(name) <= 200:
            raise AdminError("a display name must be 1 to 200 characters")
        if name != user.display_name:
            values["display_name"] = name
    if role is not None:
        if user_id == by and role != user.role:
            raise AdminError("you cannot change your own role")
        org = resolve_place(conn, role, office_id=office_id, raion_id=raion_id)
        if role != user.role:
            values["role"] = role
        if org != user.org_id:
            values["org_id"] = org
    if not values:
        return
    conn.execute(update(m.users).where(m.users.c.id == user_id).values(**values))
    audit(conn, "change_user", {"user": user_id, "fields": sorted(values),
                                **({"org": values["org_id"]} if "org_id" in values else {})}, user_id=by)


def resolve_place(conn: Connection, role: str, *, office_id: str | None, raion_id: str | None) -> str:
    """The org of a role given by ids (the console's choice lists), refusing closed offices."""
    from sync.server.orgs import get_org

    if role in ("district",):
        raion = get_org(conn, raion_id) if raion_id else None
        if raion is None or raion.kind != "raion":
            raise AdminError("a district user needs a district (raion)")
        return raion.id
    if office_id:
        office = get_org(conn, office_id)
        if office is not None and office.closed_at is not None:
            raise AdminError("the office is closed")
    return resolve_user_org(conn, role, office_id=office_id)
