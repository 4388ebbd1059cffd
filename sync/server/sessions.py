"""Device-less sign-in for the report and aggregate endpoints: a person's bearer token.

Analysts have no laptop (they hold no case data), yet need the national aggregates; supervisors and
district staff may also fetch a report without a device. `POST /api/v1/sessions` checks the password
(with the same rate limit as enrolment) and returns a random token, stored only as its SHA-256, that
expires after SESSION_TTL_MS. It opens the report and aggregate endpoints only: syncing case data
still needs an enrolled device.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from sync.server import models as m
from sync.server.db import now_ms
from sync.server.security import new_token, token_hash

SESSION_TTL_MS = 8 * 3600 * 1000


@dataclass(frozen=True)
class SessionUser:
    user_id: str
    username: str
    role: str
    org_id: str


def open_session(conn: Connection, user_id: str) -> tuple[str, int]:
    token, now = new_token(), now_ms()
    conn.execute(insert(m.api_sessions).values(token_hash=token_hash(token), user_id=user_id, created_at=now,
                                               expires_at=now + SESSION_TTL_MS))
    return token, now + SESSION_TTL_MS


def session_user(conn: Connection, token: str) -> SessionUser | None:
    s, u = m.api_sessions.c, m.users.c
    row = conn.execute(select(u.id, u.username, u.role, u.org_id, u.active, s.expires_at, s.revoked_at)
                       .join_from(m.api_sessions, m.users, u.id == s.user_id)
                       .where(s.token_hash == token_hash(token))).first()
    if row is None or row.revoked_at is not None or row.expires_at <= now_ms() or not row.active:
        return None
    return SessionUser(row.id, row.username, row.role, row.org_id)


def close_session(conn: Connection, token: str) -> None:
    conn.execute(update(m.api_sessions).where(m.api_sessions.c.token_hash == token_hash(token))
                 .values(revoked_at=now_ms()))
