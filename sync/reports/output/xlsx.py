"""XLSX: a cover sheet (report, scope, period, when and by whom), then one formatted sheet per table."""

from __future__ import annotations

import re
from typing import IO

from sync.reports.labels import TOTAL, text
from sync.reports.layout import ReportResult, TableResult
from sync.reports.output.cells import cell_format, cell_value, made_at

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(index: int, title: str, used: set[str]) -> str:
    name = _BAD_SHEET_CHARS.sub(" ", f"{index:02d} {title}")[:31].strip()
    while name in used:
        name = name[:-1] + "_"
    used.add(name)
    return name


def write_xlsx(result: ReportResult, out: IO[bytes]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    en = result.lang == "en"
    bold, title_font = Font(bold=True), Font(bold=True, size=14)
    header_fill = PatternFill("solid", fgColor="DDE7F0")
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    thin = Side(style="thin", color="B0B0B0")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    cover = wb.active
    cover.title = "Report" if en else "Звіт"
    cover["A1"] = result.title
    cover["A1"].font = title_font
    lines = [("Scope" if en else "Охоплення", result.scope),
             ("Period" if en else "Період", f"{result.period.label(result.lang)} "
                                            f"({result.period.start:%d.%m.%Y} – {result.period.end:%d.%m.%Y})"),
             ("Made" if en else "Сформовано", made_at(result)), *result.info]
    for i, (label, value) in enumerate(lines, start=3):
        cover.cell(row=i, column=1, value=label).font = bold
        cover.cell(row=i, column=2, value=value)
    row = len(lines) + 4
    cover.cell(row=row, column=1, value="Tables" if en else "Таблиці").font = bold
    used = {cover.title}
    names = [_sheet_name(i, t.title, used) for i, t in enumerate(result.tables, start=1)]
    for i, (table, name) in enumerate(zip(result.tables, names, strict=True), start=1):
        c = cover.cell(row=row + i, column=1, value=f"{i}. {table.title}")
        c.hyperlink = f"#'{name}'!A1"
        c.style = "Hyperlink"
    cover.column_dimensions["A"].width = 44
    cover.column_dimensions["B"].width = 60

    for table, name in zip(result.tables, names, strict=True):
        _table_sheet(wb.create_sheet(name), table, result.lang, bold, title_font, header_fill, total_fill, grid, wrap)
    wb.save(out)


def _table_sheet(ws, table: TableResult, lang, bold, title_font, header_fill, total_fill, grid, wrap) -> None:
    from openpyxl.utils import get_column_letter

    ws["A1"] = table.title
    ws["A1"].font = title_font
    first = 3
    if table.note:
        ws["A2"] = table.note
    nlab = max(len(table.row_header), max((len(labels) for _, labels in table.rows), default=1))
    headers = list(table.row_header) + [""] * (nlab - len(table.row_header)) + [label for _, label in table.cols]
    if table.row_totals is not None:
        headers.append(text(TOTAL, lang))
    for j, h in enumerate(headers, start=1):
        c = ws.cell(row=first, column=j, value=h)
        c.font, c.fill, c.border, c.alignment = bold, header_fill, grid, wrap
    r = first
    for rk, labels in table.rows:
        r += 1
        for j, label in enumerate(labels + [""] * (nlab - len(labels)), start=1):
            ws.cell(row=r, column=j, value=label).border = grid
        for j, (ck, _) in enumerate(table.cols, start=nlab + 1):
            fmt = cell_format(table, rk, ck)
            c = ws.cell(row=r, column=j, value=cell_value(table.value(rk, ck), fmt))
            c.border = grid
            if fmt == "days":
                c.number_format = "0.0"
            elif fmt == "change":
                c.number_format = "+0;-0;0"
        if table.row_totals is not None:
            c = ws.cell(row=r, column=nlab + len(table.cols) + 1, value=table.row_totals[rk])
            c.font, c.fill, c.border = bold, total_fill, grid
    if table.col_totals is not None:
        r += 1
        ws.cell(row=r, column=1, value=text(TOTAL, lang)).font = bold
        for j in range(1, nlab + 1):
            ws.cell(row=r, column=j).fill = total_fill
            ws.cell(row=r, column=j).border = grid
        for j, (ck, _) in enumerate(table.cols, start=nlab + 1):
            c = ws.cell(row=r, column=j, value=cell_value(table.col_totals.get(ck), table.column_format(ck)))
            c.font, c.fill, c.border = bold, total_fill, grid
        if table.total is not None and table.row_totals is not None:
            c = ws.cell(row=r, column=nlab + len(table.cols) + 1, value=table.total)
            c.font, c.fill, c.border = bold, total_fill, grid
    for j in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(j)].width = 34 if j <= nlab else 13
    ws.row_dimensions[first].height = 32
    ws.freeze_panes = ws.cell(row=first + 1, column=nlab + 1)


def write_rows_xlsx(header: list[str], rows: list[list], out: IO[bytes], *, title: str = "") -> None:
    """A plain long table (the analysts' release): a bold frozen header, one row per value."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet((title or "data")[:31])
    ws.freeze_panes = "A2"
    for i, width in enumerate((10, 22, 34, 16, 44, 34, 30, 10, 22)):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    from openpyxl.cell import WriteOnlyCell

    head = []
    for h in header:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        head.append(cell)
    ws.append(head)
    for row in rows:
        ws.append(row)
    wb.save(out)
