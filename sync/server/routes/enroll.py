"""Enrolment of a device and login of another person on an enrolled device."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from sqlalchemy import Connection, insert, select

from sync.auditchain import public_key_text
from sync.protocol import (
    EnrollRequest,
    EnrollResponse,
    LoginRequest,
    LoginResponse,
    OfficeInfo,
    Scope,
    UserInfo,
)
from sync.records.ids import new_id
from sync.server import models as m
from sync.server.audit import append
from sync.server.db import now_ms, write_on
from sync.server.deps import ConnDep, DeviceDep, SettingsDep, client_address, get_audit_key
from sync.server.errors import LOGIN_RESPONSES, ApiError
from sync.server.orgs import get_org, offices_under
from sync.server.scope import SYNC_ROLES, user_covers_device
from sync.server.security import (
    login_retry_after_ms,
    new_token,
    record_login_attempt,
    retry_after_s,
    token_hash,
    verify_password,
)
from sync.server.settings import ServerSettings

router = APIRouter(tags=["enrolment"])
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _check_password(conn: Connection, settings: ServerSettings, username: str, password: str, address: str):
    """The active user with this name and password, under the login rate limit, or an ApiError."""
    if _CONTROL.search(username):
        raise ApiError(401, "bad_login", "wrong user name or password")  # no such name can exist
    limits = settings.login_limits()
    now = now_ms()
    wait_ms = login_retry_after_ms(conn, limits, username, address, now)
    if wait_ms > 0:
        wait = retry_after_s(wait_ms)
        raise ApiError(429, "too_many_attempts", "too many failed logins, try again later",
                       headers={"Retry-After": str(wait)}, retry_after=wait, retry_after_ms=wait_ms)
    user = conn.execute(select(m.users).where(m.users.c.username == username)).first()
    conn.rollback()  # no snapshot held during the (deliberately slow) Argon2id check
    ok = verify_password(user.password_hash if user else None, password) and bool(user and user.active)
    with write_on(conn):
        record_login_attempt(conn, username, address, ok, now_ms(), limits.window_ms)  # delays from its end
        if not ok:  # who was tried and from where: the name (never the password) and the address
            _audit(conn, None, None, "login_failed", {"username": username[:100], "address": address[:100]})
    if not ok:
        raise ApiError(401, "bad_login", "wrong user name or password")
    if user.must_change_password:
        # The password was set by an administrator: the person chooses their own in the web console first.
        raise ApiError(403, "password_change_required",
                       "Змініть пароль, виданий адміністратором, у веб-консолі сервера (/console), "
                       "потім повторіть вхід. / Change the password your administrator gave you in the "
                       "server's web console (/console), then log in again.")
    return user


def _issue_user_token(conn: Connection, user_id: str, device_id: str) -> str:
    token = new_token()
    conn.execute(insert(m.user_tokens).values(token_hash=token_hash(token), user_id=user_id, device_id=device_id,
                                              created_at=now_ms()))
    return token


def _audit(conn: Connection, user_id: str | None, device_id: str | None, action: str, ids: dict) -> None:
    append(conn, action, ids, user_id=user_id, device_id=device_id)


def _user_info(user) -> UserInfo:
    return UserInfo(id=user.id, username=user.username, display_name=user.display_name, role=user.role)


@router.post("/enroll", response_model=EnrollResponse, responses=LOGIN_RESPONSES)
def enroll(body: EnrollRequest, request: Request, conn: ConnDep, settings: SettingsDep) -> EnrollResponse:
    user = _check_password(conn, settings, body.username, body.password, client_address(request))
    # Administrators enrol to administer (no case data); analysts get no personal data at all.
    if user.role not in SYNC_ROLES and user.role != "administrator":
        raise ApiError(403, "role_not_allowed", f"role {user.role} cannot enrol a device")
    device_id, secret, status_token = body.device_id or new_id(), new_token(), new_token()
    with write_on(conn):
        if body.device_id is not None:
            _check_enrolling_again(conn, user, body)
        org = get_org(conn, user.org_id)
        conn.execute(insert(m.devices).values(id=device_id, name=_CONTROL.sub("", body.device_name), org_id=org.id,
                                              secret_hash=token_hash(secret), status_hash=token_hash(status_token),
                                              enrolled_by=user.id, created_at=now_ms(), last_seen_at=now_ms()))
        user_token = _issue_user_token(conn, user.id, device_id)
        scope = offices_under(conn, org.id) if user.role in SYNC_ROLES else []
        _audit(conn, user.id, device_id, "enroll", {"org": org.id, **({"again": True} if body.device_id else {})})
    return EnrollResponse(device_id=device_id, device_secret=secret, user_token=user_token, user=_user_info(user),
                          office=OfficeInfo(id=org.id, name=org.name, katottg=org.katottg),
                          scope=Scope(office_ids=scope), server_time_ms=now_ms(), status_token=status_token,
                          audit_public_key=public_key_text(get_audit_key(request)))


def _check_enrolling_again(conn: Connection, user, body: EnrollRequest) -> None:
    """A laptop enrolling again under its own id: only one this server does not know (a known device uses its
    own credentials; a revoked one stays revoked), and only for the office it belongs to."""
    if body.office_id is None:
        raise ApiError(422, "office_required", "enrolling a device again names its office")
    if conn.execute(select(m.devices.c.id).where(m.devices.c.id == body.device_id)).first() is not None:
        raise ApiError(409, "device_known", "this server knows this device: it syncs with its own credentials")
    if body.office_id != user.org_id:
        raise ApiError(403, "scope_mismatch", "this user does not belong to the device's office")


@router.post("/login", response_model=LoginResponse, responses=LOGIN_RESPONSES)
def login(body: LoginRequest, request: Request, conn: ConnDep, settings: SettingsDep,
          device: DeviceDep) -> LoginResponse:
    user = _check_password(conn, settings, body.username, body.password, client_address(request))
    with write_on(conn):
        if not user_covers_device(conn, user.org_id, device.org_id):
            raise ApiError(403, "scope_mismatch", "this user may not see everything this device holds")
        user_token = _issue_user_token(conn, user.id, device.id)
        _audit(conn, user.id, device.id, "login", {})
    return LoginResponse(user_token=user_token, user=_user_info(user), server_time_ms=now_ms())

