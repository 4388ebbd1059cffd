"""Typed FastAPI dependencies: the database, the authenticated caller, and their scope.

Every API request except health/version/enroll is authenticated as a device (Bearer
`<device_id>.<secret>`) plus a person (`X-Poruch-User` token issued on that device).

Blocking dependencies run in the thread pool, one hop each, so the checks of a request are done
inside one dependency (device, then user, then scope) rather than chained ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import Depends, Header, Request
from sqlalchemy import Connection, Engine, select, update

from sync.protocol import PROTOCOL_HEADER
from sync.server import models as m
from sync.server.db import now_ms, write_on
from sync.server.errors import ApiError
from sync.server.scope import Caller, effective_scope
from sync.server.security import same_hash, token_hash
from sync.server.settings import ServerSettings

LAST_SEEN_EVERY_MS = 60_000  # last_seen_at is informative; do not write it on every request


async def get_engine(request: Request) -> Engine:
    return request.app.state.engine


async def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


def get_audit_key(request: Request) -> Ed25519PrivateKey:
    """The audit signing key, made on first use (sync.server.signing)."""
    from sync.server.signing import load_or_create

    return load_or_create(request.app.state.settings.audit_key_path())


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def get_conn(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Connection]:
    """One read connection per request, shared by authentication, scope and the endpoint's reads
    (writes take their own transaction: see db.writer)."""
    with engine.connect() as conn:
        yield conn


EngineDep = Annotated[Engine, Depends(get_engine)]
ConnDep = Annotated[Connection, Depends(get_conn)]
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
AuditKeyDep = Annotated[Ed25519PrivateKey, Depends(get_audit_key)]
AuthorizationHeader = Annotated[str | None, Header(description="Bearer <device_id>.<device_secret>")]
UserHeader = Annotated[str | None, Header(description="the user token issued at enrol or login")]


def _unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message, headers={"WWW-Authenticate": "Bearer"})


@dataclass(frozen=True)
class DeviceAuth:
    id: str
    org_id: str


@dataclass(frozen=True)
class SyncCaller:
    caller: Caller
    scope: frozenset[str]


def _credentials(authorization: str | None) -> tuple[str, str]:
    if not authorization:
        raise _unauthorized("auth_required", "Authorization: Bearer <device_id>.<device_secret> is required")
    scheme, _, credential = authorization.partition(" ")
    device_id, dot, secret = credential.strip().partition(".")
    if scheme.lower() != "bearer" or not dot or not device_id or not secret:
        raise _unauthorized("bad_credentials", "malformed device credentials")
    return device_id, secret


def _load(conn: Connection, device_id: str, user_token: str | None):
    """The device, its org's kind, and the user of the token, in one query."""
    d, o, t, u = m.devices.c, m.organisations.c, m.user_tokens.c, m.users.c
    query = (select(d.id, d.org_id, d.secret_hash, d.revoked_at, d.last_seen_at, d.app_version, d.protocol_version,
                    o.kind.label("org_kind"),
                    t.device_id.label("token_device"), t.revoked_at.label("token_revoked"),
                    u.id.label("user_id"), u.username, u.display_name, u.role, u.org_id.label("user_org"), u.active)
             .join_from(m.devices, m.organisations, o.id == d.org_id)
             .outerjoin(m.user_tokens, t.token_hash == token_hash(user_token or ""))
             .outerjoin(m.users, u.id == t.user_id)
             .where(d.id == device_id))
    return conn.execute(query).first()


def _reported_versions(request: Request | None) -> dict:
    """What the laptop says it runs: User-Agent "poruch-client/<version>" and the protocol header."""
    if request is None:
        return {}
    agent = request.headers.get("user-agent", "")
    product, _, version = agent.partition("/")
    protocol = request.headers.get(PROTOCOL_HEADER, "")
    return {"app_version": version.split()[0][:40] if product == "poruch-client" and version.strip() else None,
            "protocol_version": int(protocol) if protocol.isdigit() and len(protocol) < 4 else None}


