"""PDF: A4 pages laid out by ReportLab's platypus, DejaVu Sans embedded (subset, TrueType) so every
Cyrillic letter renders in any viewer; the charts are the screen's (sync.reports.output.charts), drawn
natively. Wide tables get landscape pages; long ones continue on the next page with their header
repeated; headers wrap between words inside their column."""

from __future__ import annotations

from typing import IO
from xml.sax.saxutils import escape

from sync.reports.layout import ReportResult, TableResult
from sync.reports.output.cells import label_columns, made_at, omitted_note, text_grid
from sync.reports.output.charts import BOLD, FONT, chart_drawing, register_fonts

MARGIN = 40        # points
FONT_SIZE = 7.5
PAD = 3            # a cell's padding left and right
GREY = "#555555"


def write_pdf(result: ReportResult, out: IO[bytes]) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    register_fonts()
    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN, title=f"{result.title}: {result.period.label(result.lang)}",
                          author="Poruch", creator="Poruch", subject=result.scope)

    def frame(size):
        return Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id="body", leftPadding=0,
                     rightPadding=0, topPadding=0, bottomPadding=0)

    def decorate(canvas, document):
        w, h = canvas._pagesize
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, h - 24, f"{result.title} · {result.scope}")
        canvas.drawString(MARGIN, 22, result.period.label(result.lang))
        canvas.drawRightString(w - MARGIN, 22, str(document.page))
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate("portrait", [frame(A4)], onPage=decorate, pagesize=A4),
                          PageTemplate("landscape", [frame(landscape(A4))], onPage=decorate,
                                       pagesize=landscape(A4))])
    story = _cover(result, A4[0] - 2 * MARGIN)
    orientation = "portrait"
    for table in result.tables:
        flowables, orientation = _table(table, result.lang, orientation)
        story += flowables
    doc.build(story)


def _styles():
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("cell", fontName=FONT, fontSize=FONT_SIZE, leading=FONT_SIZE * 1.25)
    return {
        "cell": base,
        "head": ParagraphStyle("head", base, fontName=BOLD),
        "head_num": ParagraphStyle("head_num", base, fontName=BOLD, alignment=2),
        "title": ParagraphStyle("title", base, fontName=BOLD, fontSize=12, leading=15, spaceBefore=14,
                                spaceAfter=4, keepWithNext=True),
        "note": ParagraphStyle("note", base, fontSize=8, leading=10, textColor=GREY, spaceAfter=4,
                               keepWithNext=True),
        "cover_title": ParagraphStyle("cover_title", base, fontName=BOLD, fontSize=20, leading=24, spaceBefore=30,
                                      spaceAfter=10),
        "cover": ParagraphStyle("cover", base, fontSize=11, leading=15),
        "cover_small": ParagraphStyle("cover_small", base, fontSize=9, leading=12),
        "cover_head": ParagraphStyle("cover_head", base, fontName=BOLD, fontSize=11, leading=15, spaceBefore=14,
                                     spaceAfter=4),
    }


def _p(text: str, style):
    from reportlab.platypus import Paragraph

    return Paragraph(escape(str(text)), style)


def _cover(result: ReportResult, width: float) -> list:
    from reportlab.platypus import PageBreak, Spacer

    en, s, p = result.lang == "en", _styles(), result.period
    story = [_p(result.title, s["cover_title"]), _p(result.scope, s["cover"]),
             _p(f"{'Period' if en else 'Період'}: {p.label(result.lang)} ({p.start:%d.%m.%Y} – {p.end:%d.%m.%Y})",
                s["cover"]),
             _p(f"{'Made' if en else 'Сформовано'}: {made_at(result)}", s["cover"]), Spacer(1, 8)]
    story += [_p(f"{label}: {value}", s["cover_small"]) for label, value in result.info]
    story.append(_p("Tables" if en else "Таблиці", s["cover_head"]))
    story += [_p(f"{i}. {t.title}", s["cover_small"]) for i, t in enumerate(result.tables, start=1)]
    caseload = next((t for t in result.tables if t.chart is not None and t.chart.kind == "pie"), None)
    drawing = chart_drawing(caseload, width) if caseload is not None else None
    if drawing is not None:
        story += [_p(caseload.title, s["cover_head"]), drawing]
    return [*story, PageBreak()]


