"""The conflict dialog: both values with who and when; keep or swap, each resolving the conflict."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.ui.conflict_dialog import ConflictDialog
from tests.gui_case.conftest import load, make_conflict, record_ids, register


@pytest.fixture
def phone_conflict(store, cases):
    case_id = register(cases, phones=["+380671234567"])
    person_id = record_ids(store, case_id, "person")[0]
    conflict_id = make_conflict(store, cases, case_id, "person", person_id, "phones",
                                ["+380671234567"], ["+380501112233"])
    return case_id, person_id, conflict_id


def open_dialog(ctx, qtbot, conflict_id: str) -> ConflictDialog:
    dialog = ConflictDialog(ctx, conflict_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=10_000)
    return dialog


def test_shows_both_values_with_who_and_when(ctx, qtbot, phone_conflict):
    dialog = open_dialog(ctx, qtbot, phone_conflict[2])
    assert "<b>Телефони</b> (особа)" in dialog.intro.text()
    assert "Коваленко Ганна Петрівна" in dialog.intro.text()
    assert dialog.winner_value.text() == "+380 67 123 45 67"
    assert dialog.loser_value.text() == "+380 50 111 22 33"
    assert dialog.winner_who.text().startswith("Змінив(ла): Олена Тестова, 01.03.2026")
    assert dialog.loser_who.text().startswith("Змінив(ла): petro, 01.03.2026")
    assert dialog.keep_button.isEnabled() and dialog.swap_button.isEnabled()


@pytest.mark.parametrize("button, resolution, phone", [
    ("keep_button", "kept", "+380671234567"),
    ("swap_button", "swapped", "+380501112233"),
])
def test_keep_or_swap(ctx, qtbot, store, phone_conflict, button, resolution, phone):
    case_id, person_id, conflict_id = phone_conflict
    dialog = open_dialog(ctx, qtbot, conflict_id)
    with qtbot.waitSignal(dialog.resolved, timeout=10_000) as done:
        qtbot.mouseClick(getattr(dialog, button), Qt.MouseButton.LeftButton)
    assert done.args == [resolution]
    assert load(store, person_id)["phones"] == [phone]
    conflict = load(store, conflict_id)
    assert (conflict["status"], conflict["resolution"], conflict["resolved_by"]) == ("resolved", resolution, "olena")
    history = [load(store, h) for h in record_ids(store, case_id, "history")]
    assert any(h["action"] == "conflict_resolved" and h["fields"] == ["phones"] for h in history)

    # Opened again, it says how it was resolved and offers nothing more.
    again = open_dialog(ctx, qtbot, conflict_id)
    assert not again.keep_button.isEnabled() and not again.swap_button.isEnabled()
    assert again.error.isVisible()


def test_case_window_offers_the_conflict(ctx, qtbot, phone_conflict):
    from desktop.ui.case_view.case_window import CaseWindow

    window = CaseWindow(ctx, phone_conflict[0])
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.conflict_banner.isVisible(), timeout=10_000)
    assert "Неузгоджені зміни" in window.conflict_text.text()
