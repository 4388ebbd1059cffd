"""How a report cell reads: numbers as numbers, medians with one decimal, times of data as dates."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from sync.reports.labels import TOTAL, text
from sync.reports.layout import TableResult, hlc_text


def cell_format(table: TableResult, row: tuple, col: tuple) -> str:
    per_row = table.formats.get("__rows__")  # type: ignore[call-overload]
    if isinstance(per_row, dict) and row in per_row:
        return per_row[row]
    return table.column_format(col)


def label_columns(table: TableResult) -> int:
    """How many label columns the rows need (a row may carry more labels than the header names)."""
    return max(len(table.row_header), max((len(labels) for _, labels in table.rows), default=1))


def text_grid(table: TableResult, lang: str) -> tuple[list[str], list[tuple[list[str], bool]]]:
    """The table as the screen and the PDF show it: the header texts, and each row's cell texts with
    whether it is the totals row (labels first, then the columns, then the row total if any)."""
    nlab = label_columns(table)
    headers = list(table.row_header) + [""] * (nlab - len(table.row_header)) + [c[1] for c in table.cols]
    if table.row_totals is not None:
        headers.append(text(TOTAL, lang))
    rows = []
    for rk, labels in shown_rows(table):
        cells = labels + [""] * (nlab - len(labels))
        cells += [cell_text(table.value(rk, ck), cell_format(table, rk, ck)) for ck, _ in table.cols]
        if table.row_totals is not None:
            cells.append(cell_text(table.row_totals[rk], "int"))
        rows.append((cells, False))
    if table.col_totals is not None:
        cells = [text(TOTAL, lang)] + [""] * (nlab - 1)
        cells += [cell_text(table.col_totals.get(ck), table.column_format(ck)) if ck in table.col_totals else ""
                  for ck, _ in table.cols]
        if table.row_totals is not None:
            cells.append(cell_text(table.total, "int"))
        rows.append((cells, True))
    return headers, rows


def is_district(table: TableResult) -> bool:
    """One column per office and their total (the district layout)."""
    return bool(table.cols) and table.cols[-1][0] == ("__total__",)


def shown_rows(table: TableResult) -> list:
    """The rows a reader sees. A district table spreads every combination of its dimensions down the rows
    (new cases: category x disability x sex x age band, 80-120 rows for one column per office), most of
    them zero in every office: those are left out; a one-dimension table keeps its zeros (no closure
    of that reason is worth reading)."""
    if not is_district(table):
        return list(table.rows)
    return [(rk, labels) for rk, labels in table.rows
            if len(labels) < 2 or any(table.value(rk, ck) not in (0, None) for ck, _ in table.cols)]


def omitted_note(table: TableResult, lang: str) -> str | None:
    """What the reader is told when rows of zeros were left out (None when none were)."""
    left_out = len(table.rows) - len(shown_rows(table))
    if not left_out:
        return None
    if lang == "en":
        return f"{left_out} rows that are zero in every office are not shown (the XLSX and CSV files hold them)."
    return f"Рядки, нульові в усіх офісах, не показано ({left_out}; вони є у файлах XLSX і CSV)."


def cell_text(value: Any, fmt: str) -> str:
    if value is None:
        return "—"
    if fmt == "datetime":
        return hlc_text(value)
    if fmt == "days":
        return f"{value:.1f}".replace(".", ",") if isinstance(value, float) and value % 1 else str(int(value))
    if fmt == "change":
        return f"+{value}" if value > 0 else str(value)
    return f"{value:,}".replace(",", "\u202f") if isinstance(value, int) else str(value)


def cell_value(value: Any, fmt: str) -> Any:
    """The value as a spreadsheet or CSV holds it (numbers stay numbers)."""
    if value is None:
        return None
    if fmt == "datetime":
        return hlc_text(value)
    return value


def made_at(result) -> str:
    return kyiv_time(result.generated_at, result.lang)


def kyiv_time(moment, lang: str) -> str:
    """dd.mm.yyyy HH:MM in Kyiv time, the zone named; UTC where this machine has no zone data."""
    from zoneinfo import ZoneInfo

    try:
        local = moment.astimezone(ZoneInfo("Europe/Kyiv"))
        return local.strftime("%d.%m.%Y %H:%M") + (" (Kyiv)" if lang == "en" else " (Київ)")
    except Exception:  # no time-zone data on this machine
        return moment.astimezone(UTC).strftime("%d.%m.%Y %H:%M UTC")
