"""Computing a report definition over the fact tables: SQL GROUP BY, then laid out as tables
(sync.reports.layout).

The same code runs on the laptop (SQLCipher) and on the server (PostgreSQL or SQLite): a cube per
table (office x dimension values -> measures) from one GROUP BY query, then either the office
layout (rows x columns, every office of the scope summed) or the district layout (one column per
office). Medians are taken in Python over the values (SQLite has no percentile function).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Select, and_, case, delete, func, insert, select

from sync.reports.definitions import COUNT, DIMS, Measure, ReportDef, TableDef
from sync.reports.labels import text
from sync.reports.layout import Cube, ReportResult, layout_district, layout_office
from sync.reports.period import Period
from sync.reports.populations import POPULATIONS, Tables, Unpivot, Window, prepare_window


@dataclass(frozen=True)
class Context:
    """What a report needs besides the facts: the day it is made (stock figures stop there) and,
    for the "listed" dimension, whether an origin code is on the hostilities list on a day."""

    today: date
    listed: Callable[[str, date], bool] | None = None

    def window(self, period: Period) -> Window:
        as_of = min(period.end, self.today) if self.today >= period.start else period.end
        return Window(period.start_iso, period.end_iso, as_of.isoformat(), period.before_iso)


# --- the cube: SQL built once per table set, run per window ------------------------------------------------
#
# Building the SQL of a report (hundreds of SUM(CASE ...) columns) and compiling it cost SQLAlchemy about
# 0.3 s of CPU per report, more than some of its queries. The statements depend on the window only through
# its four dates, so they are built and compiled once per (tables, table set, scope) with placeholder
# dates, and each report puts its dates into the compiled text (checked ISO dates, so nothing else can
# get in) and runs it as it is.

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PLACEHOLDERS = Window(start="@window.start@", end="@window.end@", as_of="@window.as_of@", before="@window.before@")
Reader = Callable[[Connection, list[Any], Window, Context, dict[str, Cube]], None]


@dataclass(frozen=True)
class Step:
    """One statement of a plan, compiled with the placeholder dates, and what is done with its rows."""

    sql: str
    read: Reader

    def run(self, conn: Connection, window: Window, ctx: Context, cubes: dict[str, Cube]) -> None:
        sql = self.sql
        for name in ("start", "end", "as_of", "before"):
            value = getattr(window, name)
            if not _DATE.fullmatch(value):
                raise ValueError(f"not an ISO date: {value!r}")
            sql = sql.replace(f"'{getattr(_PLACEHOLDERS, name)}'", f"'{value}'")
        self.read(conn, conn.exec_driver_sql(sql).all(), window, ctx, cubes)


_plans: dict[tuple, list[Step]] = {}


def compute_cubes(conn: Connection, tables: Tables, tdefs: Iterable[TableDef], window: Window, ctx: Context,
                  *, by_hromada: bool = False, offices: Iterable[str] | None = None) -> dict[str, Cube]:
    """The cubes of several tables: (office, [hromada,] dims...) -> measures; `offices`: only the facts of
    those. The tables of one population that can be fused are counted in one query (one pass over the
    population instead of one sorted GROUP BY each), the others one by one."""
    tdefs = tuple(tdefs)
    cubes: dict[str, Cube] = {tdef.id: {} for tdef in tdefs}
    for step in _plan_of(conn, tables, tdefs, by_hromada, offices):
        step.run(conn, window, ctx, cubes)
    return cubes


def _plan_of(conn: Connection, tables: Tables, tdefs: tuple[TableDef, ...], by_hromada: bool,
             offices: Iterable[str] | None) -> list[Step]:
    scope = tuple(sorted(offices)) if offices is not None else None
    key = (conn.dialect.name, tuple((name, id(table)) for name, table in sorted(tables.items())),
           tuple(t.id for t in tdefs), by_hromada, scope)
    plan = _plans.get(key)
    if plan is None:
        plan = _plan(conn.dialect, tables, tdefs, by_hromada, scope)
        if len(_plans) > 64:
            _plans.clear()
        _plans[key] = plan
    return plan


def plan_text(conn: Connection, tables: Tables, tdefs: Iterable[TableDef], *, by_hromada: bool = False) -> str:
    """The statements `compute_cubes` runs for these tables (with placeholder dates): counts stored
    from them stay valid while this text is the same."""
    return "\n;\n".join(step.sql for step in _plan_of(conn, tables, tuple(tdefs), by_hromada, None))


def compute_cube(conn: Connection, tables: Tables, tdef: TableDef, window: Window, ctx: Context,
                 *, by_hromada: bool = False, offices: Iterable[str] | None = None) -> Cube:
    return compute_cubes(conn, tables, [tdef], window, ctx, by_hromada=by_hromada, offices=offices)[tdef.id]


def _plan(dialect, tables: Tables, tdefs: tuple[TableDef, ...], by_hromada: bool,
          offices: tuple[str, ...] | None) -> list[Step]:
    """The statements of a table set. The tables that can be counted with SUM(CASE ...) columns are
    grouped by the rows they read: one pass over each population for all of them, wide (unpivoted)
    populations included when they are a filter of one (needs of the open cases are counted in the
    same pass as the open cases' status, stage, origin; evaluating the open caseload at a past day
    is the costly part)."""
    def compiled(stmt) -> str:
        return str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))

    first: list[Step] = []  # filling the working tables the counting reads
    steps: list[Step] = []
    passes: dict[str, tuple[Any, list[TableDef], list[tuple[Unpivot, TableDef]]]] = {}

    def one_pass(source: Select):
        key = compiled(source)
        if key not in passes:
            passes[key] = (source.subquery(), [], [])
        return passes[key]

    by_population: dict[str, list[TableDef]] = {}
    for tdef in tdefs:
        by_population.setdefault(tdef.population, []).append(tdef)
    for name, defs in by_population.items():
        population = POPULATIONS[name](tables, _PLACEHOLDERS)
        if isinstance(population, (Unpivot, list)):
            for part in population if isinstance(population, list) else [population]:
                one_pass(part.within if part.within is not None else part.source)[2] \
                    .extend((part, tdef) for tdef in defs)
            continue
        if any(DIMS[d].derive for tdef in defs for d in tdef.dims) and not first:
            first.append(_listed_step(compiled, tables, offices))
        fused = [d for d in defs if _fusable(d)]
        one_pass(population)[1].extend(fused)
        for tdef in defs:
            if tdef not in fused:
                steps += [Step(compiled(stmt), read)
                          for stmt, read in _group(population.subquery(), tdef, tables, by_hromada, offices)]
    for pop, fused, wide in passes.values():
        if not fused and not wide:
            continue
        keys = _heads(pop, by_hromada)
        parts = []
        if fused:
            parts.append(_fused_columns(pop, fused, tables))
        if wide:
            parts.append(_unpivot_columns(pop, wide))
        steps.append(Step(compiled(select(*keys, *(c for columns, _ in parts for c in columns))
                                   .where(*_scope(pop, offices)).group_by(*keys)),
                          _reader(len(keys), by_hromada, parts)))
    return first + steps


def _reader(nkeys: int, by_hromada: bool, parts: list[tuple[list, Callable]]) -> Reader:
    """Rows of a pass: the head, then each part's columns, read by that part."""
    def read(conn: Connection, rows: list[Any], window: Window, ctx: Context, cubes: dict[str, Cube]) -> None:
        for row in rows:
            head = (row[0], row[1]) if by_hromada else row[0]
            at = nkeys
            for columns, read_part in parts:
                read_part(head, row[at:at + len(columns)], cubes)
                at += len(columns)

    return read


