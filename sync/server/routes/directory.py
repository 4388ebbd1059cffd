"""The office directory of the caller's scope (sync.directory): offices and colleagues, no case data."""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy import select

from sync.directory import Colleague, DirectoryOffice, OfficeDirectory
from sync.records.permissions import may_transfer
from sync.server import models as m
from sync.server.deps import ConnDep, SyncCallerDep
from sync.server.scope import SYNC_ROLES
from sync.text import fold_for_search, uk_sort_key

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
    targets = []
    if may_transfer(who.caller.role):
        raions = sorted({o.parent_id for o in offices if o.parent_id})
        targets = conn.execute(select(orgs.id, orgs.name, orgs.katottg, orgs.parent_id).where(
            orgs.parent_id.in_(raions), orgs.kind == "office", orgs.closed_at.is_(None))).all()
    return OfficeDirectory(
        offices=[DirectoryOffice(id=o.id, name=o.name, katottg=o.katottg, raion_id=o.parent_id) for o in offices],
        people=[Colleague(username=p.username, display_name=p.display_name, role=p.role, org_id=p.org_id)
                for p in people],
        transfer_targets=[DirectoryOffice(id=o.id, name=o.name, raion_id=o.parent_id)
                          for o in sorted(targets, key=lambda o: uk_sort_key(o.name))])


MAX_OFFICE_MATCHES = 50


@router.get("/directory/offices", response_model=list[DirectoryOffice])
def search_offices(conn: ConnDep, who: SyncCallerDep,
                   q: str = Query(min_length=2, max_length=100)) -> list[DirectoryOffice]:
    """Open offices anywhere whose name contains `q` (case and apostrophes folded): a transfer to an
    office of another district. Names and ids only."""
    orgs = m.organisations.c
    wanted = fold_for_search(q)
    rows = conn.execute(select(orgs.id, orgs.name, orgs.parent_id)
                        .where(orgs.kind == "office", orgs.closed_at.is_(None))).all()
    found = sorted((r for r in rows if wanted in fold_for_search(r.name)), key=lambda r: uk_sort_key(r.name))
    return [DirectoryOffice(id=r.id, name=r.name, raion_id=r.parent_id) for r in found[:MAX_OFFICE_MATCHES]]
