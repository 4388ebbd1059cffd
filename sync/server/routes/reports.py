"""Reports and the analysts' aggregates over HTTP.

- `POST /api/v1/sessions`: sign in without a device (analysts have none); `DELETE /api/v1/sessions/current`.
- `GET /api/v1/reports/{office|district}?period=2026-11&format=json|xlsx|csv|pdf`: the report of the
  caller's offices (a district user sees every office of the district, a supervisor their office).
- `GET /api/v1/aggregates/{oblast|raion|hromada}?from=2026-09&to=2026-11&format=json|csv|xlsx`: the
  de-identified national release, for analysts (and administrators) only.
Either a device with its user token or a session token (`Authorization: Bearer <token>`) signs a request.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from sync.protocol import LoginRequest
from sync.reports.aggregates import FLAT_HEADER, LEVELS, flat_rows
from sync.reports.definitions import NATIONAL_TABLES, REPORTS
from sync.reports.output import MEDIA_TYPES, write_report
from sync.reports.output.jsonfile import report_json
from sync.reports.period import Period, PeriodError, parse_period
from sync.server import reports as server_reports
from sync.server.db import write_on
from sync.server.deps import (
    AuthorizationHeader,
    ConnDep,
    EngineDep,
    SettingsDep,
    UserHeader,
    authenticate,
    client_address,
)
from sync.server.errors import LOGIN_RESPONSES, ApiError
from sync.server.orgs import get_org, offices_under
from sync.server.routes.enroll import _audit, _check_password
from sync.server.scope import SYNC_ROLES, effective_scope
from sync.server.sessions import SessionUser, close_session, open_session, session_user

router = APIRouter(tags=["reports"])
MAX_MONTHS = 24
AGGREGATE_ROLES = frozenset({"analyst", "administrator"})


class SessionResponse(BaseModel):
    token: str
    expires_at_ms: int
    username: str
    role: str


class _Person(BaseModel):
    user_id: str
    role: str
    org_id: str
    scope: list[str] = Field(default_factory=list)


def _session_token(authorization: str | None) -> str | None:
    """A session token is a bearer credential without the device's "<id>.<secret>" dot."""
    if not authorization:
        return None
    scheme, _, credential = authorization.partition(" ")
    credential = credential.strip()
    if scheme.lower() == "bearer" and credential and "." not in credential:
        return credential
    return None


def _person(conn, authorization: str | None, user_token: str | None) -> _Person:
    token = _session_token(authorization)
    if token is not None:
        if len(token) > 200:
            raise ApiError(401, "bad_session", "unknown or expired session")
        user: SessionUser | None = session_user(conn, token)
        if user is None:
            raise ApiError(401, "bad_session", "unknown or expired session", headers={"WWW-Authenticate": "Bearer"})
        scope = offices_under(conn, user.org_id) if user.role in SYNC_ROLES else []
        return _Person(user_id=user.user_id, role=user.role, org_id=user.org_id, scope=scope)
    _, caller, _ = authenticate(conn, authorization, user_token)
    assert caller is not None
    scope = sorted(effective_scope(conn, caller)) if caller.role in SYNC_ROLES else []
    return _Person(user_id=caller.user_id, role=caller.role, org_id=caller.user_org_id, scope=scope)


@router.post("/sessions", response_model=SessionResponse, responses=LOGIN_RESPONSES)
def sign_in(body: LoginRequest, request: Request, conn: ConnDep, settings: SettingsDep) -> SessionResponse:
    user = _check_password(conn, settings, body.username, body.password, client_address(request))
    with write_on(conn):
        token, expires = open_session(conn, user.id)
        _audit(conn, user.id, None, "session", {})
    return SessionResponse(token=token, expires_at_ms=expires, username=user.username, role=user.role)


@router.delete("/sessions/current", status_code=204)
def sign_out(conn: ConnDep, authorization: AuthorizationHeader = None) -> Response:
    token = _session_token(authorization)
    if token is None:
        raise ApiError(401, "bad_session", "a session token is required")
    with write_on(conn):
        close_session(conn, token)
    return Response(status_code=204)


def _period(value: str) -> Period:
    try:
        return parse_period(value[:60])
    except PeriodError as exc:
        raise ApiError(400, "bad_period", str(exc)) from None


