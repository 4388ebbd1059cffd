"""Local store benchmark: N synthetic cases in the encrypted store, then the same on plain SQLite.

    python benchmarks/local_store.py [--cases 100000] [--plain-too | --no-plain-too] [--keep DIR]

Prints insert rate, unlock time, first page of the case list, search latency (p50/p95 over 200
mixed queries: Cyrillic prefix, full name, Latin, typo, RNOKPP, phone, certificate), loading one
case, saving one edit, the database size and the process RSS, then the encrypted/plain ratio.
Targets at 100,000 cases: search p95 <= 50 ms, first page <= 200 ms, encryption <= 1.2x.
At 100,000 cases the whole run takes about 15 minutes on a 2-core machine (inserting: ~9 min
encrypted, ~5.5 min plain; the databases are ~2.2 GB each), 15 s at --cases 2000.

Wall-clock figures depend on what else the machine is doing; the CPU-time lines do not.
"Right after unlock" figures start with an empty SQLCipher page cache (the OS file cache may be
warm or not, which changes them a lot); "second pass" is the steady state.

Only synthetic people (desktop.services.synthetic); the temp folders are deleted at the end
unless --keep is given (a kept folder is reused on the next run, skipping the insert).
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from desktop.services.cases import CaseService  # noqa: E402
from desktop.services.reads import load_case  # noqa: E402
from desktop.services.search import CaseSearch  # noqa: E402
from desktop.services.synthetic import populate  # noqa: E402
from desktop.store.database import DB_FILE, DatabaseKey, check_readable, migrate, open_engine  # noqa: E402
from desktop.store.keyslots import SlotInfo  # noqa: E402
from desktop.store.store import OpenStore, create_store, store_exists, unlock_store  # noqa: E402
from sync.records.identifiers import format_phone, transliterate  # noqa: E402
from sync.records.ids import new_id  # noqa: E402

USER, PASSWORD = "bench", "benchmark-password-1"
PLAIN_MARK = "plain.marker"
FIRST_PAGE = text(
    "SELECT case_id, surname, given_name, patronymic, birth_date, category, stage, status, priority, "
    "assigned_to, next_task_due, origin_listed FROM case_index ORDER BY sort_key LIMIT 50")

ALL_IDS = text("SELECT case_id FROM case_index ORDER BY sort_key")


# --- stores ---------------------------------------------------------------------------------------

def create_plain_store(data_dir: Path) -> OpenStore:
    """The baseline: the same schema and metadata as create_store, in an unencrypted file."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / PLAIN_MARK).touch()
    store = open_plain_store(data_dir)
    for key, value in {"device_id": new_id(), "office_id": new_id(), "office_name": "Benchmark",
                       "mode": "standalone", "cursor": 0, "clock_offset_ms": 0}.items():
        store.set_meta(key, value)
    return store


def open_plain_store(data_dir: Path) -> OpenStore:
    key = DatabaseKey(b"")  # no key: only so that close() locks the plain engine the same way
    engine = open_engine(data_dir / DB_FILE, key, encrypted=False)
    check_readable(engine)
    migrate(engine, data_dir / DB_FILE)
    return OpenStore(data_dir, engine, SlotInfo(USER, USER, "supervisor"), key)


def existing(data_dir: Path, encrypted: bool) -> bool:
    if encrypted:
        return store_exists(data_dir)
    return (data_dir / PLAIN_MARK).exists() and (data_dir / DB_FILE).exists()


# --- the workload -------------------------------------------------------------------------------

@dataclass
class Figures:
    label: str
    values: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def sample_people(engine, count: int, seed: int) -> list[dict]:
    """Persons (with their case and displacement) to build queries from."""
    import json

    with engine.connect() as conn:
        case_ids = [r[0] for r in conn.execute(text("SELECT case_id FROM case_index"))]
        chosen = random.Random(seed).sample(case_ids, min(count, len(case_ids)))
        out = []
        for case_id in chosen:
            rows = conn.execute(text("SELECT id, type, data FROM records WHERE case_id = :c AND type IN "
                                     "('person', 'displacement')"), {"c": case_id}).all()
            parts = {r.type: {**json.loads(r.data), "id": r.id} for r in rows}
            out.append({"case_id": case_id, **parts})
        return out


def typo(word: str, rng: random.Random) -> str:
    """One swapped, dropped, doubled or replaced inner letter."""
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    vowels = "aeiou" if word.isascii() else "аеиоу"
    return word[:i] + rng.choice(vowels.replace(word[i], "")) + word[i + 1:]


