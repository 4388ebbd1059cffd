"""Reading an office's list as rows of cells: CSV (UTF-8 with or without BOM, comma or semicolon) or XLSX.

Line numbers are the ones a person sees in a spreadsheet: the first row of the file is line 1,
blank rows count, and a quoted cell that spans several physical lines is still one line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.services.import_columns import is_empty, match_header

HEADER_SEARCH_ROWS = 20  # a title or a blank row or two above the header is common in office lists


class TableError(Exception):
    """The file cannot be read as a table at all; the message is for the person at the keyboard."""


@dataclass
class Table:
    header_line: int
    headers: list[Any]
    rows: Iterator[tuple[int, list[Any]]]  # (line, cells) after the header
    notes: list[str] = field(default_factory=list)


def _decode(data: bytes) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        # Excel's "CSV (comma delimited)" on a Ukrainian Windows writes Windows-1251.
        return data.decode("cp1251", errors="replace"), [
            "Файл не в кодуванні UTF-8; прочитано як Windows-1251. / Not UTF-8; read as Windows-1251."]


def sniff_delimiter(text: str) -> str:
    """The separator of the first non-blank line: whichever of ; , TAB occurs most (comma on a tie)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _csv_rows(path: Path) -> tuple[Iterator[tuple[int, list[Any]]], list[str]]:
    text, notes = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    return ((line, row) for line, row in enumerate(reader, start=1)), notes


@contextmanager
def _xlsx_rows(path: Path):
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise TableError(f"Не вдалося відкрити файл Excel: {type(exc).__name__}. / Cannot open the XLSX file.") from None
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()  # some programs write wrong sheet dimensions, which would cut rows short
        notes = [] if len(wb.worksheets) == 1 else [
            f"У книзі {len(wb.worksheets)} аркуші(в); прочитано лише перший. / Only the first sheet was read."]
        yield ((line, list(row)) for line, row in enumerate(ws.iter_rows(values_only=True), start=1)), notes
    finally:
        wb.close()


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".xls":
        raise TableError("Старий формат .xls не підтримується: збережіть файл як .xlsx або .csv. / "
                         "Save the .xls file as .xlsx or .csv.")
    with open(path, "rb") as f:
        return "xlsx" if f.read(4) == b"PK\x03\x04" else "csv"


def _find_header(rows: Iterator[tuple[int, list[Any]]]) -> tuple[int, list[Any], list[tuple[int, list[Any]]]]:
    """The header: the first row, among the first few, that names at least two known columns."""
    looked: list[tuple[int, list[Any]]] = []
    for line, cells in rows:
        looked.append((line, cells))
        if sum(1 for c in cells if not is_empty(c) and match_header(c)) >= 2:
            return line, cells, []
        if len(looked) >= HEADER_SEARCH_ROWS:
            break
    # No recognisable header: take the first non-blank row so the caller can say what it found.
    for i, (line, cells) in enumerate(looked):
        if any(not is_empty(c) for c in cells):
            return line, cells, looked[i + 1:]
    raise TableError("Файл порожній. / The file is empty.")


@contextmanager
def open_table(path: Path):
    """Yields a Table whose rows are read lazily (XLSX stays streaming for large lists)."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"Файл не знайдено: {path} / File not found.")
    if _kind(path) == "xlsx":
        with _xlsx_rows(path) as (rows, notes):
            yield _table(rows, notes)
    else:
        rows, notes = _csv_rows(path)
        yield _table(rows, notes)


def _table(rows: Iterator[tuple[int, list[Any]]], notes: list[str]) -> Table:
    line, headers, leftover = _find_header(rows)

    def remaining() -> Iterator[tuple[int, list[Any]]]:
        yield from leftover
        yield from rows

    return Table(line, headers, remaining(), notes)
