"""The HTTP side of the sync client: one httpx client, protocol headers, compression, typed errors.

Every call returns a parsed answer or raises a `sync.client.errors.SyncError`; nothing above this
module sees httpx. Wire byte counters (bodies as sent and received, i.e. compressed) let the
status screen and the benchmark say what a sync cost.
"""

from __future__ import annotations

import errno
import functools
import ipaddress
import json
import socket
import ssl
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import zstandard
from pydantic import BaseModel, ValidationError

from sync import APP_VERSION as CLIENT_VERSION
from sync.client import errors as e
from sync.client.replica import PushResult
from sync.protocol import (
    EPOCH_HEADER,
    MAX_PULL_LIMIT,
    MAX_SKIP_RANGES,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PULL_LINES_TYPE,
    STATUS_SCHEME,
    SUPPORTED_PROTOCOLS,
    USER_HEADER,
    DeviceStatusResponse,
    DigestResponse,
    EnrollResponse,
    LoginResponse,
)
from sync.wire import (
    PullPage,
    PushAnswer,
    RawJSON,
    WireError,
    compact_json,
    decode_pull_json,
    decode_pull_lines,
    decode_push_answer,
    encode_push,
)

COMPRESS_MIN_BYTES = 1024  # below this zstd saves nothing worth a frame header
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
_HTTPX_ZSTD = "zstd" in getattr(httpx._decoders, "SUPPORTED_DECODERS", {})  # noqa: SLF001


@functools.cache
def _default_tls() -> ssl.SSLContext:
    """httpx's default verifying context (certifi's authorities), built once per process: building it
    reads and parses the whole CA bundle, and a `poruch sync` makes two or three transports."""
    return httpx.create_ssl_context(trust_env=False)


def _tls_for(base_url: str) -> ssl.SSLContext:
    """The verifying context for https. Plain http (to this computer only: check_server_url) makes no
    TLS connection, so it gets a context that trusts no authority instead of reading the CA bundle
    (~15 ms of a command's start): should one ever be attempted, it fails verification."""
    if urlsplit(base_url).scheme == "https":  # lower-cased: "HTTPS://..." is https too
        return _default_tls()
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED and check_hostname, no CA loaded


@dataclass(frozen=True)
class PreparedBody:
    """A request body as it goes on the wire, encoded (and compressed) ahead of sending (Transport.prepare)."""

    content: bytes
    encoding: str | None  # Content-Encoding, None: as it is


