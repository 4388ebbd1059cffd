"""Attachment bytes: content-addressed blobs (SHA-256), uploaded once, downloaded within scope.

This module holds the rules and the storage; the HTTP routes are in sync/server/routes/attachments.py.

The attachment *record* (file name, size, `sha256`) syncs like every other record; its bytes go
through these endpoints (sync/server/routes/attachments.py) after the record is on the server:

- `POST /api/v1/attachments/status` `{"sha256": [...]}` → which of them the server `stored`, which
  are referenced in the caller's scope but still `missing` (to upload), which are `unknown` (no live
  attachment record of the caller's scope references them);
- `PUT /api/v1/attachments/{sha256}` the raw bytes: checked against the address, stored once
  (a retried or concurrent upload of the same bytes is answered 200 and changes nothing);
- `GET /api/v1/attachments/{sha256}` the raw bytes.

Scope: a caller may upload a hash only if a live (not deleted) `attachment` record of an office in its
scope names it; the upload grants the bytes to those cases (`attachment_cases`: the bytes are the proof
of holding them). A caller may download them, and status says `stored`, only through such a case: a
hash named by a record of the caller's own making opens nothing another office uploaded, and the case
keeps its grant when it moves to another office. "Not referenced in your scope", "uploaded only
elsewhere" and "no such hash" look alike, so the endpoints tell nobody what other offices hold.

The blobs live in a server table rather than in files under the data directory: the same code on
PostgreSQL and SQLite, one backup and one restore for records and bytes together, several server
processes (`serve --workers N`, or several hosts on one PostgreSQL) see the same blobs, and
"durable before acknowledged" is the database's commit (no partially written file can ever be taken
for a stored one). At 25 MiB a blob, bytea/BLOB handle them comfortably.
"""

from __future__ import annotations

import hashlib
import json
import re

