"""Roles and scope: which offices a caller sees, and what each role may do there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from sync.server.orgs import offices_under

ROLES = ("caseworker", "supervisor", "district", "analyst", "administrator")
# Roles that hold personal data on a laptop and sync it. Analysts and administrators do not:
# they get no personal data by default.
SYNC_ROLES = frozenset({"caseworker", "supervisor", "district"})
# Moving a case to another office (changing the case's office_id).
TRANSFER_ROLES = frozenset({"supervisor", "district"})
# The org level a user of each role belongs to.
ROLE_ORG_KIND = {"caseworker": "office", "supervisor": "office", "district": "raion",
                 "analyst": "ministry", "administrator": "ministry"}


@dataclass(frozen=True)
class Caller:
    """An authenticated request: the enrolled device and the person using it."""

    device_id: str
    device_org_id: str
    user_id: str
    username: str
    display_name: str
    role: str
    user_org_id: str

    def can_sync(self) -> bool:
        return self.role in SYNC_ROLES


def effective_scope(conn: Connection, caller: Caller) -> frozenset[str]:
    """Offices both the device was enrolled for and the user belongs to (recomputed per request,
    so a user moved to another office or a new office in a district takes effect at once)."""
    device_offices = set(offices_under(conn, caller.device_org_id))
    if caller.user_org_id == caller.device_org_id:
        return frozenset(device_offices)
    return frozenset(device_offices & set(offices_under(conn, caller.user_org_id)))


def user_covers_device(conn: Connection, user_org_id: str, device_org_id: str) -> bool:
    """A person may work on a laptop only if they may see everything the laptop holds."""
    if user_org_id == device_org_id:
        return True
    return set(offices_under(conn, device_org_id)) <= set(offices_under(conn, user_org_id))
