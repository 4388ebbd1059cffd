"""The people of this laptop as the server says: role, scope and server name, inside the encrypted store.

One row per key slot (`local_users`). The window's checks (plan approval, reassignment, closure)
read the role from here, never from the plain key slot file, and every sync replaces it with what
`GET /me` answers for the signed-in person. A standalone office has no server: its first user is
its supervisor and the roles its supervisor gives are kept here as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from desktop.store import tables as t


@dataclass(frozen=True)
class LocalUser:
    username: str
    display_name: str
    role: str
    server_username: str | None
    office_ids: list[str] | None
    signed_in_at: int | None
    refreshed_at: int | None

    @property
    def author(self) -> str:
        """The name the server knows this person by: the author of their changes."""
        return self.server_username or self.username


def _row(r) -> LocalUser:
    return LocalUser(r.username, r.display_name or r.username, r.role, r.server_username,
                     json.loads(r.office_ids) if r.office_ids else None, r.signed_in_at, r.refreshed_at)


def get_user(conn, username: str) -> LocalUser | None:
    r = conn.execute(t.local_users.select().where(t.local_users.c.username == username)).first()
    return _row(r) if r else None


def all_users(conn) -> list[LocalUser]:
    return [_row(r) for r in conn.execute(t.local_users.select().order_by(t.local_users.c.username))]


def add_user(conn, username: str, *, role: str, display_name: str = "", server_username: str | None = None,
             signed_in_at: int | None = None) -> None:
    conn.execute(t.local_users.insert().values(username=username, role=role, display_name=display_name or username,
                                               server_username=server_username, signed_in_at=signed_in_at))


def adopt_users(conn, slots: Iterable) -> None:
    """Rows for key slots that have none: the store was made before migration 0004 (the slot
    file's role is read this once), or a slot was added by an older application."""
    known = {r[0] for r in conn.execute(t.local_users.select().with_only_columns(t.local_users.c.username))}
    for slot in slots:
        if slot.username not in known:
            add_user(conn, slot.username, role=slot.role or "caseworker", display_name=slot.display_name)


def remove_user(conn, username: str) -> None:
    conn.execute(t.local_users.delete().where(t.local_users.c.username == username))


def update_user(conn, username: str, **values) -> None:
    if "office_ids" in values and values["office_ids"] is not None:
        values["office_ids"] = json.dumps(sorted(values["office_ids"]))
    conn.execute(t.local_users.update().where(t.local_users.c.username == username).values(**values))
