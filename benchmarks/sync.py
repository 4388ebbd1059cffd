"""Sync benchmark: a real server, a seeded office, fresh clients; prints a table of figures.

    python benchmarks/sync.py [--cases 5000] [--database URL] [--profile DIR]

The server runs on PostgreSQL when --database or PORUCH_TEST_DATABASE_URL is given (a fresh
database is created on it for the run), else on SQLite. A seeding client registers N synthetic
cases and pushes them. `--workload issue` (the default): the issue's "households, needs and
journal, about 10 records each": household, one needs assessment and one journal entry, each with
its history entry as the application writes it (about 9.3 records a case). `--workload full`: the
synthetic generator's whole caseload, households, needs, 1-3 journal entries, tasks, goals and
services, each with its history entry (about 17 records a case). Then, for each measure, the sync
call itself is timed in-process (a fresh client, `SyncEngine.run_cycle`), and the whole command is
timed as a subprocess (`poruch enroll` for the initial download, `poruch sync` for the others:
interpreter start, unlocking the store with Argon2id, the cycle). Bytes are request and response
bodies as sent on the wire (compressed). Targets are for the in-process figures, on loopback.
Incremental, no-op and push are the median of `--repeat` rounds (push: 1,000 new cases each round).
Each measure starts once the server has done its duplicate check of what was pushed before it (the check
runs a moment after the pushes: sync.server.checks_later; its work is not in the push's figures).

`--compare-pouchdb` then runs benchmarks/pouchdb (PouchDB 9 against pouchdb-server on this machine,
the issue's yardstick; needs Node 20 and npm) with the same number of documents, and prints both.
`--compare-server REV` measures everything first with the server of another revision (the same client),
in the same run, and prints both side by side (with --compare-pouchdb, both beside PouchDB). The order
counts: on 04.12 (SQLite, load 3-7) whichever server was measured second used ~250 ms more CPU on the push
(710 -> 970, 760 -> 1,000 ms with main second; 800 -> 1,100 ms with a2399c1 second). Run it both ways
(this tree at the older revision with --compare-server main) before reading a ratio.

`--busy`: another process keeps one core busy (a Python loop) from the seeding to the end, PouchDB's run
included: the issue's "under load" (every line at most 0.5x PouchDB's time on a quiet machine and with one
core busy). The tables say so in their headings.

A SQLite server copies its write-ahead log into the database file beside the push answers
(sync.server.db.checkpoint_soon), in a thread of the server process: its CPU is in the server's
figure when it runs during the cycle; the copy after the last batch may end after the cycle.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.services import synthetic  # noqa: E402
from desktop.services.cases import CaseService  # noqa: E402
from desktop.services.enrolment import enroll_store  # noqa: E402
from desktop.services.synthetic import generate_registrations, populate  # noqa: E402
from desktop.store.replica import StoreReplica  # noqa: E402
from desktop.store.store import unlock_store  # noqa: E402
from sync.client.engine import SyncEngine, SyncReport, transport_for  # noqa: E402
from sync.server import admin_ops  # noqa: E402
from sync.server.db import make_engine  # noqa: E402
from sync.server.orgs import create_office  # noqa: E402
from sync.startup import freeze_startup_objects  # noqa: E402
from tests.support.server_process import ServerProcess, duplicates_checked, make_database_url  # noqa: E402

PASSWORD = "пароль-бенчмарку-1"
TARGETS = {"initial": 3.0, "incremental": 0.150, "noop": 0.050, "push": 1.0}


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def server_cpu(pid: int) -> float:
    """CPU seconds the server process has used so far (Linux), to split the time between the ends."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Client:
    server_pid = 0
    # (client, server, the cycle's own thread) CPU seconds of the last cycle. The cycle's thread applies the
    # pages and builds the lists: on a first download it is the critical path (about 1.0 s of a 1.2 s pull on
    # 05.12), the rest of the client's CPU being the page fetch beside it.
    last_cpu: tuple[float, float, float] = (0.0, 0.0, 0.0)

    def __init__(self, store):
        self.store = store
        self.replica = StoreReplica(store)
        self.engine = SyncEngine(self.replica, transport_for(self.replica, user_token=store.user_token))

    def cycle(self, profile: Path | None = None) -> tuple[float, SyncReport]:
        prof = cProfile.Profile() if profile else None
        cpu0, srv0, own0 = time.process_time(), server_cpu(self.server_pid), time.thread_time()
        started = time.perf_counter()
        if prof:
            prof.enable()
        report = self.engine.run_cycle()
        if prof:
            prof.disable()
            prof.dump_stats(profile)
        elapsed = time.perf_counter() - started
        Client.last_cpu = (time.process_time() - cpu0, server_cpu(self.server_pid) - srv0, time.thread_time() - own0)
        return elapsed, report


