"""Reference data editions uploaded on the server and handed to laptops: the hostilities/occupation list.

An upload is validated with the same parser the laptops use (sync.reference.hostilities), stored whole in
the database (every server process and host sees it) and becomes the edition in force; laptops fetch it
after a sync and install it like `poruch reference load-hostilities`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Path, Response
from sqlalchemy import Connection, insert, select

from sync.reference.codifier import is_valid_code_format
from sync.reference.hostilities import parse_csv_bytes
from sync.server import models as m
from sync.server.admin_ops import audit
from sync.server.db import now_ms
from sync.server.deps import ConnDep, SyncCallerDep
from sync.server.errors import ApiError

HOSTILITIES = "hostilities"
MAX_EDITION_BYTES = 8 * 1024 * 1024
router = APIRouter(prefix="/reference", tags=["reference"])


@dataclass(frozen=True)
class UploadReport:
    edition_id: int
    rows: int
    valid_rows: int
    unknown_codes: int
    bad_lines: list[tuple[int, str]]


def upload_hostilities(conn: Connection, data: bytes, edition: str, *, by: str) -> UploadReport:
    """Validate and store a new edition (in force from now on). ValueError (uk / en) when it is unusable."""
    if len(data) > MAX_EDITION_BYTES:
        raise ValueError("файл завеликий / the file is too large")
    parsed = parse_csv_bytes(data, "CSV")
    valid = [x for x in parsed.listings if x.periods and is_valid_code_format(x.code)]
    if not valid:
        raise ValueError(f"жодного придатного рядка / no valid row ({parsed.row_count})")
    from sync.reference import get_codifier

    codifier = get_codifier()
    name = " ".join(edition.split())[:300] or "—"
    edition_id = conn.execute(insert(m.reference_editions).values(
        kind=HOSTILITIES, edition=name, sha256=hashlib.sha256(data).hexdigest(), content=data, rows=len(valid),
        uploaded_at=now_ms(), uploaded_by=by).returning(m.reference_editions.c.id)).scalar_one()
    audit(conn, "upload_hostilities", {"edition": edition_id, "rows": len(valid)}, user_id=by)
    return UploadReport(edition_id, parsed.row_count, len(valid), sum(1 for x in valid if x.code not in codifier),
                        parsed.bad_lines)


def editions(conn: Connection, kind: str = HOSTILITIES, limit: int = 20) -> list:
    e = m.reference_editions.c
    return conn.execute(select(e.id, e.edition, e.sha256, e.rows, e.uploaded_at, e.uploaded_by)
                        .where(e.kind == kind).order_by(e.id.desc()).limit(limit)).all()


def in_force(conn: Connection, kind: str = HOSTILITIES):
    rows = editions(conn, kind, 1)
    return rows[0] if rows else None


@router.get("/hostilities", summary="The hostilities/occupation list edition in force (metadata)")
def hostilities_edition(conn: ConnDep, who: SyncCallerDep) -> dict:
    row = in_force(conn)
    if row is None:
        raise ApiError(404, "no_edition", "no edition was uploaded to this server; the packaged one applies")
    return {"id": row.id, "edition": row.edition, "sha256": row.sha256, "rows": row.rows,
            "uploaded_at": row.uploaded_at}


@router.get("/hostilities/{edition_id}.csv", summary="The CSV of an uploaded edition",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def hostilities_content(edition_id: Annotated[int, Path(ge=1, lt=2**31)], conn: ConnDep,
                        who: SyncCallerDep) -> Response:  # an id beyond the column's 32 bits: 422, not a 500
    e = m.reference_editions.c
    row = conn.execute(select(e.content, e.sha256).where(e.id == edition_id, e.kind == HOSTILITIES)).first()
    if row is None:
        raise ApiError(404, "not_found", "no such edition")
    return Response(row.content, media_type="text/csv; charset=utf-8", headers={"ETag": f'"{row.sha256}"'})
