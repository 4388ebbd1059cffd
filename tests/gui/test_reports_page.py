"""The Reports view: a supervisor picks a month, reads the hand-computed fixture's numbers in the
tables, sees the charts, saves XLSX, CSV and PDF (read back here), and the saves are recorded."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel, QTableWidget

from desktop.ui.reports_page import ReportsPage
from sync.reports.output.cells import cell_text, shown_rows
from sync.reports.period import last_month
from tests.gui.conftest import registration
from tests.reports.fixture import build, expected, period_now

SHOTS = os.environ.get("PORUCH_SCREENSHOTS")  # a folder: the test also saves its screens there


def shot(widget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / name))


def widget_cells(table: QTableWidget, labels: int) -> dict[tuple, str]:
    """{(row labels..., column header): text} of a report table on screen, total row included."""
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    out = {}
    for r in range(table.rowCount()):
        row = tuple(table.item(r, c).text() for c in range(labels))
        row = tuple(x for x in row if x)
        for c in range(labels, table.columnCount()):
            out[(*row, headers[c])] = table.item(r, c).text()
    return out


def expected_text(table_id: str, key: tuple, value) -> str:
    if table_id == "delivery_days" and key[-1].startswith("Медіана"):
        return cell_text(value, "days")
    if table_id == "indicators" and key[-1] == "Зміна":
        return cell_text(value, "change")
    return cell_text(value, "int")


@pytest.fixture
def page(qtbot, ctx, cases):
    build(cases)
    w = ReportsPage(ctx, "uk")
    qtbot.addWidget(w)
    w.resize(1280, 900)
    with qtbot.waitSignal(w.shown, timeout=60_000) as first:
        w.show()
    assert first.args[0].period == last_month()  # opens on last month, as a monthly report is made
    return w


def show_month(qtbot, page: ReportsPage, period) -> None:
    with qtbot.waitSignal(page.shown, timeout=60_000, check_params_cb=lambda r: r.period == period):
        page.select_month(period)


def test_the_tables_show_the_hand_computed_numbers(qtbot, page):
    show_month(qtbot, page, period_now())
    result = page.result
    assert result.layout == "office" and not page.layout_choice.isVisible()
    want = expected()
    for table_id, values in want.items():
        tdef = result.table(table_id)
        labels = max(len(tdef.row_header), max(len(ls) for _, ls in tdef.rows))
        got = widget_cells(page.stack.currentWidget().findChild(QTableWidget, f"reportTable_{table_id}"), labels)
        for key, value in values.items():
            assert got[key] == expected_text(table_id, key, value), (table_id, key, got.get(key))
    shown = page.stack.currentWidget()
    caseload = widget_cells(shown.findChild(QTableWidget, "reportTable_caseload"), 1)
    assert caseload[("Усього", "Кількість")] == "4"
    new = widget_cells(shown.findChild(QTableWidget, "reportTable_new_cases"), 2)
    assert new[("Усього", "Усього")] == "2"
    # The contents list names every table; the charts of the definitions are drawn.
    assert page.contents.count() == len(result.tables)
    for table in result.tables:
        if table.chart is not None and table.id in ("caseload", "new_cases", "needs", "services"):
            picture = page.stack.currentWidget().findChild(QLabel, f"reportChart_{table.id}")
            assert picture is not None and not picture.pixmap().isNull(), table.id
    assert "Період ще триває" in page.notes.text()
    shot(page, "reports-1-month.png")
    page.contents.setCurrentRow([t.id for t in result.tables].index("indicators"))
    shot(page, "reports-2-indicators.png")


def test_a_period_seen_before_is_shown_again_without_drawing_it_again(qtbot, page):
    first = page.stack.currentWidget()
    show_month(qtbot, page, period_now())
    assert page.stack.currentWidget() is not first
    show_month(qtbot, page, last_month())
    assert page.stack.currentWidget() is first  # the page built before, from the service's cache


def test_a_save_changes_the_next_report(qtbot, page, ctx):
    show_month(qtbot, page, period_now())
    before = page.stack.currentWidget()
    cases = ctx.cases
    with qtbot.waitSignal(page.shown, timeout=60_000):
        ctx.write(lambda: cases.register(registration(99)))  # `changed`: the page asks again
    assert page.stack.currentWidget() is not before
    caseload = widget_cells(page.stack.currentWidget().findChild(QTableWidget, "reportTable_caseload"), 1)
    assert caseload[("Усього", "Кількість")] == "5"


def test_dates_period_and_a_reversed_one(qtbot, page):
    today = date.today()
    start = period_now().start
    with qtbot.waitSignal(page.shown, timeout=60_000) as shown:
        page.select_dates(start, today)
    assert shown.args[0].period.kind == "dates" and shown.args[0].period.start == start
    page.select_dates(today, start)
    assert page.message.isVisible() and "раніше" in page.message.text()


def test_save_xlsx_csv_pdf_read_back_and_recorded(qtbot, page, store, tmp_path):
    from openpyxl import load_workbook

    show_month(qtbot, page, period_now())
    for fmt in ("xlsx", "csv", "pdf"):
        with qtbot.waitSignal(page.saved, timeout=60_000):
            page.save_to(fmt, tmp_path / f"звіт.{fmt}")
    assert "записано в історію" in page.message.text()
    wb = load_workbook(tmp_path / "звіт.xlsx")
    assert wb["Звіт"]["A1"].value == "Щомісячний звіт офісу"
    caseload = wb[wb.sheetnames[1]]
    assert [c.value for c in caseload[4]][:2] == ["Відкрита", 2]
    rows = list(csv.DictReader(io.StringIO((tmp_path / "звіт.csv").read_text("utf-8-sig"))))
    assert [r["значення"] for r in rows if r["код_таблиці"] == "closures" and r["рядок"] == "Переїхали"] == ["1"]
    pdf = tmp_path / "звіт.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        assert "Щомісячний звіт офісу" in words and "Переїхали" in words
        assert "Справи на кінець періоду за статусом" in words
    exports = store.get_meta("exports")
    assert [e["format"] for e in exports] == ["xlsx", "csv", "pdf"]
    assert {e["what"] for e in exports} == {"report:office"} and {e["file"] for e in exports} == {
        "звіт.xlsx", "звіт.csv", "звіт.pdf"}


def test_the_save_dialog_says_the_file_is_not_encrypted(qtbot, page, tmp_path):
    page.choose_file("pdf")
    dialog = page.findChild(QFileDialog, "reportSaveDialog")
    qtbot.waitExposed(dialog)
    note = dialog.findChild(QLabel, "reportFileNote")
    assert "не шифрується" in note.text() and "фахівців" in note.text()
    assert dialog.selectedFiles()[0].endswith(".pdf")
    shot(dialog, "reports-3-save-dialog.png")
    with qtbot.waitSignal(page.saved, timeout=60_000):
        dialog.selectFile(str(tmp_path / "chosen.pdf"))
        dialog.accept()
    assert (tmp_path / "chosen.pdf").exists()


def test_view_reports_opens_one_tab(qtbot, shell):
    window = shell.window
    window.actions_by_name["reports"].trigger()
    page = window.tabs.currentWidget()
    assert isinstance(page, ReportsPage) and window.tabs.tabText(window.tabs.currentIndex()) == "Звіти"
    count = window.tabs.count()
    window.show_my_day()
    window.actions_by_name["reports"].trigger()
    assert window.tabs.currentWidget() is page and window.tabs.count() == count


def test_a_district_laptop_shows_a_column_per_office_offline(qtbot, ctx, cases):
    """A laptop holding the cases of two offices makes the district report from its own store."""
    from tests.gui.conftest import make_cases

    make_cases(cases, 2)
    make_cases(cases, 3, office_id="office-b")
    page = ReportsPage(ctx, "uk")
    qtbot.addWidget(page)
    page.resize(1280, 900)
    with qtbot.waitSignal(page.shown, timeout=60_000):
        page.show()
    show_month(qtbot, page, period_now())
    assert page.result.layout == "district" and page.layout_choice.isVisible()
    caseload = widget_cells(page.stack.currentWidget().findChild(QTableWidget, "reportTable_caseload"), 1)
    assert (caseload[("Відкрита", "Тестовий офіс")], caseload[("Відкрита", "office-b")],
            caseload[("Відкрита", "Усього")]) == ("2", "3", "5")
    # New cases spread category x disability x sex x age band down the rows: only those with a case are
    # shown, and the reader is told.
    new_cases = page.result.table("new_cases")
    shown = page.stack.currentWidget().findChild(QTableWidget, "reportTable_new_cases")
    assert [shown.item(r, 0).text() for r in range(shown.rowCount())] == [
        labels[0] for _, labels in shown_rows(new_cases)] == ["ВПО"]  # of 80 rows, one has the five
    assert shown.item(0, shown.columnCount() - 1).text() == "5" and len(new_cases.rows) > 1
    # Wider than the page: the scroll bar gets room of its own instead of covering the one row.
    assert shown.horizontalScrollBar().maximum() > 0
    qtbot.waitUntil(lambda: shown.viewport().height() >= shown.rowHeight(0), timeout=2_000)
    notes = [w.text() for w in page.stack.currentWidget().findChildren(QLabel, "hint")]
    assert any("нульові в усіх офісах, не показано" in n for n in notes)
    shot(page, "reports-7-district.png")
    with qtbot.waitSignal(page.shown, timeout=60_000, check_params_cb=lambda r: r.layout == "office"):
        page.layout_choice.setCurrentIndex(page.layout_choice.findData("office"))
    together = widget_cells(page.stack.currentWidget().findChild(QTableWidget, "reportTable_caseload"), 1)
    assert together[("Відкрита", "Кількість")] == "5"
