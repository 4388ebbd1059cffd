"""The aid-overlap window: an overlap the server flagged is listed with the other office, partner and dates,
and a supervisor's "reviewed" is saved as one change for the next sync (the server side:
tests/sync/test_aid_overlap_e2e.py)."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.services.aid_overlaps import AidOverlaps
from desktop.store.replica import StoreReplica
from tests.gui_case.conftest import register


def flagged(case_id: str) -> dict:
    data = {"own_service": "svc-1", "other_service": "svc-2", "other_case": "case-in-b", "other_office": "office-b",
            "other_office_name": "ЦНСП Бородянської селищної ради", "other_name": "Shevchenko Olena",
            "service_code": "cash_assistance", "service_title": "Багатоцільова грошова допомога",
            "own_provider": "ЮНІСЕФ", "other_provider": "Карітас України", "own_from": "2026-10-01",
            "own_to": "2026-12-29", "other_from": "2026-11-20", "other_to": "2027-02-17", "pair_key": "p-1",
            "status": "open"}
    return {"id": "overlap-1", "type": "aid_overlap", "case_id": case_id, "office_id": "office-a", "data": data,
            "deleted": False, "seq": 10, "hlc": 1}


def test_a_supervisor_sees_an_overlap_and_marks_it_reviewed(ctx, qtbot):
    from desktop.ui.aid_overlaps import AidOverlapsDialog

    case_id = register(ctx.cases)
    StoreReplica(ctx.store).apply_page([flagged(case_id)], 10, [])
    dialog = AidOverlapsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.tree.topLevelItemCount() == 1)
    row = [dialog.tree.topLevelItem(0).text(i) for i in range(dialog.tree.columnCount())]
    assert row[0] == "Коваленко Ганна Петрівна" and row[1] == "Багатоцільова грошова допомога"
    assert row[2:5] == ["01.10.2026 – 29.12.2026", "20.11.2026 – 17.02.2027", "не переглянуто"]
    assert row[5] == "ЮНІСЕФ" and "ЦНСП Бородянської" in row[6] and "Карітас" in row[6]
    assert dialog.review_button.isEnabled()
    if os.environ.get("PORUCH_SCREENSHOTS"):
        dialog.grab().save(str(Path(os.environ["PORUCH_SCREENSHOTS"]) / "aid-overlap-1-list.png"))

    dialog.review_button.click()
    qtbot.waitUntil(lambda: AidOverlaps(ctx.store).list()[0].status == "reviewed")
    qtbot.waitUntil(lambda: not dialog.review_button.isEnabled())
    with ctx.store.engine.connect() as conn:
        queued = conn.exec_driver_sql("select fields from outbox where record_type = 'aid_overlap'").scalars().all()
    assert len(queued) == 1 and '"reviewed"' in queued[0]
