"""The office directory: the offices and the people of a device's scope, as the server tells it.

Laptops know their own users from their key slots only; a case assigned to a colleague who works
on another laptop would show a bare user name, and a supervisor could not hand a case to someone
who never logged in here. The server knows everyone, so after a sync the client asks for the
directory of its scope (`GET /api/v1/directory`) and keeps it. It holds work names and roles,
never anything about the people served.
"""

from __future__ import annotations

from pydantic import BaseModel

# Roles a case can be assigned to (the others hold no case data).
ASSIGNABLE_ROLES = ("caseworker", "supervisor", "district")


class DirectoryOffice(BaseModel):
    id: str
    name: str
    katottg: str | None = None
    raion_id: str | None = None  # the district administration above it


class Colleague(BaseModel):
    username: str
    display_name: str = ""
    role: str
    org_id: str  # their office, or the raion of a district user


class OfficeDirectory(BaseModel):
    offices: list[DirectoryOffice]
    people: list[Colleague]
    # Offices a supervisor or district user of this scope may transfer a case to without searching:
    # the other open offices of their district(s). Names and ids only. (Others: GET /directory/offices?q=.)
    transfer_targets: list[DirectoryOffice] = []

    def names(self) -> dict[str, str]:
        return {p.username: p.display_name or p.username for p in self.people}

    def office_name(self, office_id: str | None) -> str | None:
        return next((o.name for o in self.offices if o.id == office_id), None)

    def assignable(self, office_id: str | None) -> list[Colleague]:
        """People a case of `office_id` may be assigned to: that office's staff and its district's."""
        raion = next((o.raion_id for o in self.offices if o.id == office_id), None)
        orgs = {office_id, raion} - {None}
        return [p for p in self.people if p.role in ASSIGNABLE_ROLES and p.org_id in orgs]
