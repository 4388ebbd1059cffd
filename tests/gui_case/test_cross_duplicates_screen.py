"""The possible-duplicates window: a pair the server flagged is listed with only what is needed to
decide, and a supervisor's answer is saved as one change for the next sync (the server side:
tests/sync/test_cross_duplicates_e2e.py)."""

from __future__ import annotations

import json

from desktop.services.cross_duplicates import CrossDuplicates
from desktop.store.replica import StoreReplica
from tests.gui_case.conftest import register


def flagged_record(own_case: str, record_id: str = "dup-1") -> dict:
    data = {"own_case": own_case, "other_case": "case-in-b", "other_office": "office-b",
            "other_office_name": "ЦНСП Бородянської селищної ради", "other_name": "Shevchenko Olena",
            "other_birth_date": "1985-03-02", "matched": ["name_birth", "phone"], "score": 93,
            "pair_key": "pair-1", "pair_id": "dup-2", "status": "open"}
    return {"id": record_id, "type": "possible_duplicate", "case_id": record_id, "office_id": "office-a",
            "data": data, "deleted": False, "seq": 10, "hlc": 1}


def test_a_supervisor_answers_the_same_person_and_the_answer_waits_for_sync(ctx, qtbot):
    from desktop.ui.cross_duplicates import CrossDuplicatesDialog

    case_id = register(ctx.cases)
    StoreReplica(ctx.store).apply_page([flagged_record(case_id)], 10, [])
    dialog = CrossDuplicatesDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1)
    row = [dialog.tree.topLevelItem(0).text(i) for i in range(dialog.tree.columnCount())]
    assert row[:3] == ["Shevchenko Olena", "02.03.1985", "ЦНСП Бородянської селищної ради"]
    assert row[3:5] == ["93%", "не вирішено"] and "телефон" in row[5]
    assert dialog.same_button.isEnabled() and dialog.different_button.isEnabled()

    dialog.same_button.click()
    qtbot.waitUntil(lambda: CrossDuplicates(ctx.store).list()[0].status == "same_person")
    qtbot.waitUntil(lambda: not dialog.same_button.isEnabled())
    with ctx.store.engine.connect() as conn:
        queued = conn.exec_driver_sql("select record_type, fields from outbox where record_type = "
                                      "'possible_duplicate'").all()
    assert [(t, json.loads(f)["status"]) for t, f in queued] == [("possible_duplicate", "same_person")]
