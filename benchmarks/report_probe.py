"""One timed report computation in a fresh process, with the code of any checkout (benchmarks/reports.py
runs it for this checkout and for `--compare-with REV` side by side, alternating, on the same data).

    python benchmarks/report_probe.py --code DIR laptop --store DIR/encrypted [--period 2026-11]
    python benchmarks/report_probe.py --code DIR server --database URL [--period 2026-11] [--level hromada]

Prints one JSON line: wall seconds, this process's CPU seconds (on the laptop SQLite runs in it), and
on the server the CPU seconds PostgreSQL's backends of that database spent meanwhile (from /proc, so
the server must run on this machine), with the load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

USER, PASSWORD = "bench", "benchmark-password-1"  # as benchmarks/local_store.py


def _cpu_of(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class BackendCpu:
    """CPU seconds PostgreSQL's processes of one database spent while this runs: its backends (and the
    parallel workers they start) are sampled every 50 ms from pg_stat_activity and /proc."""

    def __init__(self, engine, database: str):
        self.engine, self.database = engine, database
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self, conn, initial: bool = False) -> None:
        for (pid,) in conn.exec_driver_sql("SELECT pid FROM pg_stat_activity WHERE datname = %(d)s "
                                           "AND pid <> pg_backend_pid()", {"d": self.database}):
            cpu = _cpu_of(pid)
            if cpu is None:
                continue
            if initial:
                self.first[pid] = cpu
            self.last[pid] = cpu

    def _run(self) -> None:
        with self.engine.connect() as conn:
            while not self._stop.wait(0.05):
                self._sample(conn)
            self._sample(conn)

    def __enter__(self):
        with self.engine.connect() as conn:
            self._sample(conn, initial=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(cpu - self.first.get(pid, 0.0) for pid, cpu in self.last.items())


def laptop(args) -> dict:
    from desktop.services.reports import ReportService
    from desktop.store.store import unlock_store
    from sync.reports.period import parse_period

    store = unlock_store(Path(args.store), USER, PASSWORD)
    try:
        service = ReportService(store)
        service.offices()  # warm the imports and the directory, as an open window has
        figures = {}
        for label, code in (("first", args.period), ("second", args.other)):
            period = parse_period(code)
            cpu, wall = time.process_time(), time.perf_counter()
            service.report(period, layout="office")
            figures[label] = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
        return figures
    finally:
        store.close()


def server(args) -> dict:
    from sqlalchemy.engine import make_url

    from sync.reports.period import parse_period
    from sync.server.db import make_engine
    from sync.server.reports import national

    engine = make_engine(args.database)
    database = make_url(args.database).database
    periods = [parse_period(code) for code in args.period.split(",")]
    try:
        with engine.connect() as conn:  # connected and imports warm before the clock starts
            conn.exec_driver_sql("SELECT 1")
        watch = make_engine(args.database)  # the sampler's own connection, not the pool's
        with BackendCpu(watch, database) as pg:
            cpu, wall = time.thread_time(), time.perf_counter()  # this thread: not the sampler's
            national(engine, periods, level=args.level, use_cache=False)
            figures = {"wall": time.perf_counter() - wall, "cpu": time.thread_time() - cpu}
        figures["pg_cpu"] = pg.seconds
        watch.dispose()
        return {"first": figures}
    finally:
        engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", required=True, type=Path, help="the checkout whose code is timed")
    sub = parser.add_subparsers(dest="where", required=True)
    lp = sub.add_parser("laptop")
    lp.add_argument("--store", required=True)
    lp.add_argument("--period", required=True)
    lp.add_argument("--other", required=True)
    sp = sub.add_parser("server")
    sp.add_argument("--database", required=True)
    sp.add_argument("--period", required=True, help="month codes, comma-separated")
    sp.add_argument("--level", default="hromada")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    os.chdir(args.code)
    load = os.getloadavg()[0]
    figures = laptop(args) if args.where == "laptop" else server(args)
    print(json.dumps({**figures, "load": [load, os.getloadavg()[0]]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
