"""Reports benchmark: the office report on a laptop with N cases, and the national aggregates on a server.

    python benchmarks/reports.py [--cases 100000] [--keep DIR] [--server-cases 500000]
                                 [--database postgresql+psycopg://postgres@127.0.0.1:5432/test]

Laptop (the local-store benchmark's data: the same generator and seed; `--keep DIR` shares its kept
folder, DIR/encrypted, so a store made by `local_store.py --keep DIR` is reused as it is):
building the report facts of every case from scratch (once, after a first download or an upgrade),
the office report for last month with the facts current (target <= 2 s for all tables), switching
back to a period already shown (cached: target <= 200 ms), another period (not cached), the report
after one edit, and writing XLSX/CSV/PDF.

Server (`--database`, PostgreSQL; a fresh database is created on it and dropped at the end): the
laptop's records are loaded into the server's `records` table over 300 offices, their facts built by
the server's own refresh (cases/s), the facts then replicated to `--server-cases` cases in other
offices; then the analysts' release for one month at hromada level with no cache ("cold",
target <= 5 s), the same again with nothing changed (target <= 200 ms), other levels and 12 months.

Every figure is wall-clock on this machine, with CPU seconds where they were measured; the load average
is printed with them. `--compare-with REV` also times the cold report (laptop) and the cold release
(server) with the code of REV (e.g. the commit before a change) side by side with this checkout's, each
in a fresh process (benchmarks/report_probe.py), alternating, `--rounds` times, on the same data:
Python's CPU, PostgreSQL's CPU (its backends' /proc times) and wall.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop.services.cases import CaseService  # noqa: E402
from desktop.services.reports import ReportService  # noqa: E402
from desktop.services.synthetic import populate  # noqa: E402
from desktop.store.report_facts import refresh_report_facts  # noqa: E402
from desktop.store.store import create_store, store_exists, unlock_store  # noqa: E402
from sync.reports.period import last_month, month  # noqa: E402

USER, PASSWORD = "bench", "benchmark-password-1"  # as benchmarks/local_store.py
FIGURES: list[tuple[str, float, str, str]] = []


def note(label: str, value: float, unit: str, target: str = "") -> None:
    FIGURES.append((label, value, unit, target))
    print(f"  {label}: {value:.3f} {unit} {target}", file=sys.stderr, flush=True)


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def side_by_side(rev: str | None, rounds: int, where: str, *probe_args: str) -> None:
    """The probe run with REV's code and with this checkout's, alternating; medians printed."""
    if not rev:
        return
    here = Path(__file__).resolve().parent.parent
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    with tempfile.TemporaryDirectory(prefix="poruch-ref-") as ref:
        archive = subprocess.run(["git", "-C", str(here), "archive", rev], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", ref], input=archive, check=True)
        print(f"\n  side by side, {where}: {rev} (before) and this checkout (after), {rounds} rounds, {load()}",
              file=sys.stderr, flush=True)
        for r in range(rounds):
            for name, code in (("before", ref), ("after", str(here))):
                out = subprocess.run([sys.executable, str(here / "benchmarks" / "report_probe.py"), "--code", code,
                                      where, *probe_args], check=True, capture_output=True, text=True).stdout
                figures = json.loads(out.strip().splitlines()[-1])
                runs[name].append(figures)
                first = figures["first"]
                extra = f", PostgreSQL {first['pg_cpu']:.2f} s CPU" if "pg_cpu" in first else ""
                second = (f"; another month {figures['second']['wall']:.2f} s wall, "
                          f"{figures['second']['cpu']:.2f} s CPU" if "second" in figures else "")
                print(f"    round {r + 1} {name:6}: {first['wall']:.2f} s wall, {first['cpu']:.2f} s CPU (Python"
                      f"{' + SQLite' if where == 'laptop' else ''}){extra}{second}  "
                      f"(load {figures['load'][0]:.1f} -> {figures['load'][1]:.1f})", file=sys.stderr, flush=True)
    for name in ("before", "after"):
        firsts = [f["first"] for f in runs[name]]
        for key in ("wall", "cpu", "pg_cpu"):
            if key in firsts[0]:
                note(f"{where} {name}: median {key}", statistics.median(f[key] for f in firsts), "s")


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def timed_cpu(fn, *args, **kwargs):
    """Wall and this process's CPU seconds (on the laptop, SQLite's work is in this process)."""
    cpu, start = time.process_time(), time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start, time.process_time() - cpu


def laptop_store(root: Path, n: int):
    data_dir = root / "encrypted"
    if store_exists(data_dir):
        return unlock_store(data_dir, USER, PASSWORD)
    store = create_store(data_dir, USER, PASSWORD)
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 10000 == 0 or done == total:
            print(f"  inserting: {done}/{total} cases, {done / (time.perf_counter() - started):.0f} cases/s",
                  file=sys.stderr, flush=True)

    populate(CaseService(store), n, seed=42, progress=progress)  # the local-store benchmark's data
    return store


def bench_laptop(store, out_dir: Path, rev: str | None = None, rounds: int = 3) -> None:
    engine = store.engine
    with engine.connect() as conn:
        n = conn.exec_driver_sql("SELECT count(*) FROM records WHERE type = 'case' AND deleted = 0").scalar()
    print(f"\nLaptop: {n} cases (encrypted store), {load()}", file=sys.stderr)
    with engine.begin() as conn:  # every case queued, as after a first download
        conn.exec_driver_sql("INSERT INTO report_dirty (case_id) SELECT DISTINCT case_id FROM records "
                             "WHERE case_id NOT IN (SELECT case_id FROM report_dirty)")
    built, seconds = timed(refresh_report_facts, engine)
    note("facts built from scratch", seconds, "s", f"({built / seconds:.0f} cases/s, once after a download)")
    service = ReportService(store)
    period = last_month()
    other = month(period.start.year - (period.start.month == 1), 12 if period.start.month == 1 else period.start.month - 1)
    side_by_side(rev, rounds, "laptop", "--store", str(store.data_dir), "--period", period.code, "--other", other.code)
    _, seconds, cpu = timed_cpu(service.report, period, layout="office")
    note("office report, last month, all tables (facts current)", seconds, "s", f"target <= 2 s; {cpu:.2f} s CPU, {load()}")
    _, seconds, cpu = timed_cpu(service.report, other, layout="office")
    note("another month (not cached)", seconds, "s", f"{cpu:.2f} s CPU")
    switches = [timed(service.report, p, layout="office")[1] for p in (period, other) * 5]
    note("switch back to a month already shown (cached), median of 10", statistics.median(switches) * 1000, "ms",
         "target <= 200 ms")
    note("... slowest of the 10", max(switches) * 1000, "ms")
    with engine.connect() as conn:
        case_id = conn.exec_driver_sql("SELECT case_id FROM rf_cases WHERE status != 'closed' "
                                       "AND stage != 'monitoring' LIMIT 1").scalar()  # a kept store: not one edited before
    CaseService(store).update("case", case_id, {"stage": "monitoring"})
    _, seconds = timed(service.report, period, layout="office")
    note("report after one edit (1 case rebuilt, recomputed)", seconds, "s")
    result = service.report(period, layout="office")
    for fmt in ("xlsx", "csv", "pdf"):
        _, seconds = timed(service.save, result, fmt, out_dir / f"report.{fmt}")
        note(f"write {fmt.upper()}", seconds * 1000, "ms")


# --- server ----------------------------------------------------------------------------------------------

def bench_server(store, database: str, target_cases: int, *, facts_only: bool = False, rev: str | None = None,
                 rounds: int = 3, keep_name: str | None = None) -> None:
    import psycopg
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from sync.server.db import make_engine
    from sync.server.migrations import upgrade
    from sync.server.orgs import create_office
    from sync.server.reports import national
    from tests.support.server_process import _libpq_url

    admin = make_url(database)
    name = keep_name or f"poruch_bench_{secrets.token_hex(4)}"
    with psycopg.connect(_libpq_url(admin), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    url = admin.set(database=name).render_as_string(hide_password=False)
    engine = make_engine(url)
    try:
        upgrade(engine)  # a kept database gains this checkout's migrations
        if exists:
            with engine.connect() as conn:
                total = conn.execute(text("SELECT count(*) FROM rf_cases")).scalar()
            print(f"\nServer (PostgreSQL): kept database {name}, {total} cases", file=sys.stderr)
        else:
            codes = _hromada_codes()
            with engine.begin() as conn:
                offices = [create_office(conn, f"Офіс {i}", code) for i, code in enumerate(codes[:300])]
            if facts_only:
                case_ids = _copy_laptop_facts(store, engine, offices)
            else:
                case_ids = _load_records(store, engine, offices)
            total = _replicate(engine, offices, case_ids, target_cases)
            print(f"  facts replicated to {total} cases over {len(offices)} offices", file=sys.stderr)
        period = last_month()
        print(f"  {load()}", file=sys.stderr)
        _stored_counts(engine, period)  # this checkout's months counted and stored before the side by side
        side_by_side(rev, rounds, "server", "--database", url, "--period", period.code, "--level", "hromada")
        for level in ("hromada", "raion", "oblast"):
            _, seconds = timed(national, engine, [period], level=level, use_cache=False)
            note(f"national release, 1 month, by {level}, cold ({total} cases)", seconds, "s",
                 "target <= 5 s" if level == "hromada" else "")
        national(engine, [period], level="hromada")
        warm = [timed(national, engine, [period], level="hromada")[1] for _ in range(10)]
        note("the same when nothing changed (cached), median of 10", statistics.median(warm) * 1000, "ms",
             "target <= 200 ms")
        months = [month(period.start.year - (period.start.month - i <= 0), (period.start.month - i - 1) % 12 + 1)
                  for i in range(12)][::-1]
        _, seconds = timed(national, engine, months, level="oblast", use_cache=False)
        note(f"national release, 12 months, by oblast, cold ({total} cases)", seconds, "s")
    finally:
        engine.dispose()
        if not keep_name:
            with psycopg.connect(_libpq_url(admin), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stored_counts(engine, period) -> None:
    """With stored release counts (sync.server.release_counts): a month counted and stored the first time a
    release asks for it, and what a refresh of 2,000 cases' facts adds to keep 12 stored months current."""
    try:
        from sync.server import release_counts
    except ImportError:
        return  # code before the stored counts
    from sync.server.reports import context, national

    with engine.begin() as conn:
        release_counts.clear(conn)
    _, seconds = timed(national, engine, [period], level="hromada", use_cache=False)
    note("first release of a month: counted and stored", seconds, "s", load())
    months = [month(period.start.year - (period.start.month - i <= 0), (period.start.month - i - 1) % 12 + 1)
              for i in range(12)]
    national(engine, months, level="oblast", use_cache=False)
    with engine.connect() as conn:
        case_ids = [r[0] for r in conn.exec_driver_sql("SELECT case_id FROM rf_cases ORDER BY case_id LIMIT 2000")]
    with engine.begin() as conn:
        started = time.perf_counter()
        delta = release_counts.Delta(conn, case_ids, context)
        delta.apply()
        note("refresh of 2,000 cases: keeping 12 stored months current", time.perf_counter() - started, "s",
             "(added to the rebuild of their facts)")


