"""A TCP proxy on 127.0.0.1 that breaks connections on purpose, between a sync client and the server.

Each new connection takes the next fault from a plan (then the default one): pass through, cut
the request after N bytes (the server gets half a request), cut the response after N bytes (the
server committed, the client never hears it), delay every chunk, refuse (reset at once), drop
(accept and never answer), answer (the proxy itself answers an HTTP error, as the office's nginx
or Caddy does with 502/503 when the server behind it is down or overloaded: the request never
reaches the server), or hold (forward nothing until a test opens a gate). Cuts either reset (RST)
or close (FIN) both sides. Counters say what happened, so a test can assert that the faults were
really hit.

With `record=True` the proxy keeps every byte it forwarded, per connection; `exchanges()` parses
them back into HTTP requests and responses (h11), so a test can check what really went on the wire.
"""

from __future__ import annotations

import http
import random
import select
import socket
import struct
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field

import h11


@dataclass(frozen=True)
class Fault:
    kind: str = "pass"  # pass | cut_request | cut_response | delay | refuse | drop | answer | hold
    after: int = 0      # bytes let through before a cut
    delay: float = 0.0  # seconds per forwarded chunk (delay)
    reset: bool = True  # cut with RST (True) or with a clean FIN (False)
    status: int = 502   # answer: the HTTP status the proxy answers with itself
    gate: threading.Event | None = field(default=None, compare=False)     # hold: opened by the test
    arrived: threading.Event | None = field(default=None, compare=False)  # hold: set when a connection is held


@dataclass
class Wire:
    """The bytes of one proxied connection, as forwarded each way."""

    up: bytearray = field(default_factory=bytearray)    # client -> server
    down: bytearray = field(default_factory=bytearray)  # server (or the proxy's own answer) -> client


@dataclass
class WireRequest:
    method: str
    target: str
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class WireResponse:
    status: int
    headers: dict[str, str]
    body: bytes


PASS = Fault()


def _abort(sock: socket.socket, reset: bool = True) -> None:
    try:
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


class FaultProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1", *, record: bool = False):
        self.upstream = (upstream_host, upstream_port)
        self.record = record
        self.wires: list[Wire] = []
        self.default = PASS
        self.stats: Counter[str] = Counter()
        self.bytes_up = 0    # client -> server, forwarded
        self.bytes_down = 0  # server -> client, forwarded
        self._plan: deque[Fault] = deque()
        self._chaos: tuple[random.Random, float, list[Fault]] | None = None
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._accept_thread = threading.Thread(target=self._accept_loop, name="fault-proxy", daemon=True)
        self._accept_thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # --- control ---------------------------------------------------------------------------------
    def plan(self, *faults: Fault) -> None:
        """Faults for the next connections, one each, in order."""
        with self._lock:
            self._plan.extend(faults)

    def chaos(self, seed: int, rate: float, faults: list[Fault]) -> None:
        """From now on, each connection gets a random fault from `faults` with probability `rate`."""
        with self._lock:
            self._chaos = (random.Random(seed), rate, list(faults))

    def calm(self) -> None:
        with self._lock:
            self._plan.clear()
            self._chaos = None
            self.default = PASS

    def retarget(self, upstream_port: int) -> None:
        self.upstream = (self.upstream[0], upstream_port)

    def exchanges(self) -> list[tuple[WireRequest, WireResponse | None]]:
        """Every complete request that went through (record=True), with its response if one came back."""
        with self._lock:
            wires = [Wire(bytearray(w.up), bytearray(w.down)) for w in self.wires]
        out: list[tuple[WireRequest, WireResponse | None]] = []
        for wire in wires:
            requests = parse_requests(bytes(wire.up))
            responses = parse_responses(bytes(wire.down), [r.method for r in requests])
            out += [(req, responses[i] if i < len(responses) else None) for i, req in enumerate(requests)]
        return out

    def pending_plan(self) -> int:
        with self._lock:
            return len(self._plan)

    def close(self) -> None:
        self._closing.set()
        _abort(self._listener, reset=False)
        for t in list(self._threads):
            t.join(timeout=5)

    def _next_fault(self) -> Fault:
        with self._lock:
            if self._plan:
                return self._plan.popleft()
            if self._chaos is not None:
                rng, rate, faults = self._chaos
                if rng.random() < rate:
                    return rng.choice(faults)
            return self.default

    # --- plumbing --------------------------------------------------------------------------------
    def _accept_loop(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            fault = self._next_fault()
            with self._lock:
                self.stats["connections"] += 1
                self.stats[fault.kind] += 1
            t = threading.Thread(target=self._serve, args=(client, fault), daemon=True)
            self._threads = [x for x in self._threads if x.is_alive()] + [t]
            t.start()

    def _serve(self, client: socket.socket, fault: Fault) -> None:
        wire = None
        if self.record:
            wire = Wire()
            with self._lock:
                self.wires.append(wire)
        if fault.kind == "refuse":
            _abort(client)
            return
        if fault.kind == "drop":
            self._swallow(client)
            return
        if fault.kind == "answer":
            self._answer(client, fault.status, wire)
            return
        if fault.kind == "hold":
            if fault.arrived is not None:
                fault.arrived.set()
            while not (fault.gate is None or fault.gate.wait(0.2)):
                if self._closing.is_set():
                    _abort(client, reset=False)
                    return
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _abort(client)  # the server is down: the client sees a refused connection
            return
        budgets = {client: fault.after if fault.kind == "cut_request" else None,
                   upstream: fault.after if fault.kind == "cut_response" else None}
        peer = {client: upstream, upstream: client}
        try:
            while not self._closing.is_set():
                readable, _, _ = select.select([client, upstream], [], [], 0.2)
                for src in readable:
                    data = src.recv(65536)
                    if not data:
                        return
                    budget = budgets[src]
                    # Recorded before it is passed on: once a side has the bytes, exchanges() shows them.
                    if budget is not None and len(data) >= budget:
                        self._count(src is client, budget, wire, data[:budget])
                        peer[src].sendall(data[:budget])
                        self.stats["cuts"] += 1
                        return
                    if budget is not None:
                        budgets[src] = budget - len(data)
                    if fault.kind == "delay":
                        time.sleep(fault.delay)  # the injected fault itself: a slow link
                    self._count(src is client, len(data), wire, data)
                    peer[src].sendall(data)
        except OSError:
            return
        finally:
            reset = fault.reset if fault.kind.startswith("cut") else False
            _abort(client, reset)
            _abort(upstream, reset)

    def _count(self, up: bool, n: int, wire: Wire | None = None, data: bytes = b"") -> None:
        with self._lock:
            if up:
                self.bytes_up += n
            else:
                self.bytes_down += n
            if wire is not None:
                (wire.up if up else wire.down).extend(data)

    def _answer(self, client: socket.socket, status: int, wire: Wire | None) -> None:
        """Read the whole request, then answer it as a reverse proxy would, and close."""
        try:
            client.settimeout(10)
            data = bytearray()
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = bytes(data).partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(body) < length:
                chunk = client.recv(65536)
                if not chunk:
                    return
                body += chunk
                data += chunk
            phrase = http.HTTPStatus(status).phrase
            page = (f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
                    f"<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n"
                    "</body>\r\n</html>\r\n").encode()
            answer = (f"HTTP/1.1 {status} {phrase}\r\nServer: nginx\r\nContent-Type: text/html\r\n"
                      f"Content-Length: {len(page)}\r\nConnection: close\r\n\r\n").encode() + page
            with self._lock:  # recorded before the client has it, as forwarded bytes are
                self.stats["answered"] += 1
                if wire is not None:
                    wire.up.extend(data)
                    wire.down.extend(answer)
            client.sendall(answer)
            client.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        finally:
            _abort(client, reset=False)

    def _swallow(self, client: socket.socket) -> None:
        """Read and discard until the client gives up (its read timeout) or the proxy stops."""
        try:
            while not self._closing.is_set():
                readable, _, _ = select.select([client], [], [], 0.2)
                if readable and not client.recv(65536):
                    break
        except OSError:
            pass
        finally:
            _abort(client, reset=False)


# --- reading the recorded bytes back ---------------------------------------------------------------
def _headers(items) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in items}