@dataclass
class Counters:
    requests: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """The base URL without a trailing slash; refuses plain http except to this computer."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise e.InsecureConnection(f"невірна адреса сервера / bad server address: {url!r}")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise e.InsecureConnection(url)
    return url.strip().rstrip("/")


class Transport:
    def __init__(self, server_url: str, *, device_id: str | None = None, device_secret: str | None = None,
                 user_token: str | None = None, timeout: httpx.Timeout | float | None = None,
                 compress_min: int = COMPRESS_MIN_BYTES, verify: Any = True,
                 http_transport: httpx.BaseTransport | None = None):
        self.base_url = check_server_url(server_url)
        self.device_id = device_id
        self.device_secret = device_secret
        self.user_token = user_token
        self.compress_min = compress_min
        self.protocol = PROTOCOL_VERSION  # lowered once if the server only speaks an older version
        self.counters = Counters()
        self._lock = threading.Lock()
        self._zc = zstandard.ZstdCompressor(level=3)
        self._zc_ahead = zstandard.ZstdCompressor(level=3)  # prepare()'s, on another thread than the sends
        self._ahead_lock = threading.Lock()
        self._client = httpx.Client(
            base_url=self.base_url, timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
            verify=_tls_for(self.base_url) if verify is True else verify,
            headers={PROTOCOL_HEADER: str(self.protocol), "Accept-Encoding": "zstd, gzip",
                     "User-Agent": f"poruch-client/{CLIENT_VERSION}"},
            follow_redirects=False, trust_env=False, transport=http_transport)

    # --- the protocol's calls -------------------------------------------------------------------------
    def version(self) -> dict[str, Any]:
        return self._json("GET", "/api/version", auth=False)

    def enroll(self, username: str, password: str, device_name: str = "", *, device_id: str | None = None,
               office_id: str | None = None) -> EnrollResponse:
        """`device_id`, `office_id`: this laptop's own, enrolling again with a server that no longer knows it."""
        body = {"username": username, "password": password, "device_name": device_name}
        if device_id is not None:
            body.update(device_id=device_id, office_id=office_id)
        resp = self._parse(EnrollResponse, self._json("POST", "/api/v1/enroll", body, auth=False))
        self.device_id, self.device_secret, self.user_token = resp.device_id, resp.device_secret, resp.user_token
        return resp

    def login(self, username: str, password: str) -> LoginResponse:
        body = {"username": username, "password": password}
        return self._parse(LoginResponse, self._json("POST", "/api/v1/login", body))

    def prepare(self, body: RawJSON) -> PreparedBody:
        """`body` as a request sends it: UTF-8, compressed when large. For a body made ready ahead of its
        request (the next push batch while one is on its way: 3.5 ms for the 1.1 MB of 2,000 changes that
        are then not spent between one answer and the next request)."""
        content = body.encode("utf-8")
        if len(content) < self.compress_min:
            return PreparedBody(content, None)
        with self._ahead_lock:  # a compressor serves one thread at a time
            return PreparedBody(self._zc_ahead.compress(content), "zstd")

    def push(self, changes: list[dict[str, Any]] | RawJSON | PreparedBody, *, epoch: str | None = None) -> PushAnswer:
        """Send a batch: the changes, or their body from `encode_push` or `prepare` (made ahead of time). `epoch`:
        the server's epoch this device last synced in; a server in another one answers EpochChanged, applying
        nothing."""
        body = changes if isinstance(changes, (RawJSON, PreparedBody)) else encode_push(changes)
        extra = {EPOCH_HEADER: epoch} if epoch is not None else None
        raw, _ = self._exchange("POST", "/api/v1/sync/push", body, headers=extra)
        try:
            return decode_push_answer(raw, PushResult)
        except WireError as exc:
            raise e.ProtocolMismatch(str(exc)) from exc

    def pull(self, cursor: int, limit: int = 2000, skip: list[tuple[int, int]] | None = None, *,
             digest: bool = False) -> PullPage:
        """A page after `cursor`; `skip`: seq ranges this device holds already; `digest`: ask for the
        scope's digest with the last page (both protocol 2, else ignored)."""
        def request(version: int) -> dict[str, Any]:
            body: dict[str, Any] = {"cursor": cursor, "limit": min(limit, MAX_PULL_LIMIT)}
            if skip and version >= 2:
                body["skip"] = [list(r) for r in skip[:MAX_SKIP_RANGES]]
            if digest and version >= 2:
                body["digest"] = True
            return body

        raw, content_type = self._exchange("POST", "/api/v1/sync/pull", request)
        try:
            if content_type.split(";")[0].strip() == PULL_LINES_TYPE:
                return decode_pull_lines(raw)
            return decode_pull_json(raw)
        except WireError as exc:
            raise e.ProtocolMismatch(str(exc)) from exc

    def digest(self) -> DigestResponse:
        return self._parse(DigestResponse, self._json("GET", "/api/v1/sync/digest"))

    # --- the status credential: only "am I revoked?" and "I wiped myself" (version 3) ------------------
    def device_status(self, status_token: str) -> DeviceStatusResponse:
        response = self._round_trip("POST", "/api/v1/device/status", None, self._status_headers(status_token))
        return self._parse(DeviceStatusResponse, _loads(response.content, "/api/v1/device/status"))

    def device_wiped(self, status_token: str, reason: str) -> None:
        headers = {**self._status_headers(status_token), "Content-Type": "application/json"}
        self._round_trip("POST", "/api/v1/device/wiped", compact_json({"reason": reason}).encode(), headers)

    def _status_headers(self, status_token: str) -> dict[str, str]:
        if not (self.device_id and status_token):
            raise e.NotEnrolled()
        return {"Authorization": f"{STATUS_SCHEME} {self.device_id}.{status_token}",
                PROTOCOL_HEADER: str(self.protocol)}

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- plumbing -------------------------------------------------------------------------------------
    def _json(self, method: str, path: str, body: Any = None, *, auth: bool = True,
              headers: dict[str, str] | None = None) -> Any:
        return _loads(self._exchange(method, path, body, auth=auth, headers=headers)[0], path)

    @staticmethod
    def _parse(model: type[BaseModel], data: Any):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise e.ProtocolMismatch(f"{model.__name__}: {exc.errors()[0]['msg']}") from exc

    def _auth_headers(self) -> dict[str, str]:
        if not (self.device_id and self.device_secret):
            raise e.NotEnrolled()
        headers = {"Authorization": f"Bearer {self.device_id}.{self.device_secret}"}
        if self.user_token:
            headers[USER_HEADER] = self.user_token
        return headers

    def _exchange(self, method: str, path: str, body: Any = None, *, auth: bool = True,
                  headers: dict[str, str] | None = None) -> tuple[bytes, str]:
        """The answer's body and content type. A server that speaks only an older protocol version
        answers 426 with the versions it supports: the request is sent again in the newest of those
        this client speaks, and later requests use it too (docs/sync-protocol.md, Transport)."""
        sent = self.protocol
        try:
            return self._send(method, path, body, auth=auth, headers=headers)
        except e.UnsupportedProtocol as exc:
            older = [v for v in getattr(exc, "supported", ()) if v in _spoken() and v < sent]
            if not older:
                raise
            with self._lock:
                self.protocol = min(self.protocol, max(older))
                self._client.headers[PROTOCOL_HEADER] = str(self.protocol)
            return self._send(method, path, body, auth=auth, headers=headers)

    def call(self, method: str, path: str, body: Any = None, model: type[BaseModel] | None = None) -> Any:
        """A JSON call of a resource beside sync (attachments, the directory), parsed into `model` if given."""
        data = self._json(method, path, body)
        return self._parse(model, data) if model is not None else data

    def raw(self, method: str, path: str, content: bytes | None = None) -> httpx.Response:
        """An authenticated request whose body and answer are bytes as they are (attachment files:
        scans are compressed already), in the protocol version this transport settled on."""
        headers = self._auth_headers()
        headers[PROTOCOL_HEADER] = str(self.protocol)
        if content is not None:
            headers["Content-Type"] = "application/octet-stream"
        return self._round_trip(method, path, content, headers)

    def _round_trip(self, method: str, path: str, content: bytes | None, headers: dict[str, str]) -> httpx.Response:
        """One request, read whole; network failures and error answers become typed SyncErrors."""
        try:
            response = self._client.request(method, path, content=content, headers=headers)
            response.read()  # the whole body: a cut mid-body raises here
        except httpx.ConnectTimeout as exc:
            raise e.SyncTimeout("ConnectTimeout", connect_failed=True) from exc
        except httpx.TimeoutException as exc:
            raise e.SyncTimeout(type(exc).__name__) from exc
        except httpx.ConnectError as exc:
            raise e.ServerUnreachable("ConnectError", connect_failed=_nothing_reached(exc)) from exc
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise e.ServerUnreachable(type(exc).__name__) from exc
        with self._lock:
            self.counters.requests += 1
            self.counters.bytes_sent += len(content or b"")
            self.counters.bytes_received += response.num_bytes_downloaded
        if response.status_code >= 400:
            data = response.content
            if (not _HTTPX_ZSTD and response.headers.get("content-encoding", "").strip() == "zstd"):
                data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
            raise error_for(response.status_code, data, response.headers)
        return response

    def _send(self, method: str, path: str, body: Any = None, *, auth: bool = True,
              headers: dict[str, str] | None = None) -> tuple[bytes, str]:
        """`body` may be a function of the protocol version (a request that differs between them)."""
        headers = {**(self._auth_headers() if auth else {}), **(headers or {})}
        version = self.protocol
        headers[PROTOCOL_HEADER] = str(version)
        if callable(body):
            body = body(version)
        content = None
        if isinstance(body, PreparedBody):
            content = body.content
            headers["Content-Type"] = "application/json"
            if body.encoding:
                headers["Content-Encoding"] = body.encoding
        elif body is not None:
            text = body if isinstance(body, RawJSON) else compact_json(body)
            content = text.encode("utf-8")
            headers["Content-Type"] = "application/json"
            if len(content) >= self.compress_min:
                content = self._zc.compress(content)
                headers["Content-Encoding"] = "zstd"
        response = self._round_trip(method, path, content, headers)
        data = response.content
        if (not _HTTPX_ZSTD and response.headers.get("content-encoding", "").strip() == "zstd"):
            data = zstandard.ZstdDecompressor().decompressobj().decompress(data)
        return data, response.headers.get("content-type", "")


