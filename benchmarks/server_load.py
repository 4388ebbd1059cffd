"""Server capacity: a real `poruch-server` on PostgreSQL with N worker processes under many devices.

    python benchmarks/server_load.py [--workers 2] [--devices 1000] [--offices 300] [--steady 120]
                                     [--interval 180] [--peak 500] [--database URL]

Set-up (not measured): a fresh database on the PostgreSQL server of --database (or
PORUCH_TEST_DATABASE_URL, else postgres@127.0.0.1:5432), `poruch-server serve --workers N` started
for real, `--offices` offices with synthetic cases, and `--devices` devices across them whose
credentials are written in bulk, as enrolment writes them (a device row, a user token); each starts
from its office's state. Then, on loopback, lightweight clients (httpx/asyncio) speak the real
protocol (version 3 headers, zstd bodies above 1 KiB, pull lines with the scope digest):

- **steady**: every device syncs every --interval seconds (jittered) for --steady seconds. A sync
  pushes 5-50 changes (--push-share of them; a new case with its person, tasks, case edits), pulls
  until `more` is false with the digest, and compares the digest with what it holds, as the laptop
  does (a mismatch at the same cursor is counted as an error: something was skipped). A few syncs
  upload an attachment (the record, then the bytes); --enrolments people enrol a new laptop (Argon2id).
- **day**: the devices not in the peak push a day's work, one batch each (the peak devices are offline).
- **peak**: --peak devices, offline since the start of the steady phase with 5-50 changes each, all
  sync within --peak-window seconds (push, then pull everything they missed).
- **check**: every device pulls once more and must match the server's digest; every change a device
  was told "applied" is on the server exactly once (applied_changes), and nothing unacknowledged is.

Printed per phase: requests and throughput, p50/p95/p99/max per request kind, errors, the server
processes' CPU (all workers) and largest resident memory, PostgreSQL backends' CPU and connections,
and how many sessions waited for the writer lock (sampled). Targets (issue 16): steady p95 <= 300 ms
with 0 errors; peak: no request over 5 s, nothing lost. `--workers 1,2` runs the whole scenario once
per value, one after the other, and `--compare-with REF` first runs the same load against that commit's
server (a temporary worktree): side-by-side comparisons in one run.

A request answered 503 `server_busy` is sent again after its Retry-After, as the laptop does; such
answers are counted per kind ("busy") and their time is in the figures. "whole sync" is a device's whole
sync (push, pull, check, waits included).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.load.measure import Sampler, say  # noqa: E402
from benchmarks.load.report import print_run  # noqa: E402
from benchmarks.load.scenario import Run  # noqa: E402
from benchmarks.load.world import build_world  # noqa: E402
from sync.server.db import make_engine  # noqa: E402
from tests.support.server_process import ENV_DATABASE, ServerProcess, make_database_url  # noqa: E402

DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def run_once(args, workers: int, tree: Path = REPO, label: str = "this tree") -> None:
    tmp = Path(tempfile.mkdtemp(prefix="poruch-bench-load-"))
    db = make_database_url(tmp, "postgresql")
    server = ServerProcess(db.url, tmp / "server", workers=workers, repo=tree)
    say(f"{label}, --workers {workers}: starting the server on a fresh database ({tmp})")
    server.start()
    engine = make_engine(db.url)
    from sqlalchemy.engine import make_url

    url = make_url(db.url)
    sampler = Sampler(server.proc.pid, url.set(drivername="postgresql", database="postgres")
                      .render_as_string(hide_password=False), url.database)
    try:
        load_before = os.getloadavg()[0]
        devices, later = build_world(engine, args)
        run = Run(args, server, engine, sampler, devices, later)
        check = asyncio.run(run.scenario())
        print_run(f"{label}: poruch-server --workers {workers}", run.results, check,
                  (load_before, os.getloadavg()[0]))
    finally:
        sampler.close()
        server.stop()
        engine.dispose()
        db.cleanup()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", default="2", help="server worker processes; a list (1,2) runs once per value")
    ap.add_argument("--devices", type=int, default=1000)
    ap.add_argument("--offices", type=int, default=300)
    ap.add_argument("--cases-per-office", type=int, default=10)
    ap.add_argument("--steady", type=float, default=120, help="seconds of steady state")
    ap.add_argument("--interval", type=float, default=180, help="seconds between a device's syncs")
    ap.add_argument("--push-share", type=float, default=0.15, help="share of syncs that push 5-50 changes")
    ap.add_argument("--attachment-share", type=float, default=0.02, help="share of syncs that upload a file")
    ap.add_argument("--enrolments", type=int, default=5, help="new laptops enrolled during the steady phase")
    ap.add_argument("--peak", type=int, default=500, help="devices in the morning peak")
    ap.add_argument("--peak-window", type=float, default=60, help="seconds within which they all sync")
    ap.add_argument("--database", help="PostgreSQL URL (a fresh database is made on that server)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--compare-with", metavar="REF", help="first run the server of this commit (a temporary worktree)")
    args = ap.parse_args()
    os.environ[ENV_DATABASE] = args.database or os.environ.get(ENV_DATABASE) or DEFAULT_DATABASE
    workers = [int(w) for w in args.workers.split(",")]
    if args.compare_with:  # the other commit's server first, then this tree's, with the same load
        other = Path(tempfile.mkdtemp(prefix="poruch-load-before-")) / "tree"
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(other), args.compare_with],
                       check=True, capture_output=True)
        try:
            for n in workers:
                run_once(args, n, other, f"before ({args.compare_with})")
        finally:
            subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(other)], capture_output=True)
    for n in workers:
        run_once(args, n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