def _heads(pop, by_hromada: bool) -> list:
    """What a cube is keyed by besides the dimensions: the office, or (national release) the hromada, with
    the office only where the hromada is not known (the release counts such a case in its office's
    hromada): a group per hromada, not per office and hromada."""
    if not by_hromada:
        return [pop.c.office_id]
    return [case((pop.c.hromada.is_(None), pop.c.office_id), else_=None).label("key_office"), pop.c.hromada]


def _scope(pop, offices: tuple[str, ...] | None) -> list:
    return [pop.c.office_id.in_(offices)] if offices is not None else []


def _fusable(tdef: TableDef) -> bool:
    """A table whose every dimension has a fixed list of values and whose measures add up can be counted
    with SUM(CASE ...) columns, together with the other such tables of its population, in one pass."""
    return (all(DIMS[d].values is not None for d in tdef.dims)
            and all(m.function in ("count", "sum") for m in tdef.measures))


def _dim_column(pop, name: str, tables: Tables):
    """A dimension's values in SQL: the population's column, or for "listed" whether the origin code is
    one of the listed codes of the window (rs_listed, filled by `_listed_step`)."""
    dim = DIMS[name]
    if dim.derive == "origin_katottg":
        listed = tables["rs_listed"].c.code
        return case((pop.c.origin_katottg.in_(select(listed)), "1"), else_="0")
    return pop.c[dim.source]


