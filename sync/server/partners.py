"""The national directory of referral partners on the server (sync.partners): administrators add, edit,
retire and import entries (`poruch-server partners`, the console's Partners page); laptops fetch it
after a sync (`GET /api/v1/partners`) and skip it when their copy's version is current. Every change
goes into the server's audit log. An office's own local providers are records (local_partner), not here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import Connection, func, insert, select, update

from sync.partners import ImportLine, Partner, PartnerDirectory, PartnerError, clean, parse_csv, service_codes
from sync.server import models as m
from sync.server.admin_ops import audit
from sync.server.db import now_ms
from sync.server.deps import ConnDep, SyncCallerDep
from sync.text import uk_sort_key

router = APIRouter(tags=["partners"])
EDITABLE = ("name", "kind", "services", "territories", "phone", "email", "address", "website", "notes")


def _row_partner(r) -> Partner:
    return Partner(code=r.code, name=r.name, kind=r.kind, services=json.loads(r.services),
                   territories=json.loads(r.territories), phone=r.phone, email=r.email, address=r.address,
                   website=r.website, notes=r.notes, retired=r.retired_at is not None)


def list_partners(conn: Connection, *, retired: bool = True) -> list[Partner]:
    p = m.partners.c
    query = select(m.partners)
    if not retired:
        query = query.where(p.retired_at.is_(None))
    found = [_row_partner(r) for r in conn.execute(query)]
    return sorted(found, key=lambda x: (uk_sort_key(x.name), x.code))  # one order on both backends


def get_partner(conn: Connection, code: str) -> Partner | None:
    row = conn.execute(select(m.partners).where(m.partners.c.code == code)).first()
    return _row_partner(row) if row else None


def version(conn: Connection) -> str:
    """Changes whenever an entry is added, edited, retired or restored (times are never set back)."""
    p = m.partners.c
    count, last = conn.execute(select(func.count(), func.max(p.updated_at))).one()
    return f"{count}.{last or 0}"


def _values(partner: Partner) -> dict:
    return {"name": partner.name, "kind": partner.kind, "services": json.dumps(partner.services, ensure_ascii=False),
            "territories": json.dumps(partner.territories), "phone": partner.phone, "email": partner.email,
            "address": partner.address, "website": partner.website, "notes": partner.notes}


def add_partner(conn: Connection, entry: dict, *, by: str | None) -> Partner:
    """A new national entry; PartnerError when invalid or its code is taken."""
    partner = clean({**entry, "local_office": None, "retired": False}, set(service_codes()))
    if get_partner(conn, partner.code) is not None:
        raise PartnerError(f"код {partner.code} уже є / code {partner.code} already exists")
    now = now_ms()
    conn.execute(insert(m.partners).values(code=partner.code, created_at=now, updated_at=now, updated_by=by,
                                           **_values(partner)))
    audit(conn, "partner_added", {"code": partner.code}, user_id=by)
    return partner


def edit_partner(conn: Connection, code: str, changes: dict, *, by: str | None) -> Partner:
    """Changes to the named fields of an entry (the others stay); KeyError when there is no such entry."""
    current = get_partner(conn, code)
    if current is None:
        raise KeyError(code)
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise PartnerError(f"поля не змінюються / fields cannot be changed: {', '.join(unknown)}")
    partner = clean({**current.model_dump(), **changes}, set(service_codes()))
    changed = sorted(k for k in EDITABLE if getattr(partner, k) != getattr(current, k))
    if changed:
        conn.execute(update(m.partners).where(m.partners.c.code == code)
                     .values(updated_at=_later(conn, code), updated_by=by, **_values(partner)))
        audit(conn, "partner_edited", {"code": code, "fields": changed}, user_id=by)
    return partner


def retire_partner(conn: Connection, code: str, *, by: str | None, retired: bool = True) -> bool:
    """Retire (or restore) an entry: laptops stop offering it; services already referred keep its name.
    False when it was already so; KeyError when there is no such entry."""
    current = get_partner(conn, code)
    if current is None:
        raise KeyError(code)
    if current.retired == retired:
        return False
    conn.execute(update(m.partners).where(m.partners.c.code == code).values(
        retired_at=now_ms() if retired else None, updated_at=_later(conn, code), updated_by=by))
    audit(conn, "partner_retired" if retired else "partner_restored", {"code": code}, user_id=by)
    return True


def _later(conn: Connection, code: str) -> int:
    """Now, or one past the newest change when the clock did not move: the version must change."""
    last = conn.execute(select(func.max(m.partners.c.updated_at))).scalar() or 0
    return max(now_ms(), last + 1)


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


def import_csv(conn: Connection, data: bytes, *, by: str | None) -> ImportReport:
    """Add or update national entries from a CSV (sync.partners.CSV_COLUMNS). All or nothing: a file with
    any bad line changes nothing and the report lists every bad line. PartnerError for an unusable file."""
    lines: list[ImportLine] = parse_csv(data, set(service_codes()))
    report = ImportReport(problems=[(x.line, x.problem) for x in lines if x.problem])
    codes = [x.partner.code for x in lines if x.partner]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    report.problems += [(0, f"код повторюється / code repeated: {c}") for c in repeated]
    if report.problems or not lines:
        if not lines:
            report.problems.append((0, "жодного рядка / no rows"))
        return report
    for line in lines:
        partner = line.partner
        assert partner is not None
        current = get_partner(conn, partner.code)
        if current is None:
            add_partner(conn, partner.model_dump(), by=by)
            report.added.append(partner.code)
            continue
        before = current.model_dump(include=set(EDITABLE))
        edit_partner(conn, partner.code, partner.model_dump(include=set(EDITABLE)), by=by)
        if before != partner.model_dump(include=set(EDITABLE)):
            report.updated.append(partner.code)
        else:
            report.unchanged += 1
    return report


@router.get("/partners", response_model=PartnerDirectory, summary="The national directory of referral partners")
def partners(conn: ConnDep, who: SyncCallerDep,
             known: Annotated[str, Query(max_length=40)] = "") -> PartnerDirectory:
    """Every national entry, retired ones included (marked); `known`: the version the laptop holds, answered
    with `unchanged` and no entries when it is still current."""
    current = version(conn)
    if known and known == current:
        return PartnerDirectory(version=current, unchanged=True)
    return PartnerDirectory(version=current, partners=list_partners(conn))
