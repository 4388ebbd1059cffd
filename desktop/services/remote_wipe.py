"""Asking the server "am I revoked?" without unlocking, and what a sync brings for the locked laptop.

`ask_server` uses the status credential of the plain device file (desktop/services/device_guard.py),
so it works at start, before anyone unlocks, and periodically while the application runs; it never
waits long (a short timeout: a laptop offline in the field must not notice it). `report_wiped` tells
the server afterwards. `fetch_me` / `keep_policies` / `ensure_status_credential` run in each sync
cycle: the office's policies and the credential of a laptop enrolled before protocol 3.
Qt-free; the window runs these on its network pool.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import httpx

from desktop.services.device_guard import DeviceGuard, load_guard, now_ms, record_contact, update_guard
from desktop.services.wipe import WipeResult, wipe_data_dir
from sync.client.errors import SyncError
from sync.client.transport import Transport
from sync.protocol import DevicePolicy, MeResponse, StatusTokenResponse

log = logging.getLogger(__name__)

# Long enough for a server under load to answer, short enough that nobody waits on it: the check runs
# in the background, and a laptop without a network learns nothing and carries on.
STATUS_TIMEOUT = httpx.Timeout(8.0, connect=3.0)


@dataclass(frozen=True)
class RemoteStatus:
    reached: bool       # the server answered
    wipe: bool = False  # it says this laptop is revoked or lost: destroy the local data
    lost: bool = False


def ask_server(data_dir: Path, timeout: httpx.Timeout | float = STATUS_TIMEOUT) -> RemoteStatus:
    """The server's answer to "am I revoked?", or `reached=False` (no credential, offline, any error)."""
    guard = load_guard(data_dir)
    if not guard.can_ask:
        return RemoteStatus(reached=False)
    try:
        with Transport(guard.server_url, device_id=guard.device_id, timeout=timeout) as transport:
            answer = transport.device_status(guard.status_token)
    except SyncError as exc:
        log.info("device status not known: %s", exc.code)
        return RemoteStatus(reached=False)
    record_contact(data_dir)
    return RemoteStatus(reached=True, wipe=answer.wipe or answer.state == "revoked", lost=answer.lost)


def report_wiped(guard: DeviceGuard, reason: str, timeout: httpx.Timeout | float = STATUS_TIMEOUT) -> bool:
    """Tell the server this laptop destroyed its data (the credential was read before the wipe)."""
    if not guard.can_ask:
        return False
    try:
        with Transport(guard.server_url, device_id=guard.device_id, timeout=timeout) as transport:
            transport.device_wiped(guard.status_token, reason)
    except SyncError as exc:
        log.info("wipe not reported: %s", exc.code)
        return False
    return True


def wipe_if_revoked(data_dir: Path, timeout: httpx.Timeout | float = STATUS_TIMEOUT) -> WipeResult | None:
    """Ask; if the server says this laptop is revoked or lost, destroy its data (key slots first) and tell
    the server. Returns what was wiped, or None (active, or the server could not be asked)."""
    if not ask_server(data_dir, timeout).wipe:
        return None
    return wipe_and_report(data_dir, "remote", timeout)


def wipe_and_report(data_dir: Path, reason: str, timeout: httpx.Timeout | float = STATUS_TIMEOUT,
                    store=None) -> WipeResult:
    """Wipe (the credential is read first: it is deleted with the rest), then tell the server, if it answers."""
    guard = load_guard(data_dir)
    result = wipe_data_dir(data_dir, store)
    report_wiped(guard, reason, timeout)
    return result


def fetch_me(transport: Transport) -> MeResponse | None:
    """GET /me: the caller's role and scope as the server decides them, the office's policies, the
    server's audit position. None from a server older than protocol 3 (it has no /me)."""
    if transport.protocol < 3:
        return None
    try:
        return transport.call("GET", "/api/v1/me", model=MeResponse)
    except SyncError as exc:
        if exc.status in (404, 426):
            return None
        raise


def keep_policies(data_dir: Path, policy: DevicePolicy) -> None:
    """The office's policies where the locked laptop can read them; a sync is contact with the server.
    One write of the device file for both (each write is two fsyncs)."""
    update_guard(data_dir, wipe_after_failed_unlocks=policy.wipe_after_failed_unlocks or None,
                 lockout_after_days=policy.lockout_after_days or None, last_contact_ms=now_ms())


def ensure_status_credential(transport: Transport, data_dir: Path) -> bool:
    """A laptop enrolled before protocol 3 has no status credential: ask for one (the old one, if any,
    stops working). Returns whether one was issued now."""
    guard = load_guard(data_dir)
    if guard.can_ask and guard.device_id == transport.device_id:
        return False
    issued = transport.call("POST", "/api/v1/device/status-token", model=StatusTokenResponse)
    update_guard(data_dir, server_url=transport.base_url, device_id=transport.device_id,
                 status_token=issued.status_token)
    return True


class MeUnavailable(SyncError):
    """GET /me failed this cycle (the records synced): the audit log waits for the next cycle."""

    code = "me_unavailable"
    transient = True
    uk = ("Сервер не відповів на запит про користувача, тому журнал аудиту цього разу не надіслано. "
          "Він залишається на комп'ютері й піде з наступною синхронізацією.")
    en = ("The server did not answer who the user is, so the audit log was not sent this time. It stays on "
          "this computer and goes with the next sync.")


def refresh_after_sync(transport: Transport, data_dir: Path) -> tuple[MeResponse | None, SyncError | None]:
    """What a sync cycle does for the locked laptop; never stops the sync. (me, None) when the server
    answered, (None, None) from a server without /me (protocol < 3), (None or me, error) when it failed:
    the caller says so (the audit log cannot be sent without the server's position in it)."""
    try:
        me = fetch_me(transport)
    except SyncError as exc:
        log.warning("GET /me failed: %s", exc.code)
        return None, MeUnavailable(exc.code)
    if me is None:
        return None, None
    try:
        keep_policies(data_dir, me.policy)
        ensure_status_credential(transport, data_dir)
    except (SyncError, OSError) as exc:
        log.warning("office policies not refreshed: %s", type(exc).__name__)
    return me, None
