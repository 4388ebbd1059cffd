"""One chart definition for the screen and the PDF: matplotlib draws a table's chart on an Axes,
whether that Axes sits in a Qt canvas (the Reports view) or on a PDF page.

Why matplotlib: QtCharts ships only in the large PySide6-Addons wheel, and a Qt chart cannot be
drawn where there is no Qt (the server, `poruch report`); matplotlib draws the same figure on a PDF
page and, for the window, into a PNG with its Agg renderer (`render_png`), with DejaVu Sans for
Cyrillic. The window shows that picture rather than a live Qt canvas (FigureCanvasQTAgg): the
drawing then happens on the database worker with the report, never on the GUI thread, and the
packaged application needs matplotlib's Agg and PDF backends only, none of its GUI backends.
"""

from __future__ import annotations

import textwrap

from sync.reports.compute import TableResult

RC = {"font.family": "DejaVu Sans", "pdf.fonttype": 42}

PALETTE = ("#2F6690", "#D1495B", "#EDAE49", "#00798C", "#7A9E7E", "#8E6C8A", "#3A3A3A", "#B5838D", "#6D9DC5",
           "#E07A5F")


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


def draw_chart(ax, table: TableResult, *, font_size: float = 8) -> bool:
    """Draw `table.chart` on `ax`; False when there is nothing to draw."""
    chart = table.chart
    if chart is None:
        return False
    bars, series, values = chart_data(table)
    ax.clear()
    if not bars:
        ax.set_axis_off()
        return False
    from matplotlib.ticker import MaxNLocator

    wrapped = [textwrap.fill(b, 28) for b in bars]
    if chart.kind == "pie" and len(series) == 1:
        ax.pie(values[0], labels=[f"{b}\n{int(v)}" for b, v in zip(wrapped, values[0], strict=True)],
               colors=PALETTE[:len(bars)], startangle=90, counterclock=False,
               wedgeprops={"linewidth": 1, "edgecolor": "white"}, textprops={"fontsize": font_size})
        ax.set_aspect("equal")
        return True
    positions = list(range(len(bars)))
    left = [0.0] * len(bars)
    for i, (label, vs) in enumerate(zip(series, values, strict=True)):
        ax.barh(positions, vs, left=left, color=PALETTE[i % len(PALETTE)], label=label, height=0.65)
        left = [a + b for a, b in zip(left, vs, strict=True)]
    for y, total in zip(positions, left, strict=True):
        ax.text(total, y, f" {int(total)}", va="center", fontsize=font_size)
    ax.set_yticks(positions, wrapped, fontsize=font_size)
    ax.invert_yaxis()
    ax.tick_params(axis="x", labelsize=font_size)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.2 of a case
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_xlim(0, max(left) * 1.15 if max(left) else 1)
    if len(series) > 1:  # below the axis, clear of the bars
        ax.legend(fontsize=font_size, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12),
                  ncol=min(len(series), 4))
    return True


def drawing_available() -> bool:
    """Whether matplotlib is installed (a packaged application may be built without it: then no charts and
    no PDF; tables, XLSX and CSV need none of it). Looks without importing."""
    from importlib.util import find_spec

    return find_spec("matplotlib") is not None


def chart_height(table: TableResult) -> float:
    """Inches a table's chart needs: a pie is square; bars grow with their number (as on the PDF page)."""
    if table.chart is not None and table.chart.kind == "pie":
        return 3.0
    bars, series, _ = chart_data(table)
    return min(4.2, 0.9 + 0.28 * len(bars)) + (0.3 * (1 + len(series) // 4) if len(series) > 1 else 0)


def render_png(table: TableResult, *, width: float = 7.5, dpi: float = 96, font_size: float = 9) -> bytes | None:
    """The table's chart as PNG bytes (matplotlib's Agg, no pyplot: safe on a worker thread); None when
    the table has no chart or nothing to draw."""
    if table.chart is None:
        return None
    import io

    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with rc_context(RC):
        fig = Figure(figsize=(width, chart_height(table)), dpi=dpi)
        FigureCanvasAgg(fig)
        if not draw_chart(fig.add_subplot(), table, font_size=font_size):
            return None
        out = io.BytesIO()
        fig.savefig(out, format="png", bbox_inches="tight", pad_inches=0.1, facecolor="white")
    return out.getvalue()