def poruch(data_dir: Path, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PORUCH_PASSWORD": PASSWORD}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "desktop.cli", "--data-dir", str(data_dir), *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=900)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"poruch {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, done


def edit(store, n: int, round_no: int) -> None:
    """`n` edited records (each also writes its history entry, as in the application)."""
    service = CaseService(store)
    with store.engine.connect() as conn:
        ids = conn.exec_driver_sql("SELECT id FROM records WHERE type = 'person' ORDER BY id LIMIT ?",
                                   (n,)).scalars().all()
    for i, record_id in enumerate(ids):
        service.update("person", record_id, {"notes": f"Перевірено, раунд {round_no}, {i}"})


def register(store, n: int, seed: int) -> None:
    CaseService(store).register_many(generate_registrations(n, seed=seed))


_full_activity = synthetic._activity_for


def _issue_activity(rng, today):
    """The issue's workload: a needs assessment and one journal entry per case (the generator's own)."""
    records = _full_activity(rng, today)  # drawn in full, so the people and needs are the same as in `full`
    return [next(r for r in records if r[0] == "assessment"), next(r for r in records if r[0] == "journal_entry")]


def median_cpu(cpus: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """(client, server, cycle thread) CPU of the rounds, each the median (one round's figure moved by 100 ms at
    load 3)."""
    client, server, cycle = zip(*cpus, strict=True)
    return statistics.median(client), statistics.median(server), statistics.median(cycle)


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=5000)
    ap.add_argument("--database", help="PostgreSQL URL of an existing server (a fresh database is made on it)")
    ap.add_argument("--workload", choices=("issue", "full"), default="issue",
                    help="issue: ~9 records a case, as the issue describes; full: the generator's whole caseload (~17)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=5, help="rounds of the incremental, no-op and push measures (median)")
    ap.add_argument("--profile", type=Path, help="write cProfile stats of each in-process measure here")
    ap.add_argument("--no-command", action="store_true", help="skip the subprocess figures")
    ap.add_argument("--no-analyze", action="store_true",
                    help="PostgreSQL with autovacuum off: leave the seeded tables without statistics")
    ap.add_argument("--compare-pouchdb", action="store_true",
                    help="also run benchmarks/pouchdb/run.sh on this machine and print both")
    ap.add_argument("--compare-server", metavar="REV",
                    help="also measure with the server of git revision REV (checked out in a temporary worktree; "
                         "the client is this tree's), first, in the same run, and print both side by side")
    ap.add_argument("--busy", action="store_true",
                    help="another process keeps one core busy throughout, PouchDB's run included (the issue's load)")
    args = ap.parse_args()
    if args.database:
        os.environ["PORUCH_TEST_DATABASE_URL"] = args.database
    with one_core_busy(args.busy):
        return run_all(args)


@contextmanager
def one_core_busy(busy: bool):
    """While inside, another process spins on one core (nothing when `busy` is false)."""
    if not busy:
        yield
        return
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    say(f"one core kept busy by process {spinner.pid}")
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


def busy_note(args) -> str:
    return "; one core kept busy by another process" if args.busy else ""


def run_all(args) -> int:
    measured = []  # (label, backend, rows, extra)
    if args.compare_server:
        with server_tree(args.compare_server) as tree:
            measured.append((f"server {args.compare_server}", *measure(args, tree)))
    measured.append(("this tree", *measure(args, REPO)))
    for label, backend, rows, extra in measured:
        if len(measured) > 1:
            print(f"\n=== {label} ===")
        print_table(args, backend, rows, extra)
    if len(measured) > 1:
        compare_servers(measured)
    if args.compare_pouchdb:
        compare_pouchdb(args, measured[-1][2], measured[0][2] if len(measured) > 1 else None,
                        measured[0][0] if len(measured) > 1 else None)
    if args.profile:
        for path in sorted(args.profile.glob("*.prof")):
            print(f"\n--- profile {path.name} (cumulative, top 25) ---")
            pstats.Stats(str(path)).sort_stats("cumulative").print_stats(25)
    return 0


@contextmanager
def server_tree(rev: str):
    """A temporary git worktree of `rev` to run its server from."""
    folder = Path(tempfile.mkdtemp(prefix="poruch-bench-server-")) / "tree"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(folder), rev], check=True,
                   capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)], capture_output=True)


