"""The laptop's side of a first download, without a server: where its CPU goes, side by side.

    python benchmarks/pull_apply.py [--cases 5000] [--copies 1] [--rounds 3] [--profile FILE] [--compare-with REF]

Builds N synthetic cases (the sync benchmark's default workload: household, needs, one journal
entry, each with its history) in a seeding store and turns its records into version 2 pull pages
of 2,000 records exactly as the server writes them (sync.wire.encode_pull_lines; the last page
brings the scope's digest). Then, in each round, a fresh encrypted store downloads them through the
real SyncEngine and StoreReplica, the pages played by a stand-in for the transport (no HTTP, no
server: only the laptop's work, decoding included). Prints wall and CPU time, µs of CPU a record,
the database size a case, and when the case list showed its first case and half of them (the
window lists what is projected), and the wall time spent applying pages and building the lists
(how many builds, in how many transactions). `--compare-with REF` runs the same pages through git commit REF's
code (checked out in a temporary worktree), alternating rounds, so a change is measured under the
same load. `--copies K` downloads the N cases K times over under other ids (a district laptop's
100,000 cases from 5,000 generated, in a few minutes instead of the hour the generator would take):
each copy's record and case ids begin with the copy's number and its hashes are computed again; the
ids inside a record's fields still name the first copy's records, which the download never reads.
Names repeat K times, so the name folding caches hit more often than on real data. Only
synthetic people (desktop.services.synthetic).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = 2000
PASSWORD = "пароль-бенчмарку-1"


_COPY_LETTERS = "ghijklmnopqrstuvwxyz"  # none of them is a hex digit, so no copy's id is an original's


def _copy_id(record_id: str, copy: int) -> str:
    """The id of a record in copy `copy` (copy 0 keeps its own): the first two characters replaced."""
    if not copy:
        return record_id
    return _COPY_LETTERS[copy // 20] + _COPY_LETTERS[copy % 20] + record_id[2:]


def build_pages(cases: int, out: Path, copies: int = 1) -> None:
    """The seeding store's records as pull pages (bytes), pickled to `out`."""
    sys.path.insert(0, str(ROOT))
    from benchmarks import sync as sync_bench
    from desktop.services import synthetic
    from desktop.services.cases import CaseService
    from desktop.store.store import create_store
    from sync.protocol import MAX_PULL_LIMIT  # noqa: F401  (the server's page size is PAGE)
    from sync.wire import record_hash_of_json

    synthetic._activity_for = sync_bench._issue_activity
    with tempfile.TemporaryDirectory(prefix="poruch-bench-pull-seed-") as tmp:
        store = create_store(Path(tmp) / "seed", "seed", PASSWORD)
        synthetic.populate(CaseService(store), cases, seed=1)
        office = store.office_id
        with store.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT id, type, case_id, data, deleted, updated_at FROM records "
                                        "ORDER BY rowid").all()
        store.close()
    from sync.protocol import DigestResponse
    from sync.wire import digest_item, encode_pull_lines, format_digest
    pages = []
    if not 1 <= copies < 400:
        raise SystemExit("--copies: 1 to 399")
    copied = ((_copy_id(rid, k), rtype, _copy_id(case_id, k), data, deleted, hlc)
              for k in range(copies) for rid, rtype, case_id, data, deleted, hlc in rows)
    wire_rows = [(rid, rtype, case_id, office, data, bool(deleted), seq, hlc,
                  record_hash_of_json(rtype, case_id, data, bool(deleted)))
                 for seq, (rid, rtype, case_id, data, deleted, hlc) in enumerate(copied, start=1)]
    if len({row[0] for row in wire_rows}) != len(wire_rows):
        raise SystemExit("--copies: two records got the same id")
    value = 0
    for row in wire_rows:
        value ^= digest_item(row[0], row[8])
    digest = DigestResponse(count=len(wire_rows), digest=format_digest(value), cursor=len(wire_rows))
    now_ms = int(time.time() * 1000)
    for start in range(0, len(wire_rows), PAGE):
        chunk = wire_rows[start:start + PAGE]
        more = start + PAGE < len(wire_rows)
        pages.append(encode_pull_lines(chunk, evictions=[], cursor=chunk[-1][6], more=more, server_time_ms=now_ms,
                                       digest=None if more else digest))
    out.write_bytes(pickle.dumps({"cases": cases * copies, "records": len(wire_rows), "pages": pages}))


