"""One chart definition for the window, the PDF and the web console: a ReportLab Drawing.

Why ReportLab (reportlab.graphics): one Drawing of pure-Python shapes is drawn three ways without Qt
and without numpy: into the PDF natively (sync.reports.output.pdf, DejaVu Sans embedded), and as SVG
by ReportLab's pure-Python renderSVG, which the window renders with QtSvg (in PySide6-Essentials) and
the web console puts in its page. matplotlib, the field's standard, needs numpy and its OpenBLAS: the
smallest packaged application with it was 245.7 MB against a 200 MB budget, so the packaged window
had no charts and no PDF. ReportLab adds about 4 MB of Python and needs Pillow's core imaging module
(its utilities import PIL.Image; the charts never use it). QtCharts ships only in PySide6-Addons and
cannot draw where there is no Qt (the server, `poruch report`).
"""

from __future__ import annotations

import re
import textwrap
from functools import cache

from sync.reports.layout import TableResult

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
PALETTE = ("#2F6690", "#D1495B", "#EDAE49", "#00798C", "#7A9E7E", "#8E6C8A", "#3A3A3A", "#B5838D", "#6D9DC5",
           "#E07A5F")
FONT_SIZE = 8
BAR = 16            # points per bar (and its gap)
LABEL_CHARS = 34    # a bar's label wraps after this many letters
LEGEND_ROW = 14