def parse_requests(data: bytes) -> list[WireRequest]:
    """The complete HTTP/1.1 requests in a client's byte stream (a partial last one is left out)."""
    conn = h11.Connection(h11.SERVER)
    conn.receive_data(data)
    out: list[WireRequest] = []
    current: WireRequest | None = None
    while True:
        event = conn.next_event()
        if event is h11.NEED_DATA or event is h11.PAUSED or isinstance(event, h11.ConnectionClosed):
            return out
        if isinstance(event, h11.Request):
            current = WireRequest(event.method.decode(), event.target.decode(), _headers(event.headers), b"")
        elif isinstance(event, h11.Data) and current is not None:
            current.body += bytes(event.data)
        elif isinstance(event, h11.EndOfMessage) and current is not None:
            out.append(current)
            current = None
            conn.send(h11.Response(status_code=204, headers=[]))  # our side of the cycle, to read the next
            conn.send(h11.EndOfMessage())
            if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
                return out
            conn.start_next_cycle()


def parse_responses(data: bytes, methods: list[str]) -> list[WireResponse]:
    """The complete HTTP/1.1 responses in a server's byte stream, to requests of these methods."""
    if not data:
        return []  # h11 takes no bytes for the end of the connection
    conn = h11.Connection(h11.CLIENT)
    conn.receive_data(data)
    out: list[WireResponse] = []
    current: WireResponse | None = None
    for method in methods:
        conn.send(h11.Request(method=method, target="/", headers=[("Host", "proxy"), ("Content-Length", "0")]))
        conn.send(h11.EndOfMessage())
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA or event is h11.PAUSED or isinstance(event, h11.ConnectionClosed):
                return out
            if isinstance(event, h11.Response):
                current = WireResponse(event.status_code, _headers(event.headers), b"")
            elif isinstance(event, h11.Data) and current is not None:
                current.body += bytes(event.data)
            elif isinstance(event, h11.EndOfMessage) and current is not None:
                out.append(current)
                current = None
                break
        if conn.our_state is not h11.DONE or conn.their_state is not h11.DONE:
            return out
        conn.start_next_cycle()
    return out