def _replicate(engine, offices: list[str], case_ids: list[str], target_cases: int) -> int:
    """More cases in other offices, made from the same facts, up to `target_cases`; returns the count."""
    from sqlalchemy import text

    from sync.reports.facts import FACT_TABLE_NAMES
    from sync.server import models as m

    copies = max(0, -(-target_cases // len(case_ids)) - 1)
    # More cases in other offices, made from the same facts: copy k gets ids suffixed "-k" (an id
    # with five dashes is a copy, so copies are made from the originals only).
    with engine.begin() as conn:
        for k in range(1, copies + 1):
            shift = {o: offices[(i + 37 * k) % len(offices)] for i, o in enumerate(offices)}
            conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS shift (a text, b text)"))
            conn.execute(text("DELETE FROM shift"))
            conn.execute(text("INSERT INTO shift VALUES (:a, :b)"), [{"a": a, "b": b} for a, b in shift.items()])
            suffix = f"-{k}"
            cols = [c.name for c in m.fact_tables["rf_cases"].columns]
            select_cols = ", ".join(f"c.case_id || '{suffix}'" if c == "case_id" else
                                    ("s.b" if c == "office_id" else f"c.{c}") for c in cols)
            conn.execute(text(f"INSERT INTO rf_cases ({', '.join(cols)}) SELECT {select_cols} FROM rf_cases c "
                              f"JOIN shift s ON s.a = c.office_id WHERE c.case_id NOT LIKE '%-%-%-%-%-%'"))
            for table in FACT_TABLE_NAMES[1:]:
                cols = [c.name for c in m.fact_tables[table].columns]
                sel = ", ".join(f"{c} || '{suffix}'" if c in ("case_id", "id") else c for c in cols)
                conn.execute(text(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {sel} FROM {table} "
                                  f"WHERE case_id NOT LIKE '%-%-%-%-%-%'"))
        conn.execute(text("ANALYZE"))
        total = conn.execute(text("SELECT count(*) FROM rf_cases")).scalar()
    return total


def _load_records(store, engine, offices: list[str]) -> list[str]:
    """The laptop's records, spread over the offices (the case record names its office), and the facts
    built from them by the server's own refresh; returns the case ids."""
    from sqlalchemy import text

    from sync.reports.facts import FACT_TYPES
    from sync.server.reports import refresh_facts

    types = ", ".join(f"'{t}'" for t in FACT_TYPES)
    with store.engine.connect() as lc:
        rows = lc.exec_driver_sql(f"SELECT id, type, case_id, data, updated_at FROM records "
                                  f"WHERE deleted = 0 AND type IN ({types})").all()
    case_ids = sorted({r[2] for r in rows})
    office_of = {c: offices[i % len(offices)] for i, c in enumerate(case_ids)}
    started = time.perf_counter()
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy("COPY records (id, type, case_id, office_id, data, field_meta, "
                                           "deleted, seq, hlc, hash) FROM STDIN") as copy:
            for seq, (rid, rtype, case_id, data, hlc) in enumerate(rows, start=1):
                if rtype == "case":
                    doc = json.loads(data)
                    doc["office_id"] = office_of[case_id]
                    data = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                copy.write_row((rid, rtype, case_id, office_of[case_id], data, "{}", False, seq, hlc, "-"))
        conn.execute(text("UPDATE server_state SET seq = :s WHERE id = 1"), {"s": len(rows)})
    print(f"\nServer (PostgreSQL): loaded {len(rows)} records of {len(case_ids)} cases in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    built, seconds = timed(refresh_facts, engine)
    note("server facts built from records", seconds, "s", f"({built / seconds:.0f} cases/s)")
    return case_ids


def _copy_laptop_facts(store, engine, offices: list[str]) -> list[str]:
    """`--server-facts-from-laptop`: the laptop's fact rows copied into the server's fact tables (its
    cases spread over the offices), without loading records or the server's build of facts (942 s for
    100,000 cases): the same facts the server would build from the same records."""
    from sync.reports.facts import FACT_TABLE_NAMES
    from sync.server import models as m

    started = time.perf_counter()
    with store.engine.begin() as lc:  # the laptop's facts current (a store only filled has none yet)
        lc.exec_driver_sql("INSERT INTO report_dirty (case_id) SELECT DISTINCT case_id FROM records "
                           "WHERE case_id NOT IN (SELECT case_id FROM report_dirty)")
    refresh_report_facts(store.engine)
    with store.engine.connect() as lc:
        case_ids = sorted(r[0] for r in lc.exec_driver_sql("SELECT case_id FROM rf_cases"))
        office_of = {c: offices[i % len(offices)] for i, c in enumerate(case_ids)}
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            for table in FACT_TABLE_NAMES:
                cols = [c.name for c in m.fact_tables[table].columns]
                at = cols.index("office_id") if "office_id" in cols else None
                with raw.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in lc.exec_driver_sql(f"SELECT {', '.join(cols)} FROM {table}"):
                        row = list(row)
                        if at is not None:
                            row[at] = office_of[row[0]]
                        copy.write_row(row)
    print(f"\nServer (PostgreSQL): the laptop's facts of {len(case_ids)} cases copied in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr)
    return case_ids


def _hromada_codes() -> list[str]:
    import csv

    from sync.resources import reference_dir

    with open(reference_dir() / "katottg.csv", encoding="utf-8-sig", newline="") as f:
        return [row["code"] for row in csv.DictReader(f) if row["category"] == "H"][::5]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the laptop store in DIR/encrypted")
    parser.add_argument("--database", default=os.environ.get("PORUCH_TEST_DATABASE_URL"),
                        help="PostgreSQL to run the server part on (a fresh database is made there)")
    parser.add_argument("--server-cases", type=int, default=500_000)
    parser.add_argument("--server-facts-from-laptop", action="store_true",
                        help="copy the laptop's facts to the server instead of loading records and building them")
    parser.add_argument("--skip-laptop", action="store_true", help="only the server part")
    parser.add_argument("--keep-server-database", metavar="NAME",
                        help="build the server's data in database NAME and keep it; reuse it as it is if it exists")
    parser.add_argument("--compare-with", metavar="REV", help="time REV's code side by side (cold report/release)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the side-by-side comparison")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="poruch-reports-bench-"))
    out = Path(tempfile.mkdtemp(prefix="poruch-reports-out-"))
    started = time.perf_counter()
    store = laptop_store(root, args.cases)
    try:
        if not args.skip_laptop:
            bench_laptop(store, out, args.compare_with, args.rounds)
        if args.database:
            bench_server(store, args.database, args.server_cases, facts_only=args.server_facts_from_laptop,
                         rev=args.compare_with, rounds=args.rounds, keep_name=args.keep_server_database)
        else:
            print("\n(no --database: the server part needs PostgreSQL)", file=sys.stderr)
    finally:
        store.close()
        shutil.rmtree(out, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    avg = os.getloadavg()
    print(f"\nReports benchmark ({date.today():%d.%m.%Y}), load average {avg[0]:.1f} {avg[1]:.1f} {avg[2]:.1f}")
    for label, value, unit, target in FIGURES:
        print(f"  {label:70} {value:>10.3f} {unit:3} {target}")
    print(f"total run time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