def _spoken() -> tuple[int, ...]:
    """The versions this build speaks: the current one and the older ones it still understands."""
    return SUPPORTED_PROTOCOLS if PROTOCOL_VERSION in SUPPORTED_PROTOCOLS else (PROTOCOL_VERSION,)


def _loads(raw: bytes, path: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise e.ProtocolMismatch(f"{path}: not JSON") from exc


_UNREACHABLE = {errno.ECONNREFUSED, errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN,
                errno.ETIMEDOUT}


def _nothing_reached(exc: BaseException) -> bool:
    """Whether a connect error means no server answered at all (refused, no route, no DNS).

    httpx also calls it a connect error when a connection is reset right after it opened: the
    server (or a proxy) was there, and the engine should retry as for any dropped connection.
    """
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        if isinstance(seen, OSError) and seen.errno is not None:
            return seen.errno in _UNREACHABLE
        seen = seen.__cause__ or seen.__context__
    return True


def _error_body(data: bytes) -> dict[str, Any]:
    try:
        body = json.loads(data)
    except ValueError:
        return {}
    if isinstance(body, dict) and isinstance(body.get("detail"), dict) and "code" in body["detail"]:
        return body["detail"]  # FastAPI's HTTPException(detail={...}) shape
    return body if isinstance(body, dict) else {}


def error_for(status: int, data: bytes, headers: httpx.Headers | dict | None = None) -> e.SyncError:
    """The typed error for an HTTP error answer (status and the protocol's {"code", "message"})."""
    body = _error_body(data)
    code = body.get("code")
    detail = body.get("message") if isinstance(body.get("message"), str) else None
    if status == 426 or code == "unsupported_protocol":
        supported = body.get("supported")
        error = e.UnsupportedProtocol(f"сервер підтримує / server supports: {supported}" if supported else detail,
                                      status=status)
        error.supported = [v for v in supported if isinstance(v, int)] if isinstance(supported, list) else []
        return error
    if status == 409 and code == "epoch_changed":
        epoch, began_at = body.get("epoch"), body.get("epoch_seq")
        if isinstance(epoch, str) and isinstance(began_at, int) and not isinstance(began_at, bool):
            return e.EpochChanged(epoch, began_at, status=status)
        return e.ProtocolMismatch("epoch_changed without the epoch", status=status)
    if status == 403 and (code == "device_revoked" or body.get("wipe")):
        return e.DeviceRevoked(status=status)
    if status == 401:
        return e.AuthenticationFailed(detail, status=status)
    if status == 403:
        return e.AccessDenied(detail, status=status)
    if status == 429 or (status == 503 and code == "server_busy"):  # wait as told, then again
        retry_after = None
        try:
            retry_after = float((headers or {}).get("retry-after", ""))
        except ValueError:
            pass
        return e.RateLimited(detail, status=status, retry_after=retry_after)
    if status >= 500:
        return e.ServerError(f"HTTP {status}", status=status)
    return e.RequestRejected(f"HTTP {status} {code or ''}: {detail or ''}".strip(), status=status)
