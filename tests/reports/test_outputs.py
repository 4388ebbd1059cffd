"""The report's charts and PDF as a reader gets them: one ReportLab drawing per chart definition, as SVG that
QtSvg and a page without inline styles both draw; PDF pages whose headers never touch; a district table
without its rows of zeros."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from desktop.services.reports import ReportService
from sync.reports.definitions import Chart
from sync.reports.layout import ReportResult, TableResult
from sync.reports.output.cells import omitted_note, shown_rows, text_grid
from sync.reports.output.charts import chart_data, chart_drawing, render_svg, svg_element
from sync.reports.output.pdf import write_pdf
from sync.reports.period import month
from tests.reports.fixture import build, period_now


@pytest.fixture
def result(store, cases):
    build(cases)
    return ReportService(store).report(period_now(), layout="office")


def pdf_text(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_chart_is_one_bar_a_row_with_a_count_and_svg_without_inline_styles(result):
    stage = result.table("stage")
    bars, series, values = chart_data(stage)
    assert bars and len(series) == 1 and all(values[0])  # rows of zeros are left out
    svg = render_svg(chart_drawing(stage, 560))
    assert len(re.findall(r"<rect ", svg)) == len(bars)
    for label in bars:
        assert f">{label}<" in svg
    # A console page allows no inline styles and QtSvg fills a clip rectangle black: neither is left.
    assert " style=" not in svg and "clipPath" not in svg
    assert 'font-family="DejaVu Sans' in svg
    assert svg_element(chart_drawing(stage, 560)).startswith("<svg")
    assert chart_drawing(result.table("transitions")) is None  # a table with no chart definition


def test_the_pdf_embeds_its_font_and_keeps_every_header_apart(result, tmp_path):
    path = tmp_path / "report.pdf"
    with path.open("wb") as out:
        write_pdf(result, out)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"FontFile2" in data and b"DejaVuSans-Bold" in data
    text = pdf_text(path)
    for table in result.tables:
        assert table.title.split(":")[0][:40] in text.replace("\n", " "), table.title
    # The transitions table's stage headers stand apart: «Інтеграція» and «Повернення» were 1.2 points apart.
    headers = [label for _, label in result.table("transitions").cols]
    line = next(words for words in word_lines(path) if {headers[1], headers[2]} <= {w for _, _, w in words})
    gaps = [(a[2], b[2], b[0] - a[1]) for a, b in zip(line, line[1:], strict=False) if a[2] in headers]
    assert gaps and min(gap for _, _, gap in gaps) >= 4, gaps


def word_lines(path) -> list[list[tuple[float, float, str]]]:
    """Each line of each page as its words (left, right, text), left to right (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    lines: dict[tuple[int, int], list] = {}
    page = 0
    for m in re.finditer(r'<page |<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                         out):
        if m.group(0).startswith("<page"):
            page += 1
            continue
        lines.setdefault((page, round(float(m.group(2)))), []).append((float(m.group(1)), float(m.group(3)),
                                                                        m.group(4)))
    return [sorted(words) for words in lines.values()]


def district_table() -> TableResult:
    offices = [(("a",), "Офіс А"), (("b",), "Офіс Б"), (("__total__",), "Усього")]
    rows = [((cat, sex), [cat, sex]) for cat in ("ВПО", "Повернулися") for sex in ("Чоловіки", "Жінки")]
    cells = {}
    for rk, _ in rows:
        a, b = (3, 0) if rk == ("ВПО", "Жінки") else (0, 0)
        cells.update({(rk, ("a",)): a, (rk, ("b",)): b, (rk, ("__total__",)): a + b})
    return TableResult("new_cases", "Нові справи", ["Категорія", "Стать"], rows, offices, cells,
                       col_totals={("a",): 3, ("b",): 0, ("__total__",): 3}, chart=Chart("stacked"))


def test_a_district_table_leaves_out_its_rows_of_zeros_and_says_so(tmp_path):
    table = district_table()
    assert [labels for _, labels in shown_rows(table)] == [["ВПО", "Жінки"]]
    _, body = text_grid(table, "uk")
    assert [cells[:2] for cells, _ in body] == [["ВПО", "Жінки"], ["Усього", ""]]
    assert "(3;" in omitted_note(table, "uk")
    report = ReportResult("office", "Звіт району", month(2026, 11), "Район", datetime(2026, 12, 1, tzinfo=UTC),
                          "uk", [table], layout="district")
    path = tmp_path / "district.pdf"
    with path.open("wb") as out:
        write_pdf(report, out)
    text = pdf_text(path)
    assert "Повернулися" not in text and "нульові в усіх офісах" in text
