"""Users: list, create (first password changed at first login), disable/re-enable, reset password,
change role, place (office or district) and display name."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from sync.server import accounts
from sync.server import models as m
from sync.server.admin_ops import AdminError, create_user
from sync.server.console.guard import AdminAction, AdminPage, Csrf, Refused
from sync.server.console.i18n import N_
from sync.server.console.render import render
from sync.server.console.routes.common import back
from sync.server.db import write_on
from sync.server.deps import ConnDep
from sync.server.scope import ROLES
from sync.text import uk_sort_key

router = APIRouter(prefix="/users", tags=["console"], default_response_class=HTMLResponse)

Short = Annotated[str, Form(max_length=100)]
Long = Annotated[str, Form(max_length=200)]
Id = Annotated[str, Form(max_length=40)]

DONE = {"created": N_("Користувача створено. Передайте йому ім'я та пароль: під час першого входу він змінить пароль."),
        "saved": N_("Зміни збережено."), "disabled": N_("Користувача вимкнено: його ноутбуки більше не синхронізуються для нього."),
        "enabled": N_("Користувача знову ввімкнено."),
        "reset": N_("Пароль скинуто. Передайте новий пароль користувачеві: під час входу він його змінить.")}
ERRORS = {
    "exists": N_("Користувач із таким іменем уже є."),
    "username": N_("Ім'я користувача: від 1 до 100 символів, без пробілів."),
    "password": N_("Пароль має містити від 8 до 200 символів і не збігатися з іменем користувача."),
    "office": N_("Для цієї ролі оберіть відкритий офіс."),
    "raion": N_("Для районної адміністрації оберіть район."),
    "role": N_("Невідома роль."),
    "name": N_("Ім'я: від 1 до 200 символів."),
    "self": N_("Власну роль змінити чи власний обліковий запис вимкнути не можна."),
}
NO_USER = N_("Такого користувача немає.")


def _error_key(exc: AdminError, role: str = "") -> str:
    text = str(exc)
    for needle, key in (("exists already", "exists"), ("user name", "username"), ("password", "password"),
                        ("district", "raion"), ("closed", "office"), ("--office", "office"), ("unknown role", "role"),
                        ("display name", "name"), ("your own", "self")):
        if needle in text:
            return key
    return "role"


def suggested_password() -> str:
    """Readable aloud and typed easily: no 0/O or 1/l (the person replaces it at the first login)."""
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def _places(conn) -> tuple[list, list]:
    """Open offices and raions for the choice lists, in Ukrainian order, each with its raion/oblast."""
    o = m.organisations.c
    parent = m.organisations.alias("parent")
    rows = conn.execute(select(o.id, o.kind, o.name, o.closed_at, parent.c.name.label("parent"))
                        .join_from(m.organisations, parent, o.parent_id == parent.c.id, isouter=True)
                        .where(o.kind.in_(("office", "raion")))).all()
    offices = sorted((r for r in rows if r.kind == "office" and r.closed_at is None), key=lambda r: uk_sort_key(r.name))
    raions = sorted((r for r in rows if r.kind == "raion"), key=lambda r: uk_sort_key(r.name))
    return offices, raions


def _org_names(conn) -> dict[str, str]:
    o = m.organisations.c
    return dict(conn.execute(select(o.id, o.name)).all())


@router.get("", summary="Users")
def users(request: Request, conn: ConnDep, user: AdminPage, q: str = "", role: str = "", org: str = "",
          status: str = "") -> Response:
    u = m.users.c
    query = select(u.id, u.username, u.display_name, u.role, u.org_id, u.active, u.must_change_password)
    if role in ROLES:
        query = query.where(u.role == role)
    if org:
        query = query.where(u.org_id == org[:40])
    if status in ("active", "disabled"):
        query = query.where(u.active.is_(status == "active"))
    rows = conn.execute(query).all()
    needle = q.strip().casefold()[:100]
    if needle:
        rows = [r for r in rows if needle in r.username.casefold() or needle in r.display_name.casefold()]
    rows.sort(key=lambda r: uk_sort_key(r.display_name))
    offices, raions = _places(conn)
    return render(request, "users.html", section="users", rows=rows, orgs=_org_names(conn), offices=offices,
                  raions=raions, roles=ROLES, q=q[:100], role=role, org=org[:40], status=status,
                  done=DONE.get(request.query_params.get("done", "")))


def _new_page(request: Request, conn, *, status: int = 200, error: str | None = None, **values) -> Response:
    offices, raions = _places(conn)
    form = {"username": "", "display_name": "", "role": "caseworker", "office": "", "raion": "",
            "password": suggested_password(), **values}
    return render(request, "user_new.html", status_code=status, section="users", offices=offices, raions=raions,
                  roles=ROLES, form=form, error=ERRORS.get(error or ""))


@router.get("/new", summary="New user (form)")
def new_user_page(request: Request, conn: ConnDep, user: AdminPage) -> Response:
    return _new_page(request, conn)


@router.post("", summary="Create a user")
def new_user(request: Request, conn: ConnDep, user: AdminAction, username: Short, display_name: Long, role: Short,
             password: Long, office: Id = "", raion: Id = "", csrf_token: Csrf = "") -> Response:
    values = {"username": username, "display_name": display_name, "role": role, "office": office, "raion": raion,
              "password": password}
    if role not in ROLES:
        return _new_page(request, conn, status=422, error="role", **values)
    try:
        accounts.check_new_password(password, username)
        with write_on(conn, lock=True):
            org = accounts.resolve_place(conn, role, office_id=office or None, raion_id=raion or None)
            user_id = create_user(conn, username.strip(), password, role, org, " ".join(display_name.split()),
                                  must_change_password=True, by=user.user_id)
    except AdminError as exc:
        return _new_page(request, conn, status=422, error=_error_key(exc), **values)
    return back(f"/console/users/{user_id}", done="created")


def _detail(request: Request, conn, user_id: str, *, status: int = 200, error: str | None = None,
            password: str | None = None) -> Response:
    target = accounts.get_user(conn, user_id[:40])
    if target is None:
        raise Refused(404, NO_USER)
    d = m.devices.c
    devices = conn.execute(select(d.id, d.name, d.org_id, d.created_at, d.last_seen_at, d.revoked_at, d.app_version)
                           .where(d.enrolled_by == target.id).order_by(d.created_at)).all()
    offices, raions = _places(conn)
    return render(request, "user.html", status_code=status, section="users", target=target, devices=devices,
                  orgs=_org_names(conn), offices=offices, raions=raions, roles=ROLES, error=ERRORS.get(error or ""),
                  suggested=password or suggested_password(), done=DONE.get(request.query_params.get("done", "")))


@router.get("/{user_id}", summary="A user")
def user_page(request: Request, user_id: str, conn: ConnDep, user: AdminPage) -> Response:
    return _detail(request, conn, user_id)


def _change(request: Request, conn, user_id: str, done: str, operation) -> Response:
    try:
        with write_on(conn, lock=True):
            operation()
    except AdminError as exc:
        if str(exc) == "no such user":
            raise Refused(404, NO_USER) from exc
        conn.rollback()
        return _detail(request, conn, user_id, status=422, error=_error_key(exc))
    return back(f"/console/users/{user_id}", done=done)


@router.post("/{user_id}/name", summary="Change a user's display name")
def rename(request: Request, user_id: str, conn: ConnDep, user: AdminAction, display_name: Long, csrf_token: Csrf = "") -> Response:
    return _change(request, conn, user_id, "saved",
                   lambda: accounts.change_user(conn, user_id, by=user.user_id, display_name=display_name))


@router.post("/{user_id}/role", summary="Change a user's role and place")
def change_role(request: Request, user_id: str, conn: ConnDep, user: AdminAction, role: Short, office: Id = "",
                raion: Id = "", csrf_token: Csrf = "") -> Response:
    if role not in ROLES:
        return _detail(request, conn, user_id, status=422, error="role")
    return _change(request, conn, user_id, "saved",
                   lambda: accounts.change_user(conn, user_id, by=user.user_id, role=role, office_id=office or None,
                                                raion_id=raion or None))


@router.post("/{user_id}/disable", summary="Disable a user")
def disable(request: Request, user_id: str, conn: ConnDep, user: AdminAction, csrf_token: Csrf = "") -> Response:
    return _change(request, conn, user_id, "disabled",
                   lambda: accounts.set_active(conn, user_id, False, by=user.user_id))


@router.post("/{user_id}/enable", summary="Re-enable a user")
def enable(request: Request, user_id: str, conn: ConnDep, user: AdminAction, csrf_token: Csrf = "") -> Response:
    return _change(request, conn, user_id, "enabled",
                   lambda: accounts.set_active(conn, user_id, True, by=user.user_id))


@router.post("/{user_id}/password", summary="Reset a user's password")
def reset(request: Request, user_id: str, conn: ConnDep, user: AdminAction, password: Long, csrf_token: Csrf = "") -> Response:
    return _change(request, conn, user_id, "reset",
                   lambda: accounts.reset_password(conn, user_id, password, by=user.user_id))
