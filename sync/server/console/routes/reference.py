"""Reference data: upload a new edition of the list of hostilities/occupation territories."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from sync.reference.hostilities import PACKAGED_EDITION
from sync.server import models as m
from sync.server import reference_data
from sync.server.console.guard import AdminAction, AdminPage, Csrf
from sync.server.console.i18n import N_
from sync.server.console.render import render
from sync.server.db import write_on
from sync.server.deps import ConnDep

router = APIRouter(prefix="/reference", tags=["console"], default_response_class=HTMLResponse)
UPLOAD_PATHS = ("/console/reference/hostilities",)

UNUSABLE = N_("Файл не прийнято, нічого не змінено: %(reason)s")
EMPTY_NAME = N_("Вкажіть назву редакції (напр., номер і дату наказу).")


def _page(request: Request, conn, *, status: int = 200, error: str | None = None, error_args: dict | None = None,
          report=None) -> Response:
    u = m.users.c
    names = dict(conn.execute(select(u.id, u.display_name)).all())
    return render(request, "reference.html", status_code=status, section="reference",
                  editions=reference_data.editions(conn), names=names, packaged=PACKAGED_EDITION, error=error,
                  error_args=error_args or {}, report=report)


@router.get("", summary="Reference data")
def reference(request: Request, conn: ConnDep, user: AdminPage) -> Response:
    return _page(request, conn)


@router.post("/hostilities", summary="Upload an edition of the hostilities/occupation list")
async def upload(request: Request, conn: ConnDep, user: AdminAction, edition: Annotated[str, Form(max_length=300)],
                 file: Annotated[UploadFile, File()], csrf_token: Csrf = "") -> Response:
    if not edition.strip():
        return _page(request, conn, status=422, error=EMPTY_NAME)
    data = await file.read(reference_data.MAX_EDITION_BYTES + 1)
    try:
        with write_on(conn):
            report = reference_data.upload_hostilities(conn, data, edition, by=user.user_id)
    except ValueError as exc:
        return _page(request, conn, status=422, error=UNUSABLE, error_args={"reason": str(exc)[:500]})
    return _page(request, conn, report=report)