def build_queries(people: list[dict], seed: int) -> list[tuple[str, str, str]]:
    """(form, query, expected case id): 200 queries of 8 forms, as people would type them."""
    rng = random.Random(seed)
    queries = []
    for i, p in enumerate(people):
        person, disp, case_id = p["person"], p.get("displacement", {}), p["case_id"]
        form = ("prefix", "full", "latin", "typo", "rnokpp", "phone", "cert", "latin_typo")[i % 8]
        if form == "rnokpp" and not person.get("rnokpp"):
            form = "full"
        if form == "cert" and not disp.get("idp_certificate_number"):
            form = "prefix"
        if form == "prefix":
            q = person["surname"][:4].lower()
        elif form == "full":
            q = f"{person['surname']} {person['given_name']}"
        elif form == "latin":
            q = f"{transliterate(person['surname'])} {transliterate(person['given_name'])}"
        elif form == "typo" and len(person["surname"]) >= 5:
            q = f"{typo(person['surname'], rng)} {person['given_name']}"
        elif form == "latin_typo" and len(person["surname"]) >= 5:
            q = typo(transliterate(person["surname"]), rng)
        elif form == "rnokpp":
            q = person["rnokpp"]
        elif form == "phone":
            q = format_phone(person["phones"][0]).replace("+380 ", "0") if rng.random() < 0.5 else person["phones"][0]
        elif form == "cert":
            q = disp["idp_certificate_number"]
        else:
            q = person["surname"]
        queries.append((form, q, case_id))
    return queries


def run(store: OpenStore, data_dir: Path, n: int, encrypted: bool, inserted: bool, open_again) -> Figures:
    figs = Figures("encrypted" if encrypted else "plain")
    engine = store.engine
    if inserted:
        with engine.connect() as conn:
            have = conn.execute(text("SELECT count(*) FROM case_index")).scalar()
        figs.notes.append(f"reused {have} cases from {data_dir}")
    else:
        svc = CaseService(store)
        start = time.perf_counter()

        def progress(done: int, total: int) -> None:
            if done % 10000 == 0 or done == total:
                rate = done / (time.perf_counter() - start)
                print(f"  [{figs.label}] {done}/{total} cases, {rate:.0f} cases/s", file=sys.stderr, flush=True)

        cpu = time.process_time()
        _, elapsed = timed(populate, svc, n, seed=42, progress=progress)
        figs.values["insert_s"] = elapsed
        figs.values["insert_cpu_s"] = time.process_time() - cpu  # robust to other load on the machine
        figs.values["insert_cases_per_s"] = n / elapsed
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        figs.values["db_mb"] = sum(f.stat().st_size for f in data_dir.glob(DB_FILE + "*")) / 2**20
    store.close()

    store, figs.values["unlock_s"] = timed(open_again)
    engine = store.engine
    with engine.connect() as conn:
        rows, figs.values["first_page_cold_ms"] = timed(lambda: conn.execute(FIRST_PAGE).all())
        assert len(rows) == min(50, n) or inserted
        page_times = [timed(lambda: conn.execute(FIRST_PAGE).all())[1] for _ in range(20)]
    figs.values["first_page_ms"] = statistics.median(page_times) * 1000
    with engine.connect() as conn:  # what a list model holding every id in order would load
        _, figs.values["all_ids_ms"] = timed(lambda: conn.execute(ALL_IDS).all())
    figs.values["all_ids_ms"] *= 1000
    figs.values["first_page_cold_ms"] *= 1000

    people = sample_people(engine, 200, seed=7)
    queries = build_queries(people, seed=11)
    search = CaseSearch(engine)
    _, first = timed(search.search, "коваленко")  # loads the fuzzy vocabulary
    figs.values["first_search_ms"] = first * 1000
    latencies, cpu_times, per_form = [], [], {}
    for form, q, case_id in queries:
        cpu = time.process_time()
        hits, dt = timed(search.search, q)
        cpu_times.append(time.process_time() - cpu)
        latencies.append(dt)
        # Found at all (however many namesakes rank alongside), and within the first page of 50.
        everything = {h.case_id for h in search.search(q, limit=1_000_000)}
        per_form.setdefault(form, []).append((dt, case_id in everything, case_id in {h.case_id for h in hits}))
    figs.values["search_p50_ms"] = percentile(latencies, 50) * 1000
    figs.values["search_p95_ms"] = percentile(latencies, 95) * 1000
    figs.values["search_max_ms"] = max(latencies) * 1000
    figs.values["search_cpu_p95_ms"] = percentile(cpu_times, 95) * 1000
    # The same queries again: the page cache now holds what searching needs (steady state).
    warm = [timed(search.search, q)[1] for _, q, _ in queries]
    figs.values["search_warm_p95_ms"] = percentile(warm, 95) * 1000
    results = [r for items in per_form.values() for r in items]
    figs.values["search_found_pct"] = 100 * sum(r[1] for r in results) / len(results)
    figs.values["search_first_page_pct"] = 100 * sum(r[2] for r in results) / len(results)
    for form, items in sorted(per_form.items()):
        times = [t for t, _, _ in items]
        figs.notes.append(f"search {form:10} n={len(items):3} p50 {percentile(times, 50) * 1000:6.1f} ms, "
                          f"max {max(times) * 1000:6.1f} ms, found {sum(r[1] for r in items)}/{len(items)}, "
                          f"on the first page {sum(r[2] for r in items)}/{len(items)}")

    dup_times = [timed(search.find_duplicates, p["person"])[1] for p in people[:50]]
    figs.values["duplicates_p95_ms"] = percentile(dup_times, 95) * 1000

    load_times = []
    with engine.connect() as conn:
        for p in people[:30]:
            bundle, dt = timed(load_case, conn, p["case_id"])
            assert bundle is not None
            load_times.append(dt)
    figs.values["load_case_ms"] = statistics.median(load_times) * 1000

    svc = CaseService(store)
    save_times = [timed(svc.update, "person", p["person"]["id"], {"notes": f"Оновлено {i}"})[1]
                  for i, p in enumerate(people[:30])]
    figs.values["save_edit_ms"] = statistics.median(save_times) * 1000
    hits, dt = timed(search.search, people[0]["person"]["surname"])  # after edits: vocabulary reload
    figs.values["search_after_edit_ms"] = dt * 1000
    figs.values["rss_mb"] = rss_mib()  # page caches of the pooled connections are most of it
    store.close()
    return figs


