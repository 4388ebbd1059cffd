"""File → Import, driven as a caseworker would on a messy synthetic 2,000-row XLSX: the columns
recognised (typos too) and changeable by hand, a preview with dd.mm.yyyy dates, exactly the
planted bad rows reported (and saved as XLSX), place and duplicate questions decided, the import
in the background, stopping it leaving only whole cases."""

from __future__ import annotations

import gc
import re

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from sqlalchemy import func, select

from desktop.services.import_plan import ImportPlan
from desktop.services.importer import CHUNK
from desktop.services.synthetic_lists import MAIN_HEADERS, MEMBER_SHEET, PLANTED, write_office_list
from desktop.store import tables as t
from desktop.ui.import_review import CODE_ROLE
from desktop.ui.import_wizard import CHECK, COLUMNS, DECISIONS, PREVIEW, SUMMARY, ImportWizard

ROWS = 2000


@pytest.fixture(scope="module")
def office_list(tmp_path_factory):
    return write_office_list(tmp_path_factory.mktemp("list") / "spysok.xlsx", ROWS, seed=1)


def _count(store, rtype: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.records)
                            .where(t.records.c.type == rtype, t.records.c.deleted == 0)).scalar()


def _next(qtbot, wizard: ImportWizard) -> None:
    assert wizard.next.isEnabled(), wizard.step
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)


def _to_check(qtbot, wizard: ImportWizard, path) -> None:
    wizard.file_page.path.setText(str(path))
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.step == COLUMNS and not wizard.busy, timeout=60_000)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.analysis is not None, timeout=120_000)


def _problems(wizard: ImportWizard, severity: str, sheet: str = "") -> set[int]:
    return {p.line for p in wizard.check_page.problems.model.problems if p.severity == severity and p.sheet == sheet}


