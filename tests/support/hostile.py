"""Hostile requests against a real server on 127.0.0.1, and what they cost it.

`send_raw` writes a request byte for byte on a socket (no client library tidies it up: wrong lengths,
chunked bodies, raw encodings), waits a moment for an early answer before sending a large body (a
server that refuses on the headers alone answers before the body is sent), and reads the answer.
`watch(pid, url)` runs beside a hostile request: it samples the server process's resident memory
(/proc/<pid>/status) and asks /health every few milliseconds, so a test can assert the memory growth
and that /health kept answering within a second while the request was in flight.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from tests.support import loopback

HEALTH_BOUND_S = 1.0  # on an idle machine; see health_bound()
_EARLY_WAIT_S = 0.3
_SEND_CHUNK = 256 * 1024


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)

    @property
    def code(self) -> str | None:
        try:
            return self.json().get("code")
        except (ValueError, AttributeError):
            return None


def _parse(raw: bytes, seconds: float) -> Answer:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or len(lines[0].split()) < 2:
        raise ConnectionError(f"no HTTP answer (got {len(raw)} bytes)")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = _unchunk(body)
    elif "content-length" in headers:
        body = body[:int(headers["content-length"])]
    return Answer(status, headers, body, seconds)


def _unchunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2:]
    return bytes(out)


def _complete(raw: bytes) -> bool:
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        return False
    lowered = head.lower()
    for line in lowered.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    if b"transfer-encoding: chunked" in lowered:
        return body.endswith(b"0\r\n\r\n")
    return False


def send_raw(url: str, method: str, path: str, *, headers: dict[str, str] | None = None,
             body: bytes | Iterable[bytes] = b"", chunked: bool = False, content_length: int | None = None,
             timeout: float = 60.0) -> Answer:
    """One request written by hand. `body` may be an iterable of pieces (sent as they come);
    `chunked` sends them with Transfer-Encoding: chunked; `content_length` overrides the real length."""
    parts = urlsplit(url)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        pieces = [body] if isinstance(body, bytes | bytearray) else body
        lines = [f"{method} {path} HTTP/1.1", f"Host: {parts.hostname}:{parts.port}"]
        given = {k.lower() for k in (headers or {})}
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if chunked:
            lines.append("Transfer-Encoding: chunked")
        elif "content-length" not in given:
            if content_length is None:
                pieces = [b"".join(pieces)]
                content_length = len(pieces[0])
            lines.append(f"Content-Length: {content_length}")
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        raw = bytearray()
        early = _early_answer(sock, raw)
        if not early:
            with contextlib.suppress(OSError):  # the server may answer and close while we still send
                for piece in pieces:
                    for start in range(0, len(piece), _SEND_CHUNK):
                        data = piece[start:start + _SEND_CHUNK]
                        sock.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
                        if _early_answer(sock, raw, wait=0):
                            raise OSError("answered early")
                if chunked:
                    sock.sendall(b"0\r\n\r\n")
        _read_answer(sock, raw, started + timeout)
    return _parse(bytes(raw), time.monotonic() - started)


def _early_answer(sock: socket.socket, raw: bytearray, wait: float = _EARLY_WAIT_S) -> bool:
    readable, _, _ = select.select([sock], [], [], wait)
    if not readable:
        return False
    with contextlib.suppress(OSError):
        data = sock.recv(65536)
        raw += data
        return bool(data)
    return False


def _read_answer(sock: socket.socket, raw: bytearray, deadline: float) -> None:
    while not _complete(bytes(raw)):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no complete answer")
        sock.settimeout(remaining)
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            break
        if not data:
            break
        raw += data


def rss_bytes(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS")


def health_bound(idle_bound_s: float) -> float:
    """The bound on /health while a hostile request runs, stretched by the machine's run queue: with more
    runnable processes than cores (other suites, a shared CI host) the server's answer waits for a core
    whatever it does. A stalled event loop still shows: it holds /health for the whole hostile request."""
    crowding = os.getloadavg()[0] / (os.cpu_count() or 1)
    return idle_bound_s * max(1.0, crowding)


@dataclass
class Watch:
    """What the server did while a hostile request was in flight."""

    rss_before: int
    rss_peak: int = 0
    health_worst_s: float = 0.0
    health_failures: int = 0
    health_checks: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def rss_growth(self) -> int:
        return max(0, self.rss_peak - self.rss_before)

    def assert_healthy(self, max_growth: int, *, health_bound_s: float = HEALTH_BOUND_S) -> None:
        health_bound_s = health_bound(health_bound_s)
        assert self.health_checks > 0, "/health was never asked"
        assert self.health_failures == 0, f"/health failed {self.health_failures} times: {self.errors[:3]}"
        assert self.health_worst_s < health_bound_s, f"/health took {self.health_worst_s:.2f} s"
        assert self.rss_growth <= max_growth, f"server memory grew by {self.rss_growth / 2**20:.1f} MiB"


@contextlib.contextmanager
def watch(pid: int, url: str, *, interval: float = 0.02, health_timeout: float = 5.0) -> Iterator[Watch]:
    """Samples the server's RSS and /health latency until the block ends (at least one /health)."""
    result = Watch(rss_before=rss_bytes(pid))
    result.rss_peak = result.rss_before
    stop = threading.Event()

    def sample_memory() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError, RuntimeError):
                result.rss_peak = max(result.rss_peak, rss_bytes(pid))
            stop.wait(interval / 4)

    def ask_health() -> None:
        with loopback.client(timeout=health_timeout) as client:
            while True:
                started = time.monotonic()
                try:
                    ok = client.get(f"{url}/health").status_code == 200
                except httpx.HTTPError as exc:
                    ok = False
                    result.errors.append(type(exc).__name__)
                result.health_worst_s = max(result.health_worst_s, time.monotonic() - started)
                result.health_checks += 1
                result.health_failures += 0 if ok else 1
                if stop.wait(interval):
                    return

    threads = [threading.Thread(target=sample_memory, daemon=True), threading.Thread(target=ask_health, daemon=True)]
    for thread in threads:
        thread.start()
    try:
        yield result
    finally:
        stop.set()
        for thread in threads:
            thread.join(10)
        with contextlib.suppress(OSError, RuntimeError):
            result.rss_peak = max(result.rss_peak, rss_bytes(pid))
