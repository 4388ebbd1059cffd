"""Duplicates across offices: how well the rules find one person registered twice, and what the check costs the server.

    python benchmarks/duplicates.py [--pairs 1200] [--persons 500000] [--offices 1000]
                                    [--database postgresql+psycopg://postgres@127.0.0.1:5432/test]
                                    [--keep NAME] [--compare-with REF] [--rounds 6] [--no-quality]

--compare-with REF runs REF's check (from a temporary git worktree, in child processes) beside this
tree's: the quality on the same generated pairs, and pushes timed alternately on one database that
holds both versions' keys. --keep keeps the 500,000 indexed persons for the next run.

Quality: `--pairs` true pairs (a synthetic person in one office, the same person as registered in
another office with realistic variations: the name in KMU-55 Latin or an older passport spelling,
a one-letter typo, day and month swapped, given name and patronymic swapped, a changed phone, the
RNOKPP only sometimes on both sides) mixed with different people who look alike: namesakes born on
other days, siblings born the same day (twins), a family member with the same phone, namesakes with
the same birth date and another patronymic. The server's own code (sync.server.duplicates: index,
look up, score) flags pairs; recall and precision are printed (target recall >= 95% at precision >= 90%).

Cost: `--persons` synthetic persons across `--offices` offices are indexed in the server's tables
(a fresh SQLite file, or a fresh database on `--database`), then 1,000 new registrations are checked
as the server checks them (profiles, re-index, look-ups, scoring), each in a fresh process after one
untimed round, and rolled back: the server time the check takes (target <= 300 ms). Since server migration
0019 the check runs a moment after the push, from a queue (sync/server/checks_later.py), so this time is
no longer in the laptop's push; the server still spends it. Wall-clock and this process's
CPU on this machine; the load average is printed with them.
Synthetic people only (Faker's uk_UA name lists).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The code checked: this tree's, or (--compare-with, in a child process) the other commit's tree.
sys.path.insert(0, os.environ.get("DUPLICATES_BENCH_TREE") or str(REPO))

from faker.providers.person.uk_UA import Provider as UkNames  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from sync.matching import profile  # noqa: E402
from sync.records.identifiers import transliterate  # noqa: E402
from sync.server import duplicates  # noqa: E402
from sync.server import models as m  # noqa: E402
from sync.server.bulk import bulk_insert  # noqa: E402

# An older (pre-2010, Russian-influenced) passport spelling: Г→G, И→Y, Й→Y, Х→Kh, Є→Ye, Ю→Yu, Я→Ya.
_OLD = {"а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "є": "ye", "ж": "zh", "з": "z",
        "и": "y", "і": "i", "ї": "yi", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
        "щ": "sch", "ь": "", "ю": "yu", "я": "ya", "'": ""}
_CYR = "абвгдеєжзиіїйклмнопрстуфхцчшщьюя"


def old_spelling(word: str) -> str:
    out = "".join(_OLD.get(ch, ch) for ch in word.lower())
    return out[:1].upper() + out[1:]


def typo(word: str, r: random.Random) -> str:
    """One letter wrong, missing, doubled or two neighbours swapped (the first letter too, now and then)."""
    if len(word) < 5:
        return word
    i = r.randrange(0, len(word) - 1)
    kind = r.randrange(4)
    if kind == 0:
        return word[:i] + r.choice(_CYR) + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def rnokpp(r: random.Random) -> str:
    return "".join(str(r.randrange(10)) for _ in range(10))


def phone(r: random.Random) -> str:
    return "+38067" + "".join(str(r.randrange(10)) for _ in range(7))


def person(r: random.Random) -> dict:
    male = r.random() < 0.5
    sur = r.choice(UkNames.last_names_male if male else UkNames.last_names_female)
    given = r.choice(UkNames.first_names_male if male else UkNames.first_names_female)
    pat = r.choice(UkNames.middle_names_male if male else UkNames.middle_names_female)
    born = date(1935, 1, 1) + timedelta(days=r.randrange(32_000))
    return {"surname": sur, "given_name": given, "patronymic": pat, "birth_date": born.isoformat(),
            "rnokpp": rnokpp(r) if r.random() < 0.8 else None, "phones": [phone(r)] if r.random() < 0.9 else [],
            "male": male}


def variant(p: dict, r: random.Random) -> tuple[dict, list[str]]:
    """The same person as another office registered them: 1-3 variations."""
    v = dict(p)
    done = []
    changes = r.sample(["latin", "typo", "swap_date", "swap_names", "phone"], r.choice((1, 2, 2, 3)))
    order = ["typo", "swap_date", "swap_names", "phone", "latin"]  # spelled in Latin last, as copied from a passport
    for change in sorted(changes, key=order.index):
        if change == "latin":
            spell = transliterate if r.random() < 0.5 else old_spelling
            v["surname"], v["given_name"] = spell(v["surname"]), spell(v["given_name"])
            # A passport's Latin line has no patronymic; a list that swapped the names keeps both.
            drop = "swap_names" not in changes and r.random() < 0.6
            v["patronymic"] = None if drop or not v["patronymic"] else spell(v["patronymic"])
        elif change == "typo":
            key = r.choice(("surname", "given_name"))
            v[key] = typo(v[key], r)
        elif change == "swap_date":
            y, mo, d = v["birth_date"].split("-")
            if int(d) > 12 or d == mo:
                continue  # 25.03 has no swapped reading
            v["birth_date"] = f"{y}-{d}-{mo}"
        elif change == "swap_names":
            v["given_name"], v["patronymic"] = v["patronymic"], v["given_name"]
        elif change == "phone":
            v["phones"] = [phone(r)]
        done.append(change)
    if r.random() < 0.7:
        v["rnokpp"] = None  # most second registrations lack the number (refused, not at hand)
    return v, done


LOOKALIKES = ("namesake born another day", "twin (same day, other given name, family phone)",
              "family member with the same phone", "namesake born the same day, other patronymic")
SAME_DAY_NAMESAKES = 0.1  # share of persons given the rarest look-alike (in life: very rare indeed)


def lookalikes(p: dict, r: random.Random) -> list[dict]:
    """Different people who resemble p, in the order of LOOKALIKES."""
    born = date.fromisoformat(p["birth_date"])
    names = UkNames.first_names_male if p["male"] else UkNames.first_names_female
    pats = UkNames.middle_names_male if p["male"] else UkNames.middle_names_female
    other_day = (born + timedelta(days=r.randrange(400, 9000) * r.choice((-1, 1)))).isoformat()
    twin_name = r.choice([n for n in names if n != p["given_name"]])
    out = [
        {**p, "birth_date": other_day, "rnokpp": rnokpp(r), "phones": [phone(r)]},
        {**p, "given_name": twin_name, "rnokpp": None, "phones": list(p["phones"])},
        {**person(r), "phones": list(p["phones"])},
    ]
    if r.random() < SAME_DAY_NAMESAKES:
        out.append({**p, "patronymic": r.choice([x for x in pats if x != p["patronymic"]]), "rnokpp": None,
                    "phones": []})
    return out


def quality(engine, n_pairs: int, seed: int) -> None:
    r = random.Random(seed)
    people: dict[str, tuple] = {}
    truth: set[frozenset] = set()
    variations: dict[str, int] = {}
    newcomers = {}
    for i in range(n_pairs):
        p = person(r)
        a, b = f"a{i}", f"b{i}"
        people[a] = (f"office-{i % 97}", profile(p), {})
        v, done = variant(p, r)
        newcomers[b] = (f"office-{97 + i % 97}", profile(v), {})
        truth.add(frozenset((a, b)))
        for k in done:
            variations[k] = variations.get(k, 0) + 1
        for j, other in enumerate(lookalikes(p, r)):
            people[f"n{i}_{j}"] = (f"office-{200 + (i + j) % 97}", profile(other), {})
    with engine.begin() as conn:
        duplicates.reindex(conn, people)
        duplicates.reindex(conn, newcomers)
        found = duplicates.find_pairs(conn, newcomers)
    flagged = {frozenset((a, b)) for a, b, _, _ in found}
    tp = len(flagged & truth)
    by_kind: dict[int, list[int]] = {}
    for key in people:
        if key.startswith("n"):
            by_kind.setdefault(int(key.split("_")[1]), [0, 0])[0] += 1
    for _, b, _, _ in found:
        if b.startswith("n"):
            by_kind[int(b.split("_")[1])][1] += 1
    recall, precision = tp / len(truth), tp / max(1, len(flagged))
    print(f"quality: {len(truth)} true pairs, {len(people) - n_pairs} look-alikes who are different people")
    print("  variations applied:", ", ".join(f"{k} {v}" for k, v in sorted(variations.items())))
    print(f"  flagged {len(flagged)}: {tp} true, {len(flagged) - tp} false")
    for kind, (n, wrong) in sorted(by_kind.items()):
        print(f"    look-alikes '{LOOKALIKES[kind]}': {n}, flagged wrongly {wrong}")
    print(f"  recall {recall:.1%} (target >= 95%), precision {precision:.1%} (target >= 90%)")
    missed = truth - flagged
    if missed:
        print(f"  missed: {len(missed)} pairs")


def build(engine, n_persons: int, n_offices: int, seed: int, old_keys: bool) -> None:
    """Index n_persons synthetic persons, unless the database holds them already (--keep); `old_keys`: also
    under the keys the code before migration 0015 looks up (both trees are timed on one database)."""
    with engine.connect() as conn:
        held = conn.execute(text("SELECT count(*) FROM person_match")).scalar()
    if held == n_persons:
        print(f"cost: {held:,} persons already indexed (kept database)")
        return
    r = random.Random(seed)
    t0 = time.perf_counter()
    chunk = 20_000
    for start in range(0, n_persons, chunk):
        batch = {}
        for i in range(start, min(n_persons, start + chunk)):
            p = person(r)
            batch[f"p{i}"] = (f"office-{i % n_offices}", profile(p),
                              {"name": f"{p['surname']} {p['given_name']}", "birth_date": p["birth_date"],
                               "phones": p["phones"]})
        with engine.begin() as conn:
            duplicates.reindex(conn, batch)
            if old_keys:  # the birth keys of before 0015_match_keys, so that the earlier code finds its candidates
                bulk_insert(conn, m.person_match_keys, [
                    {"key": k, "case_id": c} for c, (_, p, _) in batch.items()
                    for k in sorted({f"birth:{p.birth}:{name[0]}" for name in p.names[:2] if name and p.birth})])
    built = time.perf_counter() - t0
    if engine.dialect.name == "postgresql":  # what autovacuum does on a live server after a bulk load
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    with engine.connect() as conn:
        keys = conn.execute(text("SELECT count(*) FROM person_match_keys")).scalar()
    print(f"cost: {n_persons:,} persons in {n_offices} offices indexed ({keys:,} keys) in {built:.1f} s")


def time_pushes(url: str, n_offices: int, seed: int, reps: int) -> list[tuple]:
    """Check `reps` pushes of 1,000 new persons as the server does (profiles, index, look-ups, scoring), each
    rolled back: (wall s, CPU s of this process, profiles, index, look-ups and scoring, pairs)."""
    engine = create_engine(url)
    r = random.Random(seed)
    out = []
    try:
        with engine.connect() as conn:  # connected and warmed up as a server's pool is
            conn.execute(text("SELECT count(*) FROM person_match_keys WHERE key = 'x'"))
        for rep in range(-1, reps):  # -1: a push first, untimed, as a running server has had one
            raw = [person(r) for _ in range(1000)]
            c1, t1 = time.process_time(), time.perf_counter()
            new = {}
            for i, p in enumerate(raw):
                new[f"new{rep}_{i}"] = (f"office-{i % n_offices}", profile(p),
                                        {"name": p["surname"], "birth_date": p["birth_date"], "phones": p["phones"]})
            with engine.begin() as conn:
                t2 = time.perf_counter()
                duplicates.reindex(conn, new, new=set(new))  # new registrations: nothing of theirs to replace
                t3 = time.perf_counter()
                found = duplicates.find_pairs(conn, new)
                t4, cpu = time.perf_counter(), time.process_time() - c1
                conn.rollback()
            if rep >= 0:
                out.append((t4 - t1, cpu, t2 - t1, t3 - t2, t4 - t3, len(found)))
    finally:
        engine.dispose()
    return out


def cost(url: str, n_persons: int, n_offices: int, seed: int, compare: Path | None, rounds: int) -> None:
    engine = create_engine(url)
    try:
        build(engine, n_persons, n_offices, seed, compare is not None)
    finally:
        engine.dispose()
    trees = [("after (this tree)", REPO)] + ([("before", compare)] if compare else [])
    rows: dict[str, list[tuple]] = {label: [] for label, _ in trees}
    for rnd in range(rounds):  # alternating, so both see the same load
        for label, tree in (trees if rnd % 2 == 0 else trees[::-1]):
            rows[label] += _in_tree(tree, url, n_offices, seed + 1000 + rnd)
        print(f"  round {rnd + 1}: load {os.getloadavg()}")
    for label, timings in rows.items():
        print(f"  {label}: push of 1,000 new persons")
        for total, cpu, prof, index, look, n in timings:
            print(f"    check {total * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU of this process (profiles "
                  f"{prof * 1000:.0f}, index {index * 1000:.0f}, look-ups and scoring {look * 1000:.0f} wall); "
                  f"{n} pairs flagged")
    print("  side by side, median of each (target <= 300 ms added server time):")
    for label, timings in rows.items():
        wall = sorted(t[0] for t in timings)[len(timings) // 2]
        cpu = sorted(t[1] for t in timings)[len(timings) // 2]
        look = sorted(t[4] for t in timings)[len(timings) // 2]
        print(f"    {label:<28} {wall * 1000:6.0f} ms wall  {cpu * 1000:6.0f} ms CPU  look-ups {look * 1000:5.0f} ms")
    print(f"  load at the end: {os.getloadavg()}")


def _in_tree(tree: Path, url: str, n_offices: int, seed: int) -> list[tuple]:
    """time_pushes in a fresh process with `tree`'s sync package (this file's code for the timing, the tree's
    for the check): both trees start alike, with nothing of the build in memory."""
    code = ("import sys, json; import runpy; "
            "ns = runpy.run_path(sys.argv[2]); "
            "print(json.dumps(ns['time_pushes'](sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), 1)))")
    done = subprocess.run([sys.executable, "-c", code, str(tree), __file__, url, str(n_offices), str(seed)],
                          capture_output=True, text=True, check=True, cwd=tree,
                          env={**os.environ, "DUPLICATES_BENCH_TREE": str(tree)})
    return [tuple(x) for x in json.loads(done.stdout.strip().splitlines()[-1])]


def _quality_in_tree(tree: Path, url: str, n_pairs: int, seed: int) -> None:
    code = ("import sys; import runpy; from sqlalchemy import create_engine; "
            "ns = runpy.run_path(sys.argv[2]); m = ns['m']; e = create_engine(sys.argv[3]); "
            "m.metadata.create_all(e, tables=[m.person_match, m.person_match_keys]); "
            "print('  code:', ns['duplicates'].__file__); ns['quality'](e, int(sys.argv[4]), int(sys.argv[5]))")
    done = subprocess.run([sys.executable, "-c", code, str(tree), __file__, url, str(n_pairs), str(seed)],
                          capture_output=True, text=True, check=True, cwd=tree,
                          env={**os.environ, "DUPLICATES_BENCH_TREE": str(tree)})
    print(done.stdout, end="")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=1200)
    ap.add_argument("--persons", type=int, default=500_000)
    ap.add_argument("--offices", type=int, default=1000)
    ap.add_argument("--database")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--keep", metavar="NAME", help="keep the cost database (PostgreSQL: database NAME, SQLite: file "
                    "NAME) and reuse it when it is filled")
    ap.add_argument("--compare-with", metavar="REF", help="also time this commit's check, alternating with ours")
    ap.add_argument("--rounds", type=int, default=6, help="pushes timed per tree")
    ap.add_argument("--no-quality", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        urls = [f"sqlite:///{tmp}/quality.db", f"sqlite:///{tmp}/cost.db"]
        if args.database:
            admin = create_engine(args.database, isolation_level="AUTOCOMMIT")
            name = args.keep or "bench_dup_" + uuid.uuid4().hex[:8]
            with admin.connect() as conn:
                if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                    conn.execute(text(f"CREATE DATABASE {name}"))
            urls[1] = args.database.rsplit("/", 1)[0] + "/" + name
        elif args.keep:
            urls[1] = f"sqlite:///{Path(args.keep).resolve()}"
        other = Path(tmp) / "before" if args.compare_with else None
        if other:
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(other), args.compare_with],
                           check=True, capture_output=True)
        try:
            for u in urls:
                e = create_engine(u)
                m.metadata.create_all(e, tables=[m.person_match, m.person_match_keys, m.duplicate_pairs,
                                                 m.organisations])
                e.dispose()
            print(f"load at start: {os.getloadavg()} on {os.cpu_count()} cores")
            if not args.no_quality:
                for label, tree, url in [("after (this tree)", REPO, urls[0])] + (
                        [(f"before ({args.compare_with})", other, f"sqlite:///{tmp}/quality-before.db")] if other else []):
                    print(f"{label}:")
                    _quality_in_tree(tree, url, args.pairs, args.seed)
            print(f"cost database: {urls[1].split(':')[0]}")
            cost(urls[1], args.persons, args.offices, args.seed + 1, other, args.rounds)
        finally:
            if other:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(other)], check=False)
            if args.database and not args.keep:
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE {name}"))


if __name__ == "__main__":
    main()