def _listed_step(compiled: Callable[[Any], str], tables: Tables, offices: tuple[str, ...] | None) -> Step:
    """The origin codes of the scope's cases that are on the hostilities list on `as_of`, into rs_listed:
    each distinct code is looked up once, then every table counts "listed" in SQL. All the cases' codes,
    not only the counted ones' (a code no counted case has changes no count): a plain scan, not an
    evaluation of the population."""
    listed = tables["rs_listed"]
    c = tables["rf_cases"].c

    def read(conn: Connection, rows: list[Any], window: Window, ctx: Context, cubes: dict[str, Cube]) -> None:
        conn.execute(delete(listed))
        if ctx.listed is None:
            return
        on = date.fromisoformat(window.as_of)
        found = [{"code": code} for (code,) in rows if code and ctx.listed(code, on)]
        if found:
            conn.execute(insert(listed), found)

    scope = [c.office_id.in_(offices)] if offices is not None else []
    return Step(compiled(select(c.origin_katottg).where(c.origin_katottg.is_not(None), *scope).distinct()), read)


def _fused_columns(pop, defs: list[TableDef], tables: Tables) -> tuple[list, Callable]:
    """SUM(CASE ...) columns counting every combination of the tables' dimension values, and their reader."""
    plan: list[tuple[str, tuple, int]] = []  # (table id, dimension values, measure index) per column
    columns = []
    for tdef in defs:
        sources = [_dim_column(pop, d, tables) for d in tdef.dims]
        for combo in itertools.product(*((*DIMS[d].values, None) for d in tdef.dims)):
            conditions = [col.is_(None) if v is None else col == v for col, v in zip(sources, combo, strict=True)]
            for i, m in enumerate(tdef.measures):
                value = 1 if m.function == "count" else func.coalesce(pop.c[m.column], 0)
                columns.append(func.sum(case((and_(*conditions), value), else_=0)) if conditions
                               else func.sum(value))
                plan.append((tdef.id, combo, i))
    counts = {tdef.id: len(tdef.measures) for tdef in defs}

    def read(head: Any, values, cubes: dict[str, Cube]) -> None:
        for (table_id, combo, i), v in zip(plan, values, strict=True):
            if v:
                entry = cubes[table_id].setdefault((head, combo), [0] * counts[table_id])
                entry[i] = int(v)

    return columns, read


def _unpivot_columns(pop, items: list[tuple[Unpivot, TableDef]]) -> tuple[list, Callable]:
    """Counts of a wide population by (column, value), one SUM(CASE ...) per pair, for every table of that
    population (e.g. needs by severity and high needs: the same rows, other values), and their reader;
    `pop` is the population's rows or the rows it is a filter of (Unpivot.within)."""
    for spec, tdef in items:
        assert len(tdef.dims) in (1, 2 + len(spec.constants)) and tdef.dims[0] == spec.name
        assert tdef.measures == (COUNT,)
    pairs = list(dict.fromkeys((s.columns, s.constants, s.when, col, value) for s, _ in items
                               for col in s.columns for value in s.values_of(col)))
    sums = []
    for _, _, when, col, value in pairs:
        condition = pop.c[col] == value
        if when is not None:
            condition = and_(pop.c[when].is_not(None), condition)
        sums.append(func.sum(case((condition, 1), else_=0)))

    def read(head: Any, values, cubes: dict[str, Cube]) -> None:
        for (columns, constants, when, col, value), n in zip(pairs, values, strict=True):
            if not n:
                continue
            for s, tdef in items:
                if (s.columns, s.constants, s.when) == (columns, constants, when) and value in s.values_of(col):
                    cube = cubes[tdef.id]
                    key = (head, (col, value, *constants) if len(tdef.dims) > 1 else (col,))
                    cube[key] = [(cube[key][0] if key in cube else 0) + int(n)]

    return sums, read


