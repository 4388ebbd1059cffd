"""A TCP proxy on 127.0.0.1 that breaks connections on purpose, between a sync client and the server.

Each new connection takes the next fault from a plan (then the default one): pass through, cut
the request after N bytes (the server gets half a request), cut the response after N bytes (the
server committed, the client never hears it), delay every chunk, refuse (reset at once), or drop
(accept and never answer). Cuts either reset (RST) or close (FIN) both sides. Counters say what
happened, so a test can assert that the faults were really hit.
"""

from __future__ import annotations

import random
import select
import socket
import struct
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    kind: str = "pass"  # pass | cut_request | cut_response | delay | refuse | drop
    after: int = 0      # bytes let through before a cut
    delay: float = 0.0  # seconds per forwarded chunk (delay)
    reset: bool = True  # cut with RST (True) or with a clean FIN (False)


PASS = Fault()


def _abort(sock: socket.socket, reset: bool = True) -> None:
    try:
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


class FaultProxy:
    def __init__(self, upstream_port: int, upstream_host: str = "127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
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
        if fault.kind == "refuse":
            _abort(client)
            return
        if fault.kind == "drop":
            self._swallow(client)
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
                    if budget is not None and len(data) >= budget:
                        peer[src].sendall(data[:budget])
                        self._count(src is client, budget)
                        self.stats["cuts"] += 1
                        return
                    if budget is not None:
                        budgets[src] = budget - len(data)
                    if fault.kind == "delay":
                        time.sleep(fault.delay)  # the injected fault itself: a slow link
                    peer[src].sendall(data)
                    self._count(src is client, len(data))
        except OSError:
            return
        finally:
            reset = fault.reset if fault.kind.startswith("cut") else False
            _abort(client, reset)
            _abort(upstream, reset)

    def _count(self, up: bool, n: int) -> None:
        with self._lock:
            if up:
                self.bytes_up += n
            else:
                self.bytes_down += n

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
