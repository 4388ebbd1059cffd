"""Enrolling a laptop with a server: the device credential, then the local store bound to its office.

One implementation for the first-run wizard, `poruch enroll` and the demo.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from desktop.store.store import OpenStore, create_store
from sync.client.transport import Transport
from sync.protocol import EnrollResponse


def enroll_store(data_dir: Path, server_url: str, username: str, password: str,
                 device_name: str) -> tuple[OpenStore, EnrollResponse]:
    """Enrol with the server, then create the local store bound to its office and this device.

    The same password opens the local key slot. Raises SyncError (nothing created) if the server
    says no; the caller then pulls the scope.
    """
    with Transport(server_url) as transport:
        resp = transport.enroll(username, password, device_name)
        # The server stamps its time as it answers, after its deliberately slow password check:
        # compare with the moment the answer arrived (off by its travel time only), not with the
        # middle of the round trip (off by half of that check, ~0.3 s).
        offset = int(resp.server_time_ms - time.time() * 1000)
    meta: dict[str, Any] = {
        "mode": "enrolled", "server_url": transport.base_url, "device_id": resp.device_id,
        "device_secret": resp.device_secret, "device_name": device_name, "user_token": resp.user_token,
        "user_tokens": {username: resp.user_token}, "scope": resp.scope.model_dump(),
        "office_katottg": resp.office.katottg, "clock_offset_ms": offset}
    store = create_store(data_dir, username, password, display_name=resp.user.display_name, role=resp.user.role,
                         office_id=resp.office.id, office_name=resp.office.name, meta=meta)
    return store, resp


def enroll_device(data_dir: Path, server_url: str, username: str, password: str, device_name: str) -> OpenStore:
    return enroll_store(data_dir, server_url, username, password, device_name)[0]
