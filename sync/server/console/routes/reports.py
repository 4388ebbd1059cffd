"""Reports in the console: the district report download (district users) and the ministry analysts'
de-identified national aggregates (tables by area and month, a chart, CSV/XLSX), both computed by the
reports issue's code (sync.server.reports), never a personal record."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from sync.reports.aggregates import FLAT_HEADER, LEVELS, flat_rows
from sync.reports.output import MEDIA_TYPES, write_report
from sync.reports.output.charts import bar_drawing, svg_element
from sync.reports.period import Period, PeriodError, last_month, parse_period
from sync.server import reports as server_reports
from sync.server.admin_ops import audit
from sync.server.console.guard import ANALYST, DistrictPage, Refused, page
from sync.server.console.i18n import N_
from sync.server.console.render import KYIV, render, request_language
from sync.server.console.sessions import ConsoleUser
from sync.server.db import write_on
from sync.server.deps import ConnDep, EngineDep, SettingsDep
from sync.server.orgs import get_org, offices_under

router = APIRouter(tags=["console"], default_response_class=HTMLResponse)
AnalystPage = Annotated[ConsoleUser, Depends(page(ANALYST))]
MAX_MONTHS = 24
BAD_PERIOD = N_("Період не розпізнано: оберіть місяць (напр., 2026-11).")
TOO_LONG = N_("Щонайбільше 24 місяці в одному вивантаженні.")
Month = Annotated[str, Query(max_length=7, pattern=r"^(\d{4}-\d{2})?$")]


def _month(value: str, default: Period) -> Period:
    if not value:
        return default
    try:
        chosen = parse_period(value)
    except PeriodError:
        raise Refused(400, BAD_PERIOD) from None
    if chosen.kind != "month":
        raise Refused(400, BAD_PERIOD)
    return chosen


def _file(content: bytes, fmt: str, name: str) -> Response:
    return Response(content, media_type=MEDIA_TYPES.get(fmt, "text/csv; charset=utf-8"),
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"', "Cache-Control": "no-store"})


@router.get("/district/report", summary="The district report of a month (XLSX or PDF)")
def district_report(request: Request, conn: ConnDep, engine: EngineDep, user: DistrictPage, period: Month = "",
                    format: Annotated[str, Query(pattern="^(xlsx|pdf)$")] = "xlsx") -> Response:  # noqa: A002
    chosen = _month(period, last_month(datetime.now(KYIV).date()))
    raion = get_org(conn, user.org_id)
    offices = offices_under(conn, user.org_id)
    conn.rollback()
    result = server_reports.scope_report(engine, offices, chosen, layout="district", lang=request_language(request),
                                         scope_name=raion.name if raion else "")
    with write_on(conn):
        audit(conn, "report_export", {"report": "district", "period": chosen.code, "format": format,
                                      "offices": len(offices)}, user_id=user.user_id)
    out = io.BytesIO()
    write_report(result, format, out)
    return _file(out.getvalue(), format, f"poruch-district-{chosen.code}")


def _months(first: str, last: str) -> list[Period]:
    end = _month(last, last_month(datetime.now(KYIV).date()))
    start = _month(first, end)
    months = Period(min(start.start, end.start), max(start.end, end.end), "dates").months()
    if len(months) > MAX_MONTHS:
        raise Refused(400, TOO_LONG)
    return months


def _release(request: Request, engine, settings, level: str, first: str, last: str) -> tuple[dict, list[Period]]:
    if level not in LEVELS:
        level = "oblast"
    months = _months(first, last)
    payload = server_reports.national(engine, months, level=level, lang=request_language(request),
                                      threshold=settings.aggregates_min_count)
    return payload, months


def _matrix(payload: dict, table_id: str) -> tuple[list[dict], list[str], dict]:
    """Areas × months of one table's total (None where suppressed), and each area's latest total for the chart."""
    cells: dict[tuple[str, str], int | None] = {}
    for entry in payload["data"]:
        if entry["table"] == table_id:
            total = entry.get("total")
            if total is None and "total" not in entry:  # a one-way table without a total: sum if nothing hidden
                values = [v for row in entry["cells"] for v in row]
                total = None if any(v is None for v in values) else sum(values)
            cells[(entry["area"], entry["month"])] = total
    months = payload["months"]
    rows = [{"code": a["code"], "name": a["name"], "values": [cells.get((a["code"], mo)) for mo in months]}
            for a in payload["areas"]]
    latest = [(r["name"], r["values"][-1]) for r in rows if r["values"] and r["values"][-1]]
    # Drawn by the reports' chart code (ReportLab, as in the laptop's window and the PDF), as inline SVG.
    drawing = bar_drawing([n for n, _ in latest], [float(v) for _, v in latest], 600)
    chart = {"svg": Markup(svg_element(drawing)) if drawing is not None else None, "month": months[-1]}
    return rows, months, chart


@router.get("/analysis", summary="National de-identified aggregates (ministry analysts)")
def analysis(request: Request, conn: ConnDep, engine: EngineDep, settings: SettingsDep, user: AnalystPage,
             level: Annotated[str, Query(max_length=10)] = "oblast", first: Month = "", last: Month = "",
             table: Annotated[str, Query(max_length=60)] = "") -> Response:
    conn.rollback()
    payload, months = _release(request, engine, settings, level, first, last)
    tables = payload["tables"]
    chosen = next((t for t in tables if t["id"] == table), tables[0] if tables else None)
    rows, month_codes, chart = _matrix(payload, chosen["id"]) if chosen else ([], [], {"svg": None})
    with write_on(conn):
        audit(conn, "aggregates", {"level": payload["level"], "months": len(months), "format": "html"},
              user_id=user.user_id)
    return render(request, "analysis.html", section="analysis", payload=payload, tables=tables, chosen=chosen,
                  rows=rows, months=month_codes, chart=chart, levels=LEVELS,
                  params={"level": payload["level"], "first": months[0].code, "last": months[-1].code,
                          "table": chosen["id"] if chosen else ""})


@router.get("/analysis.{fmt}", summary="National aggregates as CSV or XLSX (ministry analysts)")
def analysis_file(request: Request, conn: ConnDep, engine: EngineDep, settings: SettingsDep, user: AnalystPage,
                  fmt: Annotated[str, Path(pattern="^(csv|xlsx)$")],
                  level: Annotated[str, Query(max_length=10)] = "oblast", first: Month = "",
                  last: Month = "") -> Response:
    conn.rollback()
    payload, months = _release(request, engine, settings, level, first, last)
    lang = request_language(request)
    with write_on(conn):
        audit(conn, "aggregates", {"level": payload["level"], "months": len(months), "format": fmt},
              user_id=user.user_id)
    rows = flat_rows(payload, lang)
    name = f"poruch-aggregates-{payload['level']}-{months[0].code}-{months[-1].code}"
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(FLAT_HEADER[lang])
        writer.writerows(rows)
        return _file(("\ufeff" + text.getvalue()).encode("utf-8"), "csv", name)
    from sync.reports.output.xlsx import write_rows_xlsx

    out = io.BytesIO()
    write_rows_xlsx(FLAT_HEADER[lang], rows, out, title=name)
    return _file(out.getvalue(), "xlsx", name)