@cache
def register_fonts() -> str:
    """DejaVu Sans (regular and bold, from resources/fonts) for ReportLab: Cyrillic in every PDF viewer,
    and the measure of every label. Returns the family name."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from sync.resources import resources_dir

    fonts = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    for bold, italic, name in ((0, 0, FONT), (1, 0, BOLD), (0, 1, FONT), (1, 1, BOLD)):
        addMapping(FONT, bold, italic, name)
    return FONT


def chart_data(table: TableResult) -> tuple[list[str], list[str], list[list[float]]]:
    """(bar labels, series labels, values[series][bar]) of a table: its columns are the series
    (the total column only, for a district table), its rows the bars; rows of zeros left out."""
    cols = table.cols
    if cols and cols[-1][0] == ("__total__",):
        cols = [cols[-1]]
    series = [(ck, label) for ck, label in cols if ck != ("change",)]
    bars, values = [], [[] for _ in series]
    for rk, labels in table.rows:
        row = [table.value(rk, ck) or 0 for ck, _ in series]
        if not any(isinstance(v, (int, float)) and v for v in row):
            continue
        bars.append(" / ".join(labels))
        for i, v in enumerate(row):
            values[i].append(float(v) if isinstance(v, (int, float)) else 0.0)
    keep = [i for i, vs in enumerate(values) if any(vs)]
    return bars, [series[i][1] for i in keep], [values[i] for i in keep]


def chart_drawing(table: TableResult, width: float = 480):
    """The table's chart as a ReportLab Drawing `width` points wide, or None when the table has no chart
    or nothing to draw (every row zero)."""
    if table.chart is None:
        return None
    bars, series, values = chart_data(table)
    if not bars:
        return None
    register_fonts()
    if table.chart.kind == "pie" and len(series) == 1:
        return _pie(bars, values[0], width)
    return _bars(bars, series, values, width)


def bar_drawing(labels: list[str], values: list[float], width: float = 480):
    """Plain horizontal bars, one a label (the web console's national figures by area)."""
    register_fonts()
    return _bars(labels, [""], [values], width) if labels else None


def _color(i: int):
    from reportlab.lib.colors import HexColor

    return HexColor(PALETTE[i % len(PALETTE)])


def _legend(pairs: list[tuple[str, str]], x: float, y: float, columns: int, column_width: float):
    """A legend of (colour, text) swatches from its top-left corner, `columns` across."""
    from reportlab.graphics.charts.legends import Legend
    from reportlab.lib.colors import HexColor

    legend = Legend()
    legend.x, legend.y = x, y
    legend.alignment = "right"  # the swatch left of its text
    legend.fontName, legend.fontSize = FONT, FONT_SIZE
    legend.boxAnchor = "nw"
    legend.columnMaximum = -(-len(pairs) // columns)
    legend.deltax, legend.deltay = column_width, LEGEND_ROW
    legend.dx = legend.dy = 8
    legend.dxTextSpace = 5
    legend.strokeWidth, legend.strokeColor = 0, None
    legend.colorNamePairs = [(HexColor(c), t) for c, t in pairs]
    return legend


def _pie(labels: list[str], values: list[float], width: float):
    """A pie with its legend to the right: each slice's label and count."""
    from reportlab.graphics.charts.piecharts import Pie
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import white

    size = 150
    height = max(size + 20, len(labels) * LEGEND_ROW + 20)
    drawing = Drawing(width, height)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 10, (height - size) / 2, size, size
    pie.data = values
    pie.startAngle, pie.direction = 90, "clockwise"
    pie.slices.strokeColor, pie.slices.strokeWidth = white, 1
    for i in range(len(values)):
        pie.slices[i].fillColor = _color(i)
    drawing.add(pie)
    total = sum(values) or 1
    pairs = [(PALETTE[i % len(PALETTE)], f"{label}: {int(v)} ({v / total:.0%})")
             for i, (label, v) in enumerate(zip(labels, values, strict=True))]
    drawing.add(_legend(pairs, size + 40, height / 2 + len(labels) * LEGEND_ROW / 2, 1, width - size - 50))
    return drawing


def _step(top: float) -> int:
    """An integer tick step giving at most about 6 ticks up to `top` (counts: no 0.2 of a case)."""
    step = 1
    while top / step > 6:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if top / step <= 6:
                break
    return step


def _bars(bars: list[str], series: list[str], values: list[list[float]], width: float):
    """Horizontal bars, one a row, stacked by series; each bar's total at its end; the legend below."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, String
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth

    wrapped = [textwrap.fill(b, LABEL_CHARS) for b in bars]
    label_w = min(width * 0.42, max(stringWidth(line, FONT, FONT_SIZE) for w in wrapped for line in w.split("\n")))
    lines = max(w.count("\n") + 1 for w in wrapped)
    bar_h = max(BAR, lines * (FONT_SIZE + 2) + 4)
    legend_rows = 0
    if len(series) > 1:
        columns = max(1, min(len(series), int((width - 20) // 130)))
        legend_rows = -(-len(series) // columns)
    plot_h = bar_h * len(bars)
    bottom = 22 + (legend_rows * LEGEND_ROW + 8 if legend_rows else 0)  # value axis labels, then the legend
    drawing = Drawing(width, plot_h + bottom + 6)
    totals = [sum(col) for col in zip(*values, strict=True)]
    top = max(totals) or 1
    step = _step(top)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w + 14, bottom
    chart.width, chart.height = width - chart.x - 40, plot_h  # room for the totals right of the bars
    chart.data = [list(reversed(v)) for v in values]  # ReportLab counts bars from the bottom up
    chart.categoryAxis.categoryNames = list(reversed(wrapped))
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, FONT_SIZE
    chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dx = "e", -4
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.leading = FONT_SIZE + 2
    chart.categoryAxis.strokeColor = HexColor("#888888")
    chart.valueAxis.valueMin, chart.valueAxis.valueStep = 0, step
    chart.valueAxis.valueMax = step * -(-top // step)
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, FONT_SIZE
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid, chart.valueAxis.gridStrokeColor = True, HexColor("#DDDDDD")
    chart.valueAxis.strokeColor = HexColor("#888888")
    chart.barSpacing, chart.groupSpacing = 0, bar_h * 0.3
    chart.bars.strokeWidth, chart.bars.strokeColor = 0, None
    chart.categoryAxis.tickLeft = 0
    for i in range(len(series)):
        chart.bars[i].fillColor = _color(i)
    drawing.add(chart)
    scale = chart.width / chart.valueAxis.valueMax
    for i, total in enumerate(totals):  # the count at each bar's end
        y = chart.y + plot_h - (i + 0.5) * bar_h - FONT_SIZE / 3
        drawing.add(String(chart.x + total * scale + 3, y, str(int(total)), fontName=FONT, fontSize=FONT_SIZE))
    if legend_rows:
        pairs = [(PALETTE[i % len(PALETTE)], s) for i, s in enumerate(series)]
        drawing.add(_legend(pairs, chart.x, legend_rows * LEGEND_ROW + 2, columns, (width - chart.x) / columns))
    return drawing


_STYLE = re.compile(r'\sstyle="([^"]*)"')
_CLIP = re.compile(r'<clipPath id="clip">.*?</clipPath>\s*', re.S)
FAMILY = "DejaVu Sans, Verdana, sans-serif"


def render_svg(drawing) -> str:
    """The Drawing as an SVG document (ReportLab's pure-Python renderSVG) that reads the same in QtSvg and
    in a page whose Content-Security-Policy allows no inline styles: renderSVG writes `style="fill: ...;
    stroke: ..."`, which such a page ignores (black shapes), so each declaration becomes the presentation
    attribute of the same name, honoured by both. The font is named as systems know it, with fallbacks
    for browsers without DejaVu Sans."""
    from reportlab.graphics import renderSVG

    def attributes(match: re.Match) -> str:
        pairs = [part.split(":", 1) for part in match.group(1).split(";") if ":" in part]
        return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)

    svg = _STYLE.sub(attributes, renderSVG.drawToString(drawing))
    # The clip to the drawing's own bounds clips nothing, and QtSvg draws its rectangle filled black.
    svg = _CLIP.sub("", svg).replace(' clip-path="url(#clip)"', "")
    return svg.replace(f'font-family="{FONT}"', f'font-family="{FAMILY}"').replace(
        f'font-family="{BOLD}"', f'font-family="{FAMILY}" font-weight="bold"')


def svg_element(drawing) -> str:
    """The chart as an <svg> element to put inside an HTML page (no XML declaration or doctype)."""
    svg = render_svg(drawing)
    return svg[svg.index("<svg"):]
