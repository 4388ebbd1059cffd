"""Fetching and keeping the national directory of referral partners (sync.partners) after a sync cycle.

Best effort like the office directory: a failure is logged and the last copy kept; it never fails a sync.
The laptop sends the version it holds, so an unchanged directory costs one small answer and no write.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from sync.client import errors as e
from sync.client.transport import Transport
from sync.partners import PartnerDirectory

log = logging.getLogger(__name__)

STATE_KEY = "partners"


def refresh_partners(transport: Transport, replica: Any) -> PartnerDirectory | None:
    """The directory when it changed (kept in the replica's state); None when unchanged or not fetched."""
    try:
        held = replica.get_state(STATE_KEY) or {}
        known = held.get("version", "") if isinstance(held, dict) else ""
        found = transport.call("GET", "/api/v1/partners?" + urlencode({"known": known}), model=PartnerDirectory)
    except e.SyncError as exc:
        log.info("partner directory not refreshed: %s", getattr(exc, "code", type(exc).__name__))
        return None
    if found.unchanged:
        return None
    try:
        replica.set_state(STATE_KEY, found.model_dump())
    except Exception:  # the store was locked meanwhile: the next sync brings it again
        log.warning("partner directory not kept", exc_info=True)
        return None
    return found