def measure(args, server_repo: Path) -> tuple[str, list[dict], dict]:
    """Every measure against a fresh server run from `server_repo`, seeded anew."""
    tmp = Path(tempfile.mkdtemp(prefix="poruch-bench-sync-"))
    db = make_database_url(tmp)
    server = ServerProcess(db.url, tmp / "server", repo=server_repo)
    say(f"server: {db.backend} from {server_repo}, {args.cases} cases, work dir {tmp}")
    server.start()
    engine = make_engine(db.url)
    try:
        with engine.begin() as conn:
            office = create_office(conn, "Бенчмарк-офіс", "UA18020010000059904")
            for name in ("seeder", "fresh", "command"):
                org = admin_ops.resolve_user_org(conn, "caseworker", office_id=office)
                admin_ops.create_user(conn, name, PASSWORD, "caseworker", org)
        rows, extra = run(args, tmp, server)
    finally:
        server.stop()
        engine.dispose()
        db.cleanup()
    return db.backend, rows, extra


def compare_servers(measured) -> None:
    (label_a, _, rows_a, _), (label_b, _, rows_b, _) = measured[0], measured[-1]
    print(f"\nSide by side, the same client, one run (load average {os.getloadavg()[0]:.2f}):\n")
    print(f"{'measure':58} {label_a:>16} {label_b:>12} {'ratio':>7} {'server CPU':>21}")
    for a, b in zip(rows_a, rows_b, strict=True):
        cpu = f"{fmt_s(a['cpu'][1])} -> {fmt_s(b['cpu'][1])}"
        print(f"{b['what']:58} {fmt_s(a['s']):>16} {fmt_s(b['s']):>12} {b['s'] / a['s']:>6.2f}x {cpu:>21}")


def checks_waiter(database_url: str):
    """A function that returns once the server has done its duplicate check of what was pushed (a moment after
    the pushes pause: sync.server.checks_later), so that the check's work is not timed with the next measure.
    A server of a revision from before the check moved out of the push has no queue: nothing to wait for."""
    from sqlalchemy import inspect

    engine = make_engine(database_url)
    if not inspect(engine).has_table("duplicate_queue"):
        engine.dispose()
        return lambda: None
    return lambda: duplicates_checked(engine)


