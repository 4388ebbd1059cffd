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
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy.engine import Engine

from desktop.services.import_columns import COLUMNS, Column
from desktop.services.reads import CaseBundle, iter_cases
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


def table_rows(engine: Engine) -> Iterator[dict[str, Any]]:
    with engine.connect() as conn:
        for case_id, bundle in iter_cases(conn):
            yield row_values(case_id, bundle)


def write_csv(engine: Engine, out: IO[bytes], *, bom: bool = True) -> int:
    # The BOM is what makes Excel read the file as UTF-8 instead of Windows-1251.
    text = io.TextIOWrapper(out, encoding="utf-8-sig" if bom else "utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow([c.name for c in COLUMNS])
    count = 0
    for values in table_rows(engine):
        writer.writerow([cell_text(c, values[c.name]) for c in COLUMNS])
        count += 1
    text.flush()
    text.detach()  # leave `out` open for the caller
    return count


def write_xlsx(engine: Engine, out: IO[bytes]) -> int:
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
    for values in table_rows(engine):
        ws.append([_xlsx_cell(ws, c, values[c.name]) for c in COLUMNS])
        count += 1
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
