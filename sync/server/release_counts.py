"""Stored counts of the national release: per month, the cube of every national table per hromada (the
office where the hromada is not known), kept current as cases' facts change, so that a release not
cached reads some thousands of count rows instead of evaluating 500,000 cases.

A month's counts are made once, the first time a release asks for that month (`ensure`: the same
statements as a release computed from the facts, under the facts' lock), and from then on every
rebuild of some cases' facts (sync.server.reports.rebuild_cases) takes the cases' counts before and
after from the same statements run over copies of just those cases' fact rows, and adds the
difference (`Delta`). Every national table counts cases or their rows (no medians), so the counts of
disjoint sets of cases add up: the stored counts stay equal to the counts of the facts
(tests/reports/test_release_counts.py checks this after inserts, edits, transfers and deletions).

A month is stored for one window (its last day, or for the running month the day it was counted:
`as_of`) and one `version`: the text of the statements and the hostilities list and codifier they were
counted with. Counts of another version are dropped and made again; those of a running month's past day
are dropped when a later day is counted. Whatever changes fact rows other than through
sync.server.reports.rebuild_cases (e.g. a migration filling a new fact column) must `clear` them.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import lru_cache

from sqlalchemy import Column, Connection, MetaData, Table, bindparam, delete, insert, select, update

from sync.reports.compute import Context, compute_cubes, plan_text
from sync.reports.definitions import NATIONAL_TABLES
from sync.reports.facts import FACT_TABLE_NAMES
from sync.reports.layout import Cube
from sync.reports.period import Period
from sync.reports.populations import Tables, Window, prepare_window, rs_assess, rs_listed
from sync.server import models as m
from sync.server.bulk import id_chunks, in_
from sync.server.db import now_ms

# The chunk's fact rows, copied before and after its rebuild: the release's statements run over them.
_chunk_meta = MetaData()
CHUNK_TABLES: Tables = {
    name: Table(f"rc_{name[3:]}", _chunk_meta, *(Column(c.name, c.type) for c in m.fact_tables[name].columns),
                prefixes=["TEMPORARY"])
    for name in FACT_TABLE_NAMES}

for _tdef in NATIONAL_TABLES:  # what makes counts of disjoint case sets add up
    assert all(measure.function == "count" for measure in _tdef.measures), _tdef.id

# Every stored month adds about 20 ms to each refresh of facts (its counts before and after, of the
# changed cases only): the months counted least recently beyond these are forgotten.
KEEP_MONTHS = 36
# Following 2,000 changed cases costs about 1 s with 12 months stored; counting a month of 500,000 cases
# about 3 s. A refresh of more cases than this (a rebuild of every case's facts) forgets the stored
# months instead: the next release counts them again.
RECOUNT_ABOVE = 50_000

Key = tuple[str, str, str, str]  # (table id, key office, hromada, dims as JSON)


@lru_cache(maxsize=1)
def _reference_version() -> str:
    """The packaged hostilities list and codifier the "listed" look-up reads (the server reads them once
    per process, sync.server.reports._listed): counted with other ones, the counts are made again."""
    from sync.reference.hostilities import hostilities_sha256
    from sync.resources import reference_dir

    codifier = hashlib.sha256((reference_dir() / "katottg.csv").read_bytes()).hexdigest()
    return f"{hostilities_sha256(None)} {codifier}"


def version(conn: Connection) -> str:
    """The statements' text with the hostilities list's sha256: stored counts of another are stale."""
    tables = {**m.fact_tables, "rs_assess": rs_assess, "rs_listed": rs_listed}  # as prepare_window gives
    source = plan_text(conn, tables, NATIONAL_TABLES, by_hromada=True) + "\n" + _reference_version()
    return hashlib.sha256(source.encode()).hexdigest()[:32]


def _flatten(cubes: dict[str, Cube]) -> dict[Key, int]:
    out: dict[Key, int] = {}
    for table_id, cube in cubes.items():
        for ((office, hromada), dims), measures in cube.items():
            n = int(measures[0] or 0)
            if n:
                key = (table_id, office or "", hromada or "", json.dumps(list(dims), ensure_ascii=False))
                out[key] = out.get(key, 0) + n
    return out


def count(conn: Connection, tables: Tables, window: Window, ctx: Context) -> dict[Key, int]:
    """The release's counts of these fact tables for one window (the release's own statements)."""
    prepared = prepare_window(conn, tables, window)
    return _flatten(compute_cubes(conn, prepared, NATIONAL_TABLES, window, ctx, by_hromada=True))


def stored_windows(conn: Connection) -> list[tuple[str, Window]]:
    """(month code, window) of every month whose counts are stored and kept current."""
    w = m.release_months.c
    return [(row.month, Window(row.start_on, row.end_on, row.as_of, row.before_on))
            for row in conn.execute(select(w.month, w.start_on, w.end_on, w.as_of, w.before_on))]


def held(conn: Connection, months: Sequence[Period], ctx: Context) -> bool:
    """Whether every month's counts are stored, for its window and this version."""
    w = m.release_months.c
    rows = {row.month: (row.as_of, row.version) for row in
            conn.execute(select(w.month, w.as_of, w.version).where(w.month.in_([p.code for p in months])))}
    current = version(conn)
    return all(rows.get(p.code) == (ctx.window(p).as_of, current) for p in months)


