"""Fetching and keeping the office directory (sync.directory) after a sync cycle.

Best effort: the directory only puts names to user names and lists whom a case can be handed to,
so a failure here is logged and the last copy kept; it never fails a sync.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from sync.client import errors as e
from sync.client.transport import Transport
from sync.directory import DirectoryOffice, OfficeDirectory

log = logging.getLogger(__name__)

STATE_KEY = "directory"


def fetch_directory(transport: Transport) -> OfficeDirectory:
    return transport.call("GET", "/api/v1/directory", model=OfficeDirectory)


def refresh_directory(transport: Transport, replica: Any) -> OfficeDirectory | None:
    """Fetch the directory and keep it in the replica's state; None (and the old copy kept) on failure."""
    try:
        directory = fetch_directory(transport)
    except e.SyncError as exc:
        log.info("office directory not refreshed: %s", getattr(exc, "code", type(exc).__name__))
        return None
    data = directory.model_dump()
    try:
        if replica.get_state(STATE_KEY) != data:  # most cycles it is unchanged: no durable write for nothing
            replica.set_state(STATE_KEY, data)
    except Exception:  # the store was locked meanwhile: the next sync brings it again
        log.warning("office directory not kept", exc_info=True)
        return None
    return directory


def search_offices(transport: Transport, query: str) -> list[DirectoryOffice]:
    """Open offices anywhere whose name contains `query` (a transfer outside one's district; online only)."""
    found = transport.call("GET", "/api/v1/directory/offices?" + urlencode({"q": query}))
    return [DirectoryOffice.model_validate(o) for o in found]
