"""Laying a computed cube out as a table: labelled rows and columns, totals where the measure adds up.

The office layout sums every office of the scope into rows x columns; the district layout gives one
column per office. The cubes come from sync.reports.compute; the screen, XLSX, CSV and PDF read the
TableResult/ReportResult made here.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sync.records.ids import HybridClock
from sync.records.schema import INDICATORS
from sync.reports.definitions import DIMS, Measure, TableDef
from sync.reports.labels import TOTAL, VALUES, text, value_label
from sync.reports.period import Period
from sync.text import uk_sort_key

Key = tuple[Any, ...]
# (office id, dimension values) -> one entry per measure: a number, or the list of values of a median
Cube = dict[tuple[str | None, Key], list[Any]]

@dataclass
class TableResult:
    """A laid-out table: labelled rows and columns, cells, and totals where the measure adds up."""

    id: str
    title: str
    row_header: list[str]
    rows: list[tuple[Key, list[str]]]
    cols: list[tuple[Key, str]]
    cells: dict[tuple[Key, Key], Any]
    formats: dict[Key, str] = field(default_factory=dict)  # column key -> int | days | datetime | change
    row_totals: dict[Key, Any] | None = None
    col_totals: dict[Key, Any] | None = None
    total: Any = None
    note: str | None = None
    chart: Any = None

    def value(self, row: Key, col: Key) -> Any:
        return self.cells.get((row, col))

    def column_format(self, col: Key) -> str:
        return self.formats.get(col, "int")


@dataclass
class ReportResult:
    id: str
    title: str
    period: Period
    scope: str
    generated_at: datetime
    lang: str
    tables: list[TableResult]
    layout: str = "office"
    info: list[tuple[str, str]] = field(default_factory=list)  # cover lines: (label, value)

    def table(self, table_id: str) -> TableResult:
        return next(t for t in self.tables if t.id == table_id)


def _dim_values(name: str, found: Iterable[Any], lang: str) -> list[Any]:
    dim = DIMS[name]
    found = set(found)
    if dim.values is not None:
        values: list[Any] = list(dim.values)
    else:
        values = sorted((v for v in found if v not in (None, "")), key=lambda v: uk_sort_key(str(v)))
    return values + [v for v in (None,) if v in found or ("" in found)]


def _normalise(cube: Cube) -> Cube:
    """Empty text and NULL are one "not stated" value."""
    out: Cube = {}
    for (office, dims), v in cube.items():
        out[(office, tuple(None if d == "" else d for d in dims))] = v
    return out


def _labels(tdef: TableDef, key: Key, lang: str) -> list[str]:
    out = []
    for name, value in zip(tdef.dims, key, strict=False):
        if name == "value":
            out.append(value_label(key[tdef.dims.index("indicator")], value, lang))
        else:
            out.append(value_label(DIMS[name].labels, value, lang))
    return out


def _dim_title(name: str, lang: str) -> str:
    titles = {"status": ("Статус", "Status"), "stage": ("Етап", "Stage"),
              "displacement_stage": ("Етап переміщення", "Displacement stage"),
              "from_stage": ("З етапу", "From stage"), "to_stage": ("На етап", "To stage"),
              "category": ("Категорія", "Category"), "sex": ("Стать", "Sex"), "age_band": ("Вік", "Age"),
              "disability": ("Інвалідність", "Disability"), "domain": ("Сфера", "Domain"),
              "severity": ("Гострота", "Severity"), "service_status": ("Статус послуги", "Service status"),
              "provider_kind": ("Тип надавача", "Provider kind"), "closure_reason": ("Причина", "Reason"),
              "assigned_to": ("Фахівець", "Caseworker"), "assignee": ("Виконавець", "Assignee"),
              "indicator": ("Показник", "Indicator"), "value": ("Значення", "Value"), "moment": ("Коли", "When"),
              "listed": ("Походження", "Origin"), "office": ("Офіс", "Office"),
              "service_domain": ("Сфера", "Domain"), "direction": ("Передачі", "Transfers"),
              "transfer_state": ("Стан", "State"),
              "aid_kind": ("Допомога", "Assistance"), "overlap_status": ("Стан", "Status")}
    return text(titles.get(name, (name, name)), lang)


def _row_keys(tdef: TableDef, dims: tuple[str, ...], found: list[Key], lang: str) -> list[Key]:
    if dims == ("indicator", "value"):
        return [(ind, v) for ind, values in INDICATORS.items() for v in values]
    per_dim = [_dim_values(name, (k[i] for k in found), lang) for i, name in enumerate(dims)]
    return list(itertools.product(*per_dim)) if per_dim else [()]


def _pool(m: Measure, values: list[Any]) -> Any:
    """Raw cube values of several offices (or keys) as one: summed, the greatest, or (medians) all values."""
    values = [v for v in values if v is not None]
    if m.function in ("count", "sum"):
        return sum(values)
    if m.function == "max":
        return max(values) if values else None
    return sorted(x for v in values for x in v)


def _fmt(m: Measure) -> str:
    return {"median": "days", "max": "datetime"}.get(m.function, "int")


def layout_office(tdef: TableDef, cube: Cube, lang: str) -> TableResult:
    """Rows x columns, the offices of the scope together."""
    cube = _normalise(cube)
    pooled: dict[Key, list[list[Any]]] = {}
    for (_, dims), v in cube.items():
        pooled.setdefault(dims, []).append(v)
    merged = {dims: [_pool(m, [v[i] for v in vs]) for i, m in enumerate(tdef.measures)]
              for dims, vs in pooled.items()}
    nrow = len(tdef.rows)
    row_keys = _row_keys(tdef, tdef.rows, [k[:nrow] for k in merged], lang)
    multi = len(tdef.measures) > 1
    if multi:
        col_keys = [(m.label,) for m in tdef.measures]
        col_labels = [text(VALUES["measure"].get(m.label) or VALUES["quality"].get(m.label)
                           or VALUES["reach"].get(m.label) or (m.label, m.label), lang) for m in tdef.measures]
    else:
        col_keys = _row_keys(tdef, tdef.cols, [k[nrow:] for k in merged], lang) if tdef.cols else [("count",)]
        col_labels = [" ".join(value_label(DIMS[n].labels, v, lang) for n, v in zip(tdef.cols, k, strict=True))
                      if tdef.cols else text(VALUES["measure"]["count"], lang) for k in col_keys]
    cells: dict[tuple[Key, Key], Any] = {}
    for rk in row_keys:
        for ci, ck in enumerate(col_keys):
            if multi:
                m = tdef.measures[ci]
                vals = merged.get(rk)
                cells[(rk, ck)] = _finish(m, vals[ci] if vals else None)
            else:
                vals = merged.get(rk + (ck if tdef.cols else ()))
                cells[(rk, ck)] = _finish(tdef.measures[0], vals[0] if vals else None)
    result = TableResult(tdef.id, text(tdef.title, lang), [_dim_title(d, lang) for d in tdef.rows] or [""],
                         [(rk, _labels(tdef, rk, lang) if rk else [text(VALUES["measure"]["cases"], lang)])
                          for rk in row_keys],
                         list(zip(col_keys, col_labels, strict=True)), cells,
                         note=text(tdef.note, lang) if tdef.note else None, chart=tdef.chart)
    if multi:
        result.formats = {(m.label,): _fmt(m) for m in tdef.measures}
        if len(row_keys) > 1:
            result.col_totals = {ck: _finish(m, _pool(m, [merged[rk][i] for rk in row_keys if rk in merged]))
                                 for i, (ck, m) in enumerate(zip(col_keys, tdef.measures, strict=True))}
    elif tdef.measures[0].additive and not tdef.change_column:
        if tdef.cols:  # a single column needs no row totals
            result.row_totals = {rk: sum(cells[(rk, ck)] or 0 for ck in col_keys) for rk in row_keys}
        result.col_totals = {ck: sum(cells[(rk, ck)] or 0 for rk in row_keys) for ck in col_keys}
        result.total = sum(result.col_totals.values())
    if tdef.change_column:
        change = ("change",)
        for rk in row_keys:
            cells[(rk, change)] = (cells.get((rk, ("end",))) or 0) - (cells.get((rk, ("start",))) or 0)
        result.cols.append((change, text(VALUES["moment"]["change"], lang)))
        result.formats[change] = "change"
    return result


def _finish(m: Measure, value: Any) -> Any:
    if m.function == "median":
        return statistics.median(value) if value else None
    if m.function in ("count", "sum"):
        return value or 0
    return value


def layout_district(tdef: TableDef, cube: Cube, offices: list[tuple[str, str]], lang: str) -> TableResult:
    """One column per office of the district (and the district's total): the table's dimensions
    (and measures) become the rows."""
    cube = _normalise(cube)
    row_keys = _row_keys(tdef, tdef.dims, [dims for _, dims in cube], lang)
    measures = list(tdef.measures)
    rows: list[tuple[Key, list[str]]] = []
    for rk in row_keys:
        for m in measures:
            key = rk + ((m.label,) if len(measures) > 1 else ())
            labels = _labels(tdef, rk, lang) if rk else []
            if len(measures) > 1:
                labels.append(text(VALUES["measure"].get(m.label) or VALUES["quality"].get(m.label)
                                   or VALUES["reach"].get(m.label) or (m.label, m.label), lang))
            rows.append((key, labels))
    col_keys = [(office_id,) for office_id, _ in offices]
    cells: dict[tuple[Key, Key], Any] = {}
    totals: dict[Key, Any] = {}
    formats_by_row: dict[Key, str] = {}
    for rk in row_keys:
        for mi, m in enumerate(measures):
            key = rk + ((m.label,) if len(measures) > 1 else ())
            formats_by_row[key] = _fmt(m)
            per_office = []
            for (office_id,) in col_keys:
                v = cube.get((office_id, rk))
                raw = v[mi] if v else None
                per_office.append(raw)
                cells[(key, (office_id,))] = _finish(m, raw)
            totals[key] = _finish(m, _pool(m, per_office))
    header = [_dim_title(d, lang) for d in tdef.dims] + ([""] if len(measures) > 1 else [])
    result = TableResult(tdef.id, text(tdef.title, lang), header or [""], rows,
                         [(k, name) for k, (_, name) in zip(col_keys, offices, strict=True)], cells,
                         note=text(tdef.note, lang) if tdef.note else None, chart=tdef.chart)
    total_col = ("__total__",)
    for key, _ in rows:
        cells[(key, total_col)] = totals[key]
    result.cols.append((total_col, text(TOTAL, lang)))
    result.formats = {"__rows__": formats_by_row}  # type: ignore[dict-item]
    return result


def hlc_text(value: Any) -> str:
    if not value:
        return "—"
    ms = int(value) // HybridClock.COUNTER_SPAN
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%d.%m.%Y %H:%M UTC")
