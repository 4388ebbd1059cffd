"""PDF: A4 pages drawn with matplotlib (the charts are the screen's charts), DejaVu Sans embedded as
TrueType so every Cyrillic letter renders in any viewer. Wide tables get landscape pages; long
ones continue on the next page with their header repeated."""

from __future__ import annotations

import textwrap
from typing import IO

from sync.reports.compute import ReportResult, TableResult
from sync.reports.output.cells import label_columns, made_at, text_grid
from sync.reports.output.charts import RC, chart_data, draw_chart

PORTRAIT, LANDSCAPE = (8.27, 11.69), (11.69, 8.27)
MARGIN = 0.55   # inches
ROW_H = 0.21
FONT = 7.5


def _rc():
    return {**RC, "font.size": FONT, "axes.titlesize": 9}


class _Pages:
    def __init__(self, pdf, result: ReportResult):
        self.pdf, self.result = pdf, result
        self.fig = None
        self.number = 0

    def new(self, size):
        from matplotlib.figure import Figure

        self.close()
        self.number += 1
        self.fig = Figure(figsize=size)  # no pyplot: no backend, no global figure list (safe on a worker thread)
        self.size = size
        w, h = size
        self.fig.text(MARGIN / w, 1 - 0.3 / h, f"{self.result.title} · {self.result.scope}", fontsize=7,
                      color="#555555", va="top")
        self.fig.text(1 - MARGIN / w, 0.3 / h, str(self.number), fontsize=7, color="#555555", ha="right")
        self.fig.text(MARGIN / w, 0.3 / h, self.result.period.label(self.result.lang), fontsize=7, color="#555555")
        self.y = 0.6  # inches from the top already used
        return self.fig

    def text(self, s: str, size: float = FONT, weight: str = "normal", gap: float = 0.05, x: float = 0.0):
        w, h = self.size
        self.fig.text((MARGIN + x) / w, 1 - self.y / h, s, fontsize=size, weight=weight, va="top")
        self.y += size / 72 * 1.45 + gap

    def room(self) -> float:
        return self.size[1] - MARGIN - self.y

    def close(self):
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None


def write_pdf(result: ReportResult, out: IO[bytes]) -> None:
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    with rc_context(_rc()), PdfPages(out, metadata={"Title": f"{result.title}: {result.period.label(result.lang)}",
                                                    "Creator": "Poruch"}) as pdf:
        pages = _Pages(pdf, result)
        _cover(pages, result)
        for table in result.tables:
            _table(pages, table, result.lang)
        pages.close()


def _cover(pages: _Pages, result: ReportResult) -> None:
    en = result.lang == "en"
    pages.new(PORTRAIT)
    pages.y = 1.0
    pages.text(result.title, 20, "bold", 0.1)
    pages.text(result.scope, 12, gap=0.05)
    pages.text(f"{'Period' if en else 'Період'}: {result.period.label(result.lang)} "
               f"({result.period.start:%d.%m.%Y} – {result.period.end:%d.%m.%Y})", 11, gap=0.05)
    pages.text(f"{'Made' if en else 'Сформовано'}: {made_at(result)}", 10, gap=0.2)
    for label, value in result.info:
        pages.text(f"{label}: {value}", 9)
    pages.y += 0.3
    pages.text("Tables" if en else "Таблиці", 11, "bold", 0.1)
    for i, table in enumerate(result.tables, start=1):
        pages.text(f"{i}. {table.title}", 9)
    caseload = next((t for t in result.tables if t.chart is not None and t.chart.kind == "pie"), None)
    height = min(2.8, pages.room() - 0.6)  # below the list of tables, clear of it and of its title
    if caseload is not None and height >= 2.0:
        w, h = pages.size
        ax = pages.fig.add_axes([0.2, (MARGIN + 0.2) / h, 0.6, height / h])
        if draw_chart(ax, caseload):
            ax.set_title(caseload.title, fontsize=9)


def _widths(table: TableResult, page_w: float) -> tuple[int, list[float]]:
    nlab = label_columns(table)
    ncols = len(table.cols) + (1 if table.row_totals is not None else 0)
    usable = page_w - 2 * MARGIN
    longest = max((len(word) for _, label in table.cols for word in label.split()), default=6)
    # A column is as wide as its longest header word in bold (headers wrap between words, not inside
    # them), and a time of data ("04.12.2026 06:40 UTC") fits on one line.
    per_row = table.formats.get("__rows__")  # type: ignore[call-overload]
    formats = set(per_row.values()) if isinstance(per_row, dict) else {table.column_format(ck) for ck, _ in table.cols}
    widest = 0.065 * 20 + 0.15 if "datetime" in formats else 0.0
    num_w = min(1.6, max(0.45, 0.08 * longest + 0.15, widest), (usable * 0.62) / max(ncols, 1))
    label_w = max(1.2, (usable - num_w * ncols) / nlab)
    return nlab, [label_w] * nlab + [num_w] * ncols


