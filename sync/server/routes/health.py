"""Liveness and version: no authentication, no protocol header."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from sync.protocol import SUPPORTED_PROTOCOLS
from sync.server import SERVER_VERSION
from sync.server.deps import ConnDep

router = APIRouter(tags=["health"])


@router.get("/health")
def health(conn: ConnDep) -> dict:
    conn.execute(text("SELECT 1"))
    return {"status": "ok"}


@router.get("/api/version")
def version() -> dict:
    return {"server_version": SERVER_VERSION, "protocol_versions": list(SUPPORTED_PROTOCOLS)}
