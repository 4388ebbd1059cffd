"""One place that bounds every request body, while it streams in (pure ASGI middleware).

Order of the checks, cheapest first, so a hostile request costs the server as little as possible:
1. the route's bound for the caller: a request without valid credentials (device secret, API session or
   console session) may hold at most `unauthenticated_body_bytes` (64 KiB: enough for /enroll, /login,
   /sessions and the console login), whatever route it names; the credentials are checked (one indexed
   query, on a worker thread) before a byte of the body is read;
2. Content-Length against that bound (413 before reading);
3. the stream, counted as it arrives (413 as soon as it passes the bound);
4. a compressed body is inflated on a worker thread (sync.server.compression: linear, bounded in members
   and output, the inflated size checked against the same bound), never on the event loop.
The body is then replayed downstream in one piece. 413 answers say which bound was passed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import anyio
from sqlalchemy import Engine, select

from sync.server import models as m
from sync.server.compression import BodyError, header, inflate, too_large
from sync.server.console.sessions import COOKIE as CONSOLE_COOKIE
from sync.server.db import now_ms
from sync.server.security import same_hash, token_hash
from sync.server.settings import ServerSettings

_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS"})
_ATTACHMENT_PUT = re.compile(r"^/api/v1/attachments/[0-9a-f]{64}$")
_COOKIE = re.compile(rf"(?:^|;)\s*{CONSOLE_COOKIE}=([^;]*)")
_MAX_CREDENTIAL = 200  # longer Authorization values or cookies are nobody's


def authenticated_limit(settings: ServerSettings, method: str, path: str,
                        upload_paths: frozenset[str]) -> int:
    """What a request with valid credentials may send to `path` (inflated size)."""
    from sync.server.attachments import MAX_BLOB_BYTES

    if method == "POST" and path == "/api/v1/sync/push":
        limit = settings.push_body_bytes
    elif method == "PUT" and _ATTACHMENT_PUT.match(path):
        limit = MAX_BLOB_BYTES + 64 * 1024  # the route answers a precise attachment_too_large beyond its bound
    elif method == "POST" and path == "/api/v1/audit":
        limit = settings.audit_body_bytes
    elif path.startswith("/console/"):
        limit = settings.console_max_upload_bytes if path in upload_paths else settings.console_max_form_bytes
    else:
        limit = settings.authenticated_body_bytes
    return min(limit, settings.max_request_bytes)


def has_valid_credentials(engine: Engine, authorization: str | None, cookie: str | None) -> bool:
    """A live device secret, API session token or console session: blocking, for a worker thread."""
    console = _COOKIE.search(cookie or "")
    console_token = console.group(1).strip().strip('"') if console else ""
    scheme, _, credential = (authorization or "").partition(" ")
    credential = credential.strip()
    bearer = scheme.lower() == "bearer" and 0 < len(credential) <= _MAX_CREDENTIAL
    if not bearer and not (0 < len(console_token) <= _MAX_CREDENTIAL):
        return False
    with engine.connect() as conn:
        if bearer and "." in credential:
            device_id, _, secret = credential.partition(".")
            d = m.devices.c
            row = conn.execute(select(d.secret_hash, d.revoked_at).where(d.id == device_id)).first()
            if row is not None and row.revoked_at is None and same_hash(row.secret_hash, token_hash(secret)):
                return True
        elif bearer:
            s = m.api_sessions.c
            row = conn.execute(select(s.expires_at, s.revoked_at)
                               .where(s.token_hash == token_hash(credential))).first()
            if row is not None and row.revoked_at is None and row.expires_at > now_ms():
                return True
        if console_token:
            c = m.console_sessions.c
            row = conn.execute(select(c.ended_at).where(c.token_hash == token_hash(console_token))).first()
            return row is not None and row.ended_at is None
    return False


class BodyLimits:
    def __init__(self, app, *, settings: ServerSettings, engine: Engine, upload_paths=(),
                 check: Callable[[Engine, str | None, str | None], bool] = has_valid_credentials):
        self.app = app
        self.settings = settings
        self.engine = engine
        self.upload_paths = frozenset(upload_paths)
        self.check = check

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in _BODYLESS:
            return await self.app(scope, receive, send)
        try:
            body = await self._bounded_body(scope, receive)
        except BodyError as err:
            return await send_error(send, err)
        headers = [(k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")]
        headers.append((b"content-length", str(len(body)).encode()))
        scope = {**scope, "headers": headers}
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # http.disconnect

        await self.app(scope, replay, send)

    async def _bounded_body(self, scope, receive) -> bytes:
        s = self.settings
        small = min(s.unauthenticated_body_bytes, s.max_request_bytes)
        declared = header(scope, b"content-length")
        if declared is not None and not declared.strip().isdigit():
            raise BodyError(400, "bad_content_length", "Content-Length is not a number")
        size = int(declared) if declared is not None else None
        encoding = (header(scope, b"content-encoding") or "identity").strip().lower()
        limit = small
        # Credentials are looked up only when the body may need more than the small bound.
        if size is None or size > small or encoding != "identity":
            largest = authenticated_limit(s, scope["method"], scope["path"], self.upload_paths)
            if largest > small and await anyio.to_thread.run_sync(
                    self.check, self.engine, header(scope, b"authorization"), header(scope, b"cookie")):
                limit = largest
        if size is not None and size > limit:
            raise _refused(limit, small)
        body = await _read(receive, limit, small)
        if encoding != "identity":
            body = await anyio.to_thread.run_sync(inflate, body, encoding, limit)
        return body


def _refused(limit: int, small: int) -> BodyError:
    err = too_large(limit)
    if limit == small:
        err.message += " (without valid credentials)"
    return err


async def _read(receive, limit: int, small: int) -> bytes:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BodyError(400, "disconnected", "client went away")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _refused(limit, small)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


async def send_error(send, err: BodyError) -> None:
    body = json.dumps({"code": err.code, "message": err.message, **err.extra}).encode()
    await send({"type": "http.response.start", "status": err.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
