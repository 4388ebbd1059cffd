"""Push, pull and digest: the sync endpoints (sync roles only, always within the caller's scope)."""

from __future__ import annotations

import json
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from sqlalchemy import Connection, update
from starlette.concurrency import run_in_threadpool

from sync.protocol import (
    EPOCH_HEADER,
    MAX_PUSH_BATCH,
    PROTOCOL_HEADER,
    PULL_LINES_TYPE,
    DigestResponse,
    PullRequest,
    PullResponse,
    PushRequest,
    PushResponse,
)
from sync.server import duplicates
from sync.server import models as m
from sync.server.audit import append
from sync.server.checks_later import check_soon, pushing
from sync.server.db import checkpoint_soon, now_ms, write_on
from sync.server.deps import AuthorizationHeader, SettingsDep, SyncCaller, UserHeader, sync_session
from sync.server.errors import ApiError
from sync.server.pull import pull_head, pull_page, scope_digest
from sync.server.push import Pusher, apply_batch, expire_transfers
from sync.server.settings import ServerSettings
from sync.server.store import current_epoch
from sync.server.transfers import DAY_MS
from sync.startup import collector_paused
from sync.wire import encode_pull_json, encode_pull_lines, encode_push_answer

router = APIRouter(prefix="/sync", tags=["sync"])
M = TypeVar("M", bound=BaseModel)
# A batch of this many changes is applied with Python's automatic garbage collector paused (sync.startup.
# collector_paused): thousands of changes, field dicts and record states alive until its answer, none in a
# reference cycle, which the collections they set off walked again and again (10-25 ms of a batch of 2,000
# changes: gc.callbacks in the server during benchmarks/sync.py's push, SQLite). Only while the batch holds the
# writer lock: the pauses of one process then never overlap and the collector runs between batches, however
# many devices push at once (held while waiting for the lock, concurrent large pushes kept it off for as long
# as they kept coming, and cyclic garbage of every other request piled up meanwhile). Small pushes, the most
# common, leave it as it is.
PAUSE_CHANGES = 200


def protocol_version(request: Request) -> int:
    """The version the request speaks (ProtocolCheck has refused the unsupported ones already)."""
    return int(request.headers.get(PROTOCOL_HEADER, "1"))


async def push_body(request: Request) -> PushRequest:
    """The push body, read and checked before anything else (as FastAPI reads a body parameter)."""
    return parse_body(PushRequest, await request.body())


def parse_body(model: type[M], body: bytes) -> M:
    """A body read by pydantic's own JSON parser, checked as it is read: half the work of FastAPI's
    way for a push of 2,000 changes (the json module's objects first, then the model over them). A body
    that parser refuses is read the old way: the json module takes a lone surrogate escaped as \\udc00,
    and the change holding it is then refused on its own (invalid_characters), not the whole batch.
    An invalid body is answered as FastAPI answers one (sync.server.errors)."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        if not any(e["type"] == "json_invalid" for e in exc.errors(include_url=False, include_input=False)):
            raise _invalid(exc) from None
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as exc:  # not JSON, or nested deeper than the interpreter goes
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error",
                                       "input": {}, "ctx": {"error": type(exc).__name__}}]) from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _invalid(exc) from None


def _invalid(exc: ValidationError) -> RequestValidationError:
    return RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors(
        include_url=False, include_input=False, include_context=False)])


def _inline_defs(schema: dict) -> dict:
    """A model's JSON schema with its `$defs` written in place (an OpenAPI document has no `#/$defs`)."""
    defs = schema.pop("$defs", {})

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            if ref.startswith("#/$defs/"):
                return walk(dict(defs[ref.removeprefix("#/$defs/")]))
            return {k: walk(v) for k, v in node.items()}
        return [walk(v) for v in node] if isinstance(node, list) else node

    return walk(schema)


def _body_doc(model: type[BaseModel]) -> dict:
    """The request body's schema for the OpenAPI document, for a route that reads its body itself."""
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": _inline_defs(model.model_json_schema())}}}}


# Every laptop calls these every few minutes, so each does its blocking work - connection, authentication, the
# work - in ONE thread-pool hop: FastAPI runs each blocking dependency and the endpoint in a hop of their own
# (four for a pull), and for a pull with nothing new the hops were about a fifth of the server's CPU.


@router.post("/push", response_model=PushResponse, openapi_extra=_body_doc(PushRequest))
async def push(body: Annotated[PushRequest, Depends(push_body)], request: Request, settings: SettingsDep,
               authorization: AuthorizationHeader = None, x_poruch_user: UserHeader = None) -> Response:
    return await run_in_threadpool(_push, body, request, settings, authorization, x_poruch_user)


def _push(body: PushRequest, request: Request, settings: ServerSettings, authorization: str | None,
          user_token: str | None) -> Response:
    with sync_session(request, authorization, user_token) as (conn, who):
        return _push_on(conn, who, body, request, settings)


