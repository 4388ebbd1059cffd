"""Compressed bodies both ways (pure ASGI middleware).

Requests: `Content-Encoding: gzip` or `zstd` bodies are inflated before FastAPI sees them, with a
cap on the inflated size (a small bomb must not take the server's memory). Responses: zstd when
the client accepts it, else gzip, for bodies worth compressing.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib

import zstandard

MIN_COMPRESS = 1024
_READ_CHUNK = 1 << 20


class BodyError(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _too_large(limit: int) -> BodyError:
    return BodyError(413, "too_large", f"request body larger than {limit} bytes")


def inflate(body: bytes, encoding: str, limit: int) -> bytes:
    try:
        if encoding in ("gzip", "x-gzip"):
            return _gunzip(body, limit)
        if encoding == "zstd":
            return _unzstd(body, limit)
    except (zlib.error, zstandard.ZstdError, EOFError) as exc:
        raise BodyError(400, "bad_encoding", f"corrupt {encoding} body") from exc
    raise BodyError(415, "unsupported_encoding", f"unsupported Content-Encoding: {encoding}")


def _gunzip(body: bytes, limit: int) -> bytes:
    out = bytearray()
    data = body
    while data:  # a gzip stream may hold several members
        d = zlib.decompressobj(wbits=31)
        out += d.decompress(data, limit + 1 - len(out))
        if len(out) > limit:
            raise _too_large(limit)
        if not d.eof:
            if d.unconsumed_tail:
                raise _too_large(limit)
            raise BodyError(400, "bad_encoding", "truncated gzip body")
        data = d.unused_data
    return bytes(out)


def _unzstd(body: bytes, limit: int) -> bytes:
    out = bytearray()
    with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(body), read_across_frames=True) as reader:
        while True:
            chunk = reader.read(_READ_CHUNK)
            if not chunk:
                break
            out += chunk
            if len(out) > limit:
                raise _too_large(limit)
    if body and not out:
        raise BodyError(400, "bad_encoding", "empty or truncated zstd body")
    return bytes(out)


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


async def _send_error(send, err: BodyError) -> None:
    body = json.dumps({"code": err.code, "message": err.message}).encode()
    await send({"type": "http.response.start", "status": err.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RequestDecompression:
    """Reads the whole request body (bounded), inflates it if encoded, and replays it downstream."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        try:
            body = await self._read(scope, receive)
            encoding = (_header(scope, b"content-encoding") or "identity").strip().lower()
            if encoding != "identity":
                body = inflate(body, encoding, self.max_bytes)
        except BodyError as err:
            return await _send_error(send, err)
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

    async def _read(self, scope, receive) -> bytes:
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            raise _too_large(self.max_bytes)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise BodyError(400, "disconnected", "client went away")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise _too_large(self.max_bytes)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


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
        accepted = _accepted(_header(scope, b"accept-encoding") or "")
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
