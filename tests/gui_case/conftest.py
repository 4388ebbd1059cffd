"""GUI fixtures for the registration form, the case window and the conflict dialog.

Each test gets a fresh encrypted store (tests/conftest.py) and its own TaskRunner, joined in
teardown before the store closes, so no worker writes after the test (Vorta's flaky-test lesson).
"""

from __future__ import annotations

import random
from datetime import date

import pytest

from desktop.services.cases import Registration
from tests.support.gui_gc import gc_on_gui_thread  # noqa: F401 - autouse: every test here


@pytest.fixture
def ctx(store, qtbot):
    from PySide6.QtCore import QCoreApplication

    from desktop.ui.context import AppContext
    from desktop.ui.tasks import TaskRunner

    runner = TaskRunner()
    context = AppContext(store, runner)
    yield context
    # Join the worker, let queued results reach their callbacks, and join anything they started.
    for _ in range(3):
        runner.wait_idle()
        QCoreApplication.processEvents()
    runner.wait_idle()


def valid_rnokpp(birth: date, sex: str, seed: int = 1) -> str:
    from sync.records.identifiers import make_rnokpp

    return make_rnokpp(birth, sex, random.Random(seed))


def register(cases, **person) -> str:
    """A synthetic case registered directly through the service; returns its id."""
    fields = {"surname": "Коваленко", "given_name": "Ганна", "patronymic": "Петрівна",
              "birth_date": "1980-03-02", "sex": "female", "phones": ["+380671234567"]}
    fields.update(person)
    cs = cases.register(Registration(person=fields, displacement={"origin_katottg": "UA14020010010059145",
                                                                  "idp_certificate_number": "1423-5001234567"}))
    return next(iter(cs.case_ids))


def count_cases(store) -> int:
    with store.engine.connect() as conn:
        return conn.exec_driver_sql("select count(*) from records where type='case'").scalar()


def load(store, record_id: str) -> dict:
    """A record's stored fields, read straight from the records table."""
    import json

    with store.engine.connect() as conn:
        data = conn.exec_driver_sql("select data from records where id = ?", (record_id,)).scalar()
    return json.loads(data)


def record_ids(store, case_id: str, rtype: str) -> list[str]:
    with store.engine.connect() as conn:
        return list(conn.exec_driver_sql("select id from records where case_id = ? and type = ? and deleted = 0",
                                         (case_id, rtype)).scalars())


def type_text(widget, text: str) -> None:
    """Type like a user, Cyrillic included (QTest.keyClicks only maps ASCII characters to keys)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def make_conflict(store, cases, case_id: str, rtype: str, record_id: str, field: str, winner, loser) -> str:
    """A conflict as the server creates it (no server in these tests), applied as a local record."""
    from desktop.store.changes import record_change
    from desktop.store.database import writing
    from sync.records.ids import new_id

    conflict_id = new_id()
    with writing(store.engine) as conn, conn.begin():
        record_change(conn, record_type="conflict", record_id=conflict_id, case_id=case_id, user="server",
                      clock=cases.clock, fields={
                          "record_type": rtype, "record_id": record_id, "field": field,
                          "winner_value": winner, "loser_value": loser, "winner_user": "olena",
                          "loser_user": "petro", "winner_at": "2026-03-01T09:00:00Z",
                          "loser_at": "2026-03-01T08:30:00Z", "status": "open"})
    return conflict_id