def _group(pop, tdef: TableDef, tables: Tables, by_hromada: bool, offices: tuple[str, ...] | None) -> list:
    """One GROUP BY of a population part for one table, and per median a second query with each (key,
    value) once and its count (a few hundred rows instead of one per delivered service)."""
    where = _scope(pop, offices)
    keys = _heads(pop, by_hromada) + [_dim_column(pop, d, tables) for d in tdef.dims]
    medians = [m for m in tdef.measures if m.function == "median"]
    if len(medians) == 1 and all(m.function in ("count", "median") for m in tdef.measures):
        return [_counts_and_median(pop, tdef, keys, where, by_hromada)]
    aggregates = []
    for m in tdef.measures:
        if m.function == "sum":
            aggregates.append(func.coalesce(func.sum(pop.c[m.column]), 0))
        elif m.function == "max":
            aggregates.append(func.max(pop.c[m.column]))
        else:
            aggregates.append(func.count())  # medians: filled with their values below
    nkeys = len(keys)

    def read(conn: Connection, rows: list[Any], window: Window, ctx: Context, cubes: dict[str, Cube]) -> None:
        cube = cubes[tdef.id]
        for row in rows:
            key = _key(row[:nkeys], by_hromada)
            cube[key] = _merge(cube.get(key), list(row[nkeys:]), tdef.measures)

    statements = [(select(*keys, *aggregates).where(*where).group_by(*keys), read)]
    for m in tdef.measures:
        if m.function != "median":
            continue
        index = tdef.measures.index(m)
        column = pop.c[m.column]

        def read_values(conn: Connection, rows: list[Any], window: Window, ctx: Context, cubes: dict[str, Cube],
                        index: int = index) -> None:
            lists: dict[tuple, list] = {}
            for row in rows:
                lists.setdefault(_key(row[:-2], by_hromada), []).extend([row[-2]] * int(row[-1]))
            for k, v in cubes[tdef.id].items():
                v[index] = sorted(lists.get(k, []))

        statements.append((select(*keys, column, func.count()).where(column.is_not(None), *where)
                           .group_by(*keys, column), read_values))
    return statements


def _counts_and_median(pop, tdef: TableDef, keys: list, where: list, by_hromada: bool) -> tuple:
    """A table of counts and one median (delivered services: count and median days): one GROUP BY of
    (key, value) with each value's count gives both, instead of a count query and a values query."""
    index = next(i for i, m in enumerate(tdef.measures) if m.function == "median")
    column = pop.c[tdef.measures[index].column]

    def read(conn: Connection, rows: list[Any], window: Window, ctx: Context, cubes: dict[str, Cube]) -> None:
        cube = cubes[tdef.id]
        for row in rows:
            key = _key(row[:-2], by_hromada)
            value, n = row[-2], int(row[-1])
            entry = cube.get(key)
            if entry is None:
                entry = cube[key] = [[] if i == index else 0 for i in range(len(tdef.measures))]
            for i in range(len(tdef.measures)):
                if i != index:
                    entry[i] += n
            if value is not None:
                entry[index].extend([value] * n)
        for entry in cube.values():
            entry[index].sort()

    return select(*keys, column, func.count()).where(*where).group_by(*keys, column), read


def _key(values, by_hromada: bool) -> tuple:
    head = 2 if by_hromada else 1
    return ((values[0], values[1]) if by_hromada else values[0], tuple(values[head:]))


def _merge(old: list[Any] | None, new: list[Any], measures: tuple[Measure, ...]) -> list[Any]:
    """Two cube rows that land on one key (several parts of a population)."""
    if old is None:
        return new
    out = []
    for m, a, b in zip(measures, old, new, strict=True):
        if m.function in ("count", "sum"):
            out.append((a or 0) + (b or 0))
        elif m.function == "max":
            out.append(max(x for x in (a, b) if x is not None) if (a is not None or b is not None) else None)
        else:
            out.append(a)
    return out


def compute_report(conn: Connection, tables: Tables, report: ReportDef, period: Period, ctx: Context, *,
                   lang: str = "uk", scope: str = "", offices: list[tuple[str, str]] | None = None,
                   layout: str = "office", only: Iterable[str] | None = None) -> ReportResult:
    """Every table of `report` for `period`; `offices` (id, name) restricts the facts to those offices
    and, with layout="district", gives the columns."""
    window = ctx.window(period)
    wanted = set(only) if only else None
    results = []
    office_ids = {o for o, _ in offices} if offices is not None else None
    tables = prepare_window(conn, tables, window)
    chosen = [tdef for tdef in report.tables if wanted is None or tdef.id in wanted]
    cubes = compute_cubes(conn, tables, chosen, window, ctx, offices=office_ids)
    for tdef in chosen:
        cube = cubes[tdef.id]
        if layout == "district":
            results.append(layout_district(tdef, cube, offices or [], lang))
        else:
            results.append(layout_office(tdef, cube, lang))
    return ReportResult(report.id, text(report.title, lang), period, scope, datetime.now(UTC), lang, results,
                        layout=layout)
