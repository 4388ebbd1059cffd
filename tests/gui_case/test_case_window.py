"""The case screen: assess, plan, journal, tasks, close, attachments, history."""

from __future__ import annotations

import dataclasses
import os
import stat
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPushButton

from desktop.services import attachments
from desktop.ui.case_view.case_window import CaseWindow
from tests.gui_case.conftest import load, record_ids, register, type_text


def open_case(ctx, qtbot, case_id: str) -> CaseWindow:
    window = CaseWindow(ctx, case_id)
    qtbot.addWidget(window)
    window.resize(1366, 720)
    window.show()
    qtbot.waitUntil(lambda: window.data is not None, timeout=30_000)
    return window


def wait_for(qtbot, window: CaseWindow, predicate) -> None:
    """Until the reloaded case satisfies `predicate(window.data)`."""
    # A hang guard, not a speed check: 10 s ran out once with the parallel suite at load 18.
    qtbot.waitUntil(lambda: window.data is not None and predicate(window.data), timeout=30_000)


def column_texts(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


@pytest.fixture
def case_id(cases) -> str:
    return register(cases)


def test_header_shows_the_case(ctx, qtbot, case_id):
    window = open_case(ctx, qtbot, case_id)
    assert window.name_label.text() == "Коваленко Ганна Петрівна"
    assert window.latin_label.text() == "KOVALENKO Hanna Petrivna"
    facts = window.facts_label.text()
    for text in ("02.03.1980", "ВПО", "Виявлення", "Відкрита", "Олена Тестова", "Тестовий офіс"):
        assert text in facts


def test_assessment_derives_priority_and_updates_the_case_list(ctx, qtbot, store, case_id):
    window = open_case(ctx, qtbot, case_id)
    needs = window.needs_tab
    window.tabs.setCurrentWidget(needs)
    assert "Не визначено" in needs.priority.text()
    needs.set_severity("housing", "high")
    assert "Високий" in needs.priority.text()
    needs.set_severity("income_employment", "high")  # two high needs: a crisis
    assert "Критичний" in needs.priority.text()
    type_text(needs.notes["housing"], "живуть у модульному містечку")
    qtbot.mouseClick(needs.save_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda d: len(d.many("assessment")) == 1)
    assert window.data.priority == "critical" and "Критичний" in window.facts_label.text()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("select priority from case_index where case_id = ?",
                                    (case_id,)).scalar() == "critical"
    assert needs.history.rowCount() == 1
    assert "Житло — висока" in needs.history.item(0, 3).text()

    # A reassessment is a new record; the old one stays in the history.
    needs.set_severity("housing", "low")
    needs.set_severity("income_employment", "medium")
    needs.save()
    wait_for(qtbot, window, lambda d: len(d.many("assessment")) == 2)
    assert window.data.priority == "medium" and needs.history.rowCount() == 2


def test_plan_goal_service_and_supervisor_approval(ctx, qtbot, case_id):
    window = open_case(ctx, qtbot, case_id)
    plan = window.plan_tab
    type_text(plan.goal_title, "Знайти житло до зими")
    plan.goal_domain.set_value("housing")
    type_text(plan.goal_target, "01.12.2030")
    qtbot.mouseClick(plan.add_goal_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda d: len(d.many("goal")) == 1)
    assert column_texts(plan.goals, 0) == ["Знайти житло до зими"]
    assert column_texts(plan.goals, 2) == ["01.12.2030"]

    plan.service_goal.setCurrentIndex(1)  # the goal: housing services come first
    assert plan.directory.service(plan.service_type.currentData()).domain == "housing"
    plan.service_type.setCurrentIndex(plan.service_type.findData("housing_temporary"))
    plan.provider.setCurrentIndex(plan.provider.findData("caritas"))
    plan.service_status.set_value("referred")
    qtbot.mouseClick(plan.add_service_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda d: len(d.many("service")) == 1)
    service = window.data.one("service")
    assert service["provider_name"] == "Карітас України" and service["provider_kind"] == "ngo"
    assert service["goal_id"] == window.data.one("goal")["id"]
    assert service["referred_on"] == date.today().isoformat()

    plan.services.cellWidget(0, 3).set_value("delivered")
    wait_for(qtbot, window, lambda d: d.one("service")["status"] == "delivered")
    assert window.data.one("service")["delivered_on"] == date.today().isoformat()

    assert plan.approve_button.isEnabled()  # the store's first user is the office supervisor
    qtbot.mouseClick(plan.approve_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda d: d.one("case").get("plan_approved_by") == "olena")
    assert "План затверджено: Олена Тестова" in plan.approval_label.text()


def test_caseworker_cannot_approve_a_plan(ctx, qtbot, store, case_id):
    store.user = dataclasses.replace(store.user, username="petro", role="caseworker")
    window = open_case(ctx, qtbot, case_id)
    assert not window.plan_tab.approve_button.isEnabled()
    window.plan_tab.approve()  # even if called, nothing is written
    ctx.runner.wait_idle()
    assert not load(store, case_id).get("plan_approved_by")


def test_journal_is_append_only(ctx, qtbot, case_id):
    window = open_case(ctx, qtbot, case_id)
    journal = window.journal_tab
    journal.kind.set_value("visit")
    type_text(journal.text, "Візит додому: потрібні теплі речі для сина.")
    qtbot.keyClick(journal.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_for(qtbot, window, lambda d: len(d.many("journal_entry")) == 1)
    assert journal.entries.count() == 1 and journal.text.toPlainText() == ""
    item = journal.entries.item(0)
    assert "Олена Тестова · Візит" in item.text() and "теплі речі" in item.text()
    assert not item.flags() & Qt.ItemFlag.ItemIsEditable
    buttons = [b.text() for b in journal.findChildren(QPushButton)]
    assert buttons == ["Додати &запис"]  # no edit, no delete


def test_task_add_and_mark_done(ctx, qtbot, store, case_id):
    window = open_case(ctx, qtbot, case_id)
    tasks = window.tasks_tab
    type_text(tasks.title, "Зателефонувати щодо довідки")
    tasks.due.setText("01.02.2031")
    qtbot.keyClick(tasks.title, Qt.Key.Key_Return)
    wait_for(qtbot, window, lambda d: len(d.many("task")) == 1)
    assert column_texts(tasks.table, 1) == ["Зателефонувати щодо довідки"]
    assert column_texts(tasks.table, 2) == ["01.02.2031"]
    assert column_texts(tasks.table, 3) == ["Олена Тестова"]

    tasks.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
    wait_for(qtbot, window, lambda d: d.one("task").get("done") is True)
    assert window.data.one("task")["done_on"] == date.today().isoformat()
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("select done from task_index where case_id = ?", (case_id,)).scalar() == 1


def test_closing_needs_a_reason(ctx, qtbot, store, case_id):
    window = open_case(ctx, qtbot, case_id)
    dialog = window.status_actions.open_dialog(closing=True)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text() == "✖ Для закриття справи потрібна причина"
    ctx.runner.wait_idle()
    assert load(store, case_id)["status"] == "open"

    dialog.reason.set_value("durable_solution")
    type_text(dialog.note, "Переїхали до власного житла")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda d: d.one("case")["status"] == "closed")
    case = load(store, case_id)
    assert (case["closure_reason"], case["stage"], case["closed_on"]) == (
        "durable_solution", "closure", date.today().isoformat())
    assert "Закрита — Знайдено довготривале рішення" in window.facts_label.text()
    assert not window.status_actions.close_button.isVisible()


def test_stage_change(ctx, qtbot, store, case_id):
    window = open_case(ctx, qtbot, case_id)
    dialog = window.status_actions.open_dialog(closing=False)
    dialog.stage.set_value("planning")
    dialog.displacement_stage.set_value("adaptation")
    dialog.accept()
    wait_for(qtbot, window, lambda d: d.one("case")["stage"] == "planning")
    assert load(store, case_id)["displacement_stage"] == "adaptation"


def _directory(store):
    """The office directory as the server's GET /api/v1/directory gives it (tests/server/test_directory.py)."""
    from sync.directory import Colleague, DirectoryOffice, OfficeDirectory

    office = store.office_id
    return OfficeDirectory(offices=[DirectoryOffice(id=office, name="Тестовий офіс", raion_id="raion-1")],
                     people=[Colleague(username="olena", display_name="Олена Тестова", role="supervisor", org_id=office),
                             Colleague(username="taras", display_name="Тарас Бондар", role="caseworker", org_id=office),
                             Colleague(username="iryna", display_name="Ірина Районна", role="district",
                                       org_id="raion-1"),
                             Colleague(username="other", display_name="Інший Офіс", role="caseworker",
                                       org_id="office-2")])


def test_supervisor_hands_a_case_to_a_colleague_from_the_directory(ctx, qtbot, store, case_id):
    ctx.set_directory(_directory(store))
    window = open_case(ctx, qtbot, case_id)
    dialog = window.status_actions.open_dialog(closing=False)
    # Colleagues of this office and its district, in Ukrainian order; not other offices' staff.
    names = [dialog.assignee.itemText(i) for i in range(dialog.assignee.count())]
    assert names == ["Ірина Районна (iryna)", "Олена Тестова (olena)", "Тарас Бондар (taras)"]
    assert dialog.assignee.isEnabled() and dialog.assignee.currentData() == "olena"
    dialog.assignee.setCurrentIndex(dialog.assignee.findData("taras"))
    dialog.accept()
    wait_for(qtbot, window, lambda d: d.one("case")["assigned_to"] == "taras")
    assert "Тарас Бондар" in window.facts_label.text()  # the name, though taras never used this laptop
    assert ctx.display_name("taras") == "Тарас Бондар"


def test_a_caseworker_sees_the_caseworker_but_cannot_reassign(ctx, qtbot, store, case_id):
    ctx.set_directory(_directory(store))
    store.user = dataclasses.replace(store.user, username="petro", role="caseworker")
    window = open_case(ctx, qtbot, case_id)
    dialog = window.status_actions.open_dialog(closing=False)
    assert not dialog.assignee.isEnabled() and dialog.assignee.currentData() == "olena"
    dialog.stage.set_value("planning")
    assert "assigned_to" not in dialog.changes()


SCAN = b"ZRAZOK-SKANU-PASPORTA-" + bytes(range(256)) * 8


def test_attachment_is_stored_encrypted_and_opens_from_a_private_copy(ctx, qtbot, store, case_id, tmp_path,
                                                                      monkeypatch):
    src = tmp_path / "скан паспорта.png"
    src.write_bytes(SCAN)
    window = open_case(ctx, qtbot, case_id)
    tab = window.attachments_tab
    monkeypatch.setattr(tab, "choose_file", lambda: str(src))
    type_text(tab.description, "Паспорт, с. 1")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda d: len(d.many("attachment")) == 1)
    assert column_texts(tab.table, 0) == ["скан паспорта.png"]
    assert column_texts(tab.table, 1) == ["Паспорт, с. 1"]

    attachment_id = window.data.one("attachment")["id"]
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("select content from attachment_blobs where attachment_id = ?",
                                      (attachment_id,)).scalar()
    assert stored == SCAN
    for suffix in ("", "-wal"):
        raw = store.db_path.with_name(store.db_path.name + suffix).read_bytes()
        assert SCAN[:64] not in raw and b"ZRAZOK-SKANU" not in raw
        assert "скан паспорта".encode() not in raw

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(tab.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)
    with open(opened[0], "rb") as fh:
        assert fh.read() == SCAN
    if os.name == "posix":
        assert stat.S_IMODE(os.stat(opened[0]).st_mode) == 0o600
    ctx.locking.emit() if hasattr(ctx, "locking") else attachments.purge_temp_files()
    assert not os.path.exists(opened[0])


