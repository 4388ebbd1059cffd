"""District administrations: their offices' operational state (offices behind on sync highlighted), and what
waits between offices: possible duplicates and pending transfers, as lists without a name."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from sync.server import district_ops
from sync.server.console.guard import DistrictPage
from sync.server.console.render import KYIV, render
from sync.server.db import now_ms
from sync.server.deps import ConnDep
from sync.server.district_ops import behind_count, office_states
from sync.server.orgs import get_org, offices_under
from sync.text import uk_sort_key

router = APIRouter(prefix="/district", tags=["console"], default_response_class=HTMLResponse)

DEFAULT_DAYS = 3
SOON_MS = 2 * 86_400_000  # a pending transfer expiring within two days is marked
State = Annotated[str, Query(max_length=20, description="a state, or 'all'")]
Office = Annotated[str, Query(max_length=40, description="one office of the district (empty: all)")]


@router.get("", summary="The district's offices")
def district(request: Request, conn: ConnDep, user: DistrictPage, days: int = DEFAULT_DAYS) -> Response:
    days = min(max(days, 1), 365)
    now = now_ms()
    today = datetime.now(KYIV).date()
    office_ids = offices_under(conn, user.org_id)
    states = office_states(conn, office_ids, today)
    return render(request, "district.html", section="district", raion=get_org(conn, user.org_id), states=states,
                  counts=district_ops.office_counts(conn, [s.id for s in states]),
                  days=days, now=now, behind=behind_count(states, days, now), month=today.strftime("%m.%Y"),
                  report_month=(today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m"))


def _offices(conn, user) -> tuple[list[str], list[tuple[str, str]]]:
    """The district's offices (closed ones too: their past transfers stay listed) and their names, sorted."""
    ids = offices_under(conn, user.org_id)
    names = district_ops.office_names(conn, set(ids))
    return ids, sorted(((i, names.get(i, "")) for i in ids), key=lambda x: uk_sort_key(x[1]))


@router.get("/duplicates", summary="Possible duplicates across the district's offices (no names)")
def duplicates(request: Request, conn: ConnDep, user: DistrictPage, state: State = "open",
               office: Office = "") -> Response:
    ids, choices = _offices(conn, user)
    state = state if state in (*district_ops.DUPLICATE_STATES, "all") else "open"
    pairs, total = district_ops.duplicate_pairs(conn, ids, state=state, office=office or None)
    return render(request, "district_duplicates.html", section="duplicates", raion=get_org(conn, user.org_id),
                  pairs=pairs, total=total, offices=choices, own=set(ids), states=district_ops.DUPLICATE_STATES,
                  params={"state": state, "office": office if office in ids else ""})


@router.get("/transfers", summary="Transfers from and to the district's offices (no names)")
def transfers(request: Request, conn: ConnDep, user: DistrictPage, state: State = "pending",
              office: Office = "") -> Response:
    ids, choices = _offices(conn, user)
    state = state if state in (*district_ops.TRANSFER_STATES, "all") else "pending"
    rows, total = district_ops.transfers(conn, ids, state=state, office=office or None)
    return render(request, "district_transfers.html", section="transfers", raion=get_org(conn, user.org_id),
                  rows=rows, total=total, offices=choices, own=set(ids), states=district_ops.TRANSFER_STATES,
                  now=now_ms(), soon_ms=SOON_MS, params={"state": state, "office": office if office in ids else ""})
