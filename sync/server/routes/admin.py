"""Administration over HTTP (administrator role): offices and devices. The CLI does the same."""

from __future__ import annotations

from fastapi import APIRouter

from sync.server import admin_ops
from sync.server.db import write_on
from sync.server.deps import CallerDep, ConnDep
from sync.server.errors import ApiError
from sync.server.scope import Caller

router = APIRouter(prefix="/admin", tags=["admin"])


def _require_admin(caller: Caller) -> None:
    if caller.role != "administrator":
        raise ApiError(403, "role_not_allowed", "administrators only")


@router.get("/offices")
def offices(conn: ConnDep, caller: CallerDep) -> list[dict]:
    _require_admin(caller)
    return admin_ops.list_offices(conn)


@router.get("/devices")
def devices(conn: ConnDep, caller: CallerDep) -> list[dict]:
    _require_admin(caller)
    return admin_ops.list_devices(conn)


@router.post("/devices/{device_id}/revoke")
def revoke(device_id: str, conn: ConnDep, caller: CallerDep) -> dict:
    _require_admin(caller)
    with write_on(conn):
        if not admin_ops.revoke_device(conn, device_id, by_user=caller.user_id):
            raise ApiError(404, "not_found", "no such device")
    return {"device_id": device_id, "revoked": True}
