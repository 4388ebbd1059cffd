"""Measuring a phase: latencies and errors per request kind, the server's processes and PostgreSQL's sessions."""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

STEADY_P95_S = 0.300
PEAK_MAX_S = 5.0


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class Stats:
    """Latencies per request kind and the errors of one phase."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    busy: dict[str, int] = field(default_factory=dict)  # 503 server_busy answers per kind (then retried)
    syncs: list[float] = field(default_factory=list)  # whole syncs: push, pull and check, waits included
    started: float = field(default_factory=time.monotonic)
    ended: float = 0.0

    def add(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds)

    def error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def slowest(self) -> float:
        return max((max(v) for v in self.latencies.values() if v), default=0.0)

    def p95_all(self) -> float:
        every = sorted(x for v in self.latencies.values() for x in v)
        return quantile(every, 0.95)



def quantile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def proc_stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a process (Linux /proc), None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_tree(root: int) -> list[int]:
    """The server's processes: its own and every descendant (uvicorn's workers)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = proc_stat(int(entry.name))
            if stat:
                parents.setdefault(stat[0], []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += parents.get(pid, [])
    return out


class Sampler:
    """Every 0.25 s: the server's resident memory, PostgreSQL's connections to the benchmark's database,
    and the sessions waiting for an advisory lock (the writer or the audit lock)."""

    def __init__(self, server_pid: int, admin_url: str, database: str):
        import psycopg

        self.server_pid = server_pid
        self.database = database
        self.conn = psycopg.connect(admin_url, autocommit=True)
        self.stop = threading.Event()
        self.reset()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        self.rss_max = 0.0
        self.connections_max = 0
        self.samples = 0
        self.lock_waiting_samples = 0
        self.lock_waiters_max = 0

    def backend_pids(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s",
                                                (self.database,))]

    def _run(self) -> None:
        while not self.stop.wait(0.25):
            rss = sum(_rss_mib(p) for p in process_tree(self.server_pid))
            connections = self.conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                                            (self.database,)).fetchone()[0]
            waiting = self.conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database "
                "WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = %s", (self.database,)).fetchone()[0]
            self.rss_max = max(self.rss_max, rss)
            self.connections_max = max(self.connections_max, connections)
            self.samples += 1
            self.lock_waiting_samples += bool(waiting)
            self.lock_waiters_max = max(self.lock_waiters_max, waiting)

    def close(self) -> None:
        self.stop.set()
        self.thread.join()
        self.conn.close()


def cpu_of(pids: list[int]) -> float:
    return sum(s[1] for s in map(proc_stat, pids) if s)
