"""The case list: lazy model, search as you type, each filter, sort by header, Enter opens a case."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop.ui import case_list as cl
from desktop.ui.case_list_page import CaseListPage
from sync.text import uk_sort_key
from tests.gui.conftest import make_cases, type_text


@pytest.fixture
def page(qtbot, ctx):
    p = CaseListPage(ctx)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.show()
    return p


def load(qtbot, page, action=None):
    with qtbot.waitSignal(page.model.loaded, timeout=10_000) as blocker:
        (action or page.model.reload)()
    return blocker.args[0]


def names(page) -> list[str]:
    m = page.model
    return [m.data(m.index(r, 0)) for r in range(m.rowCount())]


def test_lists_cases_in_ukrainian_order_with_formatted_columns(qtbot, ctx, page):
    make_cases(ctx.cases, 16)
    assert load(qtbot, page) == 16
    shown = names(page)
    assert shown == sorted(shown, key=uk_sort_key)
    m = page.model
    row = m._row(0)
    assert m.data(m.index(0, 1)) == date.fromisoformat(row["birth_date"]).strftime("%d.%m.%Y")
    assert m.data(m.index(0, 2)) == "ВПО"
    assert m.data(m.index(0, 2), Qt.ItemDataRole.ToolTipRole) == "Внутрішньо переміщена особа"
    assert m.data(m.index(0, 3)) == "Виявлення"
    assert m.data(m.index(0, 4)) == "Відкрита"
    assert m.data(m.index(0, 6)) == "Олена Тестова"  # the display name, not the login
    assert page.count.text() == "Справ: 16"


def test_rows_are_fetched_in_blocks(qtbot, ctx, page, monkeypatch):
    make_cases(ctx.cases, 450)
    monkeypatch.setattr(cl, "CACHE_ROWS", 300)
    load(qtbot, page)
    m = page.model
    assert len(m._rows) == cl.BLOCK  # only the first block came with the ids
    assert m.data(m.index(420, 0))   # scrolled far down: that block is read on demand
    assert m._ids[420] in m._rows and m._ids[cl.BLOCK] not in m._rows
    m.data(m.index(250, 0))
    assert len(m._rows) <= 300 + cl.BLOCK  # the cache stays small


def test_search_as_you_type_is_debounced(qtbot, ctx, page):
    ids = make_cases(ctx.cases, 16)
    load(qtbot, page)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        type_text(page.search, "Ґудз")
        assert page.model.query == ""  # not on every key stroke
    assert names(page) == ["Ґудзь Марія Олександрівна"]
    assert page.model.case_id(0) == ids[10]
    assert page.count.text() == "Знайдено: 1"
    assert not page.table.horizontalHeader().isSortIndicatorShown()  # results are in relevance order
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        page.search.clear()
    assert page.model.rowCount() == 16


def test_search_by_latin_name(qtbot, ctx, page):
    make_cases(ctx.cases, 16)
    load(qtbot, page)
    load(qtbot, page, lambda: page.model.set_query("Shevchenko"))
    assert [n.split()[0] for n in names(page)] == ["Шевченко"]


def test_enter_in_search_moves_to_the_first_result_and_enter_opens_it(qtbot, ctx, page):
    ids = make_cases(ctx.cases, 16)
    load(qtbot, page)
    page.search.setFocus()
    type_text(page.search, "Єременко")
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.hasFocus() or page.selected_case() is not None)
    assert page.selected_case() == ids[8]
    with qtbot.waitSignal(page.open_case, timeout=2_000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [ids[8]]


@pytest.mark.parametrize("setup, expected", [
    (lambda p: p.filters.combos["stage"].setCurrentIndex(p.filters.combos["stage"].findData("assessment")), {0}),
    (lambda p: p.filters.combos["status"].setCurrentIndex(p.filters.combos["status"].findData("active")), {0}),
    (lambda p: p.filters.combos["category"].setCurrentIndex(
        p.filters.combos["category"].findData("returnee_abroad")), {0}),
    (lambda p: p.filters.combos["priority"].setCurrentIndex(p.filters.combos["priority"].findData("high")), {2}),
    (lambda p: p.filters.mine.setChecked(True), {0, 1, 2, 4}),
    (lambda p: p.filters.overdue.setChecked(True), {1}),
    (lambda p: p.filters.listed.setChecked(True), {4}),
], ids=["stage", "status", "category", "priority", "mine", "overdue", "listed"])
def test_each_filter(qtbot, ctx, page, setup, expected):
    ids = make_cases(ctx.cases, 5)
    ctx.cases.update("case", ids[0], {"stage": "assessment", "status": "active", "category": "returnee_abroad"})
    ctx.cases.add("task", ids[1], {"title": "Дзвінок", "due_date": (date.today() - timedelta(days=3)).isoformat()})
    ctx.cases.add("assessment", ids[2], {"housing": "high", "income_employment": "medium"})
    ctx.cases.update("case", ids[3], {"assigned_to": "taras"})
    _set_listed_origin(ctx, ids[4])
    load(qtbot, page)
    assert load(qtbot, page, lambda: setup(page)) == len(expected)
    assert {page.model.case_id(r) for r in range(page.model.rowCount())} == {ids[i] for i in expected}
    assert page.filters.reset.isEnabled()
    load(qtbot, page, page.filters.clear)
    assert page.model.rowCount() == 5


def _set_listed_origin(ctx, case_id) -> None:
    """Give the case an origin on the hostilities/occupation list (Bakhmut)."""
    from sqlalchemy import select

    from desktop.store import tables as t

    with ctx.store.engine.connect() as conn:
        disp_id = conn.execute(select(t.records.c.id).where(t.records.c.case_id == case_id,
                                                            t.records.c.type == "displacement")).scalar()
    ctx.cases.update("displacement", disp_id, {"origin_katottg": "UA14020010010059145"})


def test_header_click_sorts_and_toggles(qtbot, ctx, page):
    ids = make_cases(ctx.cases, 6)
    ctx.cases.add("task", ids[3], {"title": "А", "due_date": "2030-01-05"})
    ctx.cases.add("task", ids[1], {"title": "Б", "due_date": "2030-01-02"})
    load(qtbot, page)
    header = page.table.horizontalHeader()
    column = cl.q.COLUMNS.index("next_task_due")
    load(qtbot, page, lambda: header.sectionClicked.emit(column))
    assert [page.model.case_id(r) for r in range(2)] == [ids[1], ids[3]]
    assert header.sortIndicatorSection() == column
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    load(qtbot, page, lambda: header.sectionClicked.emit(column))
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.model.case_id(0) == ids[3]
    load(qtbot, page, lambda: header.sectionClicked.emit(0))
    shown = names(page)
    assert shown == sorted(shown, key=uk_sort_key)


def test_a_save_refreshes_the_list_and_keeps_the_selection(qtbot, ctx, page):
    ids = make_cases(ctx.cases, 5)
    load(qtbot, page)
    row = page.model.row_of(ids[2])
    page.table.selectRow(row)
    with qtbot.waitSignal(page.model.loaded, timeout=10_000):
        ctx.write(lambda: ctx.cases.update("case", ids[2], {"stage": "planning"}))
    assert page.selected_case() == ids[2]
    assert page.model.data(page.model.index(row, 3)) == "Планування"
