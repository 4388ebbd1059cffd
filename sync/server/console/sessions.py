"""Console sessions: a random token in an HttpOnly, SameSite=Strict cookie, stored as SHA-256.

Each session has its own CSRF token (every form carries it; every POST is checked against it). A session
ends at logout, after the idle timeout, at its maximum age, or when the account is disabled or its password
reset; the user's role and place are read again on every request, so a change applies at once.
"""

from __future__ import annotations

import ipaddress
import secrets
from dataclasses import dataclass

from fastapi import Request, Response
from sqlalchemy import Connection, insert, select, update

from sync.server import models as m
from sync.server.db import now_ms, write_on
from sync.server.security import new_token, token_hash
from sync.server.settings import ServerSettings

COOKIE = "poruch_console"
LOGIN_COOKIE = "poruch_console_login"  # the login form's CSRF token, before there is a session
COOKIE_PATH = "/console"
TOUCH_EVERY_MS = 15_000  # last_seen_at is written at most this often (idle timeout granularity)


@dataclass(frozen=True)
class ConsoleUser:
    user_id: str
    username: str
    display_name: str
    role: str
    org_id: str
    must_change_password: bool
    csrf_token: str
    session_hash: str


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cookie_secure(request: Request) -> bool:
    """Secure everywhere but plain HTTP on loopback (a browser would not send a Secure cookie there)."""
    return request.url.scheme == "https" or not is_loopback(request.url.hostname)


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None = None) -> None:
    response.set_cookie(name, value, max_age=max_age, path=COOKIE_PATH, httponly=True, samesite="strict",
                        secure=cookie_secure(request))


def start(conn: Connection, request: Request, response: Response, user_id: str) -> None:
    token = new_token()
    now = now_ms()
    with write_on(conn):
        conn.execute(insert(m.console_sessions).values(token_hash=token_hash(token), user_id=user_id,
                                                       csrf_token=secrets.token_urlsafe(32), created_at=now,
                                                       last_seen_at=now))
    set_cookie(request, response, COOKIE, token)
    response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)


def current(conn: Connection, request: Request, settings: ServerSettings) -> ConsoleUser | None:
    """The live session of the request's cookie, touched; None when there is none or it has ended."""
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 100:
        return None
    s, u = m.console_sessions.c, m.users.c
    row = conn.execute(select(s.token_hash, s.csrf_token, s.created_at, s.last_seen_at, s.ended_at,
                              u.id, u.username, u.display_name, u.role, u.org_id, u.active, u.must_change_password)
                       .join_from(m.console_sessions, m.users, u.id == s.user_id)
                       .where(s.token_hash == token_hash(token))).first()
    if row is None or row.ended_at is not None:
        return None
    now = now_ms()
    idle = now - row.last_seen_at > settings.console_idle_timeout_s * 1000
    old = now - row.created_at > settings.console_session_max_s * 1000
    if idle or old or not row.active:
        end(conn, row.token_hash)
        return None
    if now - row.last_seen_at > TOUCH_EVERY_MS:
        with write_on(conn):
            conn.execute(update(m.console_sessions).where(s.token_hash == row.token_hash).values(last_seen_at=now))
    return ConsoleUser(row.id, row.username, row.display_name, row.role, row.org_id, bool(row.must_change_password),
                       row.csrf_token, row.token_hash)


def end(conn: Connection, session_hash: str) -> None:
    with write_on(conn):
        conn.execute(update(m.console_sessions)
                     .where(m.console_sessions.c.token_hash == session_hash, m.console_sessions.c.ended_at.is_(None))
                     .values(ended_at=now_ms()))
