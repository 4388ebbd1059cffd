"""Attachment bytes over HTTP: status, upload and download (the rules: sync/server/attachments.py)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from sync.server.attachments import (
    MAX_BLOB_BYTES,
    MAX_STATUS_HASHES,
    SHA256_PATTERN,
    read_blob,
    status_of,
    store_blob,
)
from sync.server.db import now_ms
from sync.server.deps import ConnDep, SyncCallerDep

router = APIRouter(prefix="/attachments", tags=["attachments"])
HashPath = Annotated[str, Path(pattern=SHA256_PATTERN, description="lower-case hex SHA-256 of the bytes")]


class StatusRequest(BaseModel):
    sha256: list[Annotated[str, Field(pattern=SHA256_PATTERN)]] = Field(max_length=MAX_STATUS_HASHES)


class StatusResponse(BaseModel):
    stored: list[str]
    missing: list[str]
    unknown: list[str]
    max_bytes: int
    server_time_ms: int


@router.post("/status", response_model=StatusResponse)
def status(body: StatusRequest, conn: ConnDep, who: SyncCallerDep) -> StatusResponse:
    stored, missing, unknown = status_of(conn, who, body.sha256)
    return StatusResponse(stored=stored, missing=missing, unknown=unknown, max_bytes=MAX_BLOB_BYTES,
                          server_time_ms=now_ms())


@router.put("/{sha256}", status_code=201, responses={200: {"description": "already stored"}})
async def upload(sha256: HashPath, request: Request, conn: ConnDep, who: SyncCallerDep) -> Response:
    # The body is already in memory (sync.server.body_limits reads it, bounded).
    content = await request.body()
    return await run_in_threadpool(_upload, conn, who, sha256, content)


def _upload(conn, who, sha256: str, content: bytes) -> Response:
    created = store_blob(conn, who, sha256, content)
    body = json.dumps({"sha256": sha256, "size": len(content), "created": created, "server_time_ms": now_ms()})
    return Response(body, status_code=201 if created else 200, media_type="application/json")


@router.get("/{sha256}", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}, "description": "the bytes"}})
def download(sha256: HashPath, conn: ConnDep, who: SyncCallerDep) -> Response:
    content = read_blob(conn, who, sha256)
    # Scans and photos are compressed already: `identity` keeps ResponseCompression off them.
    headers = {"Content-Encoding": "identity", "Cache-Control": "no-store", "X-Content-SHA256": sha256}
    return Response(content, media_type="application/octet-stream", headers=headers)