def ensure(conn: Connection, months: Sequence[Period], ctx: Context) -> None:
    """Count and store the months not stored yet for their window (in a write transaction holding the
    facts' lock, so that the facts do not move meanwhile)."""
    w = m.release_months.c
    current = version(conn)
    stale = [row.month for row in conn.execute(select(w.month).where(w.version != current))]
    for month in stale:
        _drop(conn, month)
    for period in months:
        window = ctx.window(period)
        held = conn.execute(select(w.as_of).where(w.month == period.code)).scalar()
        if held == window.as_of:
            continue
        if held is not None:
            _drop(conn, period.code)
        counts = count(conn, m.fact_tables, window, ctx)
        conn.execute(insert(m.release_months).values(month=period.code, start_on=window.start, end_on=window.end,
                                                     as_of=window.as_of, before_on=window.before,
                                                     version=current, created_at=now_ms()))
        rows = [{"month": period.code, "table_id": t, "key_office": o, "hromada": h, "dims": d, "n": n}
                for (t, o, h, d), n in counts.items()]
        for start in range(0, len(rows), 5000):
            conn.execute(insert(m.release_counts), rows[start:start + 5000])
    asked = {p.code for p in months}
    kept = [row.month for row in conn.execute(select(w.month).order_by(w.created_at.desc(), w.month.desc()))]
    for month in [code for code in kept if code not in asked][max(0, KEEP_MONTHS - len(asked)):]:
        _drop(conn, month)  # the least recently counted beyond KEEP_MONTHS


def _drop(conn: Connection, month: str) -> None:
    conn.execute(delete(m.release_counts).where(m.release_counts.c.month == month))
    conn.execute(delete(m.release_months).where(m.release_months.c.month == month))


def read(conn: Connection, months: Sequence[Period]) -> dict[str, dict[str, Cube]]:
    """month code -> table id -> the cube the release's statements give, from the stored counts."""
    c = m.release_counts.c
    out: dict[str, dict[str, Cube]] = {p.code: defaultdict(dict) for p in months}
    rows = conn.execute(select(c.month, c.table_id, c.key_office, c.hromada, c.dims, c.n)
                        .where(c.month.in_([p.code for p in months])))
    decoded: dict[str, tuple] = {}  # a few hundred distinct dimension values among tens of thousands of rows
    for month, table_id, office, hromada, dims, n in rows:
        key = decoded.get(dims)
        if key is None:
            key = decoded[dims] = tuple(json.loads(dims))
        out[month][table_id][((office or None, hromada or None), key)] = [n]
    return out


class Delta:
    """The counts of some cases in every stored month, before and after their facts are rebuilt;
    `apply` adds the difference to the stored counts."""

    def __init__(self, conn: Connection, case_ids: Sequence[str], ctx: Callable[[], Context]):
        """`ctx` makes the context (the hostilities list is read only when some month is stored)."""
        self.conn, self.case_ids = conn, list(case_ids)
        self.windows = stored_windows(conn)
        self.ctx = ctx() if self.windows else None
        self.before = self._counts() if self.windows else {}

    def _counts(self) -> dict[str, dict[Key, int]]:
        conn = self.conn
        for name, table in CHUNK_TABLES.items():
            table.create(conn, checkfirst=True)
            conn.execute(delete(table))
            source = m.fact_tables[name]
            cols = [col.name for col in source.columns]
            for chunk in id_chunks(conn, self.case_ids):
                conn.execute(insert(table).from_select(cols, select(*(source.c[n] for n in cols))
                                                       .where(in_(conn, source.c.case_id, chunk))))
        assert self.ctx is not None
        return {month: count(conn, CHUNK_TABLES, window, self.ctx) for month, window in self.windows}

    def apply(self) -> None:
        if not self.windows:
            return
        after = self._counts()
        c = m.release_counts.c
        for month, _ in self.windows:
            old, new = self.before.get(month, {}), after[month]
            changes = {k: new.get(k, 0) - old.get(k, 0) for k in old.keys() | new.keys()}
            changes = {k: v for k, v in changes.items() if v}
            if not changes:
                continue
            held = {}
            for table_id in {k[0] for k in changes}:
                keys = [k for k in changes if k[0] == table_id]
                places = sorted({k[2] for k in keys})
                for row in self.conn.execute(select(c.key_office, c.hromada, c.dims, c.n).where(
                        c.month == month, c.table_id == table_id, c.hromada.in_(places))):
                    held[(table_id, row.key_office, row.hromada, row.dims)] = row.n
            updates, deletes, inserts = [], [], []
            for key, d in changes.items():
                row = {"m": month, "t": key[0], "o": key[1], "h": key[2], "d": key[3]}
                if key not in held:
                    inserts.append({"month": month, "table_id": key[0], "key_office": key[1], "hromada": key[2],
                                    "dims": key[3], "n": d})
                elif held[key] + d:
                    updates.append({**row, "n_new": held[key] + d})
                else:
                    deletes.append(row)
            where = (c.month == bindparam("m"), c.table_id == bindparam("t"), c.key_office == bindparam("o"),
                     c.hromada == bindparam("h"), c.dims == bindparam("d"))
            if updates:
                self.conn.execute(update(m.release_counts).where(*where).values(n=bindparam("n_new")), updates)
            if deletes:
                self.conn.execute(delete(m.release_counts).where(*where), deletes)
            if inserts:
                self.conn.execute(insert(m.release_counts), inserts)


def clear(conn: Connection) -> None:
    """Forget every stored month (e.g. before the facts are rebuilt from scratch)."""
    conn.execute(delete(m.release_counts))
    conn.execute(delete(m.release_months))
