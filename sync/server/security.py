"""Secrets: Argon2id password hashes, random tokens stored as SHA-256, and login rate limiting."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, insert, select

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
    """Growing delays per (user name, address) after `free_failures` failures (delays_ms: the wait after
    each further one, the last repeated), and at most `max_address` failures per address in the window.
    There is no lockout per user name alone: guessing from one address never locks the person out
    at another (issue 9)."""

    window_ms: int
    free_failures: int
    delays_ms: tuple[int, ...]
    max_address: int


def login_retry_after_ms(conn: Connection, limits: LoginLimits, username: str, address: str, now: int) -> int:
    """Milliseconds the caller must wait before another attempt, or 0 when an attempt is allowed."""
    a = m.login_attempts.c
    name = username.lower()
    since = now - limits.window_ms
    # A success from this address starts the count again (the person got in); failures elsewhere do not count.
    last_success = conn.execute(select(func.max(a.at)).where(a.username == name, a.address == address,
                                                             a.success.is_(True), a.at > since)).scalar()
    count, last = conn.execute(select(func.count(), func.max(a.at))
                               .where(a.username == name, a.address == address, a.success.is_(False),
                                      a.at > max(since, last_success or 0))).one()
    waits = [0]
    if count >= limits.free_failures and limits.delays_ms:
        delay = limits.delays_ms[min(count - limits.free_failures, len(limits.delays_ms) - 1)]
        waits.append(int(last) + delay - now)
    # The limit-th most recent failure from this address: once it ages out of the window, an attempt is allowed.
    at = conn.execute(select(a.at).where(a.address == address, a.at > since, a.success.is_(False))
                      .order_by(a.at.desc()).offset(limits.max_address - 1).limit(1)).scalar()
    if at is not None:
        waits.append(int(at) + limits.window_ms - now)
    return max(waits)


def retry_after_s(wait_ms: int) -> int:
    """The Retry-After header's whole seconds (at least 1)."""
    return max(1, (wait_ms + 999) // 1000)


def record_login_attempt(conn: Connection, username: str, address: str, success: bool, now: int,
                         window_ms: int) -> None:
    conn.execute(insert(m.login_attempts).values(username=username.lower(), address=address, at=now,
                                                 success=success))
    # Old attempts are useless; prune occasionally so the table stays small.
    if secrets.randbelow(100) == 0:
        conn.execute(delete(m.login_attempts).where(m.login_attempts.c.at < now - 2 * window_ms))
