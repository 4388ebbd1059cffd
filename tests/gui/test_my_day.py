""""My day": overdue and due-today tasks, open a case with Enter, mark a task done."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from desktop.ui.my_day import TASK_ROLE, MyDayPage
from tests.gui.conftest import make_cases


def make_page(qtbot, ctx) -> MyDayPage:
    page = MyDayPage(ctx)  # loads on the database worker; the tests wait for what they expect
    qtbot.addWidget(page)
    page.show()
    return page


def rows(page):
    tree = page.tree
    return [[tree.topLevelItem(i).text(c) for c in range(3)] for i in range(tree.topLevelItemCount())]


def test_groups_overdue_and_today_and_marks_done(qtbot, ctx):
    ids = make_cases(ctx.cases, 3)
    today = date.today()
    ctx.cases.add("task", ids[0], {"title": "Перевірити довідку ВПО", "due_date": (today - timedelta(days=2)).isoformat()})
    ctx.cases.add("task", ids[1], {"title": "Зателефонувати", "due_date": today.isoformat()})
    ctx.cases.add("task", ids[2], {"title": "Наступного тижня", "due_date": (today + timedelta(days=7)).isoformat()})
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: len(page.tasks) == 2, timeout=10_000)
    shown = rows(page)
    assert shown[0][0] == "Прострочені: 1"
    assert shown[1][:2] == [(today - timedelta(days=2)).strftime("%d.%m.%Y"), "Перевірити довідку ВПО"]
    assert shown[1][2].startswith("Шевченко")
    assert shown[2][0] == "На сьогодні: 1"
    assert shown[3][1] == "Зателефонувати"
    assert page.title.text() == f"Мій день — {today.strftime('%d.%m.%Y')}"

    # The first task is selected; Enter opens its case.
    assert page.tree.currentItem().data(0, TASK_ROLE).case_id == ids[0]
    page.tree.setFocus()
    with qtbot.waitSignal(page.open_case) as opened:
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert opened.args == [ids[0]]

    with qtbot.waitSignal(page.loaded, timeout=10_000, check_params_cb=lambda n: n == 1):
        page.done_button.click()
    assert [r[1] for r in rows(page)] == ["", "Зателефонувати"]


def test_empty_day_says_so(qtbot, ctx):
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.empty.isVisible(), timeout=10_000)
    assert not page.tree.isVisible()
    assert not page.done_button.isEnabled()