def test_the_whole_wizard_on_a_messy_office_list(qtbot, ctx, store, office_list, tmp_path):
    window = _open_from_menu(qtbot, ctx)
    wizard = window.findChild(ImportWizard)
    assert wizard.step == 0 and not wizard.next.isEnabled()  # no file chosen yet
    wizard.file_page.path.setText(str(tmp_path / "nothing.xlsx"))
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.file_page.error.isVisible(), timeout=10_000)
    assert wizard.step == 0 and "не знайдено" in wizard.file_page.error.text()

    wizard.file_page.path.setText(str(office_list.path))
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.step == COLUMNS, timeout=60_000)
    page = wizard.columns_page
    assert page.sheet.currentText() == "Список ВПО" and page.members_sheet.currentText() == MEMBER_SHEET
    assert page.table.rowCount() == len(MAIN_HEADERS)
    surname_row = MAIN_HEADERS.index("Прізвищє")
    assert page.table.cellWidget(surname_row, 1).currentData() == "surname"
    assert page.table.item(surname_row, 2).text() == "так, з опискою"  # recognised despite the typo
    assert page.members_table.isVisibleTo(wizard) and page.members_table.rowCount() == 5
    # By hand: without a surname column the file cannot go, and the wizard says so.
    page.choose(surname_row, None)
    assert not wizard.next.isEnabled() and "прізвище" in page.problems.text() and page.problems.isVisibleTo(wizard)
    page.choose(surname_row, "surname")
    # A second column chosen for the same meaning takes it from the first (one column per field).
    phone_row, number_row = MAIN_HEADERS.index("Телефон"), MAIN_HEADERS.index("№")
    page.choose(number_row, "phone")
    assert page.table.cellWidget(phone_row, 1).currentData() is None
    page.choose(phone_row, "phone")
    page.choose(number_row, "row_key")
    assert wizard.next.isEnabled()

    _next(qtbot, wizard)
    assert wizard.step == PREVIEW
    birth = wizard.preview_page.cell(0, "birth_date", wizard.plan)
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", birth), birth
    assert wizard.preview_page.table.rowCount() == 10

    _next(qtbot, wizard)
    assert wizard.step == CHECK
    qtbot.waitUntil(lambda: wizard.analysis is not None, timeout=120_000)
    # Exactly the planted bad rows, each naming its column; the household sheet's bad line too.
    assert _problems(wizard, "error") == set(office_list.bad_lines)
    assert _problems(wizard, "error", MEMBER_SHEET) == set(office_list.bad_member_lines)
    columns = dict(PLANTED)
    problems = wizard.check_page.problems.model.problems
    for line, what in office_list.bad_lines.items():
        named = {p.column for p in problems if p.line == line and p.severity == "error" and not p.sheet}
        assert not columns[what] or columns[what] in named, (line, what, named)
    assert _problems(wizard, "skipped") == set(office_list.duplicate_lines)
    wizard.check_page.problems.errors_only.setChecked(True)
    shown = wizard.check_page.problems.proxy.rowCount()
    assert shown == sum(1 for p in problems if p.severity == "error") < len(problems)
    assert _count(store, "case") == 0  # the dry run saved nothing

    with qtbot.waitSignal(wizard.report_saved, timeout=30_000):
        wizard.save_report_to(wizard.analysis.report, tmp_path / "perevirka.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "perevirka.xlsx").worksheets[0]
    saved_errors = {row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[2] == "помилка" and not row[0]}
    assert saved_errors == set(office_list.bad_lines)

    _next(qtbot, wizard)
    assert wizard.step == DECISIONS
    decisions = wizard.decisions_page
    analysis = wizard.analysis
    assert decisions.places.rowCount() == len(analysis.places) > 0
    assert decisions.duplicates.rowCount() == len(analysis.duplicates) == len(office_list.duplicate_lines)
    assert all(decisions.duplicates.item(r, 0).checkState() == Qt.CheckState.Unchecked
               for r in range(decisions.duplicates.rowCount()))  # the same RNOKPP: skipped unless decided
    # Nothing guessed: every place question starts without a code.
    assert all(decisions.places.item(r, 2).data(CODE_ROLE) is None for r in range(decisions.places.rowCount()))
    row = next(i for i, q in enumerate(analysis.places) if len(q.candidates) >= 2)
    chosen, chosen_lines = analysis.places[row].candidates[1], analysis.places[row].lines
    # The person clicks the cell and picks the second candidate from its combo.
    decisions.places.setCurrentCell(row, 2)
    decisions.places.edit(decisions.places.currentIndex())
    combo = decisions.places.viewport().findChild(QComboBox)
    assert [combo.itemData(i) for i in range(combo.count())] == [None, *analysis.places[row].candidates]
    combo.setCurrentIndex(2)
    combo.activated.emit(2)
    assert decisions.places.item(row, 2).data(CODE_ROLE) == chosen and chosen in decisions.places.item(row, 2).text()
    decisions.set_import(0, True)
    expected = ROWS - len(office_list.bad_lines) - len(office_list.duplicate_lines) + 1
    assert decisions.counts.text() == f"Буде імпортовано: {expected} нових справ, 0 змін."

    with qtbot.waitSignal(wizard.imported, timeout=180_000) as done:
        _next(qtbot, wizard)  # "Імпортувати"
    report = done.args[0]
    assert (report.imported, report.failed, report.skipped, report.cancelled) == \
        (expected, len(office_list.bad_lines), len(office_list.duplicate_lines) - 1, False)
    assert wizard.step == SUMMARY and str(expected) in wizard.summary_page.summary.text()
    assert _count(store, "case") == expected == _count(store, "person") == _count(store, "displacement")
    assert _count(store, "household_member") == report.members >= office_list.members
    with store.engine.connect() as conn:
        data = [r[0] for r in conn.execute(select(t.records.c.data).where(t.records.c.type == "displacement"))]
    assert sum(chosen in d for d in data) >= len(chosen_lines)
    qtbot.waitUntil(lambda: window.cases.model.rowCount() == expected, timeout=30_000)  # the list refreshed
    assert gc.get_freeze_count() > 0  # the rows held by the open wizard are out of the collector's passes
    _next(qtbot, wizard)  # "Готово"
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert gc.get_freeze_count() == 0  # ... and back in them once it is closed


def test_stopping_the_import_keeps_only_whole_cases(qtbot, ctx, store, office_list):
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_check(qtbot, wizard, office_list.path)
    _next(qtbot, wizard)
    assert wizard.step == DECISIONS
    stop = wizard.run_page.progress.button

    def stop_after_first_chunk(done: int, _total: int) -> None:
        if done >= CHUNK and stop.isEnabled():
            qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)

    with qtbot.waitSignal(wizard.imported, timeout=180_000) as done:
        _next(qtbot, wizard)
        wizard.control.progress.connect(stop_after_first_chunk)
    report = done.args[0]
    assert report.cancelled and report.not_reached > 0
    assert report.imported % CHUNK == 0 and CHUNK <= report.imported < ROWS - CHUNK
    assert _count(store, "case") == report.imported == _count(store, "person") == _count(store, "displacement")
    assert _count(store, "household_member") == report.members
    assert "зупинено" in wizard.summary_page.summary.text()