def test_history_shows_edits_and_views(ctx, qtbot, store, case_id):
    window = open_case(ctx, qtbot, case_id)
    history = window.history_tab
    assert column_texts(history.table, 2)[0] == "Переглянуто"

    person = window.person_tab
    edit = person.person.phones.edits()[0]
    edit.clear()
    type_text(edit, "050 111 22 33")
    qtbot.waitUntil(lambda: person.save_button.isEnabled())
    qtbot.mouseClick(person.save_button, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window, lambda d: d.one("person")["phones"] == ["+380501112233"])
    assert not person.is_dirty()
    actions = column_texts(history.table, 2)
    assert actions[0] == "Змінено" and history.table.item(0, 3).text() == "Особа"
    assert history.table.item(0, 4).text() == "Телефони"
    assert history.table.item(0, 1).text() == "Олена Тестова"
    assert "Переглянуто" in actions and "Створено" in actions


def test_household_member_added_and_removed_from_the_person_tab(ctx, qtbot, store, case_id):
    window = open_case(ctx, qtbot, case_id)
    person = window.person_tab
    row = person.household.add_member()
    row.relationship.set_value("child")
    type_text(row.given_name, "Марко")
    type_text(row.birth_date, "15.06.2015")
    qtbot.waitUntil(lambda: person.save_button.isEnabled())
    person.save()
    wait_for(qtbot, window, lambda d: len(d.many("household_member")) == 1)
    assert record_ids(store, case_id, "household_member")
    person.household.remove_member(person.household.rows[0])
    person.save()
    wait_for(qtbot, window, lambda d: not d.many("household_member"))


def test_a_case_missing_for_one_reload_is_shown_again_when_it_is_back(ctx, qtbot, case_id):
    """During a first download a reload can run before the case's records are all there; the next
    reload that finds them must give the screen back (its tabs stayed disabled)."""
    window = open_case(ctx, qtbot, case_id)
    window._loaded(None)  # what a reload that found no case shows
    assert not window.tabs.isEnabled() and window.name_label.text() == "Справу не знайдено"
    window.data = None
    window.reload()
    qtbot.waitUntil(lambda: window.data is not None, timeout=30_000)
    assert window.tabs.isEnabled()
    assert window.name_label.text() == "Коваленко Ганна Петрівна"