def rss_mib() -> float:
    """Resident memory of this process now (Linux; NaN elsewhere)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def bench_one(root: Path, n: int, encrypted: bool) -> Figures:
    data_dir = root / ("encrypted" if encrypted else "plain")
    inserted = existing(data_dir, encrypted)
    if encrypted:
        store = unlock_store(data_dir, USER, PASSWORD) if inserted else create_store(data_dir, USER, PASSWORD)
        return run(store, data_dir, n, True, inserted, lambda: unlock_store(data_dir, USER, PASSWORD))
    store = open_plain_store(data_dir) if inserted else create_plain_store(data_dir)
    return run(store, data_dir, n, False, inserted, lambda: open_plain_store(data_dir))


LABELS = {
    "insert_s": ("insert, total", "s"), "insert_cpu_s": ("insert, CPU time of this process", "s"),
    "insert_cases_per_s": ("insert rate", "cases/s"),
    "db_mb": ("database size (db + wal)", "MiB"), "unlock_s": ("unlock (KDF + open + check)", "s"),
    "first_page_cold_ms": ("first page, right after unlock", "ms"), "first_page_ms": ("first page, warm", "ms"),
    "all_ids_ms": ("all case ids in name order", "ms"),
    "first_search_ms": ("first search (loads vocabulary)", "ms"), "search_p50_ms": ("search p50", "ms"),
    "search_p95_ms": ("search p95 (after unlock, cold cache)", "ms"),
    "search_max_ms": ("search max", "ms"),
    "search_cpu_p95_ms": ("search p95, CPU time", "ms"), "search_warm_p95_ms": ("search p95, second pass", "ms"),
    "search_found_pct": ("search found the sought case", "%"),
    "search_first_page_pct": ("... among the first 50 hits", "%"), "duplicates_p95_ms": ("duplicate check p95", "ms"),
    "load_case_ms": ("load one case", "ms"), "save_edit_ms": ("save one edit", "ms"),
    "search_after_edit_ms": ("search right after an edit", "ms"),
    "rss_mb": ("process RSS at the end of the run", "MiB"),
}


def report(results: list[Figures], n: int) -> None:
    print(f"\nLocal store benchmark, {n} synthetic cases")
    header = f"{'':36}" + "".join(f"{f.label:>14}" for f in results) + ("      ratio" if len(results) == 2 else "")
    print(header)
    for key, (label, unit) in LABELS.items():
        if not any(key in f.values for f in results):
            continue
        cells = "".join(f"{f.values.get(key, float('nan')):>14.1f}" for f in results)
        ratio = ""
        if len(results) == 2 and key in results[0].values and results[1].values.get(key):
            ratio = f"{results[0].values[key] / results[1].values[key]:>10.2f}x"
        print(f"{label + ' (' + unit + ')':36}{cells}{ratio}")
    for f in results:
        for note in f.notes:
            print(f"  [{f.label}] {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--plain-too", dest="plain", action=argparse.BooleanOptionalAction, default=True,
                        help="also run on an unencrypted store and print the ratios (default: yes)")
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the stores in this folder")
    args = parser.parse_args(argv)
    root = args.keep or Path(tempfile.mkdtemp(prefix="poruch-bench-"))
    started = time.perf_counter()
    try:
        results = [bench_one(root, args.cases, True)]
        if args.plain:
            results.append(bench_one(root, args.cases, False))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    report(results, args.cases)
    print(f"\ntotal run time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