def test_columns_of_a_csv_can_be_given_by_hand(qtbot, ctx, store, tmp_path):
    """A list whose headers say nothing: the person tells the wizard which column is which."""
    path = tmp_path / "list.csv"
    path.write_text("A;B;C\nКоваленко;Ірина;05.04.1990\nБондар;Олег;31.02.1990\n", encoding="utf-8")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.file_page.path.setText(str(path))
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.step == COLUMNS, timeout=30_000)
    assert not wizard.next.isEnabled()  # no name, no birth date: nothing can be imported yet
    for index, target in enumerate(("surname", "given_name", "birth_date")):
        wizard.columns_page.choose(index, target)
    assert wizard.next.isEnabled()
    assert [label for target, label in ImportPlan.targets() if target == "surname"]
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.analysis is not None, timeout=30_000)
    assert [(p.line, p.column) for p in wizard.analysis.report.problems if p.severity == "error"] == [(3, "C")]
    _next(qtbot, wizard)
    assert wizard.decisions_page.nothing.isVisibleTo(wizard)
    with qtbot.waitSignal(wizard.imported, timeout=60_000) as done:
        _next(qtbot, wizard)
    assert done.args[0].imported == 1 and _count(store, "case") == 1


def _open_from_menu(qtbot, ctx):
    """The main window on this session, and File → Import chosen from its menu."""
    from desktop.ui.main_window import MainWindow
    from desktop.ui.sync_adapter import SyncAdapter

    adapter = SyncAdapter(ctx, None)
    window = MainWindow(ctx, adapter)
    qtbot.addWidget(window)
    window.show()
    file_menu = window.menuBar().actions()[0].menu()
    action = next(a for a in file_menu.actions() if a is window.actions_by_name["import"])
    action.trigger()
    qtbot.waitUntil(lambda: window.findChild(ImportWizard) is not None)
    return window


def test_column_meanings_and_problems_are_shown_in_the_interface_language(qtbot, ctx, english_qm, tmp_path):
    from PySide6.QtCore import QCoreApplication, QTranslator

    from desktop.services.import_table import SourceFile
    from desktop.ui.import_pages import ColumnsPage

    path = tmp_path / "list.csv"
    path.write_text("Прізвище;Ім'я;Дата народження\nКоваленко;Ірина;05.04.1990\n", encoding="utf-8")
    translator = QTranslator()
    assert translator.load(str(english_qm / "poruch_en.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        with SourceFile(path) as source:
            page = ColumnsPage()
            qtbot.addWidget(page)
            page.show_plan(ImportPlan.auto(source))
        combo = page.table.cellWidget(0, 1)
        assert combo.currentText() == "surname"
        texts = [combo.itemText(i) for i in range(combo.count())]
        assert {"— do not import —", "household member 2: birth date", "given name"} <= set(texts)
        # The dry run's problems in English too (the report file stays as the importer writes it).
        wizard = ImportWizard(ctx)
        qtbot.addWidget(wizard)
        wizard.file_page.path.setText(str(path.with_name("bad.csv")))
        path.with_name("bad.csv").write_text("Прізвище;Ім'я;Дата народження\nБондар;Олег;31.02.1990\n",
                                             encoding="utf-8")
        _next(qtbot, wizard)
        qtbot.waitUntil(lambda: wizard.step == COLUMNS, timeout=30_000)
        _next(qtbot, wizard)
        _next(qtbot, wizard)
        qtbot.waitUntil(lambda: wizard.analysis is not None, timeout=30_000)
        model = wizard.check_page.problems.model
        assert model.data(model.index(0, 4)) == "A date must be dd.mm.yyyy"
        assert model.data(model.index(0, 2)) == "error"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_locking_during_the_import_stops_it_and_keeps_whole_cases(qtbot, ctx, store, office_list):
    from desktop.store.store import unlock_store
    from tests.conftest import TEST_PASSWORD

    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    _to_check(qtbot, wizard, office_list.path)
    _next(qtbot, wizard)

    def lock_after_first_chunk(done: int, _total: int) -> None:
        if done >= CHUNK and ctx.is_open:
            ctx.lock()  # auto-lock, or Ctrl+L, while the import runs

    with qtbot.waitSignal(ctx.locked, timeout=180_000):
        _next(qtbot, wizard)
        wizard.control.progress.connect(lock_after_first_chunk)
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=30_000)  # the wizard closes with the session
    report = wizard.report
    assert report.cancelled and 0 < report.imported < ROWS - CHUNK
    reopened = unlock_store(store.data_dir, "olena", TEST_PASSWORD)
    try:
        assert _count(reopened, "case") == report.imported == _count(reopened, "person") == \
            _count(reopened, "displacement")
        assert _count(reopened, "household_member") == report.members
    finally:
        reopened.close()
