"""The merge window and the merged case's banner: both values of every differing field side by side,
a choice per field, one click to merge, then every kept value marked with its source and an undo
(the service and the sync: tests/store/test_person_merge.py, tests/sync/test_person_merge_e2e.py)."""

from __future__ import annotations

from desktop.services.person_merge import MergeService
from tests.gui_case.conftest import load, record_ids, register


def rows(table) -> dict[str, list[str]]:
    out = {}
    for r in range(table.rowCount()):
        texts = [table.item(r, c).text() if table.item(r, c) else "" for c in range(table.columnCount())]
        out[texts[0]] = texts
    return out


def test_a_supervisor_merges_two_cases_in_the_window_and_undoes_it(ctx, qtbot):
    from desktop.ui.merge_dialog import MergeDialog

    survivor = register(ctx.cases)
    other = register(ctx.cases, phones=["+380501112233"], email="hanna@example.org", notes="Друга реєстрація")
    dialog = MergeDialog(ctx, survivor=survivor, other=other)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    shown = rows(dialog.table)
    assert shown["Прізвище (особа)"][1:3] == ["Коваленко", "Коваленко"]
    assert shown["Прізвище (особа)"][3] == "однаково"
    phones = dialog.combos["person.phones"]
    assert [phones.itemData(i) for i in range(phones.count())] == ["survivor", "merged", "both"]
    assert phones.currentData() == "both"
    phones.setCurrentIndex(phones.findData("merged"))          # keep only the other case's phone
    assert dialog.merge_button.isVisibleTo(dialog) and dialog.merge_button.isEnabled()

    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.merge is not None)
    person = load(ctx.store, record_ids(ctx.store, survivor, "person")[0])
    assert person["phones"] == ["+380501112233"] and person["email"] == "hanna@example.org"
    after = rows(dialog.table)
    assert after[next(k for k in after if k.startswith("Телефон"))][3] == "Тестовий офіс"
    assert dialog.undo_button.isVisibleTo(dialog) and not dialog.merge_button.isVisibleTo(dialog)
    assert MergeService(ctx.store).merged_into(other)["case"] == survivor

    dialog.undo_button.click()
    qtbot.waitUntil(lambda: dialog.merge is not None and dialog.merge.state == "undone")
    person = load(ctx.store, record_ids(ctx.store, survivor, "person")[0])
    assert person["phones"] == ["+380671234567"] and not person.get("email")
    assert MergeService(ctx.store).merged_into(other) is None
    assert not dialog.undo_button.isVisibleTo(dialog)


def test_the_merged_case_says_so_and_is_read_only(ctx, qtbot):
    from desktop.ui.case_view.case_window import CaseWindow

    survivor = register(ctx.cases)
    other = register(ctx.cases, email="hanna@example.org")
    MergeService(ctx.store).merge(survivor, other)
    window = CaseWindow(ctx, other)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.merge_banner.state is not None)
    assert window.merge_banner.isVisibleTo(window)
    assert "об'єднано" in window.merge_banner.text.text()
    assert not window.person_tab.isEnabled() and window.history_tab.isEnabled()
    assert window.merge_banner.open_button.isVisibleTo(window) and window.merge_banner.details_button.isVisibleTo(window)

    survivor_window = CaseWindow(ctx, survivor)
    qtbot.addWidget(survivor_window)
    qtbot.waitUntil(lambda: survivor_window.merge_banner.state is not None)
    assert survivor_window.person_tab.isEnabled()
    assert "приєднано" in survivor_window.merge_banner.text.text()


def test_from_a_case_the_laptops_own_duplicate_is_offered_and_opens_the_merge(ctx, qtbot):
    from desktop.ui.case_view.case_window import CaseWindow
    from desktop.ui.merge_dialog import MergeCandidatesDialog, MergeDialog

    this = register(ctx.cases)
    twin = register(ctx.cases, surname="Коваленко", phones=["+380501112233"])  # registered again
    window = CaseWindow(ctx, this)
    qtbot.addWidget(window)
    assert window.merge_button.isVisibleTo(window)                 # a supervisor's store
    window.merge_button.click()
    chooser = window.findChild(MergeCandidatesDialog)
    qtbot.waitUntil(lambda: chooser.candidates is not None)
    assert [c["case_id"] for c in chooser.candidates] == [twin]  # not itself
    chooser.choose_button.click()
    dialog = window.findChild(MergeDialog)
    qtbot.waitUntil(lambda: dialog.preview is not None)
    assert dialog.preview.survivor.case_id == this and dialog.preview.merged.case_id == twin
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.merge is not None)
    window.merge_button.click()                                    # a merged case is offered no more
    chooser = [c for c in window.findChildren(MergeCandidatesDialog) if c.isVisible() or c.candidates is None][-1]
    qtbot.waitUntil(lambda: chooser.candidates is not None)
    assert chooser.candidates == []
