"""Size of a laptop's store, KB a case, table by table: filled on the laptop and pushed, and downloaded.

    python benchmarks/store_size.py [--cases 2000] [--workload full|issue] [--plain] [--database URL] [--keep DIR]

A real server (SQLite, or PostgreSQL with --database / PORUCH_TEST_DATABASE_URL) and one office.
A laptop registers N synthetic cases (`full`: the generator's whole caseload, ~17 records a case;
`issue`: household, needs and one journal entry, ~9) and syncs them to the server; a second laptop
of the same office then downloads them (its first sync). For each store it prints the file's size
(the WAL folded back in, as the laptop leaves it) in KB a case: after the local fill, after the push,
after the first download, and the free pages in it. The issue's target is 10 KB a case.

Where the bytes are: the file is exported (sqlcipher_export) to a temporary plain copy and its
pages are counted per table and index with SQLite's dbstat (SQLCipher is built without it). The
copy is written afresh, as by a VACUUM, so its pages are fuller than the live file's, and it has no
SQLCipher reserve per page (80 bytes of 4,096): the per-table figures add up to a little less than
the file. The copy is deleted at once. `--plain` runs the laptops on unencrypted files instead
(the same code and schema, no reserve per page) and counts the live file's own pages, with how
full they are: where splits and half-empty pages are. Only synthetic people (desktop.services.synthetic).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.services import synthetic  # noqa: E402
from desktop.services.cases import CaseService  # noqa: E402
from desktop.services.enrolment import enroll_store  # noqa: E402
from desktop.store.database import DB_FILE  # noqa: E402
from desktop.store.replica import StoreReplica  # noqa: E402
from sync.client.engine import SyncEngine, transport_for  # noqa: E402
from sync.server import admin_ops  # noqa: E402
from sync.server.db import make_engine  # noqa: E402
from sync.server.orgs import create_office  # noqa: E402
from tests.support.server_process import ServerProcess, make_database_url  # noqa: E402

PASSWORD = "пароль-бенчмарку-1"
TARGET_KB = 10.0
PLAIN = False  # --plain: unencrypted laptops, their live pages counted


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def file_pages(store) -> dict[str, int]:
    """The file as the laptop leaves it: the WAL folded back in; page size, pages and free pages."""
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        get = lambda pragma: int(conn.exec_driver_sql(f"PRAGMA {pragma}").scalar())  # noqa: E731
        return {"page_size": get("page_size"), "pages": get("page_count"), "free": get("freelist_count"),
                "auto_vacuum": get("auto_vacuum"),
                "bytes": (store.data_dir / DB_FILE).stat().st_size}


def per_btree(store, scratch: Path) -> dict[str, tuple[int, int]]:
    """(bytes, of which unused) of each table and index: dbstat on a plain export of the store, or
    (--plain) on the file itself."""
    if PLAIN:
        return _dbstat(store.data_dir / DB_FILE)
    plain = scratch / "plain-export.db"
    plain.unlink(missing_ok=True)
    with store.engine.connect() as conn:
        raw = conn.connection.driver_connection
        raw.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
        try:
            raw.execute("SELECT sqlcipher_export('plaintext')").fetchall()
        finally:
            raw.execute("DETACH DATABASE plaintext")
    try:
        return _dbstat(plain)
    finally:
        plain.unlink(missing_ok=True)


def _dbstat(path: Path) -> dict[str, tuple[int, int]]:
    db = sqlite3.connect(path)
    try:
        return {name: (size, unused) for name, size, unused in db.execute(
            "SELECT name, sum(pgsize), sum(unused) FROM dbstat GROUP BY name")}
    finally:
        db.close()


def measure(label: str, store, cases: int, scratch: Path) -> dict:
    pages = file_pages(store)
    sizes = per_btree(store, scratch)
    with store.engine.connect() as conn:
        counts = {name: conn.exec_driver_sql(f"SELECT count(*) FROM {name}").scalar()
                  for name in ("records", "outbox", "search_terms", "case_index")}
    return {"label": label, "cases": cases, **pages, "sizes": sizes, "rows": counts}


def kb(n: float, cases: int) -> float:
    return n / 1024 / max(cases, 1)


def report(results: list[dict], args, backend: str) -> None:
    print(f"\nStore size, {args.cases} synthetic cases, workload '{args.workload}', server on {backend}"
          f"{', UNENCRYPTED laptops (--plain)' if PLAIN else ''}; "
          f"load average {os.getloadavg()[0]:.2f}; target {TARGET_KB:.0f} KB a case\n")
    print(f"{'store':34} {'file KB/case':>12} {'free KB/case':>12} {'page':>5} {'auto_vacuum':>11}  rows")
    for r in results:
        free = r["free"] * r["page_size"]
        ok = "ok" if kb(r["bytes"], r["cases"]) <= TARGET_KB else "MISS"
        print(f"{r['label']:34} {kb(r['bytes'], r['cases']):>12.2f} {kb(free, r['cases']):>12.2f} "
              f"{r['page_size']:>5} {r['auto_vacuum']:>11}  {ok:4}  {r['rows']}")
    names = sorted({n for r in results for n in r["sizes"]},
                   key=lambda n: -max(r["sizes"].get(n, (0, 0))[0] / max(r["cases"], 1) for r in results))
    where = ("the live plain files' pages, and how much of them is unused" if PLAIN else
             "plain export, as after a VACUUM; no per-page reserve")
    print(f"\nKB a case by table and index ({where})\n")
    print(f"{'table or index':34}" + "".join(f"{r['label'][:22]:>24}" for r in results))
    for name in names:
        cells = [r["sizes"].get(name, (0, 0)) + (r["cases"],) for r in results]
        if max(kb(size, n) for size, _, n in cells) >= 0.01:
            print(f"{name:34}" + "".join(f"{kb(size, n):>11.2f} ({100 * unused / max(size, 1):3.0f}% unused)"
                                         for size, unused, n in cells))
    print(f"{'(sum)':34}" + "".join(f"{kb(sum(v[0] for v in r['sizes'].values()), r['cases']):>11.2f}{'':13}"
                                    for r in results))
    print(json.dumps({"cases": args.cases, "workload": args.workload, "backend": backend,
                      "load_average": os.getloadavg()[0],
                      "kb_per_case": {r["label"]: round(kb(r["bytes"], r["cases"]), 2) for r in results},
                      "tables_kb_per_case": {r["label"]: {n: round(kb(s, r["cases"]), 2)
                                                          for n, (s, _) in r["sizes"].items()
                                                          if kb(s, r["cases"]) >= 0.01}
                                             for r in results}}))


def sync(store) -> None:
    replica = StoreReplica(store)
    engine = SyncEngine(replica, transport_for(replica, user_token=store.user_token))
    engine.run_cycle()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--workload", choices=("issue", "full"), default="full")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--database", help="PostgreSQL URL (a fresh database is made on it)")
    ap.add_argument("--plain", action="store_true", help="unencrypted laptops: count the live file's pages")
    ap.add_argument("--keep", type=Path, help="leave the stores in this new folder")
    args = ap.parse_args()
    if args.plain:
        global PLAIN
        PLAIN = True
        from desktop.store import store as store_module
        store_module.open_engine = functools.partial(store_module.open_engine, encrypted=False)
    if args.database:
        os.environ["PORUCH_TEST_DATABASE_URL"] = args.database
    if args.keep:
        args.keep.mkdir(parents=True)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="poruch-bench-size-"))
    db = make_database_url(tmp)
    server = ServerProcess(db.url, tmp / "server")
    server.start()
    engine = make_engine(db.url)
    results: list[dict] = []
    try:
        with engine.begin() as conn:
            office = create_office(conn, "Бенчмарк-офіс", "UA18020010000059904")
            for name in ("filler", "fresh"):
                org = admin_ops.resolve_user_org(conn, "caseworker", office_id=office)
                admin_ops.create_user(conn, name, PASSWORD, "caseworker", org)
        if args.workload == "issue":
            from benchmarks.sync import _issue_activity
            synthetic._activity_for = _issue_activity
        say(f"filling a laptop with {args.cases} cases…")
        store, _ = enroll_store(tmp / "filler", server.url, "filler", PASSWORD, "filler")
        started = time.perf_counter()
        synthetic.populate(CaseService(store), args.cases, seed=args.seed)
        say(f"  filled in {time.perf_counter() - started:.1f} s")
        results.append(measure("filled here, not pushed", store, args.cases, tmp))
        say("pushing…")
        sync(store)
        results.append(measure("filled here, pushed", store, args.cases, tmp))
        store.close()
        say("downloading on a second laptop…")
        fresh, _ = enroll_store(tmp / "fresh", server.url, "fresh", PASSWORD, "fresh")
        sync(fresh)
        results.append(measure("first download", fresh, args.cases, tmp))
        fresh.close()
    finally:
        server.stop()
        engine.dispose()
        db.cleanup()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    report(results, args, db.backend)
    return 0


if __name__ == "__main__":
    sys.exit(main())
