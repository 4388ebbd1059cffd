"""Exports of the cases a device holds: jsonl (whole cases) and csv/xlsx (one row per case).

jsonl carries every record of every case and nothing device-local (no sync sequence numbers,
hashes, local timestamps or outbox state), sorted by case id with sorted keys, so two devices
that hold the same data write byte-identical files: a diff of two exports is a real difference.

csv/xlsx use the import columns (desktop.services.import_columns), so an exported file edited in
a spreadsheet and imported again changes exactly the cells that were edited.

Exports are written to a temp file beside the target and renamed into place: a crash never
leaves half a file with people's data in it, and the file is readable by its owner only.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import text
from sqlalchemy.engine import Engine

from desktop.services.export_log import record_export
from desktop.services.import_columns import COLUMNS, Column
from desktop.services.reads import CaseBundle, iter_cases, iter_listed_cases
from desktop.store.store import OpenStore
from sync.atomic import atomic_output
from sync.records.dates import format_date
from sync.records.identifiers import transliterate
from sync.records.schema import RECORD_TYPES, derive_priority
from sync.wire import canonical_json

FORMATS = ("jsonl", "csv", "xlsx")
_WIDE = {"id": 38, "phone": 30, "origin_address": 40, "current_address": 40, "email": 28,
         "origin_katottg": 22, "current_katottg": 22, "category": 16, "idp_certificate_number": 18}


# --- jsonl --------------------------------------------------------------------------------------

def case_document(case_id: str, bundle: CaseBundle) -> dict[str, Any]:
    """Every record type as a key, always: singletons as an object (or null), the rest as lists."""
    doc: dict[str, Any] = {"case_id": case_id}
    for rtype, spec in RECORD_TYPES.items():
        items = bundle.get(rtype, [])
        doc[rtype] = (items[0] if items else None) if (spec.singleton or rtype == "case") else items
    return doc


def write_jsonl(engine: Engine, out: IO[bytes]) -> int:
    count = 0
    with engine.connect() as conn:
        for case_id, bundle in iter_cases(conn):
            out.write(canonical_json(case_document(case_id, bundle)).encode("utf-8") + b"\n")
            count += 1
    return count


# --- one row per case -----------------------------------------------------------------------------

def _first(bundle: CaseBundle, rtype: str) -> dict[str, Any]:
    items = bundle.get(rtype) or []
    return items[0] if items else {}


def row_values(case_id: str, bundle: CaseBundle) -> dict[str, Any]:
    """The import columns of one case as Python values (dates as date, phones as a list)."""
    records = {"case": _first(bundle, "case"), "person": _first(bundle, "person"),
               "displacement": _first(bundle, "displacement")}
    person = records["person"]
    assessments = bundle.get("assessment") or []  # sorted by date by the reader
    derived = {"surname_latin": transliterate(person.get("surname")),
               "given_name_latin": transliterate(person.get("given_name")),
               "priority": derive_priority(assessments[-1] if assessments else None)}
    values: dict[str, Any] = {}
    for col in COLUMNS:
        if col.record == "id":
            value: Any = case_id
        elif col.record == "derived":
            value = derived[col.name]
        else:
            value = records[col.record].get(col.field)
        if col.kind == "date" and value:
            value = date.fromisoformat(value)
        values[col.name] = value
    return values


def cell_text(col: Column, value: Any) -> str:
    """How a value is written in CSV; import_columns.parse_cell reads it back to the same value."""
    if value is None or value == []:
        return ""
    if col.kind == "date":
        return format_date(value)
    if col.kind in ("phones", "vulnerabilities"):
        return "; ".join(value)  # vulnerabilities as codes: the import reads them back
    if col.kind == "bool":
        return "так" if value else ""
    return str(value)


def table_rows(engine: Engine, case_ids: list[str] | None = None,
               step: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """One row per case: every case in id order, or `case_ids` in their order. `step(n)` after each
    case (progress, and a cancellation check that raises to stop before the file is renamed)."""
    with engine.connect() as conn:
        cases = iter_cases(conn) if case_ids is None else iter_listed_cases(conn, case_ids)
        for n, (case_id, bundle) in enumerate(cases, start=1):
            yield row_values(case_id, bundle)
            if step is not None:
                step(n)


def write_csv(engine: Engine, out: IO[bytes], *, bom: bool = True, case_ids: list[str] | None = None,
              step: Callable[[int], None] | None = None) -> int:
    # The BOM is what makes Excel read the file as UTF-8 instead of Windows-1251.
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow([c.name for c in COLUMNS])
    count = 0
    for values in table_rows(engine, case_ids, step):
        writer.writerow([cell_text(c, values[c.name]) for c in COLUMNS])
        count += 1
    text.flush()
    text.detach()  # leave `out` open for the caller
    return count


def write_xlsx(engine: Engine, out: IO[bytes], *, case_ids: list[str] | None = None,
               step: Callable[[int], None] | None = None) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Справи")
    ws.freeze_panes = "A2"
    for i, col in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDE.get(col.name, max(12, len(col.name) + 2))
    bold = Font(bold=True)
    header = []
    for col in COLUMNS:
        cell = WriteOnlyCell(ws, value=col.name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    try:
        for values in table_rows(engine, case_ids, step):
            ws.append([_xlsx_cell(ws, c, values[c.name]) for c in COLUMNS])
            count += 1
    except BaseException:
        # Write-only openpyxl keeps the rows in a temp file of its own (removed by save, else only when the
        # process exits): a cancelled or failed export must not leave people's data there.
        ws.close()
        ws._writer.cleanup()
        raise
    wb.save(out)
    return count


def _xlsx_cell(ws, col: Column, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None or value == []:
        return None
    if col.kind == "date":
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    text = cell_text(col, value)
    if text.startswith("="):
        # openpyxl would store it as a formula; a caseworker's text must stay text.
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"
        return cell
    return text


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "xlsx": write_xlsx}


def export_to_file(engine: Engine, fmt: str, path: Path) -> int:
    """Write the export atomically to `path`; returns the number of cases."""
    with atomic_output(path) as f:
        return WRITERS[fmt](engine, f)


class ExportCancelled(Exception):
    """Stopped before the file was complete: nothing was written and nothing recorded."""


def export_cases(store: OpenStore, fmt: str, path: Path, case_ids: list[str] | None = None, *,
                 filters: str | None = None, progress: Callable[[int, int], None] | None = None,
                 cancel: threading.Event | None = None) -> int:
    """Cases to a CSV or XLSX file (all, or `case_ids` in their order), recorded as an export.

    The file appears whole or not at all (written beside, renamed into place); a cancelled export
    leaves no file and no record. `filters` describes the filter that chose the cases, for the
    record (no names in it). One user action, one service operation: the window and the command
    line both call this.
    """
    if fmt not in ("csv", "xlsx"):
        raise ValueError(f"cases are exported to csv or xlsx, not {fmt}")
    with store.engine.connect() as conn:
        total = len(case_ids) if case_ids is not None else conn.execute(
            text("SELECT count(*) FROM records WHERE type = 'case' AND deleted = 0")).scalar_one()

    def step(n: int) -> None:
        if n % 200 == 0:
            if cancel is not None and cancel.is_set():
                raise ExportCancelled()
            if progress is not None:
                progress(n, total)

    with atomic_output(Path(path)) as f:
        count = WRITERS[fmt](store.engine, f, case_ids=case_ids, step=step)
    record_export(store, what="cases", fmt=fmt, path=path, count=count,
                  scope="filter" if case_ids is not None else "all", filters=filters)
    return count
