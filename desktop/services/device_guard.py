"""What a laptop must know while its database is locked: the status credential and the office's policies.

The encrypted store cannot be read before someone unlocks it, yet two things must work before that:
asking the server "am I revoked?" (and wiping if so), and the office's policies (wipe after N failed
unlocks, refuse to unlock after D days without contact with the server). So one small plain file beside
the store, `device-status.json`, holds exactly what they need and nothing personal:

- the status credential issued at enrolment (`Authorization: Status <device_id>.<token>`), which the
  server accepts only for "am I revoked?" and "I wiped myself" (docs/sync-protocol.md): useless for
  anything else, so keeping it in the clear gives nothing away;
- the policies as the server last sent them with `/me`, the time of the last contact with the server,
  and the count of failed unlocks in a row on this laptop (any user).

Someone who can edit this file can also copy the encrypted database and guess passwords offline, so the
policies here guard the keyboard, not the disk (the key slots' Argon2id guards the disk). Nothing heavy
is imported: the unlock window reads this before the store's modules are loaded (benchmarks/startup.py).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from sync.atomic import write_atomic

log = logging.getLogger(__name__)

DEVICE_FILE = "device-status.json"
DAY_MS = 86_400_000
_lock = threading.Lock()  # read-modify-write from the GUI thread, the database worker and the network pool


@dataclass
class DeviceGuard:
    server_url: str = ""
    device_id: str = ""
    status_token: str = ""
    wipe_after_failed_unlocks: int | None = None  # None: never (the default of every office)
    lockout_after_days: int | None = None         # None: never
    last_contact_ms: int | None = None            # this laptop's clock, when the server last answered
    failed_unlocks: int = 0                       # wrong passwords in a row, any user

    @property
    def can_ask(self) -> bool:
        """Whether this laptop holds a status credential (an enrolled laptop, enrolled with protocol 3)."""
        return bool(self.server_url and self.device_id and self.status_token)


@dataclass(frozen=True)
class Lockout:
    days_without_contact: int
    limit_days: int


class LockedOut(Exception):
    """The office's policy: too many days without contact with the server; unlocking is refused."""

    def __init__(self, lockout: Lockout):
        self.lockout = lockout
        super().__init__(f"no contact with the server for {lockout.days_without_contact} days "
                         f"(the office allows {lockout.limit_days})")


class WipedAfterFailedUnlocks(Exception):
    """The office's policy: this many wrong passwords in a row destroyed the local data."""

    def __init__(self, failures: int, guard: DeviceGuard):
        self.failures = failures
        self.guard = guard  # the credential, read before the wipe, to tell the server
        super().__init__(f"local data wiped after {failures} failed unlocks")


@contextmanager
def no_guard_writes() -> Iterator[None]:
    """Held while a wipe deletes the folder's files: a status check that finishes meanwhile (the window asks the
    server "am I revoked?" in the background) cannot write the status credential back after the wipe."""
    with _lock:
        yield


def guard_path(data_dir: Path) -> Path:
    return Path(data_dir) / DEVICE_FILE


def load_guard(data_dir: Path) -> DeviceGuard:
    try:
        raw = json.loads(guard_path(data_dir).read_text("utf-8"))
    except FileNotFoundError:
        return DeviceGuard()
    except (OSError, ValueError):
        log.warning("device status file unreadable; treated as empty")
        return DeviceGuard()
    if not isinstance(raw, dict):
        return DeviceGuard()
    known = {f.name: f for f in fields(DeviceGuard)}
    guard = DeviceGuard(**{k: v for k, v in raw.items() if k in known})
    if not isinstance(guard.failed_unlocks, int):
        guard.failed_unlocks = 0
    for name in ("wipe_after_failed_unlocks", "lockout_after_days", "last_contact_ms"):
        value = getattr(guard, name)
        if value is not None and (not isinstance(value, int) or value < 0):
            setattr(guard, name, None)
    return guard


def save_guard(data_dir: Path, guard: DeviceGuard) -> None:
    data_dir = Path(data_dir)
    if not data_dir.is_dir():  # wiped meanwhile: nothing to keep
        return
    write_atomic(guard_path(data_dir), json.dumps(asdict(guard), indent=1).encode())


def update_guard(data_dir: Path, **changes) -> DeviceGuard:
    with _lock:
        guard = load_guard(data_dir)
        for key, value in changes.items():
            setattr(guard, key, value)
        save_guard(data_dir, guard)
        return guard


def now_ms() -> int:
    return int(time.time() * 1000)


def record_contact(data_dir: Path, at_ms: int | None = None) -> None:
    """The server answered: the lockout's clock starts again."""
    if guard_path(data_dir).exists():
        update_guard(data_dir, last_contact_ms=at_ms if at_ms is not None else now_ms())


def set_policy(data_dir: Path, wipe_after_failed_unlocks: int | None, lockout_after_days: int | None) -> DeviceGuard:
    return update_guard(data_dir, wipe_after_failed_unlocks=wipe_after_failed_unlocks or None,
                        lockout_after_days=lockout_after_days or None)


def lockout(guard: DeviceGuard, at_ms: int | None = None) -> Lockout | None:
    """The lockout in force, if the office has one and the last contact is older than it allows."""
    if not guard.lockout_after_days or guard.last_contact_ms is None:
        return None
    days = ((at_ms if at_ms is not None else now_ms()) - guard.last_contact_ms) // DAY_MS
    return Lockout(int(days), guard.lockout_after_days) if days >= guard.lockout_after_days else None


def record_failed_unlock(data_dir: Path) -> DeviceGuard:
    with _lock:
        guard = load_guard(data_dir)
        guard.failed_unlocks += 1
        save_guard(data_dir, guard)
        return guard


def clear_failed_unlocks(data_dir: Path) -> None:
    with _lock:
        guard = load_guard(data_dir)
        if guard.failed_unlocks:
            guard.failed_unlocks = 0
            save_guard(data_dir, guard)


def unlock_with_policies(data_dir: Path, username: str, password: str, *,
                         on_migrating: Callable[[], None] | None = None):
    """Unlock the store as the office's policies allow: the one way the window and `poruch` unlock.

    Raises LockedOut before trying a password when the laptop has been out of contact for longer than
    the policy allows; on a wrong password counts the failure and, at the policy's limit, destroys the
    local data (key slots first) and raises WipedAfterFailedUnlocks. Otherwise what unlock_store raises.
    """
    from desktop.store.keyslots import WrongPassword
    from desktop.store.store import unlock_store

    guard = load_guard(data_dir)
    held = lockout(guard)
    if held is not None:
        raise LockedOut(held)
    try:
        store = unlock_store(data_dir, username, password, on_migrating=on_migrating)
    except WrongPassword:
        guard = record_failed_unlock(data_dir)
        limit = guard.wipe_after_failed_unlocks
        if limit and guard.failed_unlocks >= limit:
            from desktop.services.wipe import wipe_data_dir

            wipe_data_dir(data_dir)
            raise WipedAfterFailedUnlocks(guard.failed_unlocks, guard) from None
        raise
    clear_failed_unlocks(data_dir)
    return store
