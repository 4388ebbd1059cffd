"""The organisation tree (oblast → raion → hromada → offices): create, rename and close offices."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from sync.reference import get_codifier
from sync.reference.codifier import is_valid_code_format
from sync.server import models as m
from sync.server.admin_ops import audit
from sync.server.console.guard import AdminAction, AdminPage, Csrf
from sync.server.console.i18n import N_
from sync.server.console.render import render
from sync.server.console.routes.common import back
from sync.server.db import write_on
from sync.server.deps import ConnDep
from sync.server.orgs import OfficeNotEmpty, OrgError, close_office, create_office, org_tree, rename_office
from sync.text import uk_sort_key

router = APIRouter(prefix="/offices", tags=["console"], default_response_class=HTMLResponse)

Name = Annotated[str, Form(max_length=300)]
Place = Annotated[str, Form(max_length=200)]

DONE = {"created": N_("Офіс створено."), "renamed": N_("Офіс перейменовано."), "closed": N_("Офіс закрито.")}
NOT_EMPTY = {"cases": N_("Офіс не можна закрити: у ньому ще %(count)s справ. Спершу передайте їх іншому офісу."),
             "transfers": N_("Офіс не можна закрити: до нього ще чекають відповіді %(count)s передач справ. "
                             "Нехай офіс-відправник їх відкличе або дочекайтеся відповіді."),
             "users": N_("Офіс не можна закрити: у ньому ще %(count)s активних користувачів. "
                         "Перемістіть їх до іншого офісу або вимкніть.")}
UNKNOWN_PLACE = N_("Такої громади чи населеного пункту в кодифікаторі не знайдено.")
NOT_A_PLACE = N_("Офіс належить до громади чи населеного пункту, а не до області чи району.")
NAME_REQUIRED = N_("Вкажіть назву офісу (до 300 символів).")


def _counts(conn) -> tuple[dict[str, int], dict[str, int]]:
    """Active users and non-deleted cases of each office."""
    u, r = m.users.c, m.records.c
    users = dict(conn.execute(select(u.org_id, func.count()).where(u.active.is_(True)).group_by(u.org_id)).all())
    cases = dict(conn.execute(select(r.office_id, func.count()).where(r.type == "case", r.deleted.is_(False))
                              .group_by(r.office_id)).all())
    return users, cases


def _hromada_of(codifier, code: str | None) -> str | None:
    return next((u.code for u in codifier.path(code or "") if u.level == 3), code)


def _group_by_hromada(tree: list[dict], codifier) -> list[dict]:
    """Each raion's offices grouped under their hromada (a hromada may run several offices)."""
    for oblast in tree:
        for raion in oblast["children"]:
            groups: dict[str | None, list] = {}
            for office in raion["children"]:
                hromada = _hromada_of(codifier, office["katottg"])
                # A settlement's office names its settlement; one of the hromada itself needs no repeat.
                office["place"] = codifier.label(office["katottg"]) if office["katottg"] != hromada else ""
                groups.setdefault(hromada, []).append(office)
            raion["hromadas"] = sorted(((codifier.label(code) if code else "", offices)
                                        for code, offices in groups.items()), key=lambda g: uk_sort_key(g[0]))
    return tree


def _page(request: Request, conn, *, status: int = 200, error: str | None = None, error_args: dict | None = None,
          name: str = "", place: str = "", choices: list | None = None) -> Response:
    users, cases = _counts(conn)
    codifier = get_codifier()
    return render(request, "offices.html", status_code=status, section="offices",
                  tree=_group_by_hromada(org_tree(conn), codifier), users=users,
                  cases=cases, codifier=codifier, error=error, error_args=error_args or {}, name=name, place=place,
                  choices=choices or [], done=DONE.get(request.query_params.get("done", "")))


@router.get("", summary="Organisation tree")
def offices(request: Request, conn: ConnDep, user: AdminPage) -> Response:
    return _page(request, conn)


@router.post("", summary="Create an office")
def create(request: Request, conn: ConnDep, user: AdminAction, name: Name, place: Place, csrf_token: Csrf = "") -> Response:
    name, place = " ".join(name.split()), place.strip()
    if not name:
        return _page(request, conn, status=422, error=NAME_REQUIRED, place=place)
    codifier = get_codifier()
    code = place.upper() if is_valid_code_format(place.upper()) else None
    if code is None:
        found = codifier.search(place, levels=(3, 4), limit=12) if place else []
        if len(found) != 1:
            # Several places share a name: the administrator picks one (its raion and oblast are shown).
            return _page(request, conn, status=422 if not found else 200, name=name, place=place,
                         error=UNKNOWN_PLACE if not found else None,
                         choices=[(u.code, codifier.label(u.code)) for u in found])
        code = found[0].code
    unit = codifier.get(code)
    if unit is None:
        return _page(request, conn, status=422, error=UNKNOWN_PLACE, name=name, place=place)
    if unit.category in ("O", "P"):
        return _page(request, conn, status=422, error=NOT_A_PLACE, name=name, place=place)
    try:
        with write_on(conn, lock=True):  # the raion and oblast are created on first use: one writer at a time
            office_id = create_office(conn, name, code, codifier)
            audit(conn, "create_office", {"office": office_id}, user_id=user.user_id)
    except OrgError:
        return _page(request, conn, status=422, error=NAME_REQUIRED, name=name, place=place)
    return back("/console/offices", done="created")


@router.post("/{office_id}/rename", summary="Rename an office")
def rename(request: Request, office_id: str, conn: ConnDep, user: AdminAction, name: Name, csrf_token: Csrf = "") -> Response:
    try:
        with write_on(conn):
            rename_office(conn, office_id, name)
            audit(conn, "rename_office", {"office": office_id}, user_id=user.user_id)
    except OrgError:
        return _page(request, conn, status=422, error=NAME_REQUIRED)
    return back("/console/offices", done="renamed")


@router.post("/{office_id}/close", summary="Close an empty office")
def close(request: Request, office_id: str, conn: ConnDep, user: AdminAction, csrf_token: Csrf = "") -> Response:
    try:
        with write_on(conn, lock=True):  # no push moves a case into it meanwhile
            close_office(conn, office_id)
            audit(conn, "close_office", {"office": office_id}, user_id=user.user_id)
    except OfficeNotEmpty as exc:
        return _page(request, conn, status=409, error=NOT_EMPTY[exc.what], error_args={"count": exc.count})
    except OrgError:
        return _page(request, conn, status=404, error=UNKNOWN_PLACE)
    return back("/console/offices", done="closed")