class PageServer:
    """The server's side of a first download, played from the pages built beforehand (no HTTP):
    what the sync engine sees of a Transport during a pull."""

    base_url = "stub://pages"

    def __init__(self, pages: list[bytes]):
        from sync.client.transport import Counters
        from sync.wire import decode_pull_lines

        self.counters = Counters()
        self.decode = decode_pull_lines
        self.decode_s = 0.0
        self.pages = pages
        self.after: dict[int, int] = {0: 0}  # cursor -> the page that follows it
        for i, raw in enumerate(pages[:-1]):
            self.after[decode_pull_lines(raw).cursor] = i + 1

    def pull(self, cursor: int, limit: int = 2000, skip=None, *, digest: bool = False):
        raw = self.pages[self.after[cursor]]
        self.counters.bytes_received += len(raw)
        started = time.thread_time()
        page = self.decode(raw)
        self.decode_s += time.thread_time() - started
        return page

    def push(self, body):
        raise AssertionError("a first download pushes nothing")

    def digest(self):
        raise AssertionError("the last page brings the digest")


def apply_round(pages_file: Path, profile: str | None) -> dict:
    """One fresh store downloads every page through the real SyncEngine; figures as a dict (in a child)."""
    sys.path.insert(0, os.getcwd())
    from desktop.store.replica import StoreReplica
    from desktop.store.store import create_store
    from sync.client import events as ev
    from sync.client.engine import SyncEngine
    from sync.startup import freeze_startup_objects

    data = pickle.loads(pages_file.read_bytes())
    with tempfile.TemporaryDirectory(prefix="poruch-bench-pull-") as tmp:
        store = create_store(Path(tmp) / "fresh", "fresh", PASSWORD)
        replica = StoreReplica(store)
        server = PageServer(data["pages"])
        engine = SyncEngine(replica, server)
        marks: dict[str, float] = {}
        listed: list[tuple[float, int]] = []  # (seconds since start, cases in the list) at each page

        def on_progress(p) -> None:
            now = time.perf_counter() - w0
            if p.phase == "index" and "index" not in marks:
                marks["index"] = now
            if p.phase == "pull":
                with store.engine.connect() as conn:
                    listed.append((now, conn.exec_driver_sql("SELECT count(*) FROM case_index").scalar()))

        engine.events.subscribe(on_progress, ev.PROGRESS)
        spent = {"apply": 0.0, "lists": 0.0, "builds": 0, "transactions": 0}  # wall seconds and counts

        def timed(name: str, call):
            def run(*args, **kwargs):
                started = time.perf_counter()
                try:
                    return call(*args, **kwargs)
                finally:
                    spent[name] += time.perf_counter() - started
            return run

        def counted(call):
            def run(*args, **kwargs):
                spent["transactions"] += 1
                return call(*args, **kwargs)
            return run

        flush = replica.flush_projections

        def build() -> int:
            done = flush()
            spent["builds"] += bool(done)
            return done

        # Where the time goes: applying pages (records, digest, queue) and building the lists
        # (each build in one or more transactions of FLUSH_CHUNK cases).
        replica.apply_page = timed("apply", replica.apply_page)  # type: ignore[method-assign]
        replica.flush_projections = timed("lists", build)  # type: ignore[method-assign]
        replica.projector.refresh = counted(replica.projector.refresh)  # type: ignore[method-assign]
        freeze_startup_objects()
        prof = None
        if profile:
            import cProfile
            prof = cProfile.Profile()
            prof.enable()
        w0, c0 = time.perf_counter(), time.process_time()
        report = engine.run_cycle()
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        if prof:
            prof.disable()
            prof.dump_stats(profile)
        assert report.verified and report.pulled == data["records"], report
        first_listed = next((t for t, n in listed if n), wall)
        half = next((t for t, n in listed if n >= data["cases"] // 2), wall)
        store.close()
        size = sum(f.stat().st_size for f in (Path(tmp) / "fresh").iterdir() if f.is_file())
    return {"wall": wall, "cpu": cpu, "decode": server.decode_s, "lists_at": marks.get("index", wall),
            "first_listed": first_listed, "half_listed": half, "applying": spent["apply"], "building": spent["lists"],
            "builds": spent["builds"], "transactions": spent["transactions"],
            "bytes_per_case": size / data["cases"], "records": data["records"], "cases": data["cases"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--copies", type=int, default=1, help="download the cases this many times over (other ids)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--profile", help="cProfile stats of the first round of this tree to this file")
    ap.add_argument("--compare-with", metavar="REF", help="git commit to run the same pages through, alternating")
    ap.add_argument("--_round", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args._round:
        print(json.dumps(apply_round(Path(args._round[0]), args._round[1] or None)))
        return 0
    with tempfile.TemporaryDirectory(prefix="poruch-bench-pull-pages-") as tmp:
        pages_file = Path(tmp) / "pages.pickle"
        print(f"building {args.cases} cases x {args.copies} as pull pages…", file=sys.stderr, flush=True)
        build_pages(args.cases, pages_file, args.copies)
        trees = {"this tree": ROOT}
        if args.compare_with:
            other = Path(tmp) / "ref"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(other), args.compare_with],
                           check=True, capture_output=True)
            trees = {args.compare_with: other, "this tree": ROOT}
        results: dict[str, list[dict]] = {name: [] for name in trees}
        try:
            for i in range(args.rounds):
                for name, tree in trees.items():
                    profile = args.profile if (args.profile and i == 0 and tree == ROOT) else ""
                    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "pull_apply.py"),
                                           "--_round", str(pages_file), profile], cwd=tree, capture_output=True,
                                          text=True, env={**os.environ, "PYTHONPATH": str(tree)}, check=False)
                    if done.returncode != 0:
                        print(done.stderr[-3000:], file=sys.stderr)
                        return 1
                    results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
                    print(f"round {i + 1} {name}: {results[name][-1]['wall']:.2f} s", file=sys.stderr, flush=True)
        finally:
            if args.compare_with:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)],
                               capture_output=True)
    first = next(iter(results.values()))[0]
    print(f"\nFirst download applied without a server: {first['cases']} cases, {first['records']} records in "
          f"pages of {PAGE}; median of {args.rounds} rounds; load average {os.getloadavg()[0]:.2f} at the end\n")
    print(f"{'code':16} {'wall':>7} {'CPU':>7} {'decode':>7} {'µs/record':>10} {'KB/case':>8} "
          f"{'1st case listed':>16} {'half listed':>12} {'lists built from':>17}")
    keys = ("wall", "cpu", "decode", "bytes_per_case", "first_listed", "half_listed", "lists_at", "applying",
            "building", "builds", "transactions")
    for name, rounds in results.items():
        med = {k: statistics.median(r[k] for r in rounds) for k in keys}
        print(f"{name:16} {med['wall']:>6.2f}s {med['cpu']:>6.2f}s {med['decode']:>6.2f}s "
              f"{med['cpu'] / first['records'] * 1e6:>10.1f} {med['bytes_per_case'] / 1024:>8.1f} "
              f"{med['first_listed']:>15.2f}s {med['half_listed']:>11.2f}s {med['lists_at']:>16.2f}s")
    print(f"\n{'code':16} {'applying pages':>15} {'building lists':>15} {'builds':>7} {'transactions':>13}")
    for name, rounds in results.items():
        med = {k: statistics.median(r[k] for r in rounds) for k in keys}
        print(f"{name:16} {med['applying']:>14.2f}s {med['building']:>14.2f}s {med['builds']:>7.0f} "
              f"{med['transactions']:>13.0f}")
    print(json.dumps({"load_average": os.getloadavg()[0], "results": {
        name: [{k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()} for r in rounds]
        for name, rounds in results.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
