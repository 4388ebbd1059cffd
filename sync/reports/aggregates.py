"""The analysts' release: de-identified national aggregates by area and month, after disclosure control.

Built from the same facts and table definitions as the office report (the tables marked `national`),
counted per hromada, then:
1. areas are chosen at the requested level (oblast, raion or hromada) and coarsened where counts are
   small: areas whose caseload is below the threshold in any month of the release are merged with
   their neighbours under the same parent ("other hromadas of X raion"), and a parent too small as a
   whole goes up a level;
2. every table of every area and month is protected by sync.reports.sdc (primary and secondary
   suppression), new cases and closures linked.
Nothing personal is in a release: counts by category, sex, age band, stage, area and month only.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from sync.reports.compute import Context, compute_cubes
from sync.reports.definitions import DIMS, NATIONAL_TABLES, TableDef
from sync.reports.labels import VALUES, text, value_label
from sync.reports.layout import Cube
from sync.reports.period import Period
from sync.reports.populations import Tables, prepare_window
from sync.reports.sdc import DEFAULT_THRESHOLD, CountTable, link_flows, protect_table

LEVELS = ("oblast", "raion", "hromada")
UNKNOWN_AREA = "UA:unknown"
REST = ":rest"
BASE_TABLE = "caseload"  # areas are coarsened by their caseload


@dataclass
class Area:
    code: str
    name: str
    kind: str  # oblast | raion | hromada | rest
    hromadas: set[str] = field(default_factory=set)


def _level_of(codifier, hromada: str | None, level: str) -> str:
    if not hromada:
        return UNKNOWN_AREA
    path = codifier.path(hromada)
    if not path:
        return UNKNOWN_AREA
    if level == "oblast":
        return path[0].code
    if level == "raion":
        return next((u.code for u in path if u.category == "P"), path[0].code)
    return hromada


def _parent(codifier, code: str) -> str | None:
    """The area one level up (raion of a hromada, oblast of a raion; None above an oblast)."""
    if code == UNKNOWN_AREA or code.endswith(REST):
        return None
    unit = codifier.get(code)
    if unit is None or unit.category in ("O", "K"):
        return None
    parents = codifier.parents(code)
    for p in reversed(parents):
        if p.category in ("P", "O", "K"):
            return p.code
    return None


def coarsen(bases: dict[str, int], level: str, k: int, codifier, lang: str = "uk") -> dict[str, Area]:
    """Hromada -> the published area it is counted in; no area below `k` cases (unless all are).

    Under each parent, the areas below `k` are merged into one "other ... together" area, with the
    smallest others added until it reaches `k`; a parent too small as a whole becomes one area at
    the parent's level and is looked at again among its own neighbours; at the top, small areas go
    into one national remainder.
    """
    parent_of: dict[str, str | None] = {}  # codifier look-ups once per code, not once per merge step

    def parent_code(code: str) -> str | None:
        if code not in parent_of:
            parent_of[code] = _parent(codifier, code)
        return parent_of[code]

    areas: dict[str, Area] = {}
    for hromada in bases:
        code = _level_of(codifier, hromada, level)
        areas.setdefault(code, _area(codifier, code, level, lang)).hromadas.add(hromada)

    def size(code: str) -> int:
        return sum(bases[h] for h in areas[code].hromadas)

    while True:
        groups: dict[str | None, list[str]] = defaultdict(list)
        for code in areas:
            groups[parent_code(code)].append(code)
        merge = None
        for parent, codes in sorted(groups.items(), key=lambda g: g[0] or ""):
            small = [c for c in codes if 0 < size(c) < k]
            if not small:
                continue
            rest = set(small)
            others = sorted((c for c in codes if c not in rest), key=lambda c: (size(c), c))
            while sum(size(c) for c in rest) < k and others:
                rest.add(others.pop(0))
            whole_parent_small = sum(size(c) for c in rest) < k and not others
            if parent is None:
                target = Area("UA" + REST, _rest_name(codifier, None, level, lang), "rest")
            elif whole_parent_small:
                target = _area(codifier, parent, level, lang)
            else:
                target = Area(parent + REST, _rest_name(codifier, parent, level, lang), "rest")
            if rest == {target.code}:
                continue  # already as merged as it can be
            merge = (rest, target)
            break
        if merge is None:
            return {h: a for a in areas.values() for h in a.hromadas}
        rest, target = merge
        for code in rest:
            target.hromadas |= areas.pop(code).hromadas
        if target.code in areas:
            target.hromadas |= areas.pop(target.code).hromadas
        areas[target.code] = target


def _kind(codifier, code: str) -> str:
    unit = codifier.get(code)
    if unit is None:
        return "rest"
    return {"O": "oblast", "K": "oblast", "P": "raion"}.get(unit.category, "hromada")


def _area(codifier, code: str, level: str, lang: str) -> Area:
    if code == UNKNOWN_AREA:
        return Area(code, "Громада не вказана" if lang != "en" else "Hromada not stated", "rest")
    unit = codifier.get(code)
    return Area(code, unit.short_label if unit else code, _kind(codifier, code) if unit else level)


def _rest_name(codifier, parent: str | None, level: str, lang: str) -> str:
    if parent is None:
        return "Інші території (малі числа)" if lang != "en" else "Other areas (small numbers)"
    unit = codifier.get(parent)
    label = unit.short_label if unit else parent
    if lang == "en":
        return f"{label}: other {'hromadas' if level == 'hromada' else 'areas'} together"
    return f"{label}: інші {'громади' if level == 'hromada' else 'території'} разом"


# --- the release --------------------------------------------------------------------------------------------

@dataclass
class ReleaseTable:
    id: str
    title: str
    rows: list[tuple[tuple, str]]
    cols: list[tuple[tuple, str]]
    additive: bool
    one_way: bool


@dataclass
class Release:
    level: str
    threshold: int
    months: list[str]
    generated_at: datetime
    lang: str
    areas: list[Area]
    tables: list[ReleaseTable]
    # (month, area code, table id) -> the protected table
    data: dict[tuple[str, str, str], CountTable]

    def to_json(self) -> dict[str, Any]:
        """The release as JSON: hidden cells and margins are null; never a value below the threshold."""
        out_tables = [{"id": t.id, "title": t.title, "additive": t.additive,
                       "rows": [{"key": list(k), "label": label} for k, label in t.rows],
                       "columns": [{"key": list(k), "label": label} for k, label in t.cols]} for t in self.tables]
        cells = []
        for (month, area, table_id), table in sorted(self.data.items()):
            h = table.hidden
            entry: dict[str, Any] = {
                "month": month, "area": area, "table": table_id,
                "cells": [[None if ("cell", r, c) in h else table.cells[r][c] for c in range(table.ncols)]
                          for r in range(table.nrows)]}
            if table.additive:
                entry["total"] = None if ("total",) in h else table.total
                if not table.one_way:
                    entry["row_totals"] = [None if ("row", r) in h else table.row_total(r) for r in range(table.nrows)]
                    entry["col_totals"] = [None if ("col", c) in h else table.col_total(c) for c in range(table.ncols)]
            cells.append(entry)
        return {"level": self.level, "threshold": self.threshold, "months": self.months,
                "generated_at": self.generated_at.isoformat(timespec="seconds"),
                "areas": [{"code": a.code, "name": a.name, "kind": a.kind, "hromadas": len(a.hromadas)}
                          for a in self.areas],
                "tables": out_tables, "data": cells}


def flat_rows(release: dict[str, Any], lang: str = "uk") -> list[list[Any]]:
    """The release as one long table (for CSV and XLSX): month, area, table, row, column, value."""
    areas = {a["code"]: a["name"] for a in release["areas"]}
    tables = {t["id"]: t for t in release["tables"]}
    hidden = "приховано (< {k})" if lang != "en" else "suppressed (< {k})"
    total = text(("Усього", "Total"), lang)
    note = hidden.format(k=release["threshold"])
    rows = []
    for d in release["data"]:
        t = tables[d["table"]]
        head = [d["month"], d["area"], areas.get(d["area"], d["area"]), t["id"], t["title"]]
        for r, row in enumerate(d["cells"]):
            for c, v in enumerate(row):
                rows.append(head + [t["rows"][r]["label"], t["columns"][c]["label"], v, "" if v is not None else note])
        for r, v in enumerate(d.get("row_totals") or []):
            rows.append(head + [t["rows"][r]["label"], total, v, "" if v is not None else note])
        for c, v in enumerate(d.get("col_totals") or []):
            rows.append(head + [total, t["columns"][c]["label"], v, "" if v is not None else note])
        if "total" in d:
            rows.append(head + [total, total, d["total"], "" if d["total"] is not None else note])
    return rows


FLAT_HEADER = {"uk": ["місяць", "код_території", "територія", "код_таблиці", "таблиця", "рядок", "стовпець",
                      "значення", "примітка"],
               "en": ["month", "area_code", "area", "table_id", "table", "row", "column", "value", "note"]}


def _keys(tdef: TableDef, dims: tuple[str, ...]) -> list[tuple]:
    return list(itertools.product(*(DIMS[d].values or () for d in dims))) if dims else [()]


def _label(dims: tuple[str, ...], key: tuple, lang: str) -> str:
    if not dims:
        return text(VALUES["measure"]["count"], lang)
    return " / ".join(value_label(DIMS[d].labels, v, lang) for d, v in zip(dims, key, strict=True))


def national_release(conn: Connection, tables: Tables, months: list[Period], ctx: Context, *,
                     level: str = "oblast", threshold: int = DEFAULT_THRESHOLD, lang: str = "uk",
                     office_hromada: Callable[[str], str | None] = lambda office: None,
                     only: list[str] | None = None,
                     cubes_of: Callable[[Period], dict[str, Cube]] | None = None) -> Release:
    """The protected release for `months` at `level` (see the module's docstring). `cubes_of`: a month's
    cubes of the national tables as `compute_cubes` gives them by hromada (the server's stored counts,
    sync.server.release_counts); without it they are computed from the facts."""
    from sync.reference import get_codifier

    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    codifier = get_codifier()
    defs = [t for t in NATIONAL_TABLES if only is None or t.id in only or t.id == BASE_TABLE]
    # (month, table) -> hromada -> dims -> count
    counts: dict[tuple[str, str], dict[str, dict[tuple, int]]] = {}
    for month in months:
        if cubes_of is not None:
            cubes = cubes_of(month)
        else:
            window = ctx.window(month)
            prepared = prepare_window(conn, tables, window)
            cubes = compute_cubes(conn, prepared, defs, window, ctx, by_hromada=True)
        for tdef in defs:
            per_hromada: dict[str, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
            for ((office, hromada), dims), measures in cubes.get(tdef.id, {}).items():
                place = hromada or office_hromada(office) or UNKNOWN_AREA
                per_hromada[place][tuple(dims)] += int(measures[0] or 0)
            counts[(month.code, tdef.id)] = per_hromada
    bases: dict[str, int] = {}
    for month in months:
        for hromada, cells in counts[(month.code, BASE_TABLE)].items():
            value = sum(cells.values())
            if value > 0:
                bases[hromada] = min(bases.get(hromada, value), value)
    for month in months:  # areas with cases but no open caseload still need a home
        for tdef in defs:
            for hromada in counts[(month.code, tdef.id)]:
                bases.setdefault(hromada, 0)
    area_of = coarsen(bases, level, threshold, codifier, lang)
    areas = sorted({id(a): a for a in area_of.values()}.values(), key=lambda a: (a.kind == "rest", a.name))
    release_tables = []
    data: dict[tuple[str, str, str], CountTable] = {}
    for tdef in defs:
        nat = tdef.national
        assert nat is not None
        row_keys, col_keys = _keys(tdef, nat.rows), _keys(tdef, nat.cols)
        one_way = not nat.cols
        release_tables.append(ReleaseTable(tdef.id, text(tdef.title, lang),
                                           [(k, _label(nat.rows, k, lang)) for k in row_keys],
                                           [(k, _label(nat.cols, k, lang)) for k in col_keys],
                                           nat.additive, one_way))
        order = [tdef.dims.index(d) for d in nat.rows + nat.cols]
        for month in months:
            per_area: dict[str, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
            for hromada, cells in counts[(month.code, tdef.id)].items():
                area = area_of[hromada].code
                for dims, v in cells.items():
                    per_area[area][tuple(dims[i] for i in order)] += v
            for area in areas:
                cells = per_area.get(area.code, {})
                grid = [[cells.get(rk + ck, 0) for ck in col_keys] for rk in row_keys]
                table = CountTable(grid, additive=nat.additive, one_way=one_way)
                protect_table(table, threshold)
                data[(month.code, area.code, tdef.id)] = table
    for month in months:
        for area in areas:
            link_flows(data.get((month.code, area.code, "new_cases")), data.get((month.code, area.code, "closures")))
    if only is not None and BASE_TABLE not in only:
        release_tables = [t for t in release_tables if t.id != BASE_TABLE]
        data = {k: v for k, v in data.items() if k[2] != BASE_TABLE}
    return Release(level, threshold, [m.code for m in months], datetime.now(UTC), lang, areas, release_tables, data)