def _widths(headers: list[str], body, nlab: int, usable: float) -> list[float] | None:
    """Column widths: a number column as wide as its widest cell and its longest header word in bold (a
    header wraps between words, never inside one, so neighbours never touch); the label columns share
    what is left. None when the numbers alone would leave the labels too little room."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    numbers = []
    for j in range(nlab, len(headers)):
        word = max((stringWidth(w, BOLD, FONT_SIZE) for w in headers[j].split()), default=0)
        cells = max((stringWidth(cells[j], BOLD if total else FONT, FONT_SIZE) for cells, total in body), default=0)
        numbers.append(max(word, cells, 22) + 2 * PAD + 2)
    left = usable - sum(numbers)
    if left < 90 * nlab:
        return None
    widest = [max([stringWidth(cells[j], FONT, FONT_SIZE) for cells, _ in body]
                  + [stringWidth(headers[j], BOLD, FONT_SIZE)]) + 2 * PAD + 2 for j in range(nlab)]
    labels = [min(w, left / nlab) for w in widest]
    spare = left - sum(labels)  # give the narrow label columns' spare room to the wide ones
    if spare > 0:
        wide = [j for j in range(nlab) if widest[j] > labels[j]]
        for j in wide:
            labels[j] = min(widest[j], labels[j] + spare / len(wide))
    spare = usable - sum(labels) - sum(numbers)
    # What is left widens long number headers (up to 3 lines' worth) instead of leaving the page's right empty.
    wants = [max(0.0, min(stringWidth(headers[nlab + j], BOLD, FONT_SIZE) / 3 + 2 * PAD + 8, 110) - w)
             for j, w in enumerate(numbers)]
    if spare > 0 and sum(wants):
        share = min(1.0, spare / sum(wants))
        numbers = [w + want * share for w, want in zip(numbers, wants, strict=True)]
    return labels + numbers


def _table(table: TableResult, lang: str, orientation: str) -> tuple[list, str]:
    """The table's flowables (its title, notes, grid and chart) and the orientation of its page."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import NextPageTemplate, PageBreak, Spacer, Table, TableStyle

    s = _styles()
    headers, body = text_grid(table, lang)
    nlab = label_columns(table)
    portrait_w, landscape_w = A4[0] - 2 * MARGIN, landscape(A4)[0] - 2 * MARGIN
    widths = _widths(headers, body, nlab, portrait_w)
    wanted = "portrait"
    if widths is None:
        wanted = "landscape"
        widths = _widths(headers, body, nlab, landscape_w) or [landscape_w / len(headers)] * len(headers)
    story: list = []
    if wanted != orientation:
        story += [NextPageTemplate(wanted), PageBreak()]
    story.append(_p(table.title, s["title"]))
    for note in (table.note, omitted_note(table, lang)):
        if note:
            story.append(_p(note, s["note"]))
    grid = [[_p(h, s["head"] if j < nlab else s["head_num"]) for j, h in enumerate(headers)]]
    for cells, _total in body:
        grid.append([_p(c, s["cell"]) if j < nlab else c for j, c in enumerate(cells)])
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, FONT_SIZE),
        ("ALIGN", (nlab, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD), ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor("#DDE7F0")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, HexColor("#C8C8C8")),
    ]
    for i, (_cells, total) in enumerate(body, start=1):
        if total:
            style += [("BACKGROUND", (0, i), (-1, i), HexColor("#F2F2F2")), ("FONT", (nlab, i), (-1, i), BOLD, FONT_SIZE)]
            grid[i][0] = _p(body[i - 1][0][0], s["head"])
    if table.row_totals is not None:
        style.append(("FONT", (-1, 1), (-1, -1), BOLD, FONT_SIZE))
    story.append(Table(grid, colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="LEFT"))
    usable = landscape_w if wanted == "landscape" else portrait_w
    drawing = chart_drawing(table, min(usable, 520)) if table.chart is not None and table.chart.kind != "pie" else None
    if drawing is not None:
        height = (A4[0] if wanted == "landscape" else A4[1]) - 2 * MARGIN - 20
        story += [Spacer(1, 8), _fit(drawing, height)]
    return story, wanted


def _fit(drawing, height: float):
    """A chart taller than a page (a district's many bars) shrunk to fit it, proportions kept."""
    if drawing.height <= height:
        return drawing
    factor = height / drawing.height
    drawing.scale(factor, factor)
    drawing.width, drawing.height = drawing.width * factor, height
    return drawing
