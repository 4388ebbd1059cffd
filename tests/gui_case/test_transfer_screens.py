"""The transfer dialog, the case's read-only banner, the transfers list and the refused-changes screen,
driven as a supervisor would, on a real encrypted store (the server side: tests/sync/test_transfers_e2e.py)."""

from __future__ import annotations

import json

from desktop.services.rejected_changes import RejectedChanges
from desktop.services.transfers import TransferService
from desktop.store.replica import StoreReplica
from sync.client.replica import PushResult
from sync.directory import DirectoryOffice, OfficeDirectory
from tests.gui_case.conftest import register

OTHER_OFFICE = DirectoryOffice(id="office-b", name="ЦНСП Бородянської селищної ради", raion_id="raion-1")


def outbox(store) -> list[dict]:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("select record_type, fields from outbox order by seq").all()
    return [{"type": t, **json.loads(f)} for t, f in rows]


def test_a_supervisor_sends_a_case_and_it_becomes_read_only_with_a_banner(ctx, qtbot):
    from desktop.ui.case_view.case_window import CaseWindow
    from desktop.ui.transfer_dialog import TransferDialog
    from desktop.ui.transfers_dialog import TransfersDialog

    case_id = register(ctx.cases)
    ctx.set_directory(OfficeDirectory(offices=[], people=[], transfer_targets=[OTHER_OFFICE]))
    window = CaseWindow(ctx, case_id)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.data is not None)
    assert window.transfer_button.isVisible() or window.transfer_button.isVisibleTo(window)

    dialog = TransferDialog(ctx, case_id, "Коваленко Ганна", window)
    qtbot.addWidget(dialog)
    assert dialog.offices.count() == 1
    dialog.send()  # no reason yet: refused in words, nothing saved
    assert dialog.error.isVisibleTo(dialog) and TransferService(ctx.store).list() == []
    # Other districts' offices come from the server only: this store is not enrolled, so it says so.
    dialog.filter.setText("Київ")
    dialog.search_button.click()
    qtbot.waitUntil(lambda: dialog.search_button.isEnabled() and "Немає зв'язку" in dialog.error.text())
    dialog.filter.clear()
    dialog.reason.setPlainText("Переїхала до іншої громади")
    dialog.consent.setChecked(True)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.send()
    sent = TransferService(ctx.store).pending_for_case(case_id)
    assert sent is not None and sent.data["to_office"] == "office-b" and sent.data["consent"] is True

    qtbot.waitUntil(lambda: window.transfer_banner.isVisibleTo(window))
    assert not window.person_tab.isEnabled() and window.history_tab.isEnabled()
    assert "ЦНСП Бородянської селищної ради" in window.transfer_banner.text.text()

    # The office's own requests: revoking one before it is answered frees the case again.
    listing = TransfersDialog(ctx)
    qtbot.addWidget(listing)
    listing.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: listing.outgoing.topLevelItemCount() == 1)
    assert listing.revoke_button.isEnabled()
    listing.revoke_button.click()
    qtbot.waitUntil(lambda: not window.transfer_banner.isVisibleTo(window))
    assert window.person_tab.isEnabled()
    assert [c["state"] for c in outbox(ctx.store) if c["type"] == "transfer"] == ["pending", "revoked"]


def test_refused_changes_are_shown_in_words_and_applied_again_or_discarded(ctx, qtbot):
    from desktop.ui.rejected_changes import CHANGE_ROLE, RejectedChangesDialog

    case_id = register(ctx.cases)
    ctx.cases.add("journal_entry", case_id, {"kind": "call", "text": "Дзвінок щодо житла"})
    ctx.cases.update("case", case_id, {"stage": "assessment"})
    replica = StoreReplica(ctx.store)
    pending = replica.pending_batch(100)
    reasons = {"journal_entry": "author_mismatch: author", "case": "closure_needs_approval"}
    replica.acknowledge([PushResult(c["change_id"], "rejected", reasons.get(c["record_type"], "invalid: x=y"))
                         for c in pending])
    assert outbox(ctx.store) == []

    dialog = RejectedChangesDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.current() is not None)
    shown = [dialog.tree.topLevelItem(i).text(2) for i in range(dialog.tree.topLevelItemCount())]
    assert "Зміну зроблено від імені іншого користувача." in shown
    assert all(":" not in text.split(".")[0] for text in shown)  # words, not codes

    journal = next(i for i in range(dialog.tree.topLevelItemCount())
                   if dialog.tree.topLevelItem(i).data(0, CHANGE_ROLE).record_type == "journal_entry")
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(journal))
    assert dialog.reapply_button.isEnabled()
    total = dialog.tree.topLevelItemCount()
    dialog.reapply_button.click()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == total - 1)
    assert [c["type"] for c in outbox(ctx.store)][:1] == ["journal_entry"]
    while RejectedChanges(ctx.store).list():
        qtbot.waitUntil(lambda: dialog.current() is not None and dialog.discard_button.isEnabled())
        count = dialog.tree.topLevelItemCount()
        dialog.discard_button.click()
        qtbot.waitUntil(lambda c=count: dialog.tree.topLevelItemCount() == c - 1 or not RejectedChanges(
            ctx.store).list())
    actions = [c.get("action") for c in outbox(ctx.store) if c["type"] == "history"]
    assert "rejected_reapplied" in actions and "rejected_discarded" in actions
