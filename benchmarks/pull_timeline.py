"""Where a first download's time goes: a real server, an office seeded once, fresh laptops pulling it, each one's timeline.

    python benchmarks/pull_timeline.py [--rounds 3] [--cases 5000] [--database URL] [--timeline]

A seeding laptop registers `--cases` synthetic cases (benchmarks/sync.py's default workload: household, needs,
one journal entry, with their history) and pushes them. Then, each round, a fresh laptop of the same office
enrols and runs its first sync cycle. Printed per round: wall time, the laptop's CPU (both sync threads), the
CPU of the thread that ran the cycle, the server's CPU, then how the cycle's time splits:
- first page: from the cycle's start to the first page being applied (the first request, a small page);
- pages: applying them (records, digest, queues), on the cycle's thread; their count (pages already waiting
  are applied together, as one) and total;
- builds: the lists built while pages still came (the case list fills during a long download);
- last build: the lists of the rest, after the last page, and in it the search terms added at once
  (fill_search_terms, one statement);
- fetches: the pages' requests, on the fetch thread beside the cycle (overlapping it, not added to it);
- verify: the check of the scope's digest after the pull.
`--timeline` prints every mark as well. Only synthetic people (desktop.services.synthetic).

benchmarks/sync.py measures the pull beside PouchDB; this says which part of it to work on (made for issue 16,
as push_timeline.py for the push). Wrapping adds a few µs a call to calls that take milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.sync import PASSWORD, Client, _issue_activity  # noqa: E402
from benchmarks.timeline import MARKS, begin, marked  # noqa: E402
from desktop.services import synthetic  # noqa: E402
from desktop.services.cases import CaseService  # noqa: E402
from desktop.services.enrolment import enroll_store  # noqa: E402
from desktop.store import replica as replica_module  # noqa: E402
from sync.client import engine as engine_module  # noqa: E402
from sync.client import transport as transport_module  # noqa: E402
from sync.server import admin_ops  # noqa: E402
from sync.server.db import make_engine  # noqa: E402
from sync.server.orgs import create_office  # noqa: E402
from sync.startup import freeze_startup_objects  # noqa: E402
from tests.support.server_process import ServerProcess, duplicates_checked, make_database_url  # noqa: E402


def instrument() -> None:
    marked(replica_module.StoreReplica, "apply_page", "apply")
    marked(replica_module.StoreReplica, "flush_projections", "build")
    marked(replica_module, "fill_search_terms", "fill")  # as the replica calls it
    marked(transport_module.Transport, "pull", "fetch")
    marked(engine_module.SyncEngine, "_verify", "verify")


def _spans(marks: list[tuple[float, str, str]], label: str) -> list[tuple[float, float]]:
    starts = [t for t, _, what in marks if what == f"{label} start"]
    ends = [t for t, _, what in marks if what == f"{label} end"]
    return list(zip(starts, ends, strict=True))


def split(marks: list[tuple[float, str, str]]) -> dict[str, float | int]:
    """The cycle's parts in ms, from its marks (see the module's docstring)."""
    ms = 1000.0
    applies, builds, fills = _spans(marks, "apply"), _spans(marks, "build"), _spans(marks, "fill")
    fetches, verifies = _spans(marks, "fetch"), _spans(marks, "verify")
    last = builds[-1] if builds else (0.0, 0.0)
    return {
        "first_page": applies[0][0] * ms if applies else 0.0,
        "pages": len(applies),
        "applying": sum(e - s for s, e in applies) * ms,
        "builds": len(builds) - 1 if builds else 0,
        "building": sum(e - s for s, e in builds[:-1]) * ms,
        "last_build": (last[1] - last[0]) * ms,
        "fill": sum(e - s for s, e in fills) * ms,
        "fetches": len(fetches),
        "fetching": sum(e - s for s, e in fetches) * ms,
        "verify": sum(e - s for s, e in verifies) * ms,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3, help="fresh laptops, each pulling the whole office")
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--database", help="a PostgreSQL URL (a fresh database is made on it); default SQLite")
    ap.add_argument("--timeline", action="store_true", help="print every mark of each round")
    args = ap.parse_args()
    if args.database:
        os.environ["PORUCH_TEST_DATABASE_URL"] = args.database
    tmp = Path(tempfile.mkdtemp(prefix="poruch-bench-pull-"))
    db = make_database_url(tmp)
    server = ServerProcess(db.url, tmp / "server", repo=REPO)
    server.start()
    engine = make_engine(db.url)
    walls = []
    try:
        with engine.begin() as conn:
            office = create_office(conn, "Бенчмарк-офіс", "UA18020010000059904")
            for name in ["seeder", *(f"fresh{n}" for n in range(args.rounds))]:
                admin_ops.create_user(conn, name, PASSWORD, "caseworker",
                                      admin_ops.resolve_user_org(conn, "caseworker", office_id=office))
        seed_store, _ = enroll_store(tmp / "seeder", server.url, "seeder", PASSWORD, "seeder")
        synthetic._activity_for = _issue_activity
        synthetic.populate(CaseService(seed_store), args.cases, seed=1)
        _, seeded = Client(seed_store).cycle()
        seed_store.close()
        duplicates_checked(engine)  # the server's check of the seeded cases, not in any round's figures
        Client.server_pid = server.proc.pid
        instrument()
        print(f"pull timeline: {db.backend} server, {args.cases} cases ({seeded.pushed} records), load average "
              f"{os.getloadavg()[0]:.2f} at the start")
        for round_no in range(args.rounds):
            store, _ = enroll_store(tmp / f"fresh{round_no}", server.url, f"fresh{round_no}", PASSWORD, "fresh")
            laptop = Client(store)
            freeze_startup_objects()  # set-up is over, as Poruch's programs do once started
            begin()
            seconds, report = laptop.cycle()
            client, server_s, cycle_thread = Client.last_cpu
            p = split(MARKS)
            walls.append(seconds)
            print(f"\nround {round_no + 1}: {seconds * 1000:.0f} ms, {report.pulled} records; CPU laptop "
                  f"{client * 1000:.0f} ms (its cycle's thread {cycle_thread * 1000:.0f} ms), server "
                  f"{server_s * 1000:.0f} ms")
            print(f"  first page {p['first_page']:.0f} ms | {p['pages']} pages applied {p['applying']:.0f} ms | "
                  f"builds meanwhile: {p['builds']}, {p['building']:.0f} ms | last build {p['last_build']:.0f} ms "
                  f"(search terms {p['fill']:.0f} ms) | verify {p['verify']:.0f} ms")
            print(f"  beside it: {p['fetches']} page requests {p['fetching']:.0f} ms")
            if args.timeline:
                for t, thread, what in MARKS:
                    print(f"    {t * 1000:8.1f} {thread[:14]:14} {what}")
            store.close()
        print(f"\nmedian {statistics.median(walls) * 1000:.0f} ms over {len(walls)} rounds; load average "
              f"{os.getloadavg()[0]:.2f} at the end")
    finally:
        server.stop()
        engine.dispose()
        db.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