def _push_on(conn: Connection, who: SyncCaller, body: PushRequest, request: Request,
             settings: ServerSettings) -> Response:
    if len(body.changes) > MAX_PUSH_BATCH:
        raise ApiError(413, "batch_too_large", f"at most {MAX_PUSH_BATCH} changes per push",
                       max_changes=MAX_PUSH_BATCH)
    if not body.changes:
        return Response(encode_push_answer([], now_ms()), media_type="application/json")
    c = who.caller
    pusher = Pusher(device_id=c.device_id, user_id=c.user_id, username=c.username, role=c.role, scope=who.scope)
    # The answer leaves only after the commit: durable before acknowledged.
    with pushing(conn.engine), write_on(conn, lock=True):
        _check_epoch(conn, request.headers.get(EPOCH_HEADER))
        with collector_paused(len(body.changes) >= PAUSE_CHANGES):  # the writer lock held: see PAUSE_CHANGES
            results = apply_batch(conn, pusher, body.changes, now_ms(), with_state=protocol_version(request) >= 2,
                                  transfer_ttl_ms=int(settings.transfer_expiry_days * DAY_MS))
        rejected = sum(1 for r in results if r.status == "rejected")
        if rejected:  # the laptop keeps them aside for review: the console shows how many
            conn.execute(update(m.devices).where(m.devices.c.id == c.device_id)
                         .values(rejected_changes=m.devices.c.rejected_changes + rejected))
    checkpoint_soon(conn.engine)  # committed: SQLite's log goes into the database file once the pushes pause
    if conn.info.pop(duplicates.QUEUED, False):  # and the duplicate check looks at the cases it queued
        check_soon(conn.engine, settings.duplicate_check_quiet_s)
    return Response(encode_push_answer(results, now_ms()), media_type="application/json")


def _check_epoch(conn, known: str | None) -> None:
    """A device that last synced in another epoch is answered before anything is applied: its changes' base
    numbers belong to the server's state before the restore, and what it acknowledged since may be gone
    (the device recovers first: sync.client.recovery). A push without the header is applied as before."""
    if known is None:
        return
    epoch, began_at = current_epoch(conn)
    if epoch is not None and known != epoch:
        raise ApiError(409, "epoch_changed", "the server was restored from a backup since this device last synced",
                       epoch=epoch, epoch_seq=began_at)


@router.post("/pull", response_model=PullResponse, openapi_extra=_body_doc(PullRequest), responses={200: {
    "description": f"protocol 1: JSON; protocol 2 and later: {PULL_LINES_TYPE} (docs/sync-protocol.md, Pull)",
    "content": {PULL_LINES_TYPE: {"schema": {"type": "string"}}}}})
async def pull(request: Request, authorization: AuthorizationHeader = None,
               x_poruch_user: UserHeader = None) -> Response:
    return await run_in_threadpool(_pull, request, await request.body(), authorization, x_poruch_user)


def _pull(request: Request, raw: bytes, authorization: str | None, user_token: str | None) -> Response:
    with sync_session(request, authorization, user_token) as (conn, who):
        return _pull_on(conn, who, parse_body(PullRequest, raw), request)  # authenticated first, then read


def _pull_on(conn: Connection, who: SyncCaller, body: PullRequest, request: Request) -> Response:
    version = protocol_version(request)
    now = now_ms()
    head, transfer_due = pull_head(conn, who.scope, now)
    if transfer_due:  # transfers nobody answered in time expire here, before the page is read
        with write_on(conn, lock=True):
            expire_transfers(conn, now)
        head, _ = pull_head(conn, who.scope, now)
    page = pull_page(conn, who.scope, body.cursor, body.limit, body.skip if version >= 2 else (), head=head)
    digest = None
    if version >= 2 and body.digest and not page.more:
        # Nothing after the cursor: the digest read with the counter is the page's. Otherwise it is read after
        # the page (and before the audit write ends this read): a record changed meanwhile moves to a number
        # above the page's, so the digest must not be older than the page or the device would see a mismatch.
        digest = head if head.cursor <= body.cursor else scope_digest(conn, who.scope)
    if page.rows or page.evictions:
        with write_on(conn):
            append(conn, "pull", {"cases": page.case_ids(), "records": len(page.rows),
                                  "evictions": page.evictions, "cursor": page.cursor},
                   user_id=who.caller.user_id, device_id=who.caller.device_id)
    answer = {"evictions": page.evictions, "cursor": page.cursor, "more": page.more, "server_time_ms": now_ms()}
    if version >= 2:
        return Response(encode_pull_lines(page.rows, **answer, digest=digest, epoch=page.epoch,
                                          epoch_seq=page.epoch_seq), media_type=PULL_LINES_TYPE)
    return Response(encode_pull_json(page.rows, **answer), media_type="application/json")


@router.get("/digest", response_model=DigestResponse)
async def digest(request: Request, authorization: AuthorizationHeader = None,
                 x_poruch_user: UserHeader = None) -> DigestResponse:
    return await run_in_threadpool(_digest, request, authorization, x_poruch_user)


def _digest(request: Request, authorization: str | None, user_token: str | None) -> DigestResponse:
    with sync_session(request, authorization, user_token) as (conn, who):
        return scope_digest(conn, who.scope)