def _file(content: bytes, fmt: str, name: str) -> Response:
    return Response(content, media_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


@router.get("/reports/{report_id}")
def report(report_id: str, conn: ConnDep, engine: EngineDep, authorization: AuthorizationHeader = None,
           x_poruch_user: UserHeader = None,
           period: Annotated[str, Query(max_length=60, description="2026-11, 2026-Q4, 2026 or 2026-01-01..2026-03-31")] = "",
           format: Annotated[str, Query(pattern="^(json|xlsx|csv|pdf)$")] = "json",
           lang: Annotated[str, Query(pattern="^(uk|en)$")] = "uk",
           office: Annotated[str | None, Query(max_length=36, description="one office of the caller's scope")] = None,
           ) -> Response:
    if report_id not in REPORTS:
        raise ApiError(404, "not_found", "reports: office, district")
    person = _person(conn, authorization, x_poruch_user)
    if person.role not in SYNC_ROLES:
        raise ApiError(403, "role_not_allowed", f"role {person.role} gets aggregates only, not reports")
    offices = person.scope
    if office is not None:
        if office not in offices:
            raise ApiError(403, "out_of_scope", "this office is not in your scope")
        offices = [office]
    if not period:
        raise ApiError(400, "bad_period", "period is required, e.g. 2026-11")
    chosen = _period(period)
    org = get_org(conn, person.org_id)
    conn.rollback()
    result = server_reports.scope_report(engine, offices, chosen, layout=report_id, lang=lang,
                                         scope_name=(org.name if org is not None and office is None else ""))
    with write_on(conn):
        _audit(conn, person.user_id, None, "report_export",
               {"report": report_id, "period": chosen.code, "format": format, "offices": len(offices)})
    if format == "json":
        import json

        return Response(json.dumps(report_json(result), ensure_ascii=False), media_type="application/json")
    out = io.BytesIO()
    write_report(result, format, out)
    return _file(out.getvalue(), format, f"poruch-{report_id}-{chosen.code}")


def _months(first: str, last: str) -> list[Period]:
    start, end = _period(first), _period(last or first)
    if start.kind != "month" or end.kind != "month":
        raise ApiError(400, "bad_period", "from and to are months, e.g. 2026-09")
    months = Period(start.start, end.end, "dates").months()
    if len(months) > MAX_MONTHS:
        raise ApiError(400, "too_many_months", f"at most {MAX_MONTHS} months in one release")
    return months


@router.get("/aggregates/{level}")
def aggregates(level: str, conn: ConnDep, engine: EngineDep, settings: SettingsDep,
               authorization: AuthorizationHeader = None, x_poruch_user: UserHeader = None,
               from_: Annotated[str, Query(alias="from", max_length=7, description="first month, 2026-09")] = "",
               to: Annotated[str, Query(max_length=7, description="last month (default: from)")] = "",
               tables: Annotated[str | None, Query(max_length=400, description="table ids, comma-separated")] = None,
               format: Annotated[str, Query(pattern="^(json|csv|xlsx)$")] = "json",
               lang: Annotated[str, Query(pattern="^(uk|en)$")] = "uk") -> Response:
    if level not in LEVELS:
        raise ApiError(404, "not_found", f"levels: {', '.join(LEVELS)}")
    person = _person(conn, authorization, x_poruch_user)
    if person.role not in AGGREGATE_ROLES:
        raise ApiError(403, "role_not_allowed", "aggregates are for analysts")
    if not from_:
        raise ApiError(400, "bad_period", "from is required, e.g. 2026-09")
    months = _months(from_, to)
    known = {t.id for t in NATIONAL_TABLES}
    only = None
    if tables:
        only = [t.strip() for t in tables.split(",") if t.strip()]
        unknown = [t for t in only if t not in known]
        if unknown or len(only) > len(known):
            raise ApiError(400, "unknown_table", f"tables: {', '.join(sorted(known))}")
    conn.rollback()
    payload = server_reports.national(engine, months, level=level, lang=lang,
                                      threshold=settings.aggregates_min_count, only=only)
    with write_on(conn):
        _audit(conn, person.user_id, None, "aggregates", {"level": level, "months": len(months), "format": format})
    if format == "json":
        import json

        return Response(json.dumps(payload, ensure_ascii=False), media_type="application/json")
    rows = flat_rows(payload, lang)
    name = f"poruch-aggregates-{level}-{months[0].code}-{months[-1].code}"
    if format == "csv":
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(FLAT_HEADER[lang])
        writer.writerows(rows)
        return _file(("\ufeff" + text.getvalue()).encode("utf-8"), "csv", name)
    from sync.reports.output.xlsx import write_rows_xlsx

    out = io.BytesIO()
    write_rows_xlsx(FLAT_HEADER[lang], rows, out, title=name)
    return _file(out.getvalue(), "xlsx", name)