def _table(pages: _Pages, table: TableResult, lang: str) -> None:
    ncols = len(table.cols) + (1 if table.row_totals is not None else 0)
    size = LANDSCAPE if ncols > 7 else PORTRAIT
    needed = 0.9 + ROW_H * (len(table.rows) + 3) + (2.0 if table.chart is not None else 0)
    if pages.fig is None or pages.size != size or pages.room() < min(needed, 4.0):
        pages.new(size)
    else:
        pages.y += 0.15
    pages.text(table.title, 12, "bold", 0.08)
    if table.note:
        pages.text(table.note, 8, gap=0.08)
    nlab, widths = _widths(table, size[0])
    headers, body = text_grid(table, lang)
    _grid(pages, headers, body, widths, nlab, size)
    if table.chart is not None and table.chart.kind != "pie":
        need = min(4.2, 0.9 + 0.28 * len(chart_data(table)[0])) + 0.5
        if pages.room() < need:
            pages.new(size)
        w, h = pages.size
        height = min(need, pages.room() - 0.1)
        ax = pages.fig.add_axes([(MARGIN + 2.2) / w, 1 - (pages.y + height) / h, (w - 2 * MARGIN - 2.6) / w,
                                 (height - 0.3) / h])
        if not draw_chart(ax, table):
            pages.fig.delaxes(ax)
        legend = len(chart_data(table)[1]) > 1
        pages.y += height + 0.3 + (0.25 * (1 + len(chart_data(table)[1]) // 5) if legend else 0)  # ticks, legend


def _line_spacing() -> float:
    """The `linespacing` that makes every line of a table's text exactly ROW_H high. matplotlib gives a
    line linespacing x (ascender + descender) of the font (its OS/2 table) and centres the glyphs in
    it; with every cell, header and total drawn with this spacing, rows line up with the rules, and a
    whole column of a table can be one text (a thousand small texts cost seconds)."""
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties(family="DejaVu Sans")))
    table = font.get_sfnt_table("OS/2")
    em = (table["sTypoAscender"] - table["sTypoDescender"]) / font.get_sfnt_table("head")["unitsPerEm"]
    return ROW_H * 72 / (FONT * em)


def _grid(pages: _Pages, headers, body, widths, nlab, size) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Rectangle

    w, h = size
    spacing = _line_spacing()
    right = MARGIN + sum(widths)

    def header_row():
        lines = [textwrap.wrap(str(c), max(5, int((cw - 0.1) * 12.5)), break_long_words=False) or [""]
                 for c, cw in zip(headers, widths, strict=False)]  # bold 7.5 pt: about 12.5 letters an inch
        height = ROW_H * max(1, max(len(ls) for ls in lines))
        top = pages.y
        pages.fig.patches.append(Rectangle((MARGIN / w, 1 - (top + height) / h), sum(widths) / w, height / h,
                                           transform=pages.fig.transFigure, color="#DDE7F0", zorder=0))
        x = MARGIN
        for i, (ls, cw) in enumerate(zip(lines, widths, strict=False)):
            numeric = i >= nlab
            pages.fig.text((x + (cw - 0.06 if numeric else 0.04)) / w, 1 - top / h, "\n".join(ls),
                           fontsize=FONT, va="top", ha="right" if numeric else "left", weight="bold",
                           multialignment="right" if numeric else "left", linespacing=spacing)
            x += cw
        pages.y += height

    def fitted(text: str, cw: float) -> str:
        limit = max(6, int(cw * 15))
        return text if len(text) <= limit else text[:limit - 1] + "…"

    rows = list(body)
    while rows:
        if pages.room() < 2 * ROW_H + 0.05:
            pages.new(size)
        header_row()
        fit = max(1, int((pages.room() - 0.05) // ROW_H))
        chunk, rows = rows[:fit], rows[fit:]
        top = pages.y
        plain = [(i, cells) for i, (cells, total) in enumerate(chunk) if not total]
        x = MARGIN
        for j, cw in enumerate(widths):
            numeric = j >= nlab
            column = ["" for _ in chunk]
            for i, cells in plain:
                column[i] = fitted(str(cells[j]), cw)
            pages.fig.text((x + (cw - 0.06 if numeric else 0.04)) / w, 1 - top / h, "\n".join(column),
                           fontsize=FONT, va="top", ha="right" if numeric else "left", linespacing=spacing,
                           multialignment="right" if numeric else "left")
            x += cw
        for i, (cells, total) in enumerate(chunk):
            if not total:
                continue
            y = top + i * ROW_H
            pages.fig.patches.append(Rectangle((MARGIN / w, 1 - (y + ROW_H) / h), sum(widths) / w, ROW_H / h,
                                               transform=pages.fig.transFigure, color="#F2F2F2", zorder=0))
            x = MARGIN
            for j, cw in enumerate(widths):
                numeric = j >= nlab
                pages.fig.text((x + (cw - 0.06 if numeric else 0.04)) / w, 1 - y / h, fitted(str(cells[j]), cw),
                               fontsize=FONT, va="top", ha="right" if numeric else "left", weight="bold",
                               linespacing=spacing)
                x += cw
        separators = [[(MARGIN / w, 1 - (top + (i + 1) * ROW_H) / h), (right / w, 1 - (top + (i + 1) * ROW_H) / h)]
                      for i in range(len(chunk))]
        pages.fig.add_artist(LineCollection(separators, transform=pages.fig.transFigure, colors="#C8C8C8",
                                            linewidths=0.5))
        pages.y += ROW_H * len(chunk)
        if rows:
            pages.new(size)
    pages.y += 0.25
