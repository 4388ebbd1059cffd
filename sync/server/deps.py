"""Typed FastAPI dependencies: the database, the authenticated caller, and their scope.

Every API request except health/version/enroll is authenticated as a device (Bearer
`<device_id>.<secret>`) plus a person (`X-Poruch-User` token issued on that device).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy import Connection, Engine, select, update

from sync.server import models as m
from sync.server.db import now_ms
from sync.server.errors import ApiError
from sync.server.scope import Caller, effective_scope
from sync.server.security import same_hash, token_hash
from sync.server.settings import ServerSettings

LAST_SEEN_EVERY_MS = 60_000  # last_seen_at is informative; do not write it on every request


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_settings(request: Request) -> ServerSettings:
    return request.app.state.settings


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


def _unauthorized(code: str, message: str) -> ApiError:
    return ApiError(401, code, message, headers={"WWW-Authenticate": "Bearer"})


@dataclass(frozen=True)
class DeviceAuth:
    id: str
    org_id: str


def authenticated_device(engine: EngineDep, conn: ConnDep,
                         authorization: Annotated[str | None, Header()] = None) -> DeviceAuth:
    if not authorization:
        raise _unauthorized("auth_required", "Authorization: Bearer <device_id>.<device_secret> is required")
    scheme, _, credential = authorization.partition(" ")
    device_id, dot, secret = credential.strip().partition(".")
    if scheme.lower() != "bearer" or not dot or not device_id or not secret:
        raise _unauthorized("bad_credentials", "malformed device credentials")
    d = m.devices.c
    row = conn.execute(select(d.id, d.org_id, d.secret_hash, d.revoked_at, d.last_seen_at)
                       .where(d.id == device_id)).first()
    if row is None or not same_hash(row.secret_hash, token_hash(secret)):
        raise _unauthorized("bad_device_credentials", "unknown device or wrong device secret")
    if row.revoked_at is not None:
        raise ApiError(403, "device_revoked", "this device has been revoked", wipe=True)
    now = now_ms()
    if row.last_seen_at is None or now - row.last_seen_at > LAST_SEEN_EVERY_MS:
        with engine.begin() as write:
            write.execute(update(m.devices).where(d.id == row.id).values(last_seen_at=now))
    return DeviceAuth(row.id, row.org_id)


DeviceDep = Annotated[DeviceAuth, Depends(authenticated_device)]


def current_caller(conn: ConnDep, device: DeviceDep,
                   x_poruch_user: Annotated[str | None, Header()] = None) -> Caller:
    if not x_poruch_user:
        raise _unauthorized("user_token_required", "X-Poruch-User is required")
    t, u = m.user_tokens.c, m.users.c
    row = conn.execute(
        select(t.device_id, t.revoked_at, u.id, u.username, u.display_name, u.role, u.org_id, u.active)
        .join_from(m.user_tokens, m.users, t.user_id == u.id)
        .where(t.token_hash == token_hash(x_poruch_user))).first()
    if row is None or row.revoked_at is not None or row.device_id != device.id:
        raise _unauthorized("bad_user_token", "unknown or revoked user token for this device")
    if not row.active:
        raise ApiError(403, "user_inactive", "this user account is disabled")
    return Caller(device_id=device.id, device_org_id=device.org_id, user_id=row.id, username=row.username,
                  display_name=row.display_name, role=row.role, user_org_id=row.org_id)


CallerDep = Annotated[Caller, Depends(current_caller)]


@dataclass(frozen=True)
class SyncCaller:
    caller: Caller
    scope: frozenset[str]


def sync_caller(conn: ConnDep, caller: CallerDep) -> SyncCaller:
    """A caller allowed to sync personal data, with the offices they may read and write."""
    if not caller.can_sync():
        raise ApiError(403, "role_not_allowed", f"role {caller.role} has no access to case data")
    return SyncCaller(caller, effective_scope(conn, caller))


SyncCallerDep = Annotated[SyncCaller, Depends(sync_caller)]
