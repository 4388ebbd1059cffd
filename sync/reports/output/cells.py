"""How a report cell reads: numbers as numbers, medians with one decimal, times of data as dates."""

from __future__ import annotations

from typing import Any

from sync.reports.compute import TableResult, hlc_text


def cell_format(table: TableResult, row: tuple, col: tuple) -> str:
    per_row = table.formats.get("__rows__")  # type: ignore[call-overload]
    if isinstance(per_row, dict) and row in per_row:
        return per_row[row]
    return table.column_format(col)


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
    from zoneinfo import ZoneInfo

    try:
        local = result.generated_at.astimezone(ZoneInfo("Europe/Kyiv"))
        return local.strftime("%d.%m.%Y %H:%M") + (" (Kyiv)" if result.lang == "en" else " (Київ)")
    except Exception:  # no time-zone data on this machine
        return result.generated_at.strftime("%d.%m.%Y %H:%M UTC")
