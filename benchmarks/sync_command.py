"""`poruch sync` with nothing to do, as a whole command: interpreter, imports, unlock, the cycle.

    python benchmarks/sync_command.py [--runs 7] [--compare-with REF] [--database URL] [--bytecode]

Starts a real server (SQLite, or PostgreSQL with --database / PORUCH_TEST_DATABASE_URL), enrols a
laptop store with no cases, syncs it once, then runs `python -m desktop.cli sync` `--runs` times and
prints min / median / max wall time and the CPU time of the command (user + system, all threads:
Argon2id's four lanes count four times while taking the wall time of one). `--compare-with REF`
also runs the source tree of git commit REF against the same store, alternating, so a change to
start-up is measured side by side under the same load; REF must have the same desktop schema (the store
is made by this tree, and an older application refuses a newer database). The compared store is made with
4 KiB pages, which every revision opens (16 KiB ones only those from 5376006 on: desktop/store/files.py). Target (issue 16): 0.8 s wall on the
project's 2-core machine, with the Argon2id unlock cost as designed (desktop/store/keyslots.py).

With PYTHONDONTWRITEBYTECODE=1 in the environment (as on the project's machine) a run compiles Poruch's
own modules from source unless their bytecode is there already: scripts/bootstrap.sh compiles this tree's
(as an installed application has its own), not the temporary worktree of --compare-with. `--bytecode` lets
the runs of both use compiled bytecode (a temporary PYTHONPYCACHEPREFIX, filled by one untimed run of each tree).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.services.enrolment import enroll_store  # noqa: E402
from desktop.store import keyslots  # noqa: E402
from desktop.store.files import LEGACY_DB_PAGE_SIZE  # noqa: E402
from desktop.store.replica import StoreReplica  # noqa: E402
from sync.client.engine import SyncEngine, transport_for  # noqa: E402
from sync.server import admin_ops  # noqa: E402
from sync.server.db import make_engine  # noqa: E402
from sync.server.orgs import create_office  # noqa: E402
from tests.support.server_process import ServerProcess, make_database_url  # noqa: E402

PASSWORD = "пароль-бенчмарку-1"
TARGET_S = 0.8


def run_command(tree: Path, data_dir: Path, pycache: Path | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one `poruch sync` run from `tree` (`pycache`: with bytecode kept there)."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PORUCH_PASSWORD": PASSWORD}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), "sync"], cwd=tree,
                          env=env, capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"poruch sync failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--compare-with", metavar="REF")
    ap.add_argument("--database", help="PostgreSQL URL (a fresh database is made on it)")
    ap.add_argument("--bytecode", action="store_true", help="runs use compiled bytecode, as an installed application")
    args = ap.parse_args()
    if args.database:
        os.environ["PORUCH_TEST_DATABASE_URL"] = args.database
    with tempfile.TemporaryDirectory(prefix="poruch-bench-command-") as tmp_name:
        tmp = Path(tmp_name)
        db = make_database_url(tmp)
        server = ServerProcess(db.url, tmp / "server")
        server.start()
        engine = make_engine(db.url)
        trees = {"this tree": ROOT}
        try:
            with engine.begin() as conn:
                office = create_office(conn, "Бенчмарк-офіс", "UA18020010000059904")
                org = admin_ops.resolve_user_org(conn, "caseworker", office_id=office)
                admin_ops.create_user(conn, "command", PASSWORD, "caseworker", org)
            if args.compare_with:  # a store both revisions can open (see the docstring)
                keyslots.NEW_DB_PAGE_SIZE = LEGACY_DB_PAGE_SIZE
            store, _ = enroll_store(tmp / "laptop", server.url, "command", PASSWORD, "command")
            replica = StoreReplica(store)
            SyncEngine(replica, transport_for(replica, user_token=store.user_token)).run_cycle()
            store.close()
            if args.compare_with:
                other = tmp / "ref"
                subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), args.compare_with],
                               check=True, capture_output=True)
                trees = {args.compare_with: other, "this tree": ROOT}
            results: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
            pycache = tmp / "pycache" if args.bytecode else None
            if pycache is not None:
                for tree in trees.values():
                    run_command(tree, tmp / "laptop", pycache)  # untimed: compiles every module once
            load_before = os.getloadavg()[0]
            for _ in range(args.runs):
                for name, tree in trees.items():
                    results[name].append(run_command(tree, tmp / "laptop", pycache))
            load_after = os.getloadavg()[0]
        finally:
            if args.compare_with:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tmp / "ref")],
                               capture_output=True)
            server.stop()
            engine.dispose()
            db.cleanup()
    print(f"\n`poruch sync` with nothing to do ({db.backend} server, loopback), {args.runs} runs each, alternating, "
          f"{'bytecode' if args.bytecode else 'PYTHONDONTWRITEBYTECODE=' + os.environ.get('PYTHONDONTWRITEBYTECODE', '')}; "
          f"load average {load_before:.2f} before, {load_after:.2f} after\n")
    print(f"{'code':16} {'wall min':>9} {'median':>8} {'max':>8} {'CPU median':>11}  target {TARGET_S} s wall")
    for name, runs in results.items():
        walls = [w for w, _ in runs]
        print(f"{name:16} {min(walls):>8.2f}s {statistics.median(walls):>7.2f}s {max(walls):>7.2f}s "
              f"{statistics.median(c for _, c in runs):>10.2f}s")
    print(json.dumps({"backend": db.backend, "bytecode": args.bytecode, "load_average": [load_before, load_after],
                      "results": {name: [[round(w, 3), round(c, 3)] for w, c in runs]
                                  for name, runs in results.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
