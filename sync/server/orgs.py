"""The organisation tree (ministry → oblast → raion → office) built from the KATOTTG codifier."""

from __future__ import annotations

from sqlalchemy import Connection, func, insert, select, update

from sync.records.ids import new_id
from sync.server import models as m
from sync.server.db import now_ms
from sync.text import uk_sort_key

MINISTRY_NAME = "Міністерство соціальної політики, сім'ї та єдності України"
ORG_KINDS = ("ministry", "oblast", "raion", "office")


class OrgError(ValueError):
    pass


def _find(conn: Connection, kind: str, katottg: str | None):
    query = select(m.organisations).where(m.organisations.c.kind == kind)
    if katottg is not None:
        query = query.where(m.organisations.c.katottg == katottg)
    return conn.execute(query.limit(1)).first()


def _ensure(conn: Connection, kind: str, name: str, katottg: str | None, parent_id: str | None) -> str:
    row = _find(conn, kind, katottg)
    if row is not None:
        return row.id
    org_id = new_id()
    conn.execute(insert(m.organisations).values(id=org_id, kind=kind, name=name, katottg=katottg,
                                                parent_id=parent_id, created_at=now_ms()))
    return org_id


def ensure_ministry(conn: Connection) -> str:
    return _ensure(conn, "ministry", MINISTRY_NAME, None, None)


def ensure_raion(conn: Connection, code: str, codifier=None) -> str:
    """The raion (district administration) org of a codifier raion code, with its oblast, on demand.

    A city with special status (Kyiv, Sevastopol) has no raion level: the city itself acts as
    both the oblast and the district administration.
    """
    codifier = codifier or _codifier()
    unit = codifier.get(code)
    if unit is None or unit.category not in ("P", "K"):
        raise OrgError(f"{code}: not a raion (or city with special status) of the codifier")
    path = codifier.path(code)
    oblast_unit = path[0]
    ministry = ensure_ministry(conn)
    oblast = _ensure(conn, "oblast", oblast_unit.short_label, oblast_unit.code, ministry)
    return _ensure(conn, "raion", unit.short_label, unit.code, oblast)


def raion_code_of(code: str, codifier=None) -> str:
    codifier = codifier or _codifier()
    path = codifier.path(code)
    if not path:
        raise OrgError(f"{code}: unknown KATOTTG code")
    for unit in path:
        if unit.category == "P":
            return unit.code
    return path[0].code  # a city with special status


def create_office(conn: Connection, name: str, katottg: str, codifier=None) -> str:
    """A new office under its raion (created on demand); its katottg is a hromada or settlement."""
    codifier = codifier or _codifier()
    unit = codifier.get(katottg)
    if unit is None:
        raise OrgError(f"{katottg}: unknown KATOTTG code")
    if unit.category in ("O", "P"):
        raise OrgError(f"{katottg}: an office's code is a hromada or settlement, not an oblast or raion")
    name = _office_name(name)
    raion = ensure_raion(conn, raion_code_of(katottg, codifier), codifier)
    office_id = new_id()
    conn.execute(insert(m.organisations).values(id=office_id, kind="office", name=name, katottg=katottg,
                                                parent_id=raion, created_at=now_ms()))
    return office_id


def _office_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name or len(name) > 300:
        raise OrgError("an office's name must be 1 to 300 characters")
    return name


def rename_office(conn: Connection, office_id: str, name: str) -> None:
    office = get_org(conn, office_id)
    if office is None or office.kind != "office":
        raise OrgError("no such office")
    conn.execute(update(m.organisations).where(m.organisations.c.id == office_id).values(name=_office_name(name)))


def close_office(conn: Connection, office_id: str) -> None:
    """Close an office that holds nothing any more: its cases transferred, no transfer waiting to come in,
    its users moved or disabled.

    A closed office keeps its history (audit, records it once held stay attributed); it takes no new
    users and is shown apart in the organisation tree.
    """
    office = get_org(conn, office_id)
    if office is None or office.kind != "office":
        raise OrgError("no such office")
    if office.closed_at is not None:
        return
    r, u = m.records.c, m.users.c
    cases = conn.execute(select(func.count()).select_from(m.records)
                         .where(r.office_id == office_id, r.type == "case", r.deleted.is_(False))).scalar_one()
    if cases:
        raise OfficeNotEmpty("cases", cases)
    # A transfer waiting to come in would move its case into the closed office when accepted (a district
    # user can still accept it). One past its time is expiring, not waiting (sync.server.transfers).
    t = m.transfers.c
    waiting = conn.execute(select(func.count()).select_from(m.transfers).where(
        t.to_office == office_id, t.state == "pending", t.expires_at > now_ms())).scalar_one()
    if waiting:
        raise OfficeNotEmpty("transfers", waiting)
    users = conn.execute(select(func.count()).select_from(m.users)
                         .where(u.org_id == office_id, u.active.is_(True))).scalar_one()
    if users:
        raise OfficeNotEmpty("users", users)
    conn.execute(update(m.organisations).where(m.organisations.c.id == office_id).values(closed_at=now_ms()))


class OfficeNotEmpty(OrgError):
    """What still keeps an office from closing: `what` is "cases", "transfers" (pending into it) or "users",
    `count` how many."""

    def __init__(self, what: str, count: int):
        super().__init__(f"the office still has {count} {what}")
        self.what = what
        self.count = count


def org_tree(conn: Connection) -> list[dict]:
    """Every oblast with its raions and their offices (closed ones included, marked), sorted by name."""
    o = m.organisations.c
    rows = conn.execute(select(o.id, o.kind, o.name, o.katottg, o.parent_id, o.closed_at)
                        .where(o.kind != "ministry")).all()
    children: dict[str | None, list] = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)

    def node(row) -> dict:
        kids = sorted(children.get(row.id, []), key=lambda r: (r.closed_at is not None, uk_sort_key(r.name)))
        return {"id": row.id, "kind": row.kind, "name": row.name, "katottg": row.katottg,
                "closed": row.closed_at is not None, "children": [node(k) for k in kids]}

    oblasts = sorted((r for r in rows if r.kind == "oblast"), key=lambda r: uk_sort_key(r.name))
    return [node(r) for r in oblasts]


def get_org(conn: Connection, org_id: str):
    return conn.execute(select(m.organisations).where(m.organisations.c.id == org_id)).first()


def offices_under(conn: Connection, org_id: str) -> list[str]:
    """Ids of the offices an org sees: itself for an office, every office below it otherwise."""
    org = get_org(conn, org_id)
    if org is None:
        return []
    if org.kind == "office":
        return [org.id]
    level = [org.id]
    offices: list[str] = []
    while level:  # at most three levels down: ministry → oblast → raion → office
        rows = conn.execute(select(m.organisations.c.id, m.organisations.c.kind)
                            .where(m.organisations.c.parent_id.in_(level))).all()
        offices += [r.id for r in rows if r.kind == "office"]
        level = [r.id for r in rows if r.kind != "office"]
    return sorted(offices)


def is_office(conn: Connection, org_id: str) -> bool:
    org = get_org(conn, org_id)
    return org is not None and org.kind == "office"


def _codifier():
    from sync.reference import get_codifier

    return get_codifier()
