"""The national directory of referral partners (sync.server.partners): administrators list, add, edit,
retire or restore entries and import a CSV. Laptops receive the changes with their next sync; an office's
own local providers are not shown here (they belong to that office)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import HTMLResponse

from sync.partners import CSV_COLUMNS, MAX_CSV_BYTES, PartnerError, service_titles
from sync.records.schema import PROVIDER_KINDS
from sync.reference import get_codifier
from sync.server import partners as ops
from sync.server.console.guard import AdminAction, AdminPage, Csrf
from sync.server.console.i18n import N_
from sync.server.console.render import render
from sync.server.console.routes.common import back
from sync.server.db import write_on
from sync.server.deps import ConnDep
from sync.text import fold_for_search, uk_sort_key

router = APIRouter(prefix="/partners", tags=["console"], default_response_class=HTMLResponse)
UPLOAD_PATHS = ("/console/partners/import",)

KIND_NAMES = {"office": N_("Орган місцевого самоврядування"), "state": N_("Державна служба"),
              "ngo": N_("Громадська організація"), "international": N_("Міжнародна організація"),
              "business": N_("Бізнес"), "community": N_("Громадська ініціатива")}
DONE = {"added": N_("Партнера додано: ноутбуки отримають його під час наступної синхронізації."),
        "saved": N_("Зміни збережено: ноутбуки отримають їх під час наступної синхронізації."),
        "retired": N_("Партнера виведено: ноутбуки більше не пропонуватимуть його для нових направлень."),
        "restored": N_("Партнера повернуто до довідника.")}
REFUSED = N_("Не збережено: %(reason)s")
NOT_IMPORTED = N_("Файл не імпортовано, нічого не змінено. Проблем: %(n)s.")
IMPORTED = N_("Імпортовано: додано %(added)s, змінено %(updated)s, без змін %(unchanged)s.")
NO_PARTNER = N_("Такого партнера немає.")
Text = Annotated[str, Form(max_length=2000)]


def _form(code: str = "", name: str = "", kind: str = "", services: list[str] | None = None, territories: str = "",
          phone: str = "", email: str = "", address: str = "", website: str = "", notes: str = "") -> dict:
    return {"code": code, "name": name, "kind": kind, "services": services or [], "territories": territories,
            "phone": phone, "email": email, "address": address, "website": website, "notes": notes}


def _page(request: Request, conn, *, status: int = 200, error: str | None = None, error_args: dict | None = None,
          form: dict | None = None, editing: str | None = None, problems: list | None = None,
          notice: str | None = None, notice_args: dict | None = None) -> Response:
    q = request.query_params.get("q", "")[:100]
    found = ops.list_partners(conn)
    if q:
        wanted = fold_for_search(q)
        found = [p for p in found if wanted in fold_for_search(f"{p.name} {p.code}")]
    titles = service_titles()
    codifier = get_codifier()
    places = {c: (codifier.label(c) if c in codifier else c) for p in found for c in p.territories}
    services = sorted(titles.items(), key=lambda kv: uk_sort_key(kv[1]))
    return render(request, "partners.html", status_code=status, section="partners", partners=found, q=q,
                  kinds=[(k, KIND_NAMES[k]) for k in PROVIDER_KINDS], kind_names=KIND_NAMES, titles=titles, places=places,
                  services=services, form=form or _form(kind="ngo"), editing=editing, error=error,
                  error_args=error_args or {}, problems=problems or [], columns=", ".join(CSV_COLUMNS),
                  notice=notice or DONE.get(request.query_params.get("done", "")), notice_args=notice_args or {})


@router.get("", summary="Referral partners")
def page(request: Request, conn: ConnDep, user: AdminPage) -> Response:
    return _page(request, conn)


@router.get("/{code}", summary="Edit a referral partner")
def edit_page(request: Request, code: str, conn: ConnDep, user: AdminPage) -> Response:
    partner = ops.get_partner(conn, code[:60])
    if partner is None:
        return _page(request, conn, status=404, error=NO_PARTNER)
    form = {**partner.model_dump(), "territories": "; ".join(partner.territories)}
    return _page(request, conn, form=form, editing=partner.code)


@router.post("", summary="Add a referral partner")
def add(request: Request, conn: ConnDep, user: AdminAction, code: Annotated[str, Form(max_length=60)] = "",
        name: Text = "", kind: Annotated[str, Form(max_length=20)] = "",
        services: Annotated[list[str] | None, Form(max_length=60)] = None, territories: Text = "",
        phone: Text = "", email: Text = "", address: Text = "", website: Text = "", notes: Text = "",
        csrf_token: Csrf = "") -> Response:
    form = _form(code, name, kind, services, territories, phone, email, address, website, notes)
    try:
        with write_on(conn):
            ops.add_partner(conn, form, by=user.user_id)
    except PartnerError as exc:
        return _page(request, conn, status=422, error=REFUSED, error_args={"reason": str(exc)}, form=form)
    return back("/console/partners", done="added")


@router.post("/import", summary="Import referral partners from a CSV")
async def import_csv(request: Request, conn: ConnDep, user: AdminAction, file: Annotated[UploadFile, File()],
                     csrf_token: Csrf = "") -> Response:
    data = await file.read(MAX_CSV_BYTES + 1)
    try:
        with write_on(conn):
            report = ops.import_csv(conn, data, by=user.user_id)  # writes nothing when a line is wrong
    except PartnerError as exc:
        return _page(request, conn, status=422, error=REFUSED, error_args={"reason": str(exc)})
    if report.problems:
        return _page(request, conn, status=422, error=NOT_IMPORTED, error_args={"n": len(report.problems)},
                     problems=report.problems[:50])
    return _page(request, conn, notice=IMPORTED, notice_args={"added": len(report.added),
                                                             "updated": len(report.updated),
                                                             "unchanged": report.unchanged})


@router.post("/{code}", summary="Change a referral partner")
def save(request: Request, code: str, conn: ConnDep, user: AdminAction, name: Text = "",
         kind: Annotated[str, Form(max_length=20)] = "",
         services: Annotated[list[str] | None, Form(max_length=60)] = None, territories: Text = "",
         phone: Text = "", email: Text = "", address: Text = "", website: Text = "", notes: Text = "",
         csrf_token: Csrf = "") -> Response:
    code = code[:60]
    form = _form(code, name, kind, services, territories, phone, email, address, website, notes)
    changes = {k: v for k, v in form.items() if k != "code"}
    try:
        with write_on(conn):
            ops.edit_partner(conn, code, changes, by=user.user_id)
    except KeyError:
        return _page(request, conn, status=404, error=NO_PARTNER)
    except PartnerError as exc:
        return _page(request, conn, status=422, error=REFUSED, error_args={"reason": str(exc)}, form=form,
                     editing=code)
    return back("/console/partners", done="saved")


@router.post("/{code}/retire", summary="Retire or restore a referral partner")
def retire(request: Request, code: str, conn: ConnDep, user: AdminAction,
           restore: Annotated[str, Form(max_length=3)] = "", csrf_token: Csrf = "") -> Response:
    try:
        with write_on(conn):
            ops.retire_partner(conn, code[:60], by=user.user_id, retired=restore != "on")
    except KeyError:
        return _page(request, conn, status=404, error=NO_PARTNER)
    return back("/console/partners", done="restored" if restore == "on" else "retired")
