"""The office directory of the caller's scope (sync.directory): offices and colleagues, no case data."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from sync.directory import Colleague, DirectoryOffice, OfficeDirectory
from sync.server import models as m
from sync.server.deps import ConnDep, SyncCallerDep
from sync.server.scope import SYNC_ROLES

router = APIRouter(tags=["directory"])


@router.get("/directory", response_model=OfficeDirectory)
def directory(conn: ConnDep, who: SyncCallerDep) -> OfficeDirectory:
    orgs = m.organisations.c
    offices = conn.execute(select(orgs.id, orgs.name, orgs.katottg, orgs.parent_id)
                           .where(orgs.id.in_(sorted(who.scope))).order_by(orgs.name)).all()
    # The offices' own staff, and the district users of their raions (they work on those cases too).
    staff_orgs = {o.id for o in offices} | {o.parent_id for o in offices if o.parent_id}
    users = m.users.c
    people = conn.execute(select(users.username, users.display_name, users.role, users.org_id)
                          .where(users.org_id.in_(sorted(staff_orgs)), users.active.is_(True),
                                 users.role.in_(sorted(SYNC_ROLES)))
                          .order_by(users.username)).all()
    return OfficeDirectory(
        offices=[DirectoryOffice(id=o.id, name=o.name, katottg=o.katottg, raion_id=o.parent_id) for o in offices],
        people=[Colleague(username=p.username, display_name=p.display_name, role=p.role, org_id=p.org_id)
                for p in people])