def run(args, tmp: Path, server: ServerProcess) -> tuple[list[dict], dict]:
    prof = args.profile
    checked = checks_waiter(server.database_url)
    if prof:
        prof.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    extra: dict = {}

    Client.server_pid = server.proc.pid
    say("seeding…")
    seed_store, _ = enroll_store(tmp / "seeder", server.url, "seeder", PASSWORD, "seeder")
    seeder = Client(seed_store)
    started = time.perf_counter()
    if args.workload == "issue":
        synthetic._activity_for = _issue_activity
    populate(CaseService(seed_store), args.cases, seed=args.seed)
    extra["generate_s"] = time.perf_counter() - started
    seconds, report = seeder.cycle()
    extra["seed_push"] = (seconds, report)
    say(f"seeded: {report.pushed} changes pushed in {seconds:.1f} s")
    checked()
    if not args.no_analyze:
        extra["analyzed"] = analyze_like_autovacuum(server.database_url)

    # 1. Initial download of the whole office.
    say("initial pull…")
    extra["load_start"] = os.getloadavg()[0]  # seeding is over: the measures begin
    fresh_store, _ = enroll_store(tmp / "fresh", server.url, "fresh", PASSWORD, "fresh")
    fresh = Client(fresh_store)
    freeze_startup_objects()  # set-up is over, as Poruch's programs do once started (sync/startup.py)
    seconds, report = fresh.cycle(prof / "initial.prof" if prof else None)
    cpu = Client.last_cpu
    command = None if args.no_command else poruch(tmp / "command", "enroll", "--server", server.url,
                                                  "--username", "command")[0]
    with fresh_store.engine.connect() as conn:
        cases = conn.exec_driver_sql("SELECT count(*) FROM case_index").scalar()
    extra["records_per_case"] = report.pulled / max(cases, 1)
    rows.append({"key": "initial", "what": f"initial pull of {cases} cases ({report.pulled} records)",
                 "s": seconds, "cmd": command, "report": report, "cpu": cpu,
                 "note": f"{report.pulled / seconds:,.0f} records/s"})

    # 2. Fifty records edited elsewhere, pulled.
    say("incremental…")
    times, cmd_times, sends, cpus = [], [], [], []
    for i in range(args.repeat):
        edit(seed_store, 50, i)
        sends.append(seeder.cycle()[0])
        checked()
        seconds, report = fresh.cycle(prof / f"incremental-{i}.prof" if prof and i == 0 else None)
        times.append(seconds)
        cpus.append(Client.last_cpu)
        if not args.no_command:
            cmd_times.append(poruch(tmp / "command", "sync")[0])
    rows.append({"key": "incremental", "what": f"incremental: 50 records edited elsewhere ({report.pulled} records)",
                 "s": statistics.median(times), "cmd": statistics.median(cmd_times) if cmd_times else None,
                 "report": report, "cpu": median_cpu(cpus), "note": f"sending them: {fmt_s(statistics.median(sends))}"})

    # 3. Nothing to do.
    say("no-op…")
    times, cmd_times, cpus = [], [], []
    for i in range(args.repeat):
        seconds, report = fresh.cycle(prof / "noop.prof" if prof and i == 0 else None)
        times.append(seconds)
        cpus.append(Client.last_cpu)
        if not args.no_command:
            cmd_times.append(poruch(tmp / "command", "sync")[0])
    rows.append({"key": "noop", "what": "no-op sync", "s": statistics.median(times),
                 "cmd": statistics.median(cmd_times) if cmd_times else None, "report": report, "cpu": median_cpu(cpus),
                 "note": ""})

    # 4. A thousand new cases registered here, pushed (protocol 2: the push answers give their seq and
    #    hash, so the cycle does not pull them back; protocol 1 pulled them all again).
    say("push of 1,000 cases…")
    times, cpus = [], []
    for i in range(args.repeat):
        register(fresh_store, 1000, seed=args.seed + 1000 + i)
        pending = fresh.replica.pending_count()
        checked()  # the previous round's cases: checked after its cycle, as the server does, not during this one
        seconds, report = fresh.cycle(prof / "push.prof" if prof and i == 0 else None)
        times.append(seconds)
        cpus.append(Client.last_cpu)
    seconds = statistics.median(times)
    command = None
    if not args.no_command:
        store = unlock_store(tmp / "command", "command", PASSWORD)
        register(store, 1000, seed=args.seed + 2000)
        store.close()
        command = poruch(tmp / "command", "sync")[0]
    rows.append({"key": "push", "what": f"push of 1,000 new cases ({pending} changes)", "s": seconds, "cmd": command,
                 "report": report, "cpu": median_cpu(cpus), "note": f"{report.pushed / seconds:,.0f} changes/s"})
    fresh_store.close()
    seed_store.close()
    extra["load"] = (extra["load_start"], os.getloadavg()[0])
    return rows, extra


def analyze_like_autovacuum(database_url: str) -> bool:
    """A PostgreSQL whose autovacuum is off (this machine's: `SHOW autovacuum` says off) never gathers statistics
    for the seeded tables, and its planner then takes 46,000 records for an empty table (a push's lookups scanned
    every record and spilled a sort to disk: measured 04.12: 29 ms and 78 ms a push). A server runs with autovacuum on, which
    analyses a table once a tenth of it has changed: the seeded office is analysed here as it would have been.
    Returns whether it was (SQLite, or autovacuum on: nothing to do)."""
    if not database_url.startswith("postgresql"):
        return False
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            if conn.exec_driver_sql("SHOW autovacuum").scalar() == "on":
                return False
            conn.exec_driver_sql("ANALYZE")
            conn.commit()
    finally:
        engine.dispose()
    say("autovacuum is off on this PostgreSQL: the seeded tables analysed, as autovacuum would (--no-analyze: not)")
    return True