def _check_device(conn: Connection, row, secret: str, request: Request | None = None) -> DeviceAuth:
    if row is None or not same_hash(row.secret_hash, token_hash(secret)):
        raise _unauthorized("bad_device_credentials", "unknown device or wrong device secret")
    if row.revoked_at is not None:
        raise ApiError(403, "device_revoked", "this device has been revoked", wipe=True)
    now = now_ms()
    reported = _reported_versions(request)
    changed = any(v is not None and v != getattr(row, k) for k, v in reported.items())
    if changed or row.last_seen_at is None or now - row.last_seen_at > LAST_SEEN_EVERY_MS:
        with write_on(conn):
            conn.execute(update(m.devices).where(m.devices.c.id == row.id)
                         .values(last_seen_at=now, **{k: v for k, v in reported.items() if v is not None}))
    return DeviceAuth(row.id, row.org_id)


def _check_user(row, device: DeviceAuth, user_token: str | None) -> Caller:
    if not user_token:
        raise _unauthorized("user_token_required", "X-Poruch-User is required")
    if row.user_id is None or row.token_revoked is not None or row.token_device != device.id:
        raise _unauthorized("bad_user_token", "unknown or revoked user token for this device")
    if not row.active:
        raise ApiError(403, "user_inactive", "this user account is disabled")
    return Caller(device_id=device.id, device_org_id=device.org_id, user_id=row.user_id, username=row.username,
                  display_name=row.display_name, role=row.role, user_org_id=row.user_org)


def authenticate(conn: Connection, authorization: str | None, user_token: str | None,
                 *, need_user: bool = True, request: Request | None = None) -> tuple[DeviceAuth, Caller | None, str]:
    """(device, user or None, kind of the device's org), or an ApiError."""
    device_id, secret = _credentials(authorization)
    row = _load(conn, device_id, user_token)
    device = _check_device(conn, row, secret, request)
    caller = _check_user(row, device, user_token) if need_user else None
    return device, caller, row.org_kind


def authenticated_device(request: Request, conn: ConnDep, authorization: AuthorizationHeader = None) -> DeviceAuth:
    return authenticate(conn, authorization, None, need_user=False, request=request)[0]


def current_caller(request: Request, conn: ConnDep, authorization: AuthorizationHeader = None,
                   x_poruch_user: UserHeader = None) -> Caller:
    return authenticate(conn, authorization, x_poruch_user, request=request)[1]  # type: ignore[return-value]


def sync_caller(request: Request, conn: ConnDep, authorization: AuthorizationHeader = None,
                x_poruch_user: UserHeader = None) -> SyncCaller:
    """A caller allowed to sync personal data, with the offices they may read and write."""
    _, caller, org_kind = authenticate(conn, authorization, x_poruch_user, request=request)
    assert caller is not None
    if not caller.can_sync():
        raise ApiError(403, "role_not_allowed", f"role {caller.role} has no access to case data")
    if org_kind == "office" and caller.user_org_id == caller.device_org_id:
        return SyncCaller(caller, frozenset({caller.device_org_id}))  # the common case, without a query
    return SyncCaller(caller, effective_scope(conn, caller))


@contextmanager
def sync_session(request: Request, authorization: str | None, user_token: str | None) -> Iterator[
        tuple[Connection, SyncCaller]]:
    """The request's read connection and its sync caller, for an endpoint that does all its blocking work in one
    thread-pool hop (routes.sync): what ConnDep and SyncCallerDep give, without a hop each."""
    with request.app.state.engine.connect() as conn:
        yield conn, sync_caller(request, conn, authorization, user_token)


DeviceDep = Annotated[DeviceAuth, Depends(authenticated_device)]
CallerDep = Annotated[Caller, Depends(current_caller)]
SyncCallerDep = Annotated[SyncCaller, Depends(sync_caller)]
