"""Protocol 3 beside sync: who the caller is (`/me`), the laptop's audit log (`/audit`), and the device's
status credential (`/device/...`).

The status credential is a second random token issued with the device, which the laptop keeps outside
its encrypted store: it can only ask whether the device is revoked (and report that it wiped itself),
so a laptop asks at start, before anyone unlocks it, and wipes itself if the answer says so. It opens
nothing else: every other request needs the device secret, which lives inside the encrypted store.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from sqlalchemy import Connection, select, update

from sync.auditchain import public_key_text
from sync.protocol import (
    STATUS_SCHEME,
    AuditPosition,
    AuditPushRequest,
    AuditPushResponse,
    DeviceStatusResponse,
    MeResponse,
    Scope,
    StatusTokenResponse,
    UserInfo,
    WipedReport,
)
from sync.server import audit_intake
from sync.server import models as m
from sync.server.admin_ops import audit
from sync.server.audit_intake import checkpoint
from sync.server.db import now_ms, write_on
from sync.server.deps import LAST_SEEN_EVERY_MS, AuditKeyDep, AuthorizationHeader, ConnDep, SyncCallerDep
from sync.server.errors import ApiError
from sync.server.policies import device_policy
from sync.server.security import new_token, same_hash, token_hash

router = APIRouter(tags=["identity"])


@router.get("/me", response_model=MeResponse)
def me(conn: ConnDep, who: SyncCallerDep, key: AuditKeyDep) -> MeResponse:
    """The caller's role and scope as the server decides them, the policies of the device's offices and
    where the server's copy of this device's audit log ends. Asked at every sync."""
    c = who.caller
    size, last_hash = audit_intake.position(conn, c.device_id)
    return MeResponse(user=UserInfo(id=c.user_id, username=c.username, display_name=c.display_name, role=c.role),
                      scope=Scope(office_ids=sorted(who.scope)), policy=device_policy(conn, who.scope),
                      audit=AuditPosition(size=size, hash=last_hash), audit_public_key=public_key_text(key),
                      server_time_ms=now_ms())


@router.post("/audit", response_model=AuditPushResponse)
def push_audit(body: AuditPushRequest, conn: ConnDep, who: SyncCallerDep, key: AuditKeyDep) -> AuditPushResponse:
    """Entries of the laptop's own audit log, continuing where the server's copy ends (answered only
    after they are committed), and a signed checkpoint of where both logs stand."""
    device_id = who.caller.device_id
    with write_on(conn):
        received = audit_intake.receive(conn, device_id, body.entries)
        signed = checkpoint(conn, key, device_id, received.size, received.hash)
    return AuditPushResponse(accepted=received.accepted, duplicates=received.duplicates, breaks=received.breaks,
                             checkpoint=signed, server_time_ms=now_ms())


@router.post("/device/status-token", response_model=StatusTokenResponse)
def issue_status_token(conn: ConnDep, who: SyncCallerDep) -> StatusTokenResponse:
    """A new status credential for this device (laptops enrolled before protocol 3 ask for one); the old one
    stops working."""
    token = new_token()
    with write_on(conn):
        conn.execute(update(m.devices).where(m.devices.c.id == who.caller.device_id)
                     .values(status_hash=token_hash(token)))
        audit(conn, "issue_status_token", {}, user_id=who.caller.user_id, device_id=who.caller.device_id)
    return StatusTokenResponse(status_token=token)


def _status_device(conn: ConnDep, authorization: AuthorizationHeader = None):
    """The device row of a status credential (`Authorization: Status <device_id>.<token>`), or 401."""
    scheme, _, credential = (authorization or "").partition(" ")
    device_id, dot, token = credential.strip().partition(".")
    if scheme != STATUS_SCHEME or not dot or not device_id or not token or len(device_id) > 64:
        raise ApiError(401, "bad_status_credentials", f"Authorization: {STATUS_SCHEME} <device_id>.<token> is required",
                       headers={"WWW-Authenticate": STATUS_SCHEME})
    d = m.devices.c
    row = conn.execute(select(d.id, d.status_hash, d.revoked_at, d.lost_at, d.last_seen_at)
                       .where(d.id == device_id)).first()
    if row is None or not row.status_hash or not same_hash(row.status_hash, token_hash(token)):
        raise ApiError(401, "bad_status_credentials", "unknown device or wrong status token",
                       headers={"WWW-Authenticate": STATUS_SCHEME})
    return row


StatusDevice = Annotated[object, Depends(_status_device)]


def _seen(conn: Connection, row) -> None:
    """A status request is contact with the server (the policy's lockout counts days without it)."""
    now = now_ms()
    if row.revoked_at is None and (row.last_seen_at is None or now - row.last_seen_at > LAST_SEEN_EVERY_MS):
        with write_on(conn):
            conn.execute(update(m.devices).where(m.devices.c.id == row.id).values(last_seen_at=now))


@router.post("/device/status", response_model=DeviceStatusResponse)
def device_status(conn: ConnDep, row: StatusDevice, request: Request) -> DeviceStatusResponse:
    """Am I revoked? Answered for revoked devices too (that is the point)."""
    _seen(conn, row)
    revoked = row.revoked_at is not None
    return DeviceStatusResponse(state="revoked" if revoked else "active", lost=row.lost_at is not None,
                                wipe=revoked, server_time_ms=now_ms())


@router.post("/device/wiped", status_code=204)
def device_wiped(body: WipedReport, conn: ConnDep, row: StatusDevice) -> None:
    """The laptop destroyed its data: recorded, and the device revoked (its credentials are gone with it)."""
    from sync.server.admin_ops import revoke_device

    with write_on(conn):
        conn.execute(update(m.devices).where(m.devices.c.id == row.id, m.devices.c.wiped_at.is_(None))
                     .values(wiped_at=now_ms()))
        revoke_device(conn, row.id)
        audit(conn, "device_wiped", {"device": row.id, "reason": body.reason}, device_id=row.id)
