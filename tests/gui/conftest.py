"""GUI test fixtures: a fresh encrypted store per test, a runner whose workers are joined at teardown.

Vorta's flaky tests came from workers writing after teardown; here every fixture that starts
work waits for the runner to go idle before the store is closed and the folder removed.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import TEST_PASSWORD
from tests.support.gui_gc import gc_on_gui_thread  # noqa: F401 - autouse: every test here


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.gui)

SURNAMES = ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Шевчук", "Поліщук",
            "Єременко", "Іванченко", "Ґудзь", "Яковенко", "Антоненко", "Петренко", "Мельник", "Бойко"]
GIVEN = ["Олена", "Андрій", "Марія", "Іван", "Оксана", "Тарас", "Наталія", "Богдан"]
PATRONYMIC = ["Петрівна", "Іванович", "Олександрівна", "Миколайович"]


@pytest.fixture
def runner(qtbot):
    from desktop.ui.tasks import TaskRunner

    r = TaskRunner()
    yield r
    assert r.wait_idle(30_000), "a background job did not finish"


@pytest.fixture
def ctx(store, runner):
    from desktop.ui.context import AppContext

    c = AppContext(store, runner)
    yield c
    runner.wait_idle(30_000)


def registration(i: int, **case):
    from desktop.services.cases import Registration

    person = {"surname": SURNAMES[i % len(SURNAMES)], "given_name": GIVEN[i % len(GIVEN)],
              "patronymic": PATRONYMIC[i % len(PATRONYMIC)],
              "birth_date": (date(1950, 1, 1) + timedelta(days=(397 * i) % 25_000)).isoformat()}
    return Registration(person=person, displacement={}, case=case)


def make_cases(service, n: int, **case) -> list[str]:
    """`n` cases with predictable names; returns their ids in registration order."""
    results = service.register_many([registration(i, **case) for i in range(n)])
    return [next(iter(cs.case_ids)) for cs in results]


@pytest.fixture(scope="session")
def english_qm(tmp_path_factory) -> Path:
    """The English .qm compiled from the committed .ts (tests must not depend on `make translations`)."""
    from desktop.ui.i18n import translations_dir

    out = tmp_path_factory.mktemp("qm")
    tool = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(tool if tool.exists() else "pyside6-lrelease"), "-silent",
                    str(translations_dir() / "poruch_en.ts"), "-qm", str(out / "poruch_en.qm")], check=True)
    return out


__all__ = ["TEST_PASSWORD", "make_cases", "registration", "type_text"]


def type_text(widget, text: str) -> None:
    """Type `text` key by key (QTest.keyClicks aborts on characters outside Latin-1, e.g. Cyrillic)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


@pytest.fixture
def shell(qtbot, store, english_qm):
    """The whole application on a fresh store, already unlocked (autolock long unless a test sets it)."""
    from desktop.ui.app import PoruchApp

    app = PoruchApp(store.data_dir, qm_dir=english_qm, autolock_ms=3_600_000)
    app.start_session(store)
    yield app
    app.shutdown()
    app.language.switch("uk")


SERVER_PASSWORD = "пароль-статус-бару-1"
OFFICE_KATOTTG = "UA32080070000050759"  # Бучанська громада


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """A real poruch-server on 127.0.0.1 (SQLite) with one office and two caseworkers."""
    from tests.support.server_process import ServerProcess, make_database_url

    tmp = tmp_path_factory.mktemp("gui-server")
    db = make_database_url(tmp, "sqlite")
    srv = ServerProcess(db.url, tmp / "srv").start()
    try:
        office = srv.create_office("Бучанський ЦНСП", OFFICE_KATOTTG)
        for user in ("olena", "andriy"):
            srv.create_user(user, SERVER_PASSWORD, "caseworker", office, display_name=user.title())
        yield srv
    finally:
        srv.stop()
        db.cleanup()