from sqlalchemy import (
    Connection,
    false,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite

from sync.server import models as m
from sync.server.audit import append
from sync.server.db import now_ms, write_on
from sync.server.errors import ApiError

MAX_BLOB_BYTES = 25 * 1024 * 1024  # the desktop refuses larger files (desktop.services.attachments)
MAX_STATUS_HASHES = 1000
SHA256_PATTERN = r"^[0-9a-f]{64}$"
_SHA256 = re.compile(SHA256_PATTERN)
_LIKE_AT_MOST = 50  # above this many hashes, read the scope's attachment records instead of LIKE each

attachment_blobs = m.attachment_blobs


# --- scope --------------------------------------------------------------------------------------------
def referenced(conn: Connection, scope: frozenset[str], hashes: list[str]) -> dict[str, set[str]]:
    """hash → case ids of the live attachment records of `scope` that name it (hashes not named are absent).

    Records hold canonical JSON (`"sha256":"<hex>"`, no spaces), so a LIKE finds the candidates and
    the parsed field confirms them. No index serves this: it reads the scope's attachment records.
    """
    wanted = {h for h in hashes if _SHA256.match(h)}
    if not wanted or not scope:
        return {}
    r = m.records.c
    query = select(r.case_id, r.data).where(r.type == "attachment", r.deleted == false(),
                                            r.office_id.in_(sorted(scope)))
    if len(wanted) <= _LIKE_AT_MOST:
        query = query.where(or_(*[r.data.like(f'%"sha256":"{h}"%') for h in sorted(wanted)]))
    out: dict[str, set[str]] = {}
    for case_id, data in conn.execute(query):
        try:
            value = json.loads(data).get("sha256")
        except (ValueError, AttributeError):
            continue
        if value in wanted:
            out.setdefault(value, set()).add(case_id)
    return out


def granted(conn: Connection, refs: dict[str, set[str]]) -> dict[str, set[str]]:
    """hash → the cases among `refs` (hash → the caller's cases naming it) through which its bytes were
    uploaded: the caller may read those bytes. A hash without such a case is absent."""
    g = m.attachment_cases.c
    hashes = sorted(refs)
    out: dict[str, set[str]] = {}
    for start in range(0, len(hashes), 500):
        for sha256, case_id in conn.execute(select(g.sha256, g.case_id)
                                            .where(g.sha256.in_(hashes[start:start + 500]))):
            if case_id in refs[sha256]:
                out.setdefault(sha256, set()).add(case_id)
    return out


def _unknown(sha256: str) -> ApiError:
    return ApiError(404, "unknown_attachment",
                    "no attachment record in your scope refers to this file", sha256=sha256)


def _not_uploaded(sha256: str) -> ApiError:
    return ApiError(404, "attachment_not_uploaded",
                    "the device that added this file has not uploaded it yet", sha256=sha256)


def _audit(conn: Connection, who, action: str, sha256: str, cases: set[str], **extra) -> None:
    append(conn, action, {"sha256": sha256, "cases": sorted(cases), **extra}, user_id=who.caller.user_id,
           device_id=who.caller.device_id)


def _extend_grants(conn: Connection, refs: dict[str, set[str]], stored: dict[str, set[str]]) -> None:
    """Bytes the caller's scope may read are granted to its other cases naming them too (the same file
    attached twice), so that each keeps them if the first one moves to another office."""
    rows = [{"sha256": h, "case_id": c, "created_at": now_ms()}
            for h in sorted(stored) for c in sorted(refs[h] - stored[h])]
    if not rows:
        return
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    with write_on(conn):
        conn.execute(dialect.insert(m.attachment_cases).values(rows)
                     .on_conflict_do_nothing(index_elements=["sha256", "case_id"]))


# --- operations (the routes call these) ---------------------------------------------------------------
def status_of(conn: Connection, who, hashes: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(stored, missing, unknown) among `hashes` for the caller `who`, in sorted order."""
    hashes = sorted(set(hashes))
    refs = referenced(conn, who.scope, hashes)
    known = sorted(refs)
    stored = granted(conn, refs)  # bytes uploaded only by another office: "missing" here, as if absent
    _extend_grants(conn, refs, stored)
    return ([h for h in known if h in stored], [h for h in known if h not in stored],
            [h for h in hashes if h not in refs])


def store_blob(conn: Connection, who, sha256: str, content: bytes) -> bool:
    """Check and store the bytes of `sha256`; True when this upload opened them to a case of the caller."""
    cases = referenced(conn, who.scope, [sha256]).get(sha256)
    if not cases:
        raise _unknown(sha256)
    if len(content) > MAX_BLOB_BYTES:
        raise ApiError(413, "attachment_too_large",
                       f"an attachment may hold at most {MAX_BLOB_BYTES} bytes",
                       max_bytes=MAX_BLOB_BYTES, size=len(content))
    actual = hashlib.sha256(content).hexdigest()
    if actual != sha256:
        raise ApiError(422, "hash_mismatch", "the SHA-256 of the body is not the one in the address",
                       sha256=sha256, body_sha256=actual, size=len(content))
    with write_on(conn):  # committed before the answer leaves: durable before acknowledged
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        now = now_ms()
        stmt = dialect.insert(attachment_blobs).values(
            sha256=sha256, size=len(content), content=content, created_at=now, device_id=who.caller.device_id)
        conn.execute(stmt.on_conflict_do_nothing(index_elements=["sha256"]))
        grant = dialect.insert(m.attachment_cases).values([{"sha256": sha256, "case_id": c, "created_at": now}
                                                           for c in sorted(cases)])
        # "created": this upload opened the bytes to a case that could not read them (whether another
        # office had stored the same bytes is nobody's business here).
        created = bool(conn.execute(grant.on_conflict_do_nothing(index_elements=["sha256", "case_id"])
                                    .returning(m.attachment_cases.c.case_id)).all())
        if created:
            _audit(conn, who, "attachment_upload", sha256, cases, size=len(content))
    return created


def read_blob(conn: Connection, who, sha256: str) -> bytes:
    """The bytes of `sha256` if the caller may read them (recorded in the audit log), else a 404 ApiError."""
    refs = referenced(conn, who.scope, [sha256])
    if not refs:
        raise _unknown(sha256)
    cases = granted(conn, refs).get(sha256)
    if not cases:  # named in the caller's scope, but its bytes came through no case of theirs (yet)
        raise _not_uploaded(sha256)
    b = attachment_blobs.c
    content = conn.execute(select(b.content).where(b.sha256 == sha256)).scalar()
    if content is None:
        raise _not_uploaded(sha256)
    with write_on(conn):
        _audit(conn, who, "attachment_download", sha256, cases)  # who opened which case's document
    return bytes(content)
