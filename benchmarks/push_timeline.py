"""Where a push's time goes: a real server, rounds of new cases pushed by one laptop, each round's timeline.

    python benchmarks/push_timeline.py [--rounds 5] [--cases 1000] [--database URL] [--timeline]

For each round the laptop registers `--cases` synthetic cases and runs one sync cycle. Printed per round:
wall time, the laptop's CPU, the server's CPU and, with a PostgreSQL on this machine, PostgreSQL's CPU
(every `postgres` process: other work on that server counts too), then how the cycle's time splits:
- fill: reading and encoding the first batch, before anything is sent;
- each batch: from its request to its answer (the server applying it), with the laptop's side work
  meanwhile (acknowledging the answer before and reading the next batch);
- drain: acknowledging the last answer, which nothing overlaps;
- pull and verify after the push.
`--timeline` prints every mark as well. Only synthetic people (desktop.services.synthetic).

benchmarks/sync.py measures the push beside PouchDB; this says which part of it to work on (made for
issue 16: the last batch of a long push is cut small because of its drain, engine.TAIL_BATCH).
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

from benchmarks.sync import PASSWORD, Client, register  # noqa: E402
from benchmarks.timeline import MARKS, begin, mark, marked  # noqa: E402
from desktop.services.enrolment import enroll_store  # noqa: E402
from sync.client import engine as engine_module  # noqa: E402
from sync.server import admin_ops  # noqa: E402
from sync.server.db import make_engine  # noqa: E402
from sync.server.orgs import create_office  # noqa: E402
from tests.support.server_process import ServerProcess, duplicates_checked, make_database_url  # noqa: E402


def instrument() -> None:
    """Marks around the engine's steps (its own methods, wrapped: nothing in the engine changes)."""
    E = engine_module.SyncEngine
    send, between = E._send, E._between_requests

    def marked_send(self, batch):
        mark(f"send {len(batch.changes)}")
        answer = send(self, batch)
        mark("answer")
        return answer

    def marked_between(self, *args):
        mark("side start")
        result = between(self, *args)
        mark("side end")
        return result

    E._send, E._between_requests = marked_send, marked_between
    for name in ("_push_all", "_pull_all", "_verify"):
        marked(E, name, name)


def postgres_cpu() -> float:
    """CPU seconds of every postgres process on this machine (Linux), 0 where none can be read."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() != "postgres":
                continue
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def split(marks: list[tuple[float, str, str]]) -> dict[str, float | list[float]]:
    """The cycle's parts in ms, from its marks (see the module's docstring)."""
    at = {what: t for t, _, what in marks if what.endswith((" start", " end"))}
    sends = [t for t, _, what in marks if what.startswith("send ")]
    answers = [t for t, _, what in marks if what == "answer"]
    side_ends = [t for t, _, what in marks if what == "side end"]
    ms = 1000.0
    return {
        "fill": (sends[0] - at["_push_all start"]) * ms if sends else 0.0,
        "batches": [(a - s) * ms for s, a in zip(sends, answers, strict=False)],
        "drain": (at["_push_all end"] - answers[-1]) * ms if answers else 0.0,
        "side": [(e - s) * ms for s, e in zip([t for t, _, w in marks if w == "side start"], side_ends,
                                               strict=False)],
        "pull": (at["_pull_all end"] - at["_pull_all start"]) * ms,
        "verify": (at["_verify end"] - at["_verify start"]) * ms,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--cases", type=int, default=1000, help="new cases registered and pushed a round")
    ap.add_argument("--database", help="a PostgreSQL URL (a fresh database is made on it); default SQLite")
    ap.add_argument("--timeline", action="store_true", help="print every mark of each round")
    args = ap.parse_args()
    if args.database:
        os.environ["PORUCH_TEST_DATABASE_URL"] = args.database
    instrument()
    tmp = Path(tempfile.mkdtemp(prefix="poruch-bench-push-"))
    db = make_database_url(tmp)
    server = ServerProcess(db.url, tmp / "server", repo=REPO)
    server.start()
    engine = make_engine(db.url)
    walls = []
    try:
        with engine.begin() as conn:
            office = create_office(conn, "Бенчмарк-офіс", "UA18020010000059904")
            admin_ops.create_user(conn, "pusher", PASSWORD, "caseworker",
                                  admin_ops.resolve_user_org(conn, "caseworker", office_id=office))
        store, _ = enroll_store(tmp / "laptop", server.url, "pusher", PASSWORD, "pusher")
        Client.server_pid = server.proc.pid
        laptop = Client(store)
        laptop.cycle()
        print(f"push timeline: {db.backend} server, {args.cases} new cases a round, load average "
              f"{os.getloadavg()[0]:.2f} at the start")
        for round_no in range(args.rounds):
            register(store, args.cases, seed=7000 + round_no)
            duplicates_checked(engine)  # the previous round's check, not in this one's figures
            pg0 = postgres_cpu() if db.backend == "postgresql" else 0.0
            begin()
            seconds, report = laptop.cycle()
            pg = postgres_cpu() - pg0 if db.backend == "postgresql" else None
            client, server_s, _ = Client.last_cpu
            parts = split(MARKS)
            walls.append(seconds)
            print(f"\nround {round_no + 1}: {seconds * 1000:.0f} ms, {report.pushed} changes; CPU laptop "
                  f"{client * 1000:.0f} ms, server {server_s * 1000:.0f} ms"
                  + (f", PostgreSQL {pg * 1000:.0f} ms" if pg is not None else ""))
            print(f"  fill {parts['fill']:.0f} ms | batches "
                  + " + ".join(f"{b:.0f}" for b in parts["batches"])
                  + f" ms | drain {parts['drain']:.0f} ms | pull {parts['pull']:.0f} ms | verify "
                  f"{parts['verify']:.0f} ms")
            print("  side work " + " / ".join(f"{s:.0f}" for s in parts["side"]) + " ms")
            if args.timeline:
                for t, thread, what in MARKS:
                    print(f"    {t * 1000:8.1f} {thread[:14]:14} {what}")
        print(f"\nmedian {statistics.median(walls) * 1000:.0f} ms over {len(walls)} rounds; load average "
              f"{os.getloadavg()[0]:.2f} at the end")
        store.close()
    finally:
        server.stop()
        engine.dispose()
        db.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
