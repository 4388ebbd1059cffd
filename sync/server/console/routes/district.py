"""District administrations: their offices' operational state, offices behind on sync highlighted."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from sync.server.console.guard import DistrictPage
from sync.server.console.render import KYIV, render
from sync.server.db import now_ms
from sync.server.deps import ConnDep
from sync.server.district_ops import behind_count, office_states
from sync.server.orgs import get_org, offices_under

router = APIRouter(prefix="/district", tags=["console"], default_response_class=HTMLResponse)

DEFAULT_DAYS = 3


@router.get("", summary="The district's offices")
def district(request: Request, conn: ConnDep, user: DistrictPage, days: int = DEFAULT_DAYS) -> Response:
    days = min(max(days, 1), 365)
    now = now_ms()
    today = datetime.now(KYIV).date()
    states = office_states(conn, offices_under(conn, user.org_id), today)
    return render(request, "district.html", section="district", raion=get_org(conn, user.org_id), states=states,
                  days=days, now=now, behind=behind_count(states, days, now), month=today.strftime("%m.%Y"),
                  report_month=(today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"))
