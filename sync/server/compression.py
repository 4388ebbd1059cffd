"""Compressed bodies both ways.

Requests: `inflate` turns a `Content-Encoding: gzip` or `zstd` body back into bytes. It is linear in its
input (members are fed from a memoryview; only the few bytes left over after a member are ever copied),
bounded in members (a legitimate client sends one) and in output, and it is run on a worker thread by
sync.server.body_limits, which also decides how much a request may hold. Responses: zstd when the
client accepts it, else gzip, for bodies worth compressing (ResponseCompression).
"""

from __future__ import annotations

import gzip
import zlib

import zstandard

MIN_COMPRESS = 1024
MAX_MEMBERS = 64        # gzip members or zstd frames in one body (our client sends one)
_GZIP_CHUNK = 64 * 1024  # input fed per call: a member's leftover (copied by zlib) is at most this
# zstd has no output bound per call, and one 4-byte block can expand to 128 KiB: the input fed per
# call is sized so that its output cannot overshoot the remaining budget by much.
_ZSTD_RATIO = 32 * 1024
_ZSTD_MIN_CHUNK, _ZSTD_MAX_CHUNK = 64, 256 * 1024
ZSTD_MAX_WINDOW = 8 * 1024 * 1024  # a frame may not make the server reserve more (the client uses 2 MiB)


class BodyError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra


def too_large(limit: int, what: str = "request body") -> BodyError:
    return BodyError(413, "too_large", f"{what} larger than {limit} bytes", max_bytes=limit)


def inflate(body: bytes, encoding: str, limit: int) -> bytes:
    """The inflated body, or BodyError: 413 beyond `limit` bytes, 400 when corrupt or made of too many
    members, 415 for an encoding we do not speak."""
    try:
        if encoding in ("gzip", "x-gzip"):
            return _gunzip(body, limit)
        if encoding == "zstd":
            return _unzstd(body, limit)
    except (zlib.error, zstandard.ZstdError, EOFError) as exc:
        raise BodyError(400, "bad_encoding", f"corrupt {encoding} body") from exc
    raise BodyError(415, "unsupported_encoding", f"unsupported Content-Encoding: {encoding}")


def _too_many_members(encoding: str) -> BodyError:
    return BodyError(400, "bad_encoding", f"more than {MAX_MEMBERS} {encoding} members in one body",
                     max_members=MAX_MEMBERS)


def _gunzip(body: bytes, limit: int) -> bytes:
    out = bytearray()
    view, pos, members = memoryview(body), 0, 0
    while pos < len(view):  # a gzip stream may hold several members
        members += 1
        if members > MAX_MEMBERS:
            raise _too_many_members("gzip")
        member = zlib.decompressobj(wbits=31)
        while not member.eof:
            if pos >= len(view):
                raise BodyError(400, "bad_encoding", "truncated gzip body")
            chunk = view[pos:pos + _GZIP_CHUNK]
            out += member.decompress(chunk, limit + 1 - len(out))
            if len(out) > limit:
                raise too_large(limit, "inflated request body")
            pos += len(chunk) - len(member.unused_data) - len(member.unconsumed_tail)
    return bytes(out)


def _unzstd(body: bytes, limit: int) -> bytes:
    out = bytearray()
    view, pos, members = memoryview(body), 0, 0
    decompressor = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
    while pos < len(view):
        members += 1
        if members > MAX_MEMBERS:
            raise _too_many_members("zstd")
        frame = decompressor.decompressobj()
        while not frame.eof:
            if pos >= len(view):
                raise BodyError(400, "bad_encoding", "empty or truncated zstd body")
            size = min(_ZSTD_MAX_CHUNK, max(_ZSTD_MIN_CHUNK, (limit + 1 - len(out)) // _ZSTD_RATIO))
            chunk = view[pos:pos + size]
            out += frame.decompress(chunk)
            if len(out) > limit:
                raise too_large(limit, "inflated request body")
            pos += len(chunk) - len(frame.unused_data)
    if not view:
        raise BodyError(400, "bad_encoding", "empty or truncated zstd body")
    return bytes(out)


def header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


def _accepted(accept: str) -> set[str]:
    out = set()
    for item in accept.split(","):
        name, _, params = item.strip().partition(";")
        q = params.strip()
        if q.startswith("q="):
            try:
                if float(q[2:]) == 0:
                    continue
            except ValueError:
                continue
        out.add(name.strip().lower())
    return out


class ResponseCompression:
    """zstd when accepted (preferred), else gzip; small or already-encoded bodies pass unchanged."""

    def __init__(self, app, zstd_level: int = 3, gzip_level: int = 5):
        self.app = app
        self.zstd = zstandard.ZstdCompressor(level=zstd_level, write_checksum=True)  # verified on inflating
        self.gzip_level = gzip_level

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        accepted = _accepted(header(scope, b"accept-encoding") or "")
        encoding = "zstd" if "zstd" in accepted else "gzip" if "gzip" in accepted else None
        if encoding is None:
            return await self.app(scope, receive, send)
        start: dict | None = None
        parts: list[bytes] = []

        async def wrapped(message):
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                return await send(message)
            parts.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._flush(send, start, b"".join(parts), encoding)

        await self.app(scope, receive, wrapped)

    async def _flush(self, send, start: dict, body: bytes, encoding: str) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
        if len(body) >= MIN_COMPRESS and not any(k == b"content-encoding" for k, _ in headers):
            body = self.zstd.compress(body) if encoding == "zstd" else gzip.compress(body, self.gzip_level)
            headers += [(b"content-encoding", encoding.encode()), (b"vary", b"Accept-Encoding")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": body})
