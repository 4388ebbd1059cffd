"""Per-office policies: closure approval, wipe after failed unlocks, lockout after days without contact.

Laptops receive them at their next sync (GET /api/v1/me); `poruch-server policy` does the same from the
command line.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from sync.server.admin_ops import AdminError, list_offices
from sync.server.console.guard import AdminAction, AdminPage, Csrf
from sync.server.console.i18n import N_
from sync.server.console.render import render
from sync.server.console.routes.common import back
from sync.server.db import write_on
from sync.server.deps import ConnDep
from sync.server.policies import (
    MAX_FAILED_UNLOCKS,
    MAX_LOCKOUT_DAYS,
    MIN_FAILED_UNLOCKS,
    policies,
    set_policy,
)
from sync.text import uk_sort_key

router = APIRouter(prefix="/policies", tags=["console"], default_response_class=HTMLResponse)

Number = Annotated[str, Form(max_length=6)]
DONE = {"saved": N_("Політику офісу збережено: ноутбуки отримають її під час наступної синхронізації.")}
BAD_WIPE = N_("Стирання після невдалих спроб: від %(low)s до %(high)s спроб, або порожньо (вимкнено).")
BAD_LOCKOUT = N_("Блокування без зв'язку: від 1 до %(high)s днів, або порожньо (вимкнено).")
NO_OFFICE = N_("Такого офісу немає.")


def _page(request: Request, conn, *, status: int = 200, error: str | None = None, error_args: dict | None = None,
          office: str = "") -> Response:
    offices = sorted(list_offices(conn), key=lambda o: (uk_sort_key(o["raion"] or ""), uk_sort_key(o["name"])))
    return render(request, "policies.html", status_code=status, section="policies", offices=offices,
                  policies=policies(conn, [o["id"] for o in offices]), error=error, error_args=error_args or {},
                  failed_office=office, low=MIN_FAILED_UNLOCKS, high=MAX_FAILED_UNLOCKS, max_days=MAX_LOCKOUT_DAYS,
                  done=DONE.get(request.query_params.get("done", "")))


@router.get("", summary="Office policies")
def page(request: Request, conn: ConnDep, user: AdminPage) -> Response:
    return _page(request, conn)


def _number(text: str) -> int | None | str:
    text = text.strip()
    if not text:
        return None
    return int(text) if text.isdigit() else text


@router.post("/{office_id}", summary="Change an office's policies")
def save(request: Request, office_id: str, conn: ConnDep, user: AdminAction, wipe_after: Number = "",
         lockout_days: Number = "", closure_approval: Annotated[str, Form(max_length=3)] = "",
         csrf_token: Csrf = "") -> Response:
    office_id = office_id[:40]
    wipe, lockout = _number(wipe_after), _number(lockout_days)
    if wipe is not None and not (isinstance(wipe, int) and MIN_FAILED_UNLOCKS <= wipe <= MAX_FAILED_UNLOCKS):
        return _page(request, conn, status=422, error=BAD_WIPE, office=office_id,
                     error_args={"low": MIN_FAILED_UNLOCKS, "high": MAX_FAILED_UNLOCKS})
    if lockout is not None and not (isinstance(lockout, int) and 1 <= lockout <= MAX_LOCKOUT_DAYS):
        return _page(request, conn, status=422, error=BAD_LOCKOUT, office=office_id,
                     error_args={"high": MAX_LOCKOUT_DAYS})
    try:
        with write_on(conn):
            set_policy(conn, office_id, by=user.user_id, closure_requires_approval=closure_approval == "on",
                       wipe_after_failed_unlocks=wipe, lockout_after_days=lockout)
    except AdminError:
        return _page(request, conn, status=404, error=NO_OFFICE)
    return back("/console/policies", done="saved")
