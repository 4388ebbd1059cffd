"""Secrets: Argon2id password hashes, random tokens stored as SHA-256, and login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, and_, delete, insert, select

from sync.server import models as m

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so that a miss costs as long as a wrong password."""
    return _hasher.hash("poruch-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_hash(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class LoginLimits:
    window_ms: int
    max_user: int
    max_address: int


def login_retry_after(conn: Connection, limits: LoginLimits, username: str, address: str, now: int) -> int:
    """Seconds the caller must wait before another attempt, or 0 when an attempt is allowed.

    Only failures count; a success does not erase them (an attacker who also knows one valid
    password must not reset the counter for another account).
    """
    since = now - limits.window_ms
    waits = []
    for column, value, limit in ((m.login_attempts.c.username, username.lower(), limits.max_user),
                                 (m.login_attempts.c.address, address, limits.max_address)):
        # The limit-th most recent failure: once it ages out of the window, an attempt is allowed.
        at = conn.execute(
            select(m.login_attempts.c.at)
            .where(and_(column == value, m.login_attempts.c.at > since, m.login_attempts.c.success.is_(False)))
            .order_by(m.login_attempts.c.at.desc()).offset(limit - 1).limit(1)
        ).scalar()
        if at is not None:
            waits.append(max(1, (int(at) + limits.window_ms - now + 999) // 1000))
    return max(waits, default=0)


def record_login_attempt(conn: Connection, username: str, address: str, success: bool, now: int,
                         window_ms: int) -> None:
    conn.execute(insert(m.login_attempts).values(username=username.lower(), address=address, at=now,
                                                 success=success))
    # Old attempts are useless; prune occasionally so the table stays small.
    if secrets.randbelow(100) == 0:
        conn.execute(delete(m.login_attempts).where(m.login_attempts.c.at < now - 2 * window_ms))
