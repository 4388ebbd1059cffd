"""Devices (enrolled laptops): who, where, which version, last contact, refused changes; revoke, mark lost."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from sync.server import admin_ops
from sync.server import models as m
from sync.server.console.guard import AdminAction, AdminPage, Csrf, Refused
from sync.server.console.i18n import N_
from sync.server.console.render import render
from sync.server.console.routes.common import back
from sync.server.db import now_ms, write_on
from sync.server.deps import ConnDep

router = APIRouter(prefix="/devices", tags=["console"], default_response_class=HTMLResponse)

DONE = {"revoked": N_("Пристрій відкликано: під час наступного зв'язку з сервером він зітре свої дані."),
        "lost": N_("Пристрій позначено як утрачений і відкликано: якщо він колись з'єднається, то зітре свої дані.")}
NO_DEVICE = N_("Такого пристрою немає.")
DAY_MS = 86_400_000


@router.get("", summary="Devices")
def devices(request: Request, conn: ConnDep, user: AdminPage, org: str = "", state: str = "") -> Response:
    d, u, o = m.devices.c, m.users.c, m.organisations.c
    query = (select(d.id, d.name, d.org_id, d.created_at, d.last_seen_at, d.revoked_at, d.lost_at, d.app_version,
                    d.protocol_version, d.rejected_changes, d.audit_seq, d.audit_breaks, d.wiped_at,
                    u.display_name.label("user_name"), u.id.label("user_id"),
                    o.name.label("org_name"))
             .join_from(m.devices, m.users, u.id == d.enrolled_by)
             .join(m.organisations, o.id == d.org_id)
             .order_by(d.last_seen_at.desc()))
    if org:
        query = query.where(d.org_id == org[:40])
    if state == "active":
        query = query.where(d.revoked_at.is_(None))
    elif state == "revoked":
        query = query.where(d.revoked_at.is_not(None))
    rows = conn.execute(query).all()
    orgs = sorted({(r.org_id, r.org_name) for r in rows}, key=lambda x: x[1])
    # After a restore of the database, the laptops not in touch since may hold work the server lost: they give
    # it back when they sync (docs/server.md, Backups).
    restored_at = conn.execute(select(m.server_state.c.epoch_began_at)).scalar()
    awaited = [] if restored_at is None else [r for r in rows if not r.revoked_at and (r.last_seen_at or 0) < restored_at]
    return render(request, "devices.html", section="devices", rows=rows, orgs=orgs, org=org[:40], state=state,
                  now=now_ms(), day_ms=DAY_MS, done=DONE.get(request.query_params.get("done", "")),
                  restored_at=restored_at, awaited={r.id for r in awaited})


@router.post("/{device_id}/revoke", summary="Revoke a device (it wipes itself at its next contact)")
def revoke(device_id: str, conn: ConnDep, user: AdminAction, csrf_token: Csrf = "") -> Response:
    with write_on(conn):
        if not admin_ops.revoke_device(conn, device_id[:40], by_user=user.user_id):
            raise Refused(404, NO_DEVICE)
    return back("/console/devices", done="revoked")


@router.post("/{device_id}/lost", summary="Mark a device lost or stolen (and revoke it)")
def lost(device_id: str, conn: ConnDep, user: AdminAction, csrf_token: Csrf = "") -> Response:
    with write_on(conn):
        if not admin_ops.mark_device_lost(conn, device_id[:40], by_user=user.user_id):
            raise Refused(404, NO_DEVICE)
    return back("/console/devices", done="lost")
