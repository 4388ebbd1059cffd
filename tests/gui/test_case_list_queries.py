"""The Qt-free queries behind the case list and "My day"."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.services.case_list import (
    CaseFilters,
    count_cases,
    fetch_rows,
    filter_in_order,
    list_case_ids,
    my_day,
    pending_changes,
)
from desktop.services.conflicts import open_conflicts
from sync.text import uk_sort_key
from tests.gui.conftest import make_cases

TODAY = date(2025, 3, 10)


def test_default_order_is_ukrainian_alphabetical(store, cases):
    make_cases(cases, 16)
    with store.engine.connect() as conn:
        ids = list_case_ids(conn)
        rows = fetch_rows(conn, ids)
    surnames = [rows[i]["surname"] for i in ids]
    assert surnames == sorted(surnames, key=uk_sort_key)
    # Є after Е, Ґ after Г, І after И: a plain code-point sort would get these wrong.
    assert surnames.index("Єременко") > surnames.index("Бондаренко")
    assert surnames.index("Ґудзь") < surnames.index("Єременко")


def test_filters_and_sorts(store, cases):
    ids = make_cases(cases, 6)
    cases.update("case", ids[0], {"stage": "assessment", "status": "active", "category": "returnee_abroad"})
    cases.add("task", ids[1], {"title": "Зателефонувати", "due_date": (TODAY - timedelta(days=2)).isoformat()})
    cases.add("task", ids[2], {"title": "Візит", "due_date": (TODAY + timedelta(days=2)).isoformat()})
    cases.update("case", ids[3], {"assigned_to": "taras"})
    with store.engine.connect() as conn:
        def q(**kw):
            return set(list_case_ids(conn, CaseFilters(**kw), today=TODAY))

        assert q(stage="assessment") == {ids[0]}
        assert q(status="active") == {ids[0]}
        assert q(category="returnee_abroad") == {ids[0]}
        assert q(overdue=True) == {ids[1]}
        assert q(assigned_to="taras") == {ids[3]}
        assert q(assigned_to="olena") == set(ids) - {ids[3]}
        assert q(priority="none") == set(ids)
        assert q(origin_listed=True) == set()
        by_due = list_case_ids(conn, order="next_task_due", today=TODAY)
        assert by_due[:2] == [ids[1], ids[2]]  # then the cases with no task, last
        assert list_case_ids(conn, order="next_task_due", descending=True)[0] == ids[2]
        by_stage = list_case_ids(conn, order="stage", descending=True)
        assert by_stage[0] == ids[0]  # assessment comes after identification on the route
        assert count_cases(conn) == 6
        hits = [ids[5], ids[0], ids[4]]
        assert filter_in_order(conn, hits, CaseFilters()) == hits
        assert filter_in_order(conn, hits, CaseFilters(stage="assessment")) == [ids[0]]


def test_my_day_lists_overdue_and_today_for_the_user(store, cases):
    ids = make_cases(cases, 3)
    cases.add("task", ids[0], {"title": "Прострочене", "due_date": (TODAY - timedelta(days=1)).isoformat()})
    cases.add("task", ids[1], {"title": "Сьогодні", "due_date": TODAY.isoformat()})
    cases.add("task", ids[1], {"title": "Завтра", "due_date": (TODAY + timedelta(days=1)).isoformat()})
    cases.add("task", ids[2], {"title": "Чуже", "due_date": TODAY.isoformat(), "assignee": "taras"})
    cases.add("task", ids[2], {"title": "Виконане", "due_date": TODAY.isoformat(), "done": True})
    with store.engine.connect() as conn:
        day = my_day(conn, "olena", TODAY)
        assert [(d.title, d.overdue) for d in day] == [("Прострочене", True), ("Сьогодні", False)]
        assert day[0].name.startswith("Шевченко")
        assert pending_changes(conn) > 0
        assert open_conflicts(conn) == []


def test_the_query_layer_does_not_import_qt():
    import subprocess
    import sys

    code = "import sys, desktop.services.case_list; sys.exit('PySide6' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
