"""The server's audit log: filtered by user, device, office, case id, action and time; CSV export."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy import select

from sync.server import audit_query
from sync.server import models as m
from sync.server.admin_ops import audit
from sync.server.console.guard import AdminPage
from sync.server.console.render import KYIV, format_ms, render
from sync.server.db import write_on
from sync.server.deps import ConnDep, EngineDep
from sync.text import uk_sort_key

router = APIRouter(prefix="/audit", tags=["console"], default_response_class=HTMLResponse)


def _day_ms(text: str, *, next_day: bool = False) -> int | None:
    """A yyyy-mm-dd (the date input's value) as the start of that day in Kyiv, or of the day after."""
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    if next_day:
        day += timedelta(days=1)
    return int(datetime.combine(day, time(), KYIV).timestamp() * 1000)


def _filter(user: str, device: str, office: str, case: str, action: str, since: str, until: str,
            before: str = "") -> audit_query.AuditFilter:
    return audit_query.AuditFilter(user_id=user[:40], device_id=device.strip()[:40], office_id=office[:40],
                                   case_id=case.strip()[:64], action=action[:40], since_ms=_day_ms(since),
                                   until_ms=_day_ms(until, next_day=True),
                                   before_id=int(before) if before.isdigit() and len(before) < 19 else None)


def _names(conn) -> tuple[dict, dict, list, list]:
    u, d, o = m.users.c, m.devices.c, m.organisations.c
    users = {r.id: r for r in conn.execute(select(u.id, u.username, u.display_name))}
    devices = {r.id: r.name for r in conn.execute(select(d.id, d.name))}
    offices = sorted(conn.execute(select(o.id, o.name).where(o.kind == "office")).all(), key=lambda r: uk_sort_key(r.name))
    people = sorted(users.values(), key=lambda r: uk_sort_key(r.display_name))
    return users, devices, offices, people


@router.get("", summary="Audit log")
def audit_log(request: Request, conn: ConnDep, user: AdminPage, who: str = "", device: str = "", office: str = "",
              case: str = "", action: str = "", since: str = "", until: str = "", before: str = "") -> Response:
    f = _filter(who, device, office, case, action, since, until, before)
    rows = audit_query.entries(conn, f)
    users, devices, offices, people = _names(conn)
    params = {"who": f.user_id, "device": f.device_id, "office": f.office_id, "case": f.case_id,
              "action": f.action, "since": since[:10], "until": until[:10]}
    return render(request, "audit.html", section="audit", rows=rows, users=users, devices=devices, offices=offices,
                  people=people, actions=audit_query.actions(conn), params=params,
                  older=rows[-1]["id"] if len(rows) == audit_query.PAGE else None)


@router.get(".csv", summary="Audit log as CSV (same filters)", response_class=StreamingResponse)
def audit_csv(engine: EngineDep, conn: ConnDep, user: AdminPage, who: str = "", device: str = "", office: str = "",
              case: str = "", action: str = "", since: str = "", until: str = "") -> StreamingResponse:
    f = _filter(who, device, office, case, action, since, until)
    users, devices, _, _ = _names(conn)
    with write_on(conn):
        audit(conn, "export_audit", {k: v for k, v in vars(f).items() if v}, user_id=user.user_id)

    def lines():
        buffer = io.StringIO()
        out = csv.writer(buffer)
        out.writerow(["id", "time_kyiv", "time_utc_ms", "action", "user_id", "username", "device_id", "device_name",
                      "object_ids"])
        with engine.connect() as reading:
            result = reading.execution_options(stream_results=True, yield_per=1000).execute(audit_query.query(f, None))
            for n, row in enumerate(result):
                person = users.get(row.user_id)
                out.writerow([row.id, format_ms(row.at), row.at, row.action, row.user_id or "",
                              person.username if person else "", row.device_id or "", devices.get(row.device_id, ""),
                              row.object_ids])
                if n % 500 == 0:
                    yield buffer.getvalue().encode("utf-8")
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue().encode("utf-8")

    stamp = datetime.now(KYIV).strftime("%Y%m%d-%H%M")
    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="poruch-audit-{stamp}.csv"',
                                      "Cache-Control": "no-store"})