def print_table(args, backend: str, rows: list[dict], extra: dict) -> None:
    seed_s, seed_report = extra["seed_push"]
    per_case = extra.get("records_per_case", 0)
    print(f"\nPoruch sync benchmark — server on {backend}, loopback, {args.cases} cases, workload "
          f"'{args.workload}': {per_case:.1f} records a case "
          f"({'the issue: household, needs, one journal entry, with their history' if args.workload == 'issue' else 'the full synthetic caseload: journal, tasks, goals, services, with their history'})"
          f"; load average {extra['load'][0]:.2f} at the start of the measures, {extra['load'][1]:.2f} at the end"
          f"{busy_note(args)} "
          f"(seeding: {seed_report.pushed} changes pushed in {seed_s:.1f} s"
          f"{'; then ANALYZE, as autovacuum would' if extra.get('analyzed') else ''})\n")
    head = (f"{'measure':58} {'in-process':>11} {'target':>8} {'':4} {'command':>9} {'client CPU':>10} "
            f"{'its cycle':>9} {'server CPU':>10} {'sent':>9} {'received':>10}  notes")
    print(head)
    print("-" * len(head))
    results = {}
    for row in rows:
        target = TARGETS[row["key"]]
        ok = row["s"] <= target
        results[row["key"]] = {"in_process_s": round(row["s"], 4), "command_s": row["cmd"] and round(row["cmd"], 3),
                               "target_s": target, "met": ok, "bytes_sent": row["report"].bytes_sent,
                               "bytes_received": row["report"].bytes_received, "records": row["report"].pulled,
                               "client_cpu_s": round(row["cpu"][0], 4), "server_cpu_s": round(row["cpu"][1], 4),
                               "cycle_thread_cpu_s": round(row["cpu"][2], 4)}
        print(f"{row['what']:58} {fmt_s(row['s']):>11} {fmt_s(target):>8} {'ok' if ok else 'MISS':4} "
              f"{fmt_s(row['cmd']):>9} {fmt_s(row['cpu'][0]):>10} {fmt_s(row['cpu'][2]):>9} "
              f"{fmt_s(row['cpu'][1]):>10} "
              f"{row['report'].bytes_sent / 1e6:>7.2f}MB {row['report'].bytes_received / 1e6:>8.2f}MB"
              f"  {row['note']}")
    print("\nbytes: request/response bodies on the wire (zstd-compressed), headers excluded; CPU: seconds used by "
          "this process (both sync threads), by the thread that ran the cycle alone ('its cycle': a pull's applying "
          "and list building, a push's sending; the page fetch and the push's acknowledging and encoding run beside "
          "it), and by the server process during the in-process cycle")
    print(json.dumps({"backend": backend, "cases": args.cases, "workload": args.workload,
                      "records_per_case": round(per_case, 2), "load_average": extra["load"][1], "busy": args.busy,
                      "results": results}))


def compare_pouchdb(args, rows: list[dict], other: list[dict] | None = None, other_label: str | None = None) -> None:
    """Run the PouchDB baseline on this machine now, and print it beside the figures above."""
    say("PouchDB baseline (benchmarks/pouchdb)…")
    done = subprocess.run(["bash", str(REPO / "benchmarks" / "pouchdb" / "run.sh"), "--docs", str(args.cases),
                           "--rounds", str(args.repeat)], capture_output=True, text=True, timeout=1800)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        print(f"\nPouchDB baseline failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        return
    pouch = json.loads(lines[-1])["results"]
    print(f"\nBeside PouchDB 9 against pouchdb-server, measured just now on this machine "
          f"({args.cases} documents of ~2 KB, one per case; load average {os.getloadavg()[0]:.2f}{busy_note(args)}):\n")
    extra = f" {other_label + '/PouchDB':>24}" if other else ""
    print(f"{'measure':58} {'Poruch':>9} {'PouchDB':>9} {'Poruch/PouchDB':>15}{extra}")
    for i, row in enumerate(rows):
        theirs = pouch.get(row["key"], {}).get("seconds")
        ratio = f"{row['s'] / theirs:.2f}x" if theirs else "—"
        before = ""
        if other:
            before = f" {other[i]['s'] / theirs:>23.2f}x" if theirs else f" {'—':>24}"
        print(f"{row['what']:58} {fmt_s(row['s']):>9} {fmt_s(theirs):>9} {ratio:>15}{before}")
    print(json.dumps({"pouchdb": {k: v.get("seconds") for k, v in pouch.items()}}))


if __name__ == "__main__":
    sys.exit(main())
